import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import type { ChangePasswordRequest, LoginRequest, RefreshRequest } from '@invigil/contracts';

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'admin@northfield.example' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}

export class RefreshDto implements RefreshRequest {
  @ApiProperty()
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  refreshToken!: string;
}

/** At least 10 characters; long passphrases welcome (NIST SP 800-63B). */
export const PASSWORD_RULES = { min: 10, max: 200 };

export class ChangePasswordDto implements ChangePasswordRequest {
  @ApiProperty()
  @IsString()
  @MaxLength(200)
  currentPassword!: string;

  @ApiProperty({ minLength: PASSWORD_RULES.min })
  @IsString()
  @MinLength(PASSWORD_RULES.min)
  @MaxLength(PASSWORD_RULES.max)
  newPassword!: string;
}
