import { Redis } from 'ioredis';

/**
 * Deletes every key under `prefix` (the queues, limits and locks of one test file's or one
 * benchmark's API), so runs leave nothing behind in a Redis that outlives them: delayed
 * reminder jobs have no expiry, and a benchmark left some 5,000 keys a run.
 */
export async function dropRedisPrefix(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let dropped = 0;
  try {
    const keys = redis.scanStream({ match: `${prefix}:*`, count: 1000 });
    for await (const batch of keys as AsyncIterable<string[]>) {
      if (batch.length === 0) continue;
      dropped += await redis.unlink(...batch);
    }
  } finally {
    redis.disconnect();
  }
  return dropped;
}
