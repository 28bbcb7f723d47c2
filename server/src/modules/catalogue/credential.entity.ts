import type { ExamLevel } from '@invigil/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import type { StackingRuleKind } from './domain/stacking-rule';
import { CredentialRequirementEntity } from './credential-requirement.entity';

/** A badge or certificate a certification body issues when its stacking rule is met. */
@Entity({ name: 'credentials' })
export class CredentialEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'certification_body_id' }) certificationBodyId!: string;
  @Column('text') code!: string;
  @Column('text') title!: string;
  @Column('text') description!: string;
  @Column('text') level!: ExamLevel;
  @Column('text', { name: 'rule_kind' }) ruleKind!: StackingRuleKind;
  @Column('int', { name: 'rule_min_count', nullable: true }) ruleMinCount!: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;

  @OneToMany(() => CredentialRequirementEntity, (r) => r.credential)
  requirements?: Relation<CredentialRequirementEntity>[];
}
