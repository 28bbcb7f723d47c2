import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type {
  CompletePasswordResetRequest,
  PasswordResetRequest,
  SignUpRequest,
  VerifyEmailRequest,
} from '@invigil/contracts';
import { IsTimeZone } from '../../http/is-time-zone';
import { PASSWORD_RULES } from './login.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class SignUpDto implements SignUpRequest {
  @ApiProperty({ example: 'sam.rivera@example.com' })
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Sam Rivera', maxLength: 120 })
  @Transform(trim)
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
  @Transform(trim)
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
