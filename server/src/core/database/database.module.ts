import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { PreparingClient } from './preparing-client';
import { TransactionRunner } from './transaction-runner';
import { typeormOptions } from './typeorm-options';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const options = typeormOptions(config);
        // the application's statements are prepared once per connection; see PreparingClient
        return { ...options, extra: { ...options.extra, Client: PreparingClient }, autoLoadEntities: true };
      },
    }),
  ],
  providers: [TransactionRunner],
  exports: [TransactionRunner],
})
export class DatabaseModule {}
