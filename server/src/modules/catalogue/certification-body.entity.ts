import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An issuer of exams and credentials: Microsoft, Adobe, Apple, PMI, EC-Council... */
@Entity({ name: 'certification_bodies' })
export class CertificationBodyEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') code!: string;
  @Column('text') name!: string;
  @Column('text', { nullable: true }) website!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
