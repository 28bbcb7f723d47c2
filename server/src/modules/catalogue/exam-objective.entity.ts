import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { ExamEntity } from './exam.entity';

/** One objective domain of an exam, in the order the exam outline lists them. */
@Entity({ name: 'exam_objectives' })
export class ExamObjectiveEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'exam_id' }) examId!: string;
  @Column('text') code!: string;
  @Column('text') description!: string;
  @Column('int') position!: number;

  @ManyToOne(() => ExamEntity, (e) => e.objectives, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'exam_id' })
  exam?: Relation<ExamEntity>;
}
