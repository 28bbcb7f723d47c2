import { Injectable } from '@nestjs/common';
import { generateSlots, OpeningInterval, Slot } from './domain/slot-generation';

const MAX_ENTRIES = 2000;

/**
 * Slot generation is a pure function of (opening hours, zone, dates) but costs thousands of
 * time-zone look-ups for a few weeks; the same centre's weeks are asked for again and again, so
 * results are kept (least recently used dropped first).
 */
@Injectable()
export class SlotCache {
  private readonly entries = new Map<string, readonly Slot[]>();

  slots(hours: readonly OpeningInterval[], zone: string, fromDate: string, toDate: string): readonly Slot[] {
    const key = JSON.stringify([hours, zone, fromDate, toDate]);
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const slots = Object.freeze(generateSlots(hours, zone, fromDate, toDate));
    this.entries.set(key, slots);
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    return slots;
  }
}
