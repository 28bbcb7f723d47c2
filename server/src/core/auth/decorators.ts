import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Problem } from '../errors/problem';
import type { Actor } from './actor';

export const IS_PUBLIC = 'invigil:public';
/** The route needs no sign-in. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** What the guards and decorators read of a request, whichever HTTP server carries it. */
export interface RequestWithActor {
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
  actor?: Actor;
}

/** The signed-in caller. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw Problem.unauthenticated();
  return actor;
});

/** The caller's address (honours X-Forwarded-For only when TRUST_PROXY is set). */
export const ClientIp = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string =>
    ctx.switchToHttp().getRequest<RequestWithActor>().ip ?? 'unknown',
);
