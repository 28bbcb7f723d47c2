import { ParseEnumPipe } from '@nestjs/common';
import { INSTITUTION_ROLES } from '../../../core/auth/roles';
import { Problem } from '../../../core/errors/problem';

const INSTITUTION_ROLE_ENUM = Object.fromEntries(INSTITUTION_ROLES.map((r) => [r, r]));

/** A route parameter naming a role held in an institution; anything else is a 400 naming it. */
export const institutionRoleParam = (name: string) =>
  new ParseEnumPipe(INSTITUTION_ROLE_ENUM, {
    exceptionFactory: () =>
      Problem.validation([
        { field: name, messages: [`${name} must be one of ${INSTITUTION_ROLES.join(', ')}`] },
      ]),
  });
