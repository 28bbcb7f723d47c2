import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { generateSlots, OpeningInterval, Slot } from './domain/slot-generation';

const MAX_ENTRIES = 2000;

/**
 * Slot generation is a pure function of (opening hours, zone, dates) but costs thousands of
 * time-zone look-ups for a few weeks; the same centre's weeks are asked for again and again, so
 * results are kept (least recently used dropped first). The key is the whole input, so a
 * changed opening hour or zone is simply another entry: nothing here can go stale.
 */
@Injectable()
export class SlotCache {
  private readonly entries = new LRUCache<string, readonly Slot[]>({ max: MAX_ENTRIES });

  slots(hours: readonly OpeningInterval[], zone: string, fromDate: string, toDate: string): readonly Slot[] {
    const key = JSON.stringify([hours, zone, fromDate, toDate]);
    let slots = this.entries.get(key);
    if (!slots) {
      slots = Object.freeze(generateSlots(hours, zone, fromDate, toDate));
      this.entries.set(key, slots);
    }
    return slots;
  }
}
