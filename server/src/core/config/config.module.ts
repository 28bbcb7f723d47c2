import { Global, Module } from '@nestjs/common';
import { AppConfig, loadConfig } from './app-config';

/** Provides the validated `AppConfig`, read once. Tests pass their own via `ConfigModule.with`. */
@Global()
@Module({})
export class ConfigModule {
  static with(config: AppConfig) {
    return {
      module: ConfigModule,
      providers: [{ provide: AppConfig, useValue: config }],
      exports: [AppConfig],
    };
  }
  static fromEnvironment() {
    return ConfigModule.with(loadConfig(process.env));
  }
}
