import type { InstitutionDto, InvitationDto, PageDto } from '@invigil/contracts';
import { invitationStatus } from './domain/invitation-status';
import type { InstitutionEntity } from './institution.entity';
import type { InvitationRow } from './invitations.repository';

/** How institutions and invitations look on the wire. */
export const toInstitutionDto = (i: InstitutionEntity): InstitutionDto => ({
  id: i.id,
  name: i.name,
  kind: i.kind,
  country: i.country,
  timeZone: i.timeZone,
});

export const toInvitationDto = (i: InvitationRow, now = new Date()): InvitationDto => ({
  id: i.id,
  email: i.email,
  role: i.role,
  status: invitationStatus(i, now),
  expiresAt: i.expiresAt.toISOString(),
  createdAt: i.createdAt.toISOString(),
  invitedByEmail: i.invitedByEmail,
});

export const pageOf = <T>(
  page: { items: T[]; total: number },
  query: { limit: number; offset: number },
): PageDto<T> => ({ items: page.items, total: page.total, limit: query.limit, offset: query.offset });
