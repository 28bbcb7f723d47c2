import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type { AcceptInvitationRequest } from '@invigil/contracts';
import { PASSWORD_RULES } from '../../../core/auth/dto/login.dto';
import { Trim } from '../../../core/http/normalise';

export class AcceptInvitationDto implements AcceptInvitationRequest {
  @ApiProperty({ description: 'the token from the invitation link' })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token!: string;

  @ApiProperty({
    description: `a new account's password (at least ${PASSWORD_RULES.min} characters), or the existing account's`,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_RULES.max)
  password!: string;

  @ApiPropertyOptional({
    description: 'required when no account exists for the invited email',
    maxLength: 120,
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  displayName?: string;
}
