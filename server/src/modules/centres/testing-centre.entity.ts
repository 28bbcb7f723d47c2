import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AccessPolicy, AccreditationStatus } from '@invigil/contracts';

@Entity({ name: 'testing_centres' })
export class TestingCentreEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'institution_id' }) institutionId!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'time_zone' }) timeZone!: string;
  @Column('text', { name: 'address_line1' }) addressLine1!: string;
  @Column('text', { name: 'address_line2', nullable: true }) addressLine2!: string | null;
  @Column('text') city!: string;
  @Column('text', { nullable: true }) region!: string | null;
  @Column('text', { name: 'postal_code', nullable: true }) postalCode!: string | null;
  @Column('char', { length: 2 }) country!: string;
  @Column('text', { name: 'access_policy' }) accessPolicy!: AccessPolicy;
  @Column('int', { name: 'public_proctoring_fee_minor', nullable: true }) publicProctoringFeeMinor!:
    | number
    | null;
  @Column('char', { length: 3 }) currency!: string;
  @Column('text', { name: 'accreditation_status' }) accreditationStatus!: AccreditationStatus;
  @Column('int', { name: 'onboarding_fee_minor', nullable: true }) onboardingFeeMinor!: number | null;
  @Column('timestamptz', { name: 'onboarding_fee_paid_at', nullable: true })
  onboardingFeePaidAt!: Date | null;
  @Column('timestamptz', { name: 'accredited_at', nullable: true }) accreditedAt!: Date | null;
  @Column('text', { name: 'status_reason', nullable: true }) statusReason!: string | null;
  @Column('timestamptz', { name: 'status_changed_at' }) statusChangedAt!: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
