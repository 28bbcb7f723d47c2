import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../../src/core/config/app-config';
import { Problem } from '../../src/core/errors/problem';
import { RateLimiterFactory } from '../../src/core/http/rate-limiter';
import { dropRedisPrefix } from '../support/redis-keys';

/** The Redis-backed limits on a real Redis: counting, the lockout check and reset. */
describe('RateLimit (Redis)', () => {
  let redis: Redis;
  let limits: RateLimiterFactory;
  const prefix = `test:rate-limiter:${randomBytes(4).toString('hex')}`;

  beforeAll(() => {
    redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', {
      enableAutoPipelining: true,
      lazyConnect: false,
    });
    limits = new RateLimiterFactory(redis, { REDIS_PREFIX: prefix } as AppConfig);
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('checks a key it has never counted as 0, without creating it', async () => {
    const limit = limits.create('fresh', { points: 3, durationSeconds: 60 });
    expect(await limit.check('nobody')).toBe(0);
    expect(await redis.exists(`${prefix}:rl:fresh:nobody`)).toBe(0);
  });

  it('reports what has been counted, refuses once exhausted and forgets on reset', async () => {
    const limit = limits.create('failures', { points: 2, durationSeconds: 60, blockSeconds: 120 });
    await limit.consume('u1');
    expect(await limit.check('u1')).toBe(1);
    await limit.consume('u1');
    // exhausted: the check refuses for the rest of the window
    const exhausted = await limit.check('u1').catch((e: unknown) => e);
    expect(exhausted).toBeInstanceOf(Problem);
    expect(Number((exhausted as Problem).headers['Retry-After'])).toBeLessThanOrEqual(60);

    const refused = await limit.consume('u1').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Problem);
    expect((refused as Problem).getStatus()).toBe(429);
    // the block, not the window, decides how long the check refuses
    const checked = await limit.check('u1').catch((e: unknown) => e);
    expect(checked).toBeInstanceOf(Problem);
    const retryAfter = Number((checked as Problem).headers['Retry-After']);
    expect(retryAfter).toBeGreaterThan(60);
    expect(retryAfter).toBeLessThanOrEqual(120);
    // another key is counted on its own
    expect(await limit.check('u2')).toBe(0);

    await limit.reset('u1');
    expect(await limit.check('u1')).toBe(0);
  });

  it('counts concurrent events exactly, across limits sharing one connection', async () => {
    const a = limits.create('a', { points: 1000, durationSeconds: 60 });
    const b = limits.create('b', { points: 1000, durationSeconds: 60 });
    await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).consume('k')));
    const [countA, countB] = await Promise.all([a.check('k'), b.check('k')]);
    expect([countA, countB]).toEqual([50, 50]);
  });
});

describe('dropRedisPrefix (test and benchmark clean-up)', () => {
  it('deletes every key under the prefix and nothing else', async () => {
    const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
    const redis = new Redis(url);
    const prefix = `test:drop:${randomBytes(4).toString('hex')}`;
    try {
      await redis.mset(
        ...Array.from({ length: 2500 }, (_, i) => [`${prefix}:k${i}`, '1']).flat(),
        `${prefix}x:neighbour`,
        'kept',
      );
      await redis.hset(`${prefix}:bull:queue:job`, 'data', '{}');
      expect(await dropRedisPrefix(url, prefix)).toBe(2501);
      expect(await redis.keys(`${prefix}:*`)).toEqual([]);
      expect(await redis.get(`${prefix}x:neighbour`)).toBe('kept');
    } finally {
      await redis.del(`${prefix}x:neighbour`);
      await redis.quit();
    }
  });
});
