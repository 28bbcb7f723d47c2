import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { OpenSessionDto, OpenSessionSeatDto } from '@invigil/contracts';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor } from '../../core/auth/decorators';
import { ApiProblems } from '../../core/http/api-problems';
import { uuidParam } from '../../core/http/uuid-param';
import { ListOpenSessionsQueryDto, PublishOpenSessionDto } from './dto/open-session-requests.dto';
import { OpenSessionsService } from './open-sessions.service';

@ApiTags('open sessions')
@ApiBearerAuth()
@Controller()
export class OpenSessionsController {
  constructor(private readonly sessions: OpenSessionsService) {}

  @Post('bookings/:bookingId/open-session')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Publish a block at a public centre as an open session, or withdraw it (admin, instructor)',
  })
  @ApiProblems(400, 401, 403, 404, 409)
  publish(
    @CurrentActor() actor: Actor,
    @Param('bookingId', uuidParam('bookingId')) bookingId: string,
    @Body() body: PublishOpenSessionDto,
  ): Promise<{ bookingId: string; open: boolean }> {
    return this.sessions.publish(actor, bookingId, body.open);
  }

  @Get('open-sessions')
  @ApiOperation({ summary: 'Open sessions a candidate can book a seat in, with what they would owe' })
  @ApiProblems(400, 401)
  list(@CurrentActor() actor: Actor, @Query() query: ListOpenSessionsQueryDto): Promise<OpenSessionDto[]> {
    return this.sessions.list(actor, query);
  }

  @Post('open-sessions/:bookingId/seat')
  @HttpCode(201)
  @ApiOperation({ summary: 'Take a seat in an open session with one of my entitlements for the exam' })
  @ApiProblems(400, 401, 404, 409)
  takeSeat(
    @CurrentActor() actor: Actor,
    @Param('bookingId', uuidParam('bookingId')) bookingId: string,
  ): Promise<OpenSessionSeatDto> {
    return this.sessions.takeSeat(actor, bookingId);
  }

  @Delete('open-sessions/:bookingId/seat')
  @HttpCode(204)
  @ApiOperation({ summary: 'Give up my seat in an open session (before the change cut-off)' })
  @ApiProblems(400, 401, 404, 409)
  leaveSeat(
    @CurrentActor() actor: Actor,
    @Param('bookingId', uuidParam('bookingId')) bookingId: string,
  ): Promise<void> {
    return this.sessions.leaveSeat(actor, bookingId);
  }
}
