import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '../config/app-config';
import { Problem, ProblemKind } from '../errors/problem';
import { REDIS } from '../redis/redis.module';

export interface LimitSpec {
  /** allowed events per window */
  points: number;
  /** window length in seconds */
  durationSeconds: number;
  /** once exhausted, refuse for this long (defaults to the rest of the window) */
  blockSeconds?: number;
}

/**
 * A named limit whose counters live in Redis, so it holds across every API process.
 */
export class RateLimit {
  constructor(
    private readonly limiter: RateLimiterRedis,
    private readonly kind: ProblemKind,
  ) {}

  /** Counts one event for `key`; throws 429 with Retry-After when the limit is exhausted. */
  async consume(key: string, points = 1): Promise<void> {
    try {
      await this.limiter.consume(key, points);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw this.refusal(rejection);
      throw rejection;
    }
  }

  /** Throws 429 if `key` is exhausted, without counting; returns how many events it has counted. */
  async check(key: string): Promise<number> {
    const state = await this.limiter.get(key);
    if (state && state.remainingPoints <= 0 && state.msBeforeNext > 0) throw this.refusal(state);
    return state?.consumedPoints ?? 0;
  }

  async reset(key: string): Promise<void> {
    await this.limiter.delete(key);
  }

  private refusal(res: RateLimiterRes): Problem {
    const retryAfter = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    return new Problem(
      this.kind,
      429,
      `Try again in ${retryAfter} s`,
      { retryAfterSeconds: retryAfter },
      {
        'Retry-After': String(retryAfter),
      },
    );
  }
}

@Injectable()
export class RateLimiterFactory {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  create(name: string, spec: LimitSpec, kind: ProblemKind = 'rate-limited'): RateLimit {
    const limiter = new RateLimiterRedis({
      storeClient: this.redis,
      keyPrefix: `${this.config.REDIS_PREFIX}:rl:${name}`,
      points: spec.points,
      duration: spec.durationSeconds,
      blockDuration: spec.blockSeconds ?? 0,
    });
    return new RateLimit(limiter, kind);
  }
}
