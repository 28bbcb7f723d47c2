import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config';
import { createRedis } from '../redis/redis.module';
import { JOB_PROCESSOR, JobHandler } from './job-processor';
import { JobQueue } from './job-queue';
import { JOB_NAMES, JobName, QUEUE, queuePrefix, repeatableJobs } from './queues';

/**
 * Runs in the worker process only: finds every @JobProcessor, refuses to start if a job has no
 * processor (or two), schedules the repeatable jobs under fixed ids (so several workers add them
 * once), and processes the queue.
 */
@Injectable()
export class JobsWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private worker?: Worker;
  private connection?: Redis;
  private readonly handlers = new Map<JobName, JobHandler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.registerHandlers();
    for (const job of repeatableJobs(this.config)) {
      await this.jobs.queue.upsertJobScheduler(job.schedulerId, job.repeat, {
        name: job.name,
        data: job.data,
      });
    }
    this.connection = createRedis(this.config, { forBullMq: true });
    this.worker = new Worker(QUEUE, (job: Job) => this.run(job), {
      connection: this.connection,
      prefix: queuePrefix(this.config),
      concurrency: 4,
    });
    this.worker.on('failed', (job, error) =>
      this.logger.warn(
        `${job?.name ?? 'job'} ${job?.id ?? ''} failed (attempt ${job?.attemptsMade ?? '?'}): ${error.message}`,
      ),
    );
    this.worker.on('error', (error) => this.logger.error(`Worker error: ${error.message}`));
  }

  private registerHandlers(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const type = wrapper.metatype as (new (...args: unknown[]) => unknown) | undefined;
      if (!type || !wrapper.instance) continue;
      const name = this.reflector.get<JobName | undefined>(JOB_PROCESSOR, type);
      if (!name) continue;
      const existing = this.handlers.get(name);
      if (existing && existing !== wrapper.instance)
        throw new Error(`Two processors registered for job ${name}`);
      this.handlers.set(name, wrapper.instance as JobHandler);
    }
    const missing = JOB_NAMES.filter((n) => !this.handlers.has(n));
    if (missing.length) throw new Error(`No processor registered for job(s): ${missing.join(', ')}`);
  }

  private run(job: Job): Promise<unknown> {
    const handler = this.handlers.get(job.name as JobName);
    if (!handler) throw new Error(`Unknown job ${job.name}`);
    return handler.run(job.data as never);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.connection?.quit().catch(() => undefined);
  }
}
