import { SetMetadata } from '@nestjs/common';
import type { JobName, JobPayloads } from './queues';

export const JOB_PROCESSOR = 'invigil:job-processor';

/** Marks a provider as the processor of one job; the worker finds it at boot. */
export const JobProcessor = (name: JobName): ClassDecorator => SetMetadata(JOB_PROCESSOR, name);

export interface JobHandler<N extends JobName = JobName> {
  run(data: JobPayloads[N]): Promise<unknown>;
}
