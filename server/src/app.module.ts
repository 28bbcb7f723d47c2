import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from './core/audit/audit.module';
import { AuthModule } from './core/auth/auth.module';
import { AppConfig } from './core/config/app-config';
import { ConfigModule } from './core/config/config.module';
import { DatabaseModule } from './core/database/database.module';
import { HealthModule } from './core/health/health.module';
import { JobsModule } from './core/jobs/jobs.module';
import { MailModule } from './core/mail/mail.module';
import { RedisModule } from './core/redis/redis.module';
import { FEATURE_MODULES } from './feature-modules';

/** The API process. */
@Module({})
export class AppModule {
  static with(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.with(config),
        DatabaseModule,
        RedisModule,
        AuditModule,
        AuthModule,
        HealthModule,
        JobsModule,
        MailModule,
        ...FEATURE_MODULES,
      ],
    };
  }
}
