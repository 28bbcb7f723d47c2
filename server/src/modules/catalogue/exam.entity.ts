import type { DeliveryMode, ExamLevel } from '@invigil/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { CertificationBodyEntity } from './certification-body.entity';
import { ExamObjectiveEntity } from './exam-objective.entity';

@Entity({ name: 'exams' })
export class ExamEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'certification_body_id' }) certificationBodyId!: string;
  @Column('text') code!: string;
  @Column('text') title!: string;
  @Column('text') level!: ExamLevel;
  @Column('int', { name: 'duration_minutes' }) durationMinutes!: number;
  @Column('int', { name: 'passing_score' }) passingScore!: number;
  @Column('int', { name: 'max_score' }) maxScore!: number;
  @Column('text', { name: 'delivery_modes', array: true }) deliveryModes!: DeliveryMode[];
  @Column('boolean') active!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;

  @ManyToOne(() => CertificationBodyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'certification_body_id' })
  certificationBody?: Relation<CertificationBodyEntity>;

  @OneToMany(() => ExamObjectiveEntity, (o) => o.exam)
  objectives?: Relation<ExamObjectiveEntity>[];
}
