import { ParseUUIDPipe } from '@nestjs/common';
import { Problem } from '../errors/problem';

/** Route ids must be UUIDs; anything else is a 400 naming the parameter, never a database error. */
export const uuidParam = (name: string) =>
  new ParseUUIDPipe({
    exceptionFactory: () => Problem.validation([{ field: name, messages: [`${name} must be a UUID`] }]),
  });
