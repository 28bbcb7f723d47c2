import { Injectable } from '@nestjs/common';
import type { CalendarFeedDto, ProctoringBlockDto, UpcomingExamDto } from '@invigil/contracts';
import { createHash, randomBytes } from 'node:crypto';
import { AuditService } from '../../core/audit/audit.service';
import type { Actor } from '../../core/auth/actor';
import { AppConfig } from '../../core/config/app-config';
import { TransactionRunner } from '../../core/database/transaction-runner';
import { Problem } from '../../core/errors/problem';
import { blockPageUrl, examPageUrl } from './booking-notifications';
import { localParts } from '../../core/time/instants';
import { changeCutoffAt } from './domain/block-requirements';
import { toICalendar } from './domain/icalendar';
import { ProctoringFees } from '../vouchers/proctoring-fees';
import { SchedulingPolicy } from './scheduling-policy';
import { SchedulingRepository } from './scheduling.repository';

const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest();
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** A person's own schedule: a candidate's upcoming exams, a proctor's blocks, the calendar feed. */
@Injectable()
export class MyScheduleService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repository: SchedulingRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly fees: ProctoringFees,
    private readonly policy: SchedulingPolicy,
  ) {}

  async upcomingExams(actor: Actor): Promise<UpcomingExamDto[]> {
    const rows = await this.repository.upcomingOfCandidate(this.tx.manager, actor.userId);
    const fees = await this.fees.feesOf(
      this.tx.manager,
      actor.userId,
      rows.map((b) => b.id),
    );
    return rows.map((b) => {
      const start = new Date(b.startsAt);
      const online = b.deliveryMode === 'online_proctored';
      return {
        bookingId: b.id,
        examCode: b.examCode,
        examTitle: b.examTitle,
        durationMinutes: b.durationMinutes,
        deliveryMode: b.deliveryMode,
        start: start.toISOString(),
        centreName: b.centreName,
        centreTimeZone: b.timeZone,
        ...localParts(start, b.timeZone),
        labName: b.labName,
        address: online ? null : b.address,
        onlineUrl: online ? examPageUrl(this.config.PUBLIC_URL, b.id) : null,
        fee: fees.get(b.id) ?? null,
        giveBackUntil: b.selfSeated ? changeCutoffAt(start, this.policy.cutoffHours).toISOString() : null,
      };
    });
  }

  async proctoring(actor: Actor): Promise<ProctoringBlockDto[]> {
    const since = new Date(Date.now() - 7 * 86_400_000);
    const rows = await this.repository.blocksOfProctor(this.tx.manager, actor.userId, since);
    return rows.map((b) => ({
      bookingId: b.id,
      centreId: b.centreId,
      centreName: b.centreName,
      centreTimeZone: b.timeZone,
      examCode: b.examCode,
      examTitle: b.examTitle,
      deliveryMode: b.deliveryMode,
      seats: b.seats,
      start: new Date(b.startsAt).toISOString(),
      end: new Date(b.endsAt).toISOString(),
      localStart: localParts(new Date(b.startsAt), b.timeZone).localStart,
      labName: b.labName,
      status: b.status,
    }));
  }

  /** A new secret feed URL; only its hash is stored, and the previous URL stops working. */
  async renewCalendarFeed(actor: Actor): Promise<CalendarFeedDto> {
    const token = randomBytes(32).toString('base64url');
    await this.tx.run(async (em) => {
      await this.repository.replaceCalendarToken(em, actor.userId, hashToken(token));
      await this.audit.record(em, actor, {
        action: 'calendar_feed.renewed',
        entityType: 'user',
        entityId: actor.userId,
      });
    });
    return { url: `${this.config.PUBLIC_URL}/api/calendar/${token}` };
  }

  /** The iCalendar document behind a feed token: confirmed blocks the user booked or proctors. */
  async calendar(token: string): Promise<string> {
    if (!TOKEN.test(token)) throw Problem.notFound('Calendar');
    const em = this.tx.manager;
    const userId = await this.repository.calendarOwner(em, hashToken(token));
    if (!userId) throw Problem.notFound('Calendar');
    const rows = await this.repository.calendarBlocks(em, userId, new Date(Date.now() - 30 * 86_400_000));
    return toICalendar(
      'Invigil exam blocks',
      rows.map((b) => ({
        uid: `${b.id}@invigil`,
        start: new Date(b.startsAt),
        end: new Date(new Date(b.startsAt).getTime() + b.durationMinutes * 60_000),
        summary: `${b.examCode} ${b.examTitle} — ${b.seats} seat(s), ${b.deliveryMode.replace(/_/g, ' ')}`,
        location:
          b.deliveryMode === 'online_proctored'
            ? 'Online'
            : `${b.centreName}${b.labName ? `, ${b.labName}` : ''}`,
        description: blockPageUrl(this.config.PUBLIC_URL, b.id),
      })),
      new Date(),
    );
  }
}
