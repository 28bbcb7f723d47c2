export interface AuditEntryDto {
  id: string;
  occurredAt: string;
  actorUserId: string | null;
  actorEmail: string | null;
  actorIp: string | null;
  action: string;
  entityType: string;
  entityId: string;
  institutionId: string | null;
  details: Record<string, unknown>;
}

export interface PageDto<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** GET /api/dev/mailbox (only when MAIL_TRANSPORT=dev) */
export interface MailMessageDto {
  id: string;
  to: string;
  subject: string;
  text: string;
  template: string;
  status: 'pending' | 'sent' | 'dead';
  createdAt: string;
  sentAt: string | null;
}
