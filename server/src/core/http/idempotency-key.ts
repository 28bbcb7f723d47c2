import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { RequestWithActor } from '../auth/decorators';
import { Problem } from '../errors/problem';

/**
 * The `Idempotency-Key` request header (8–200 visible characters, e.g. a UUID the client made
 * for this purchase). Retries carrying the same key get the first answer again.
 */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const value = ctx.switchToHttp().getRequest<RequestWithActor>().headers['idempotency-key'];
  if (typeof value !== 'string' || !/^[\x21-\x7e]{8,200}$/.test(value)) {
    throw Problem.validation([
      { field: 'Idempotency-Key', messages: ['header required: 8 to 200 visible characters, e.g. a UUID'] },
    ]);
  }
  return value;
});
