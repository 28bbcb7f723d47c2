import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { MailModule } from '../mail/mail.module';
import { RateLimiterFactory } from '../http/rate-limiter';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { MembershipEntity } from './membership.entity';
import { PasswordHasher } from './password-hasher';
import { RefreshTokenEntity } from './refresh-token.entity';
import { SessionLoader } from './session-loader';
import { SelfServiceAccounts } from './self-service-accounts';
import { TokenService } from './token.service';
import { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity, MembershipEntity, RefreshTokenEntity]),
    // a KeyObject made once: given a string, jsonwebtoken first tries (and fails) to parse it as
    // a public key on every verify, which cost 14% of the API's CPU under load
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8')),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
    AuditModule,
    MailModule,
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    TokenService,
    PasswordHasher,
    UsersRepository,
    SessionLoader,
    SelfServiceAccounts,
    RateLimiterFactory,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, PasswordHasher, UsersRepository, RateLimiterFactory, TokenService],
})
export class AuthModule {}
