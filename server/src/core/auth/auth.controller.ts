import { Body, Controller, Get, Headers, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { TokenPairDto, UserProfileDto } from '@invigil/contracts';
import { TransactionRunner } from '../database/transaction-runner';
import { ApiProblems } from '../http/api-problems';
import type { Actor } from './actor';
import { AuthService } from './auth.service';
import { ClientIp, CurrentActor, Public } from './decorators';
import { ChangePasswordDto, LoginDto, RefreshDto } from './dto/login.dto';
import { CompletePasswordResetDto, PasswordResetDto, SignUpDto, VerifyEmailDto } from './dto/sign-up.dto';
import { SelfServiceAccounts } from './self-service-accounts';
import { UpdateProfileDto } from './dto/update-profile.dto';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly accounts: SelfServiceAccounts,
    private readonly tx: TransactionRunner,
  ) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in; rate-limited per address and per account' })
  @ApiProblems(400, 401, 429)
  login(
    @Body() dto: LoginDto,
    @ClientIp() ip: string,
    @Headers('user-agent') ua?: string,
  ): Promise<TokenPairDto> {
    return this.auth.login(dto.email, dto.password, { ip, userAgent: ua ?? null });
  }

  @Public()
  @Post('auth/sign-up')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Create your own account (individuals); a confirmation link is mailed. Always 202: it never says whether the address has an account',
  })
  @ApiProblems(400, 429)
  async signUp(@Body() dto: SignUpDto, @ClientIp() ip: string): Promise<void> {
    await this.accounts.signUp(dto, ip);
  }

  @Public()
  @Post('auth/verify-email')
  @HttpCode(204)
  @ApiOperation({ summary: 'Confirm the address of a new account with the token of its link' })
  @ApiProblems(400)
  async verifyEmail(@Body() dto: VerifyEmailDto, @ClientIp() ip: string): Promise<void> {
    await this.accounts.verify(dto.token, ip);
  }

  @Public()
  @Post('auth/password-reset')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Forgot your password: a one-time link is mailed if the address has an account (always 202)',
  })
  @ApiProblems(400, 429)
  async requestPasswordReset(@Body() dto: PasswordResetDto, @ClientIp() ip: string): Promise<void> {
    await this.accounts.requestPasswordReset(dto.email, ip);
  }

  @Public()
  @Post('auth/password-reset/complete')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a new password with the token of the reset link; ends every session' })
  @ApiProblems(400)
  async completePasswordReset(@Body() dto: CompletePasswordResetDto, @ClientIp() ip: string): Promise<void> {
    await this.accounts.completePasswordReset(dto.token, dto.password, ip);
  }

  @Public()
  @Post('auth/refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair (the old token stops working)' })
  @ApiProblems(400, 401)
  refresh(
    @Body() dto: RefreshDto,
    @ClientIp() ip: string,
    @Headers('user-agent') ua?: string,
  ): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refreshToken, { ip, userAgent: ua ?? null });
  }

  @Public()
  @Post('auth/logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke the session the refresh token belongs to' })
  @ApiProblems(400)
  async logout(@Body() dto: RefreshDto, @ClientIp() ip: string): Promise<void> {
    await this.auth.logout(dto.refreshToken, { ip, userAgent: null });
  }

  @ApiBearerAuth()
  @Post('auth/password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Change password; ends every session' })
  @ApiProblems(400, 401)
  async changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(actor, dto.currentPassword, dto.newPassword);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: 'The signed-in user and their roles' })
  @ApiProblems(401)
  me(@CurrentActor() actor: Actor): Promise<UserProfileDto> {
    return this.auth.profile(this.tx.manager, actor.userId);
  }

  @ApiBearerAuth()
  @Patch('me')
  @ApiOperation({ summary: 'Update display name or personal time zone' })
  @ApiProblems(400, 401)
  updateMe(@CurrentActor() actor: Actor, @Body() dto: UpdateProfileDto): Promise<UserProfileDto> {
    return this.auth.updateProfile(actor, dto);
  }
}
