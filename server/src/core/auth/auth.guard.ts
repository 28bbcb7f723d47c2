import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Problem } from '../errors/problem';
import { Actor } from './actor';
import { IS_PUBLIC, RequestWithActor } from './decorators';
import { TokenService } from './token.service';
import { SessionLoader } from './session-loader';

/**
 * Global guard: every route needs a valid access token unless marked @Public(). Memberships
 * are read fresh for each request (batched with the requests of the same moment, see
 * SessionLoader), so tenancy follows the database, not a stale token.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly sessions: SessionLoader,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const header = request.headers.authorization;
    if (typeof header !== 'string' || !header) {
      if (isPublic) return true;
      throw Problem.unauthenticated();
    }
    const [scheme, token] = header.split(' ');
    const claims = scheme?.toLowerCase() === 'bearer' && token ? this.tokens.verifyAccess(token) : null;
    if (!claims) {
      if (isPublic) return true;
      throw new Problem('invalid-token', 401, 'The access token is invalid or expired');
    }
    const session = await this.sessions.load(claims.sub);
    // a password change ends every session that started before it
    if (!session || Math.floor(session.passwordChangedAt.getTime() / 1000) > claims.iat) {
      if (isPublic) return true;
      throw new Problem('invalid-token', 401, 'The session has ended; sign in again');
    }
    request.actor = new Actor(claims.sub, session.memberships, request.ip ?? null);
    return true;
  }
}
