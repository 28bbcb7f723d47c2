import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config';

export const REDIS = Symbol('REDIS');

/** Builds an ioredis client for this deployment's Redis. */
export function createRedis(config: AppConfig, options: { forBullMq?: boolean } = {}): Redis {
  return new Redis(config.REDIS_URL, {
    lazyConnect: false,
    enableOfflineQueue: true,
    // BullMQ blocks on its connections and requires this to be null
    maxRetriesPerRequest: options.forBullMq ? null : 2,
    connectTimeout: 3000,
    // commands issued in the same tick (a request's rate-limit checks, concurrent requests) share
    // one write: socket writes are the dearest part of a request here. Not for BullMQ's
    // blocking connections.
    enableAutoPipelining: !options.forBullMq,
  });
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}

@Global()
@Module({
  providers: [
    { provide: REDIS, inject: [AppConfig], useFactory: (c: AppConfig) => createRedis(c) },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}
