import { registerDecorator, ValidationOptions } from 'class-validator';
import { IANAZone } from 'luxon';

/** A valid IANA time-zone name such as `Europe/London` (not an offset, not an abbreviation). */
export function isIanaTimeZone(value: unknown): value is string {
  return typeof value === 'string' && (value.includes('/') || value === 'UTC') && IANAZone.isValidZone(value);
}

export function IsTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName: propertyKey as string,
      options: { message: `$property must be an IANA time zone such as Europe/London`, ...options },
      validator: { validate: (value: unknown) => isIanaTimeZone(value) },
    });
}
