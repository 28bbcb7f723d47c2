import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type {
  CompletePasswordResetRequest,
  PasswordResetRequest,
  SignUpRequest,
  VerifyEmailRequest,
} from '@invigil/contracts';
import { IsTimeZone } from '../../http/is-time-zone';
import { NormaliseEmail, Trim } from '../../http/normalise';
import { PASSWORD_RULES } from './login.dto';

export class SignUpDto implements SignUpRequest {
  @ApiProperty({ example: 'sam.rivera@example.com' })
  @NormaliseEmail()
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Sam Rivera', maxLength: 120 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  displayName!: string;

  @ApiProperty({ minLength: PASSWORD_RULES.min })
  @IsString()
  @MinLength(PASSWORD_RULES.min)
  @MaxLength(PASSWORD_RULES.max)
  password!: string;

  @ApiPropertyOptional({ example: 'America/Toronto' })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;
}

export class VerifyEmailDto implements VerifyEmailRequest {
  @ApiProperty({ description: 'the token from the confirmation link' })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token!: string;
}

export class PasswordResetDto implements PasswordResetRequest {
  @ApiProperty({ example: 'sam.rivera@example.com' })
  @NormaliseEmail()
  @IsEmail()
  @MaxLength(254)
  email!: string;
}

export class CompletePasswordResetDto implements CompletePasswordResetRequest {
  @ApiProperty({ description: 'the token from the reset link' })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token!: string;

  @ApiProperty({ minLength: PASSWORD_RULES.min })
  @IsString()
  @MinLength(PASSWORD_RULES.min)
  @MaxLength(PASSWORD_RULES.max)
  password!: string;
}
