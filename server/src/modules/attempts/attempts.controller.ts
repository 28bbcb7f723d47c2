import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ExamAttemptDto } from '@invigil/contracts';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor } from '../../core/auth/decorators';
import { ApiProblems } from '../../core/http/api-problems';
import { uuidParam } from '../../core/http/uuid-param';
import { AttemptsService } from './attempts.service';
import { ListAttemptsQueryDto, RecordAttemptResultDto } from './dto/attempt-requests.dto';

@ApiTags('exam attempts')
@ApiBearerAuth()
@Controller()
export class AttemptsController {
  constructor(private readonly attempts: AttemptsService) {}

  @Post('bookings/:bookingId/candidates/:candidateId/start')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Start a seated candidate’s exam after checking their ID (a proctor of the block): the voucher is consumed',
  })
  @ApiProblems(400, 401, 403, 404, 409)
  start(
    @CurrentActor() actor: Actor,
    @Param('bookingId', uuidParam('bookingId')) bookingId: string,
    @Param('candidateId', uuidParam('candidateId')) candidateId: string,
  ): Promise<ExamAttemptDto> {
    return this.attempts.start(actor, bookingId, candidateId);
  }

  @Get('bookings/:bookingId/attempts')
  @ApiOperation({
    summary: 'The exam attempts of a block (its proctors, its institution’s admins and instructors)',
  })
  @ApiProblems(400, 401, 403, 404)
  ofBooking(
    @CurrentActor() actor: Actor,
    @Param('bookingId', uuidParam('bookingId')) bookingId: string,
  ): Promise<ExamAttemptDto[]> {
    return this.attempts.ofBooking(actor, bookingId);
  }

  @Post('exam-attempts/:attemptId/result')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record an attempt’s score (certification-body admin of the exam): passed or failed',
  })
  @ApiProblems(400, 401, 403, 404, 409)
  recordResult(
    @CurrentActor() actor: Actor,
    @Param('attemptId', uuidParam('attemptId')) attemptId: string,
    @Body() body: RecordAttemptResultDto,
  ): Promise<ExamAttemptDto> {
    return this.attempts.recordResult(actor, attemptId, body.score);
  }

  @Get('certification-bodies/:bodyId/exam-attempts')
  @ApiOperation({
    summary: 'Attempts at the body’s exams, e.g. those awaiting a result (certification-body admin)',
  })
  @ApiProblems(400, 401, 403, 404)
  ofBody(
    @CurrentActor() actor: Actor,
    @Param('bodyId', uuidParam('bodyId')) bodyId: string,
    @Query() query: ListAttemptsQueryDto,
  ): Promise<ExamAttemptDto[]> {
    return this.attempts.ofBody(actor, bodyId, query.outcome ?? null);
  }

  @Get('me/exam-attempts')
  @ApiOperation({ summary: 'My exam attempts and results' })
  @ApiProblems(401)
  mine(@CurrentActor() actor: Actor): Promise<ExamAttemptDto[]> {
    return this.attempts.mine(actor);
  }
}
