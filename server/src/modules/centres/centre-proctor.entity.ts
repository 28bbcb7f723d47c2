import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A proctor member of the institution assigned to one of its centres. */
@Entity({ name: 'centre_proctors' })
export class CentreProctorEntity {
  @PrimaryColumn('uuid', { name: 'centre_id' }) centreId!: string;
  @PrimaryColumn('uuid', { name: 'user_id' }) userId!: string;
  @CreateDateColumn({ name: 'added_at', type: 'timestamptz' }) addedAt!: Date;
}
