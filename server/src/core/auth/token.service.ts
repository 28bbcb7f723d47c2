import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AppConfig } from '../config/app-config';

export interface AccessClaims {
  sub: string;
  iat: number;
  exp: number;
  typ: 'access';
}

/** Mints and checks access tokens (JWT) and opaque refresh tokens (only their hash is stored). */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  signAccess(userId: string): { token: string; expiresAt: Date } {
    const expiresAt = new Date(Date.now() + this.config.ACCESS_TOKEN_TTL_SECONDS * 1000);
    const token = this.jwt.sign(
      { sub: userId, typ: 'access', jti: randomUUID() },
      { expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS },
    );
    return { token, expiresAt };
  }

  verifyAccess(token: string): AccessClaims | null {
    try {
      const claims = this.jwt.verify<AccessClaims>(token);
      return claims.typ === 'access' && typeof claims.sub === 'string' ? claims : null;
    } catch {
      return null;
    }
  }

  newOpaqueToken(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: TokenService.hash(token) };
  }

  refreshExpiry(): Date {
    return new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000);
  }

  /** SHA-256 is enough for 256-bit random tokens: they cannot be guessed, only stolen. */
  static hash(token: string): string {
    return createHash('sha256').update(token).digest('base64url');
  }
}
