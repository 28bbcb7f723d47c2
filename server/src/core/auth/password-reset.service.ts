import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { rowsOf } from '../database/query-result';
import { TransactionRunner } from '../database/transaction-runner';
import { Problem } from '../errors/problem';
import { RateLimit, RateLimiterFactory } from '../http/rate-limiter';
import { MailService } from '../mail/mail.service';
import { PasswordHasher } from './password-hasher';
import { TokenService } from './token.service';
import { UsersRepository } from './users.repository';

/**
 * Forgotten passwords. Asking never tells whether an address has an account; if it has, a
 * one-time link is mailed there. Following it sets the new password, ends every session of the
 * account (as a password change does), and confirms the address if it was not yet. Asking is
 * limited per address (in Redis, across API processes).
 */
@Injectable()
export class PasswordResetService implements OnModuleInit {
  private perIp!: RateLimit;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly limits: RateLimiterFactory,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.perIp = this.limits.create('password-reset-ip', {
      points: this.config.SIGN_UP_LIMIT_PER_IP_PER_HOUR,
      durationSeconds: 3600,
    });
  }

  async request(email: string, ip: string): Promise<void> {
    await this.perIp.consume(ip);
    await this.tx.run(async (em) => {
      const user = await this.users.findByEmail(em, email);
      if (!user) return;
      const { token, hash } = this.tokens.newOpaqueToken();
      await em.query(
        `INSERT INTO password_resets (token_hash, user_id, expires_at)
         VALUES ($1, $2, now() + make_interval(mins => $3))`,
        [hash, user.id, this.config.PASSWORD_RESET_MINUTES],
      );
      await this.mail.enqueue(em, {
        to: user.email,
        subject: 'Reset your Invigil password',
        text: [
          `Hello ${user.displayName},`,
          `Choose a new password: ${this.config.PUBLIC_URL}/reset-password/${token}`,
          `The link works once, for ${this.config.PASSWORD_RESET_MINUTES} minutes. If you did not ask for it, ignore this message: your password stays as it is.`,
        ].join('\n\n'),
        template: 'password-reset',
      });
      await this.audit.record(
        em,
        { userId: null, ip },
        {
          action: 'auth.password_reset_requested',
          entityType: 'user',
          entityId: user.id,
        },
      );
    });
  }

  async complete(token: string, password: string, ip: string): Promise<void> {
    const passwordHash = await this.hasher.hash(password);
    await this.tx.run(async (em) => {
      const [reset] = rowsOf<{ userId: string; live: boolean }>(
        await em.query(
          `DELETE FROM password_resets WHERE token_hash = $1 RETURNING user_id AS "userId", expires_at > now() AS live`,
          [TokenService.hash(token)],
        ),
      );
      if (!reset?.live)
        throw new Problem('reset-invalid', 400, 'This link is invalid, expired or used; ask for a new one');
      await this.users.setPassword(em, reset.userId, passwordHash);
      await this.users.revokeAllForUser(em, reset.userId);
      // the link reached the address: it is confirmed, and its other links end
      await em.query(
        `UPDATE users SET email_verified_at = coalesce(email_verified_at, now()) WHERE id = $1`,
        [reset.userId],
      );
      await em.query(`DELETE FROM password_resets WHERE user_id = $1`, [reset.userId]);
      await em.query(`DELETE FROM email_verifications WHERE user_id = $1`, [reset.userId]);
      await this.audit.record(
        em,
        { userId: reset.userId, ip },
        {
          action: 'auth.password_reset',
          entityType: 'user',
          entityId: reset.userId,
        },
      );
    });
  }
}
