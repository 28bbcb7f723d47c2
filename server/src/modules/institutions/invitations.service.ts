import { Injectable, OnModuleInit } from '@nestjs/common';
import type {
  BulkInvitationResultDto,
  InvitationDto,
  InvitationPreviewDto,
  PageDto,
  TokenPairDto,
} from '@invigil/contracts';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import type { Actor } from '../../core/auth/actor';
import { AuthService, ClientInfo } from '../../core/auth/auth.service';
import { PASSWORD_RULES } from '../../core/auth/dto/login.dto';
import { PasswordHasher } from '../../core/auth/password-hasher';
import type { InvitableRole } from '../../core/auth/roles';
import { TokenService } from '../../core/auth/token.service';
import { UsersRepository } from '../../core/auth/users.repository';
import { AppConfig } from '../../core/config/app-config';
import { TransactionRunner } from '../../core/database/transaction-runner';
import { FieldError, Problem } from '../../core/errors/problem';
import { RateLimit, RateLimiterFactory } from '../../core/http/rate-limiter';
import { MailService } from '../../core/mail/mail.service';
import { parseClassRoster, RosterSkip } from './domain/class-roster';
import { invitationMail } from './domain/invitation-mail';
import { invitationStatus } from './domain/invitation-status';
import { AcceptInvitationDto } from './dto/accept-invitation.dto';
import { BulkInvitationDto } from './dto/bulk-invitation.dto';
import { CreateBodyAdminInvitationDto, CreateInvitationDto } from './dto/create-invitation.dto';
import { InvitationListQueryDto } from './dto/list-queries.dto';
import type { InstitutionEntity } from './institution.entity';
import { pageOf, toInvitationDto } from './institution-views';
import { InstitutionsRepository } from './institutions.repository';
import { InvitationRow, InvitationScope, InvitationsRepository } from './invitations.repository';

type AcceptingPerson =
  | { kind: 'existing'; userId: string }
  | { kind: 'new'; displayName: string; password: string };

export interface InvitedPerson {
  email: string;
  role: InvitableRole;
  /** only used to greet them in the mail */
  name: string | null;
}

/** Where the invitees are invited to, and how to speak of it in the mail. */
interface InvitationTarget {
  scope: InvitationScope;
  name: string;
  timeZone: string;
  institutionId: string | null;
  certificationBodyId: string | null;
}

const invalidInvitation = () =>
  new Problem(
    'invitation-invalid',
    404,
    'The invitation link is unknown, expired, withdrawn or already used',
  );

const roleLabel = (role: InvitableRole) => role.replace(/_/g, ' ');

/**
 * Invitations: the only way into an institution or a certification body. A token is mailed
 * through the outbox; only its hash is stored, and accepting it works exactly once.
 */
