import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { rowsOf } from '../database/query-result';
import { TransactionRunner } from '../database/transaction-runner';
import { Problem } from '../errors/problem';
import { RateLimit, RateLimiterFactory } from '../http/rate-limiter';
import { MailService } from '../mail/mail.service';
import type { SignUpDto } from './dto/sign-up.dto';
import { PasswordHasher } from './password-hasher';
import { TokenService } from './token.service';
import { UsersRepository } from './users.repository';

/**
 * What people do with their accounts themselves, by one-time links mailed to their address (only
 * a hash of each link is stored). No answer tells whether an address has an account (that would
 * let anyone test addresses), and asking is limited per address (in Redis, across API processes).
 *
 * - Sign-up (individuals): a new address gets an account that cannot sign in until its link is
 *   followed; a known one gets a mail saying so (and, if still unconfirmed, a fresh link).
 * - Password reset: the link sets a new password, ends every session of the account (as a
 *   password change does) and confirms the address if it was not yet.
 */
@Injectable()
export class SelfServiceAccounts implements OnModuleInit {
  private perIp!: RateLimit;
  private resetsPerIp!: RateLimit;

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
    const hourly = { points: this.config.SIGN_UP_LIMIT_PER_IP_PER_HOUR, durationSeconds: 3600 };
    this.perIp = this.limits.create('sign-up-ip', hourly);
    this.resetsPerIp = this.limits.create('password-reset-ip', hourly);
  }

  async signUp(dto: SignUpDto, ip: string): Promise<void> {
    await this.perIp.consume(ip);
    const email = dto.email.toLowerCase();
    const passwordHash = await this.hasher.hash(dto.password);
    await this.tx.run(async (em) => {
      const created = await em.query<{ id: string }[]>(
        `INSERT INTO users (email, display_name, password_hash, time_zone, email_verified_at)
         VALUES ($1, $2, $3, $4, NULL)
         ON CONFLICT ON CONSTRAINT users_email_key DO NOTHING RETURNING id`,
        [email, dto.displayName, passwordHash, dto.timeZone ?? null],
      );
      if (created.length === 1) {
        await this.sendLink(em, { userId: created[0].id, email, name: dto.displayName, passwordHash });
        await this.audit.record(
          em,
          { userId: created[0].id, ip },
          {
            action: 'auth.signed_up',
            entityType: 'user',
            entityId: created[0].id,
          },
        );
        return;
      }
      const [existing] = await em.query<{ id: string; displayName: string; verified: boolean }[]>(
        `SELECT id, display_name AS "displayName", email_verified_at IS NOT NULL AS verified FROM users WHERE email = $1`,
        [email],
      );
      if (!existing.verified) {
        // its owner may have lost the first mail: a fresh link, the old ones stop working
        await em.query(`DELETE FROM email_verifications WHERE user_id = $1`, [existing.id]);
        await this.sendLink(em, { userId: existing.id, email, name: existing.displayName, passwordHash });
      } else {
        await this.mail.enqueue(em, {
          to: email,
          subject: 'You already have an Invigil account',
          text: [
            `Hello ${existing.displayName},`,
            'Someone (perhaps you) asked to create an Invigil account with this address, which already has one.',
            `Sign in at ${this.config.PUBLIC_URL}/login. If it was not you, you can ignore this message.`,
          ].join('\n\n'),
          template: 'account-exists',
        });
      }
      await this.audit.record(
        em,
        { userId: null, ip },
        {
          action: 'auth.sign_up_existing',
          entityType: 'user',
          entityId: existing.id,
        },
      );
    });
  }

  /** Confirms the address of a self-made account: once, before the link expires. */
  async verify(token: string, ip: string): Promise<void> {
    await this.tx.run(async (em) => {
      const [live] = rowsOf<{ userId: string; passwordHash: string; live: boolean }>(
        await em.query(
          `DELETE FROM email_verifications WHERE token_hash = $1
           RETURNING user_id AS "userId", password_hash AS "passwordHash", expires_at > now() AS live`,
          [TokenService.hash(token)],
        ),
      );
      if (!live?.live)
        throw new Problem(
          'verification-invalid',
          400,
          'This link is invalid, expired or used; sign up again for a new one',
        );
      // the password chosen with this very link; any other link of the account stops working
      await em.query(
        `UPDATE users SET email_verified_at = now(), password_hash = $2, password_changed_at = now()
          WHERE id = $1 AND email_verified_at IS NULL`,
        [live.userId, live.passwordHash],
      );
      await em.query(`DELETE FROM email_verifications WHERE user_id = $1`, [live.userId]);
      await this.audit.record(
        em,
        { userId: live.userId, ip },
        {
          action: 'auth.email_verified',
          entityType: 'user',
          entityId: live.userId,
        },
      );
    });
  }

  /** Mails a one-time link to choose a new password, if the address has an account (the answer never says). */
  async requestPasswordReset(email: string, ip: string): Promise<void> {
    await this.resetsPerIp.consume(ip);
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

  /** Sets the new password with the link's token; ends every session; confirms the address. */
  async completePasswordReset(token: string, password: string, ip: string): Promise<void> {
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

  private async sendLink(
    em: EntityManager,
    link: { userId: string; email: string; name: string; passwordHash: string },
  ): Promise<void> {
    const { userId, email, name } = link;
    const { token, hash } = this.tokens.newOpaqueToken();
    await em.query(
      `INSERT INTO email_verifications (token_hash, user_id, password_hash, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(hours => $4))`,
      [hash, userId, link.passwordHash, this.config.EMAIL_VERIFICATION_HOURS],
    );
    await this.mail.enqueue(em, {
      to: email,
      subject: 'Confirm your Invigil account',
      text: [
        `Hello ${name},`,
        `Confirm your address to start using Invigil: ${this.config.PUBLIC_URL}/verify-email/${token}`,
        `The link works once, for ${this.config.EMAIL_VERIFICATION_HOURS} hours. If you did not sign up, ignore this message.`,
      ].join('\n\n'),
      template: 'account-verify',
    });
  }
}
