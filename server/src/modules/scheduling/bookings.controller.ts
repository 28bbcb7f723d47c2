import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  BookingDto,
  CalendarFeedDto,
  CentreAvailabilityDto,
  OpenSeatDto,
  OpenSessionDto,
  ProctoringBlockDto,
  UpcomingExamDto,
} from '@invigil/contracts';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor, Public } from '../../core/auth/decorators';
import { ApiProblems } from '../../core/http/api-problems';
import { uuidParam } from '../../core/http/uuid-param';
import { AvailabilityService } from './availability.service';
import { BookingsService } from './bookings.service';
import {
  AddBookingCandidateDto,
  AvailabilityQueryDto,
  ChangeReasonDto,
  CreateBookingDto,
  InstantRangeQueryDto,
  MoveBookingDto,
  OpenSessionsQueryDto,
  OpenToPublicDto,
} from './dto/scheduling-requests.dto';
import { MyScheduleService } from './my-schedule.service';

@ApiTags('scheduling')
@ApiBearerAuth()
@Controller()
export class BookingsController {
  constructor(
    private readonly bookings: BookingsService,
    private readonly availability: AvailabilityService,
    private readonly mine: MyScheduleService,
  ) {}

  @Get('centres/:id/availability')
  @ApiOperation({
    summary: "Every local hour of a centre's days: free VMs, lab seats, proctors, and why not bookable",
  })
  @ApiProblems(400, 401, 403, 404)
  getAvailability(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() query: AvailabilityQueryDto,
  ): Promise<CentreAvailabilityDto> {
    return this.availability.forCentre(actor, id, query.from, query.to);
  }

  @Get('centres/:id/bookings')
  @ApiOperation({ summary: "A centre's blocks starting in a range (institution admins and instructors)" })
  @ApiProblems(400, 401, 403, 404)
  listBookings(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() query: InstantRangeQueryDto,
  ): Promise<BookingDto[]> {
    return this.bookings.listForCentre(actor, id, query.from, query.to);
  }

  @Post('centres/:id/bookings')
  @ApiOperation({
    summary:
      'Hold (10 minutes) or book a block: VMs of every hour, lab and proctors in one transaction; 409 names what is short',
  })
  @ApiProblems(400, 401, 403, 404, 409)
  createBooking(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: CreateBookingDto,
  ): Promise<BookingDto> {
    return this.bookings.create(actor, id, dto);
  }

  @Get('bookings/:id')
  @ApiOperation({ summary: 'A block with its proctors and candidates (bookers, its proctors, the operator)' })
  @ApiProblems(400, 401, 403, 404)
  getBooking(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<BookingDto> {
    return this.bookings.get(actor, id);
  }

  @Post('bookings/:id/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm a live hold; 409 hold-expired once its 10 minutes ran out' })
  @ApiProblems(400, 401, 403, 404, 409)
  confirm(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<BookingDto> {
    return this.bookings.confirm(actor, id);
  }

  @Post('bookings/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a block and release all it holds (inside the cut-off: operator only)' })
  @ApiProblems(400, 401, 403, 404, 409)
  cancel(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: ChangeReasonDto,
  ): Promise<BookingDto> {
    return this.bookings.cancel(actor, id, dto.reason);
  }

  @Post('bookings/:id/move')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move a block: the new capacity is taken before the old is released, all or nothing',
  })
  @ApiProblems(400, 401, 403, 404, 409)
  move(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: MoveBookingDto,
  ): Promise<BookingDto> {
    return this.bookings.move(actor, id, dto);
  }

  @Post('bookings/:id/candidates')
  @ApiOperation({ summary: 'Seat a candidate; their unreserved entitlement for the exam becomes reserved' })
  @ApiProblems(400, 401, 403, 404, 409)
  addCandidate(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: AddBookingCandidateDto,
  ): Promise<BookingDto> {
    return this.bookings.addCandidate(actor, id, dto.userId);
  }

  @Delete('bookings/:id/candidates/:userId')
  @ApiOperation({
    summary: 'Remove a candidate; their voucher goes back to redeemed (inside the cut-off: operator)',
  })
  @ApiProblems(400, 401, 403, 404)
  removeCandidate(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @Query() query: ChangeReasonDto,
  ): Promise<BookingDto> {
    return this.bookings.removeCandidate(actor, id, userId, query.reason);
  }

  @Put('bookings/:id/open-to-public')
  @ApiOperation({
    summary: 'Publish a confirmed block of a public centre as an open session, or withdraw it',
  })
  @ApiProblems(400, 401, 403, 404, 409)
  setOpenToPublic(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: OpenToPublicDto,
  ): Promise<BookingDto> {
    return this.bookings.setOpenToPublic(actor, id, dto.open);
  }

  @Get('open-sessions')
  @ApiOperation({ summary: 'Upcoming open sessions of public centres with seats left (anyone signed in)' })
  @ApiProblems(400, 401)
  openSessions(@Query() query: OpenSessionsQueryDto): Promise<OpenSessionDto[]> {
    return this.bookings.openSessions(query.examId, query.from, query.to);
  }

  @Post('open-sessions/:id/seat')
  @ApiOperation({ summary: 'Take a seat of an open session with one of your own unreserved entitlements' })
  @ApiProblems(400, 401, 404, 409)
  takeOpenSeat(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<OpenSeatDto> {
    return this.bookings.takeOpenSeat(actor, id);
  }

  @Delete('open-sessions/:id/seat')
  @HttpCode(204)
  @ApiOperation({ summary: 'Give your open-session seat back (before the cut-off); the voucher is released' })
  @ApiProblems(400, 401, 403, 404)
  async releaseOpenSeat(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<void> {
    await this.bookings.releaseOpenSeat(actor, id);
  }

  @Get('me/exams')
  @ApiOperation({ summary: "The caller's upcoming exams, in the centre's time and UTC" })
  @ApiProblems(401)
  myExams(@CurrentActor() actor: Actor): Promise<UpcomingExamDto[]> {
    return this.mine.upcomingExams(actor);
  }

  @Get('me/proctoring')
  @ApiOperation({ summary: 'Blocks the caller proctors, from a week ago on' })
  @ApiProblems(401)
  myProctoring(@CurrentActor() actor: Actor): Promise<ProctoringBlockDto[]> {
    return this.mine.proctoring(actor);
  }

  @Post('me/calendar-feed')
  @ApiOperation({ summary: 'A new secret iCalendar URL of the blocks the caller booked or proctors' })
  @ApiProblems(401)
  renewCalendarFeed(@CurrentActor() actor: Actor): Promise<CalendarFeedDto> {
    return this.mine.renewCalendarFeed(actor);
  }

  @Public()
  @Get('calendar/:token')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, max-age=300')
  @ApiOperation({ summary: 'An iCalendar feed; the secret token in the URL is the only credential' })
  @ApiProblems(404)
  calendar(@Param('token') token: string): Promise<string> {
    return this.mine.calendar(token);
  }
}
