import type { InstitutionKind } from '@invigil/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const INSTITUTION_KINDS: readonly InstitutionKind[] = [
  'school',
  'school_board',
  'college',
  'polytechnic',
  'university',
  'company',
  'workforce_agency',
];

@Entity({ name: 'institutions' })
export class InstitutionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text') kind!: InstitutionKind;
  /** ISO 3166-1 alpha-2 */
  @Column('char', { length: 2 }) country!: string;
  /** IANA zone: local dates and times of the institution are read in it */
  @Column('text', { name: 'time_zone' }) timeZone!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
