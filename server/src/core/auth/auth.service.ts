import { Injectable, OnModuleInit } from '@nestjs/common';
import type { TokenPairDto, UserProfileDto } from '@invigil/contracts';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { Problem } from '../errors/problem';
import { RateLimit, RateLimiterFactory } from '../http/rate-limiter';
import type { Actor } from './actor';
import { PasswordHasher } from './password-hasher';
import { TokenService } from './token.service';
import { UsersRepository } from './users.repository';

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

@Injectable()
export class AuthService implements OnModuleInit {
  private loginsPerIp!: RateLimit;
  private failuresPerAccount!: RateLimit;
  /** verified against when the account does not exist, so both paths cost the same */
  private decoyHash = '';

  constructor(
    private readonly tx: TransactionRunner,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly limits: RateLimiterFactory,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.loginsPerIp = this.limits.create('login-ip', {
      points: this.config.LOGIN_LIMIT_PER_IP_PER_MINUTE,
      durationSeconds: 60,
    });
    this.failuresPerAccount = this.limits.create(
      'login-account',
      {
        points: this.config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
        durationSeconds: this.config.LOGIN_LOCKOUT_SECONDS,
        blockSeconds: this.config.LOGIN_LOCKOUT_SECONDS,
      },
      'account-locked',
    );
    this.decoyHash = await this.hasher.hash(randomUUID());
  }

  async login(email: string, password: string, client: ClientInfo): Promise<TokenPairDto> {
    const account = email.toLowerCase();
    await this.loginsPerIp.consume(client.ip);
    await this.failuresPerAccount.check(account);
    const user = await this.users.findCredentialsByEmail(this.tx.manager, account);
    const ok = await this.hasher.verify(user?.passwordHash ?? this.decoyHash, password);
    if (!user || !ok) {
      await this.failuresPerAccount.consume(account).catch(() => undefined);
      await this.tx.run((em) =>
        this.audit.record(
          em,
          { userId: user?.id ?? null, ip: client.ip },
          {
            action: 'auth.login_failed',
            entityType: 'user',
            entityId: user?.id ?? account,
          },
        ),
      );
      throw new Problem('invalid-credentials', 401, 'Email or password is wrong');
    }
    await this.failuresPerAccount.reset(account);
    if (user.emailVerifiedAt === null)
      throw new Problem(
        'email-not-verified',
        403,
        'Confirm your email address first: follow the link we mailed you when you signed up',
      );
    return this.tx.run(async (em) => {
      await this.audit.record(
        em,
        { userId: user.id, ip: client.ip },
        {
          action: 'auth.login',
          entityType: 'user',
          entityId: user.id,
        },
      );
      return this.startSession(em, user.id, randomUUID(), client);
    });
  }

  /** Rotates a refresh token. A token presented twice means it leaked: its whole family is revoked. */
  async refresh(refreshToken: string, client: ClientInfo): Promise<TokenPairDto> {
    const hash = TokenService.hash(refreshToken);
    const result = await this.tx.run(async (em) => {
      const used = await this.users.consumeRefreshToken(em, hash);
      if (used) return { pair: await this.startSession(em, used.userId, used.familyId, client) };
      const known = await this.users.findRefreshToken(em, hash);
      if (known && known.usedAt && !known.revokedAt) {
        await this.users.revokeFamily(em, known.familyId);
        await this.audit.record(
          em,
          { userId: known.userId, ip: client.ip },
          {
            action: 'auth.refresh_reuse_detected',
            entityType: 'user',
            entityId: known.userId,
            details: { familyId: known.familyId },
          },
        );
      }
      return { pair: null };
    });
    if (!result.pair)
      throw new Problem('invalid-token', 401, 'The refresh token is invalid, expired or already used');
    return result.pair;
  }

  async logout(refreshToken: string, client: ClientInfo): Promise<void> {
    await this.tx.run(async (em) => {
      const known = await this.users.findRefreshToken(em, TokenService.hash(refreshToken));
      if (!known) return;
      await this.users.revokeFamily(em, known.familyId);
      await this.audit.record(
        em,
        { userId: known.userId, ip: client.ip },
        {
          action: 'auth.logout',
          entityType: 'user',
          entityId: known.userId,
        },
      );
    });
  }

  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.users.findCredentialsById(this.tx.manager, actor.userId);
    if (!user || !(await this.hasher.verify(user.passwordHash, currentPassword))) {
      throw Problem.validation([{ field: 'currentPassword', messages: ['currentPassword is wrong'] }]);
    }
    const hash = await this.hasher.hash(newPassword);
    await this.tx.run(async (em) => {
      await this.users.setPassword(em, actor.userId, hash);
      await this.users.revokeAllForUser(em, actor.userId);
      await this.audit.record(em, actor, {
        action: 'auth.password_changed',
        entityType: 'user',
        entityId: actor.userId,
      });
    });
  }

  async profile(em: EntityManager, userId: string): Promise<UserProfileDto> {
    const user = await this.users.findById(em, userId);
    if (!user) throw Problem.notFound('User');
    const memberships = await this.users.membershipsWithNames(em, userId);
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      timeZone: user.timeZone,
      memberships,
    };
  }

  async updateProfile(
    actor: Actor,
    changes: { displayName?: string; timeZone?: string | null },
  ): Promise<UserProfileDto> {
    return this.tx.run(async (em) => {
      await this.users.updateProfile(em, actor.userId, changes);
      await this.audit.record(em, actor, {
        action: 'user.profile_updated',
        entityType: 'user',
        entityId: actor.userId,
        details: { ...changes },
      });
      return this.profile(em, actor.userId);
    });
  }

  /** Issues an access token and a new refresh token in `familyId`, inside the caller's transaction. */
  async startSession(
    em: EntityManager,
    userId: string,
    familyId: string,
    client: ClientInfo,
  ): Promise<TokenPairDto> {
    const access = this.tokens.signAccess(userId);
    const refresh = this.tokens.newOpaqueToken();
    const refreshExpiresAt = this.tokens.refreshExpiry();
    await this.users.insertRefreshToken(em, {
      userId,
      familyId,
      tokenHash: refresh.hash,
      expiresAt: refreshExpiresAt,
      createdIp: client.ip,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
    });
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt.toISOString(),
      refreshToken: refresh.token,
      refreshTokenExpiresAt: refreshExpiresAt.toISOString(),
      user: await this.profile(em, userId),
    };
  }
}
