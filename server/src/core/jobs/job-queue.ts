import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config';
import { createRedis } from '../redis/redis.module';
import { DEFAULT_JOB_OPTIONS, JobName, JobPayloads, QUEUE, queuePrefix } from './queues';

export interface FailedJob {
  id: string;
  name: string;
  failedReason: string;
  attemptsMade: number;
  finishedOn: string | null;
  data: unknown;
}

/** The producer side, usable from the API and the worker alike. */
@Injectable()
export class JobQueue implements OnApplicationShutdown {
  readonly queue: Queue;
  /** BullMQ leaves a connection it was handed open on close, so this class closes it */
  private readonly connection: Redis;

  constructor(config: AppConfig) {
    this.connection = createRedis(config, { forBullMq: true });
    this.queue = new Queue(QUEUE, {
      connection: this.connection,
      prefix: queuePrefix(config),
      defaultJobOptions: DEFAULT_JOB_OPTIONS,
    });
  }

  /** `jobId` makes the job unique: adding it again while it exists does nothing. */
  add<N extends JobName>(name: N, data: JobPayloads[N], jobId?: string, options: { delayMs?: number } = {}) {
    return this.queue.add(name, data, {
      jobId,
      ...(options.delayMs ? { delay: Math.max(0, options.delayMs) } : {}),
    });
  }

  /** Several jobs of one kind in one round trip; each `jobId` still makes its job unique. */
  addMany<N extends JobName>(
    name: N,
    jobs: readonly { data: JobPayloads[N]; jobId: string; delayMs?: number }[],
  ) {
    return this.queue.addBulk(
      jobs.map((j) => ({
        name,
        data: j.data,
        opts: { jobId: j.jobId, ...(j.delayMs ? { delay: Math.max(0, j.delayMs) } : {}) },
      })),
    );
  }

  async failed(limit = 50): Promise<FailedJob[]> {
    const jobs = await this.queue.getFailed(0, limit - 1);
    return jobs.map((j) => ({
      id: j.id ?? '',
      name: j.name,
      failedReason: j.failedReason,
      attemptsMade: j.attemptsMade,
      finishedOn: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
      data: j.data as unknown,
    }));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
    await this.connection.quit().catch(() => undefined);
  }
}
