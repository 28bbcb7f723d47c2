import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type { BulkInvitationRequest } from '@invigil/contracts';
import { ROSTER_LIMITS, ROSTER_ROLES, RosterRole } from '../domain/class-roster';

export class BulkInvitationDto implements BulkInvitationRequest {
  @ApiProperty({
    description: `CSV with a header row: an \`email\` column, optional \`role\` and \`name\` columns; at most ${ROSTER_LIMITS.maxRows} rows and 1 MB`,
    example: 'email,role,name\nada@example.org,candidate,Ada Lovelace\n',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(ROSTER_LIMITS.maxBytes)
  csv!: string;

  @ApiPropertyOptional({ enum: ROSTER_ROLES, default: 'candidate', description: 'for rows without a role' })
  @IsOptional()
  @IsIn(ROSTER_ROLES)
  defaultRole?: RosterRole;
}
