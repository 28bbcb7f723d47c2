import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from './core/audit/audit.module';
import { AuthModule } from './core/auth/auth.module';
import { AppConfig } from './core/config/app-config';
import { ConfigModule } from './core/config/config.module';
import { DatabaseModule } from './core/database/database.module';
import { JobsModule } from './core/jobs/jobs.module';
import { RedisModule } from './core/redis/redis.module';
import { WORKER_MODULES } from './feature-modules';

/** The worker process: the same configuration and database, plus the job processors. */
@Module({})
export class WorkerModule {
  static with(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.with(config),
        DatabaseModule,
        RedisModule,
        AuditModule,
        AuthModule,
        JobsModule,
        ...WORKER_MODULES,
      ],
    };
  }
}
