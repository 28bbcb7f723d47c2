import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { RateLimiterFactory } from '../http/rate-limiter';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { MembershipEntity } from './membership.entity';
import { PasswordHasher } from './password-hasher';
import { RefreshTokenEntity } from './refresh-token.entity';
import { TokenService } from './token.service';
import { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity, MembershipEntity, RefreshTokenEntity]),
    JwtModule.register({}),
    AuditModule,
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    TokenService,
    PasswordHasher,
    UsersRepository,
    RateLimiterFactory,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, PasswordHasher, UsersRepository, RateLimiterFactory, TokenService],
})
export class AuthModule {}
