import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { InvitableRole } from '../../core/auth/roles';

/**
 * An invitation to take a role in an institution or a certification body. Only the SHA-256
 * hash of its token is stored; the token itself exists only in the mail sent to the invitee.
 */
@Entity({ name: 'invitations' })
export class InvitationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'institution_id', nullable: true }) institutionId!: string | null;
  @Column('uuid', { name: 'certification_body_id', nullable: true }) certificationBodyId!: string | null;
  @Column('text') email!: string;
  @Column('text') role!: InvitableRole;
  @Column('text', { name: 'token_hash', select: false }) tokenHash!: string;
  @Column('uuid', { name: 'invited_by', nullable: true }) invitedBy!: string | null;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt!: Date;
  @Column('timestamptz', { name: 'accepted_at', nullable: true }) acceptedAt!: Date | null;
  @Column('uuid', { name: 'accepted_by', nullable: true }) acceptedBy!: string | null;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
