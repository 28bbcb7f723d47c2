import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One opening interval of a centre; times are local to the centre ("24:00:00" closes at midnight). */
@Entity({ name: 'centre_opening_hours' })
export class OpeningHoursEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'centre_id' }) centreId!: string;
  @Column('smallint') weekday!: number;
  @Column('time') opens!: string;
  @Column('time') closes!: string;
}
