import { Injectable } from '@nestjs/common';
import type { CentreAvailabilityDto, NonBookableReason, SlotAvailabilityDto } from '@invigil/contracts';
import { DateTime } from 'luxon';
import type { Actor } from '../../core/auth/actor';
import { TransactionRunner } from '../../core/database/transaction-runner';
import { Problem } from '../../core/errors/problem';
import { CentresService } from '../centres/centres.service';
import { canRunExams } from '../centres/domain/accreditation';
import { BOOKERS } from './bookings.service';
import { vmHoursOf } from './domain/block-requirements';
import { checkBookingWindow } from './domain/booking-window-policy';
import { overlapping } from './domain/overlapping';
import { OpeningInterval } from './domain/slot-generation';
import { SlotCache } from './slot-cache';
import { SchedulingPolicy } from './scheduling-policy';
import { SchedulingRepository } from './scheduling.repository';

const HOUR = 3_600_000;
const MAX_DAYS = 42;
const WHOLE_WEEK: OpeningInterval[] = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
  weekday,
  opens: '00:00',
  closes: '24:00',
}));

/** What a centre can still take, hour by hour, in its own time zone. */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repository: SchedulingRepository,
    private readonly policy: SchedulingPolicy,
    private readonly centres: CentresService,
    private readonly slotCache: SlotCache,
  ) {}

  async forCentre(actor: Actor, centreId: string, from: string, to: string): Promise<CentreAvailabilityDto> {
    const em = this.tx.manager;
    const centre = await this.repository.findCentre(em, centreId);
    if (!centre) throw Problem.notFound('Centre');
    actor.requireInstitutionRole(centre.institutionId, BOOKERS, { what: 'Centre' });
    const first = DateTime.fromISO(from, { zone: centre.timeZone });
    const last = DateTime.fromISO(to, { zone: centre.timeZone });
    if (!first.isValid)
      throw Problem.validation([{ field: 'from', messages: ['from is not a calendar date'] }]);
    if (!last.isValid) throw Problem.validation([{ field: 'to', messages: ['to is not a calendar date'] }]);
    if (last < first) throw Problem.validation([{ field: 'to', messages: ['to must not be before from'] }]);
    if (last.diff(first, 'days').days >= MAX_DAYS)
      throw Problem.validation([{ field: 'to', messages: [`the range may span at most ${MAX_DAYS} days`] }]);

    const now = new Date();
    const slots = this.slotCache.slots(WHOLE_WEEK, centre.timeZone, from, to);
    const rangeStart = slots.length ? slots[0].start : first.toJSDate();
    const rangeEnd = slots.length
      ? new Date(slots[slots.length - 1].start.getTime() + HOUR)
      : last.toJSDate();
    const days = [...new Set(slots.map((s) => s.localStart.slice(0, 10)))];
    const [context, trainedByDay] = await Promise.all([
      this.repository.availabilityContext(em, centre.id, rangeStart, rangeEnd),
      this.centres.trainedProctorIdsByDay(centre.id, days, em),
    ]);
    if (!context) throw Problem.notFound('Centre');
    const { labs } = context;
    const poolId = centre.vmPoolId;
    const open = new Set(
      this.slotCache.slots(context.hours, centre.timeZone, from, to).map((s) => s.start.getTime()),
    );
    const window = this.policy.windowFrom(context.rules);
    const allTrained = [...new Set([...trainedByDay.values()].flat())];
    const proctorBlocks = await this.repository.proctorBlocks(em, allTrained, rangeStart, rangeEnd);

    const capacityByHour = new Map(context.capacity.map((c) => [Date.parse(c.hour), c]));
    const lapsedByHour = new Map(context.lapsed.map((h) => [Date.parse(h.hour), h.lapsed]));
    const peakPeriods = context.peaks.map((p) => ({
      starts: new Date(p.startsAt),
      ends: new Date(p.endsAt),
    }));
    const accredited = canRunExams(centre.accreditationStatus);
    // instants as numbers once, so the per-slot loops below allocate nothing
    const offline = context.maintenance.map((m) => ({
      from: Date.parse(m.startsAt),
      to: Date.parse(m.endsAt),
      vms: m.vmsOffline,
    }));
    const labBlocks = context.labBlocks.map((b) => ({
      labId: b.labId,
      from: Date.parse(b.startsAt),
      to: Date.parse(b.endsAt),
    }));
    const poolCapacity = context.poolCapacityPerHour ?? 0;

    const vmState = (hour: number): { capacity: number; free: number; offline: boolean } => {
      const row = capacityByHour.get(hour);
      let down = 0;
      for (const m of offline) if (m.from < hour + HOUR && hour < m.to) down += m.vms;
      const cap = row ? row.capacity : Math.max(0, poolCapacity - down);
      const used = (row?.used ?? 0) - (lapsedByHour.get(hour) ?? 0);
      return { capacity: cap, free: Math.max(0, cap - used), offline: down > 0 && cap === 0 };
    };

    const trainedOn = new Map([...trainedByDay].map(([day, ids]) => [day, new Set(ids)]));
    const nobody = new Set<string>();
    // which proctors and labs are busy in each slot, placed once rather than scanned per slot
    const slotStarts = slots.map((slot) => slot.start.getTime());
    const proctorsBusyIn = overlapping(slotStarts, HOUR, proctorBlocks);
    const labsBusyIn = overlapping(slotStarts, HOUR, labBlocks);

    const result: SlotAvailabilityDto[] = slots.map((slot, at) => {
      const start = slot.start.getTime();
      const end = start + HOUR;
      let freeVms: number | null = null;
      let vmCapacity: number | null = null;
      let maintenanceDown = false;
      if (poolId) {
        const states = vmHoursOf(slot.start, new Date(end)).map((h) => vmState(h.getTime()));
        freeVms = Math.min(...states.map((s) => s.free));
        vmCapacity = Math.min(...states.map((s) => s.capacity));
        maintenanceDown = states.some((s) => s.offline);
      }
      const freeLabSeats = labs.map((lab) =>
        labsBusyIn[at].some((b) => b.labId === lab.id) ? 0 : lab.seats,
      );
      const anyLabFree = freeLabSeats.some((n) => n > 0);
      // the day's trained proctors less those of them busy in the slot
      const trained = trainedOn.get(slot.localStart.slice(0, 10)) ?? nobody;
      const busy = new Set<string>();
      for (const p of proctorsBusyIn[at]) if (trained.has(p.proctorId)) busy.add(p.proctorId);
      const freeProctors = trained.size - busy.size;

      let reason: NonBookableReason | null = null;
      let bookableFrom: string | null = null;
      if (!open.has(start) || !accredited) reason = 'closed';
      else {
        const verdict = checkBookingWindow(window, peakPeriods, slot.start, now);
        if (!verdict.bookable) {
          reason =
            verdict.reason === 'too-soon'
              ? 'lead-time'
              : verdict.reason === 'too-soon-peak'
                ? 'peak-period'
                : verdict.reason === 'too-far'
                  ? 'horizon'
                  : 'in-the-past';
          bookableFrom = verdict.earliest?.toISOString() ?? null;
        } else if (maintenanceDown && !anyLabFree) reason = 'maintenance';
        else if (freeProctors === 0 || (!(freeVms && freeVms > 0) && !anyLabFree)) reason = 'full';
      }
      return {
        start: slot.start.toISOString(),
        localStart: slot.localStart,
        offset: slot.offset,
        repeatedHour: slot.repeatedHour,
        freeVms,
        vmCapacity,
        freeLabSeats,
        freeProctors,
        bookable: reason === null,
        reason,
        bookableFrom,
      };
    });

    return {
      centreId: centre.id,
      timeZone: centre.timeZone,
      vmPoolId: poolId,
      region: centre.region,
      from,
      to,
      window,
      setupBufferMinutes: this.policy.setupBufferMinutes,
      labs: labs.map((l) => ({ id: l.id, name: l.name, seats: l.seats })),
      slots: result,
    };
  }
}
