import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, MaxLength } from 'class-validator';
import type { CreateBodyAdminInvitationRequest, CreateInvitationRequest } from '@invigil/contracts';
import { INSTITUTION_ROLES, InstitutionRole } from '../../../core/auth/roles';
import { NormaliseEmail } from '../../../core/http/normalise';

export class CreateInvitationDto implements CreateInvitationRequest {
  @ApiProperty({ example: 'ada@example.org' })
  @NormaliseEmail()
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ enum: INSTITUTION_ROLES })
  @IsIn(INSTITUTION_ROLES)
  role!: InstitutionRole;
}

export class CreateBodyAdminInvitationDto implements CreateBodyAdminInvitationRequest {
  @ApiProperty({ example: 'exams@issuer.example' })
  @NormaliseEmail()
  @IsEmail()
  @MaxLength(254)
  email!: string;
}
