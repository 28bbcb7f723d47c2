import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (validation-failed, malformed-request); `errors` names each field',
  401: 'Not signed in, or the token is invalid (unauthenticated, invalid-token, invalid-credentials)',
  403: 'Signed in, but the role does not allow it (forbidden)',
  404: 'No such record in your institutions (not-found)',
  409: 'Conflicts with the current state (already-exists, invalid-state-transition, conflict)',
  429: 'Rate limit or lockout (rate-limited, account-locked); see Retry-After',
  503: 'A dependency is down (service-unavailable)',
};

/** Documents the problem+json responses a route can give. */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status],
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      }),
    ),
  );
}
