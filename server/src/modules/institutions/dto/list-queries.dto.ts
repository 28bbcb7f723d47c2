import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { InvitationStatus } from '@invigil/contracts';
import { INSTITUTION_ROLES, InstitutionRole } from '../../../core/auth/roles';
import { PageQueryDto } from '../../../core/http/page-query.dto';

export const INVITATION_STATUSES: readonly InvitationStatus[] = ['pending', 'accepted', 'revoked', 'expired'];

export class InvitationListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: INVITATION_STATUSES })
  @IsOptional()
  @IsIn(INVITATION_STATUSES)
  status?: InvitationStatus;
}

export class MemberListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: INSTITUTION_ROLES, description: 'only members holding this role' })
  @IsOptional()
  @IsIn(INSTITUTION_ROLES)
  role?: InstitutionRole;

  @ApiPropertyOptional({ description: 'only members whose name or email contains this', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}
