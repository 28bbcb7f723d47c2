import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { FailedJobsController } from './failed-jobs.controller';
import { JobQueue } from './job-queue';
import { JobsWorker } from './jobs-worker';

/** The queue, for both processes; the API also shows the dead letters to the operator. */
@Global()
@Module({ providers: [JobQueue], exports: [JobQueue], controllers: [FailedJobsController] })
export class JobsModule {}

/** The worker process's job runner. */
@Module({ imports: [DiscoveryModule], providers: [JobsWorker] })
export class JobsWorkerModule {}