@Injectable()
export class InvitationsService implements OnModuleInit {
  private passwordFailures!: RateLimit;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly invitations: InvitationsRepository,
    private readonly institutions: InstitutionsRepository,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly auth: AuthService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly limits: RateLimiterFactory,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    // the same counters as sign-in: guessing a password here brings the same lockout
    this.passwordFailures = this.limits.create(
      'login-account',
      {
        points: this.config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
        durationSeconds: this.config.LOGIN_LOCKOUT_SECONDS,
        blockSeconds: this.config.LOGIN_LOCKOUT_SECONDS,
      },
      'account-locked',
    );
  }

  // --- issuing -----------------------------------------------------------------------------

  invite(actor: Actor, institutionId: string, dto: CreateInvitationDto): Promise<InvitationDto> {
    actor.requireInstitutionRole(institutionId, ['institution_admin']);
    return this.tx.run(async (em) => {
      const institution = await this.institutionOrThrow(em, institutionId);
      const held = await this.invitations.rolesHeld(em, { institutionId }, [dto.email]);
      if (held.some((h) => h.role === dto.role)) {
        throw Problem.conflict(
          'already-exists',
          `${dto.email} is already ${roleLabel(dto.role)} of ${institution.name}`,
          { field: 'email' },
        );
      }
      const [invitation] = await this.issueForInstitution(em, actor, institution, [
        { email: dto.email, role: dto.role, name: null },
      ]);
      return toInvitationDto(invitation);
    });
  }

  inviteBodyAdmin(actor: Actor, bodyId: string, dto: CreateBodyAdminInvitationDto): Promise<InvitationDto> {
    actor.requireOperator();
    return this.tx.run(async (em) => {
      const body = await this.invitations.certificationBody(em, bodyId);
      if (!body) throw Problem.notFound('Certification body');
      const scope = { certificationBodyId: body.id };
      const held = await this.invitations.rolesHeld(em, scope, [dto.email]);
      if (held.length > 0) {
        throw Problem.conflict('already-exists', `${dto.email} is already an admin of ${body.name}`, {
          field: 'email',
        });
      }
      const target = {
        scope,
        name: body.name,
        timeZone: 'UTC',
        institutionId: null,
        certificationBodyId: body.id,
      };
      const [invitation] = await this.issue(em, actor, target, [
        { email: dto.email, role: 'certification_body_admin', name: null },
      ]);
      return toInvitationDto(invitation);
    });
  }

  /**
   * Invites a class roster in one transaction: the usable lines are invited, the others are
   * reported with their line numbers. A file that cannot be read is refused whole.
   */
  bulk(actor: Actor, institutionId: string, dto: BulkInvitationDto): Promise<BulkInvitationResultDto> {
    actor.requireInstitutionRole(institutionId, ['institution_admin']);
    const roster = parseClassRoster(dto.csv, dto.defaultRole ?? 'candidate');
    if (!roster.ok) throw Problem.validation([{ field: 'csv', messages: [roster.error] }]);
    return this.tx.run(async (em) => {
      const institution = await this.institutionOrThrow(em, institutionId);
      const held = new Set(
        (
          await this.invitations.rolesHeld(
            em,
            { institutionId },
            roster.entries.map((e) => e.email),
          )
        ).map((h) => `${h.email} ${h.role}`),
      );
      const skipped: RosterSkip[] = [...roster.skipped];
      const invitees: InvitedPerson[] = [];
      for (const entry of roster.entries) {
        if (held.has(`${entry.email} ${entry.role}`)) {
          skipped.push({
            line: entry.line,
            email: entry.email,
            reason: `already ${roleLabel(entry.role)} here`,
          });
        } else {
          invitees.push(entry);
        }
      }
      const issued = await this.issueForInstitution(em, actor, institution, invitees, { bulk: true });
      await this.audit.record(em, actor, {
        action: 'invitation.bulk_created',
        entityType: 'institution',
        entityId: institution.id,
        institutionId: institution.id,
        details: {
          invited: issued.map((i) => ({ id: i.id, email: i.email, role: i.role })),
          skipped: skipped.length,
        },
      });
      return { invited: issued.length, skipped: skipped.sort((a, b) => a.line - b.line) };
    });
  }

  /** Issues invitations in the caller's transaction (also used when an institution is created). */
  issueForInstitution(
    em: EntityManager,
    actor: Actor,
    institution: InstitutionEntity,
    invitees: readonly InvitedPerson[],
    options: { bulk?: boolean } = {},
  ): Promise<InvitationRow[]> {
    const target: InvitationTarget = {
      scope: { institutionId: institution.id },
      name: institution.name,
      timeZone: institution.timeZone,
      institutionId: institution.id,
      certificationBodyId: null,
    };
    return this.issue(em, actor, target, invitees, options);
  }

  /**
   * Withdraws any open invitation of the same people for the same roles, stores the new ones
   * (token hashes only) and queues their mail, all in the caller's transaction.
   */
  private async issue(
    em: EntityManager,
    actor: Actor,
    target: InvitationTarget,
    invitees: readonly InvitedPerson[],
    options: { bulk?: boolean } = {},
  ): Promise<InvitationRow[]> {
    if (invitees.length === 0) return [];
    const replaced = await this.invitations.revokeOpen(em, target.scope, invitees);
    const tokens = invitees.map(() => this.tokens.newOpaqueToken());
    const issued = await this.invitations.insertMany(
      em,
      target.scope,
      invitees.map((p, i) => ({ email: p.email, role: p.role, tokenHash: tokens[i].hash })),
      actor.userId,
      this.config.INVITATION_TTL_HOURS,
    );
    const base = this.config.PUBLIC_URL.replace(/\/+$/, '');
    await this.mail.enqueueMany(
      em,
      issued.map((invitation, i) => ({
        to: invitation.email,
        template: 'invitation',
        ...invitationMail({
          role: invitation.role,
          scopeName: target.name,
          acceptUrl: `${base}/invite/${tokens[i].token}`,
          expiresAt: invitation.expiresAt,
          timeZone: target.timeZone,
          name: invitees[i].name,
        }),
      })),
    );
    // a roster is audited once as a whole by the caller
    if (!options.bulk) {
      for (const invitation of issued) {
        await this.audit.record(em, actor, {
          action: 'invitation.created',
          entityType: 'invitation',
          entityId: invitation.id,
          institutionId: target.institutionId,
          certificationBodyId: target.certificationBodyId,
          details: {
            email: invitation.email,
            role: invitation.role,
            replaced: replaced
              .filter((r) => r.email === invitation.email && r.role === invitation.role)
              .map((r) => r.id),
          },
        });
      }
    }
    return issued;
  }

  // --- managing ----------------------------------------------------------------------------

  async list(
    actor: Actor,
    institutionId: string,
    query: InvitationListQueryDto,
  ): Promise<PageDto<InvitationDto>> {
    actor.requireInstitutionRole(institutionId, ['institution_admin']);
    await this.institutionOrThrow(this.tx.manager, institutionId);
    const page = await this.invitations.listForInstitution(this.tx.manager, institutionId, query);
    const now = new Date();
    return pageOf({ items: page.items.map((i) => toInvitationDto(i, now)), total: page.total }, query);
  }

  /** Withdraws an open invitation; withdrawing one already withdrawn changes nothing. */
  async revoke(actor: Actor, institutionId: string, invitationId: string): Promise<void> {
    actor.requireInstitutionRole(institutionId, ['institution_admin']);
    await this.tx.run(async (em) => {
      const revoked = await this.invitations.revoke(em, invitationId, institutionId);
      if (!revoked) {
        const existing = await this.invitations.findInInstitution(em, invitationId, institutionId);
        if (!existing) throw Problem.notFound('Invitation');
        if (existing.acceptedAt) {
          throw Problem.conflict('invalid-state-transition', 'The invitation was already accepted', {
            invitationStatus: 'accepted',
          });
        }
        return;
      }
      await this.audit.record(em, actor, {
        action: 'invitation.revoked',
        entityType: 'invitation',
        entityId: revoked.id,
        institutionId,
        details: { email: revoked.email, role: revoked.role },
      });
    });
  }

  // --- the invitee -------------------------------------------------------------------------

  async preview(token: string): Promise<InvitationPreviewDto> {
    const invitation = await this.invitations.findByTokenHash(this.tx.manager, TokenService.hash(token));
    if (!invitation || invitationStatus(invitation, new Date()) !== 'pending') throw invalidInvitation();
    const account = await this.users.findByEmail(this.tx.manager, invitation.email);
    return {
      email: invitation.email,
      role: invitation.role,
      institutionName: invitation.institutionName,
      certificationBodyName: invitation.certificationBodyName,
      expiresAt: invitation.expiresAt.toISOString(),
      accountExists: account !== null,
    };
  }

  /**
   * Accepts an invitation: creates the account if there is none (display name and a password
   * that meets the rules), or checks the existing account's password; grants the role and signs
   * the person in. The token is claimed with a conditional UPDATE, so it works exactly once.
   */
  async accept(dto: AcceptInvitationDto, client: ClientInfo): Promise<TokenPairDto> {
    const tokenHash = TokenService.hash(dto.token);
    const invitation = await this.invitations.findByTokenHash(this.tx.manager, tokenHash);
    if (!invitation || invitationStatus(invitation, new Date()) !== 'pending') throw invalidInvitation();

    const invitee = await this.identify(invitation, dto, client);
    return this.tx.run(async (em) => {
      const claimed = await this.invitations.claim(em, tokenHash);
      if (!claimed) throw invalidInvitation();
      const userId =
        invitee.kind === 'existing' ? invitee.userId : await this.createAccount(em, claimed, invitee, client);
      await this.invitations.setAcceptedBy(em, claimed.id, userId);
      await this.users.grant(em, {
        userId,
        role: claimed.role,
        institutionId: claimed.institutionId,
        certificationBodyId: claimed.certificationBodyId,
      });
      await this.audit.record(
        em,
        { userId, ip: client.ip },
        {
          action: 'invitation.accepted',
          entityType: 'invitation',
          entityId: claimed.id,
          institutionId: claimed.institutionId,
          certificationBodyId: claimed.certificationBodyId,
          details: { email: claimed.email, role: claimed.role, newAccount: invitee.kind === 'new' },
        },
      );
      return this.auth.startSession(em, userId, randomUUID(), client);
    });
  }

  /**
   * Who is accepting: the existing account of the invited email (its password must match), or
   * a new account (a display name and a password that meets the rules). Runs before the claim:
   * a wrong password must not use up the invitation.
   */
  private async identify(
    invitation: InvitationRow,
    dto: AcceptInvitationDto,
    client: ClientInfo,
  ): Promise<AcceptingPerson> {
    const account = await this.users.findCredentialsByEmail(this.tx.manager, invitation.email);
    if (!account) {
      const errors: FieldError[] = [];
      if (!dto.displayName) {
        errors.push({ field: 'displayName', messages: ['displayName is required to create the account'] });
      }
      if (dto.password.length < PASSWORD_RULES.min) {
        errors.push({
          field: 'password',
          messages: [`password must be at least ${PASSWORD_RULES.min} characters`],
        });
      }
      if (!dto.displayName || errors.length) throw Problem.validation(errors);
      return { kind: 'new', displayName: dto.displayName, password: dto.password };
    }
    if (account.emailVerifiedAt === null) {
      // a self sign-up never confirmed: the invitation, mailed to the address, proves whose it is,
      // so its password becomes the one given here and the address counts as confirmed
      if (dto.password.length < PASSWORD_RULES.min)
        throw Problem.validation([
          { field: 'password', messages: [`password must be at least ${PASSWORD_RULES.min} characters`] },
        ]);
      await this.users.confirmWithPassword(this.tx.manager, account.id, await this.hasher.hash(dto.password));
      return { kind: 'existing', userId: account.id };
    }
    await this.passwordFailures.check(account.email);
    if (await this.hasher.verify(account.passwordHash, dto.password)) {
      await this.passwordFailures.reset(account.email);
      return { kind: 'existing', userId: account.id };
    }
    await this.passwordFailures.consume(account.email).catch(() => undefined);
    await this.tx.run((em) =>
      this.audit.record(
        em,
        { userId: account.id, ip: client.ip },
        {
          action: 'invitation.accept_failed',
          entityType: 'invitation',
          entityId: invitation.id,
          institutionId: invitation.institutionId,
          certificationBodyId: invitation.certificationBodyId,
          details: { reason: 'wrong password' },
        },
      ),
    );
    throw new Problem(
      'invalid-credentials',
      401,
      `The password of the existing account ${account.email} is wrong`,
    );
  }

  private async createAccount(
    em: EntityManager,
    invitation: InvitationRow,
    invitee: { displayName: string; password: string },
    client: ClientInfo,
  ): Promise<string> {
    // hashed after the claim: of many racing requests only the winner pays for argon2
    const user = await this.users.create(em, {
      email: invitation.email,
      displayName: invitee.displayName,
      passwordHash: await this.hasher.hash(invitee.password),
    });
    await this.audit.record(
      em,
      { userId: user.id, ip: client.ip },
      {
        action: 'user.created',
        entityType: 'user',
        entityId: user.id,
        institutionId: invitation.institutionId,
        certificationBodyId: invitation.certificationBodyId,
        details: { email: user.email, via: 'invitation' },
      },
    );
    return user.id;
  }

  private async institutionOrThrow(em: EntityManager, id: string): Promise<InstitutionEntity> {
    const institution = await this.institutions.findById(em, id);
    if (!institution) throw Problem.notFound('Institution');
    return institution;
  }
}
