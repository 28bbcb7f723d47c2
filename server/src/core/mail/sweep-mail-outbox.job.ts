import { Injectable } from '@nestjs/common';
import { JobHandler, JobProcessor } from '../jobs/job-processor';
import { MailDispatcher, SweepResult } from './mail-dispatcher';

/** Repeats every MAIL_OUTBOX_POLL_MS in the worker: delivers the outbox's due messages. */
@Injectable()
@JobProcessor('SweepMailOutboxJob')
export class SweepMailOutboxJob implements JobHandler<'SweepMailOutboxJob'> {
  constructor(private readonly dispatcher: MailDispatcher) {}

  run(): Promise<SweepResult> {
    return this.dispatcher.sweep();
  }
}
