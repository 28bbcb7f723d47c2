import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { IRateLimiterStoreOptions, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
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

/** A key's count and its time to live, read in one step; nil when the key does not exist. */
const GET_WITH_TTL = `local points = redis.call('get', KEYS[1])
if not points then return false end
return {points, redis.call('pttl', KEYS[1])}`;

/**
 * rate-limiter-flexible's Redis limiter, reading a counter (`get`) with one script call instead
 * of a MULTI of GET and PTTL. ioredis writes a MULTI on its own, while a script call joins the
 * other commands of the same turn of the event loop in one auto-pipelined write: a redemption's
 * lockout check and its two counters now reach Redis together. Counting, blocking and keys are
 * the library's own.
 */
class ScriptedRateLimiterRedis extends RateLimiterRedis {
  private readonly redis: ScriptedRedis;

  constructor(options: IRateLimiterStoreOptions & { storeClient: Redis }) {
    super(options);
    const redis = options.storeClient as ScriptedRedis;
    if (typeof redis.rateLimitGetWithTtl !== 'function')
      redis.defineCommand('rateLimitGetWithTtl', { numberOfKeys: 1, lua: GET_WITH_TTL });
    this.redis = redis;
  }

  /** Overrides the library's read of `rlKey` (the same result: null, or [points, ttl in ms]). */
  _get(rlKey: string): Promise<[string, number] | null> {
    return this.redis.rateLimitGetWithTtl(rlKey);
  }
}

type ScriptedRedis = Redis & { rateLimitGetWithTtl(key: string): Promise<[string, number] | null> };

@Injectable()
export class RateLimiterFactory {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  create(name: string, spec: LimitSpec, kind: ProblemKind = 'rate-limited'): RateLimit {
    const limiter = new ScriptedRateLimiterRedis({
      storeClient: this.redis,
      keyPrefix: `${this.config.REDIS_PREFIX}:rl:${name}`,
      points: spec.points,
      duration: spec.durationSeconds,
      blockDuration: spec.blockSeconds ?? 0,
    });
    return new RateLimit(limiter, kind);
  }
}
