import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type MailStatus = 'pending' | 'sent' | 'dead';

/** A row of the transactional outbox: written with the change it reports, sent by the worker. */
@Entity({ name: 'mail_outbox' })
export class MailMessageEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text', { name: 'to_address' }) to!: string;
  @Column('text') subject!: string;
  @Column('text', { name: 'text_body' }) text!: string;
  @Column('text') template!: string;
  @Column('text') status!: MailStatus;
  /** delivery attempts made, failed or not */
  @Column('int') attempts!: number;
  @Column('timestamptz', { name: 'next_attempt_at' }) nextAttemptAt!: Date;
  @Column('text', { name: 'last_error', nullable: true }) lastError!: string | null;
  /** which transport delivered it (`dev`, `smtp`) */
  @Column('text', { nullable: true }) transport!: string | null;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
