import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { CredentialEntity } from './credential.entity';
import { ExamEntity } from './exam.entity';

/** One item of a credential's stacking rule: an exam to pass or a credential to hold. */
@Entity({ name: 'credential_requirements' })
export class CredentialRequirementEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'credential_id' }) credentialId!: string;
  @Column('uuid', { name: 'exam_id', nullable: true }) examId!: string | null;
  @Column('uuid', { name: 'required_credential_id', nullable: true }) requiredCredentialId!: string | null;

  @ManyToOne(() => CredentialEntity, (c) => c.requirements, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'credential_id' })
  credential?: Relation<CredentialEntity>;

  @ManyToOne(() => ExamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'exam_id' })
  exam?: Relation<ExamEntity> | null;

  @ManyToOne(() => CredentialEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'required_credential_id' })
  requiredCredential?: Relation<CredentialEntity> | null;
}
