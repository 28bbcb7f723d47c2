import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'audit_log' })
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('timestamptz', { name: 'occurred_at', default: () => 'now()' }) occurredAt!: Date;
  @Column('uuid', { name: 'actor_user_id', nullable: true }) actorUserId!: string | null;
  @Column('text', { name: 'actor_ip', nullable: true }) actorIp!: string | null;
  @Column('text') action!: string;
  @Column('text', { name: 'entity_type' }) entityType!: string;
  @Column('text', { name: 'entity_id' }) entityId!: string;
  @Column('uuid', { name: 'institution_id', nullable: true }) institutionId!: string | null;
  @Column('uuid', { name: 'certification_body_id', nullable: true }) certificationBodyId!: string | null;
  @Column('jsonb', { default: () => `'{}'::jsonb` }) details!: Record<string, unknown>;
}
