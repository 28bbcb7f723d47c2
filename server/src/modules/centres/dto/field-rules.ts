import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  IsISO31661Alpha2,
  IsISO4217CurrencyCode,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  NotContains,
  ValidateIf,
} from 'class-validator';

/** Surrounding blanks are dropped before validation, so "  " counts as empty. */
export const Trimmed = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** PostgreSQL text cannot hold U+0000; refusing it here keeps it a 400 rather than a database error. */
export const NoNulCharacter = () =>
  NotContains('\u0000', { message: '$property must not contain the NUL character' });

/** A non-blank text of at most `max` characters. */
export const Text = (max: number) =>
  applyDecorators(
    Trimmed(),
    IsString(),
    Matches(/\S/, { message: '$property must not be blank' }),
    NoNulCharacter(),
    MaxLength(max),
  );

/** An optional, nullable text of at most `max` characters. */
export const OptionalText = (max: number) =>
  applyDecorators(IsOptional(), Trimmed(), IsString(), NoNulCharacter(), MaxLength(max));

/** A property that may be left out but, when given, must not be null (PATCH of a NOT NULL column). */
export const OptionalNotNull = () => ValidateIf((_: object, value: unknown) => value !== undefined);

export const CountryCode = () =>
  applyDecorators(
    Matches(/^[A-Z]{2}$/, { message: '$property must be an ISO 3166-1 alpha-2 code in capitals, e.g. CA' }),
    IsISO31661Alpha2({ message: '$property must be an ISO 3166-1 alpha-2 country code' }),
  );

export const CurrencyCode = () =>
  applyDecorators(
    Matches(/^[A-Z]{3}$/, { message: '$property must be an ISO 4217 code in capitals, e.g. USD' }),
    IsISO4217CurrencyCode({ message: '$property must be an ISO 4217 currency code' }),
  );

/** Fees are integer minor units of the centre's currency; a million in major units is plenty. */
export const MAX_FEE_MINOR = 100_000_000;
