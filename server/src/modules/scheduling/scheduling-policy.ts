import { Injectable } from '@nestjs/common';
import type { BookingWindowDto } from '@invigil/contracts';
import { LRUCache } from 'lru-cache';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../../core/config/app-config';
import { BookingWindow, effectiveWindow } from './domain/booking-window-policy';
import { hoursOccupied } from './domain/block-requirements';
import { occupiedSlots, OpeningInterval, Slot } from './domain/slot-generation';
import { SlotCache } from './slot-cache';
import { BookingRulesRow, SchedulingRepository } from './scheduling.repository';

/** The configured rules every booking is judged by: window, set-up buffer, hold, cut-off. */
@Injectable()
export class SchedulingPolicy {
  private readonly slotAnswers = new LRUCache<string, { slot: Slot | null }>({ max: 5000 });

  constructor(
    private readonly config: AppConfig,
    private readonly repository: SchedulingRepository,
    private readonly slotCache: SlotCache,
  ) {}

  get platformWindow(): BookingWindow {
    return {
      minLeadDays: this.config.BOOKING_MIN_LEAD_DAYS,
      peakMinLeadDays: this.config.BOOKING_PEAK_MIN_LEAD_DAYS,
      maxHorizonDays: this.config.BOOKING_MAX_HORIZON_DAYS,
    };
  }

  get setupBufferMinutes(): number {
    return this.config.BOOKING_SETUP_BUFFER_MINUTES;
  }

  get holdMinutes(): number {
    return this.config.BOOKING_HOLD_MINUTES;
  }

  get cutoffHours(): number {
    return this.config.BOOKING_CHANGE_CUTOFF_HOURS;
  }

  /** The stricter of the platform's window and the institution's own rules. */
  async windowFor(em: EntityManager, institutionId: string): Promise<BookingWindowDto> {
    return this.windowFrom(await this.repository.bookingRules(em, institutionId));
  }

  windowFrom(rules: BookingRulesRow | null): BookingWindowDto {
    return effectiveWindow(this.platformWindow, {
      minLeadDays: rules?.minLeadDays ?? undefined,
      peakMinLeadDays: rules?.peakMinLeadDays ?? undefined,
      maxHorizonDays: rules?.maxHorizonDays ?? undefined,
    });
  }

  hoursOf(durationMinutes: number): number {
    return hoursOccupied(durationMinutes, this.setupBufferMinutes);
  }

  /**
   * The slot a block would start in, if `start` is a slot of the centre and every hour the exam
   * occupies is within opening hours; null otherwise.
   */
  slotFor(
    hours: readonly OpeningInterval[],
    zone: string,
    start: Date,
    durationMinutes: number,
  ): Slot | null {
    // a pure function of its inputs, asked again for every booking of a popular hour: its
    // answers are kept, keyed by every input (a changed opening hour is another key)
    const key = JSON.stringify([hours, zone, start.getTime(), durationMinutes, this.setupBufferMinutes]);
    const known = this.slotAnswers.get(key);
    if (known !== undefined) return known.slot;
    const slot = this.findSlot(hours, zone, start, durationMinutes);
    this.slotAnswers.set(key, { slot });
    return slot;
  }

  private findSlot(
    hours: readonly OpeningInterval[],
    zone: string,
    start: Date,
    durationMinutes: number,
  ): Slot | null {
    const local = DateTime.fromJSDate(start, { zone });
    // the start's local day and the next (a late block may run past midnight)
    const slots = this.slotCache.slots(
      hours,
      zone,
      local.toISODate() as string,
      local.plus({ days: 1 }).toISODate() as string,
    );
    const slot = slots.find((s) => s.start.getTime() === start.getTime());
    if (!slot) return null;
    const needed = this.hoursOf(durationMinutes);
    const occupied = occupiedSlots(slots, start, durationMinutes, this.setupBufferMinutes);
    // every hour the exam touches must be an open hour of the centre, one after another
    const consecutive = occupied.every((s, i) => s.start.getTime() === start.getTime() + i * 3_600_000);
    return occupied.length === needed && consecutive ? slot : null;
  }
}
