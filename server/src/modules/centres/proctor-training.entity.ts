import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One training of a centre's proctor: by the operator, or by a trained proctor of the same centre. */
@Entity({ name: 'proctor_trainings' })
export class ProctorTrainingEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'centre_id' }) centreId!: string;
  @Column('uuid', { name: 'user_id' }) userId!: string;
  /** centre-local date, "yyyy-MM-dd" */
  @Column('date', { name: 'trained_on' }) trainedOn!: string;
  @Column('boolean', { name: 'trained_by_operator' }) trainedByOperator!: boolean;
  @Column('uuid', { name: 'trainer_user_id', nullable: true }) trainerUserId!: string | null;
  @Column('uuid', { name: 'recorded_by', nullable: true }) recordedBy!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
