import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/decorators';
import { ApiProblems } from '../http/api-problems';
import { JobQueue } from './job-queue';

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs')
export class FailedJobsController {
  constructor(private readonly jobs: JobQueue) {}

  @Get('failed')
  @ApiOperation({ summary: 'Jobs that failed every retry: the dead letters (platform operator)' })
  @ApiProblems(401, 403)
  failed(@CurrentActor() actor: Actor) {
    actor.requireOperator();
    return this.jobs.failed();
  }
}
