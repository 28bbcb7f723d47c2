import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { BookingDto, SlotAvailabilityDto } from '@invigil/contracts';
import { centreSlots } from '../../core/scheduling/centre-slots';
import { buildWeekGrid } from '../../core/scheduling/week-grid';
import { WeekGridComponent } from './week-grid.component';

const WINDOW = { minLeadDays: 14, peakMinLeadDays: 21, maxHorizonDays: 120 };

function dto(localStart: string, start: string, offset: string, over: Partial<SlotAvailabilityDto> = {}) {
  return {
    start,
    localStart,
    offset,
    repeatedHour: false,
    freeVms: 40,
    vmCapacity: 50,
    freeLabSeats: [24],
    freeProctors: 2,
    bookable: true,
    reason: null,
    bookableFrom: null,
    ...over,
  } satisfies SlotAvailabilityDto;
}

/** Toronto's week of 26 October 2026: on Sunday 1 November 01:00 happens twice. */
const slots = centreSlots({
  labs: [{ id: 'lab-a', name: 'Lab A', seats: 24 }],
  slots: [
    dto('2026-10-26T01:00', '2026-10-26T05:00:00.000Z', '-04:00', { bookable: false, reason: 'lead-time' }),
    dto('2026-11-01T01:00', '2026-11-01T05:00:00.000Z', '-04:00'),
    dto('2026-11-01T01:00', '2026-11-01T06:00:00.000Z', '-05:00', { repeatedHour: true, freeProctors: 0 }),
  ],
});

async function render(viewerZone: string, blocks: BookingDto[] = []) {
  TestBed.configureTestingModule({ imports: [WeekGridComponent], providers: [provideRouter([])] });
  const fixture = TestBed.createComponent(WeekGridComponent);
  fixture.componentRef.setInput('grid', buildWeekGrid(slots, '2026-10-26'));
  fixture.componentRef.setInput('timeZone', 'America/Toronto');
  fixture.componentRef.setInput('viewerZone', viewerZone);
  fixture.componentRef.setInput('window', WINDOW);
  fixture.componentRef.setInput('blocks', blocks);
  await fixture.whenStable();
  return { fixture, page: fixture.nativeElement as HTMLElement };
}

const text = (el: Element | null | undefined): string => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('WeekGridComponent', () => {
  it('shows both slots of the repeated hour, each with its UTC offset', async () => {
    const { page } = await render('America/Toronto');
    const sunday = Array.from(page.querySelectorAll('[data-start^="2026-11-01"]'));
    expect(sunday).toHaveLength(2);
    expect(sunday.map((b) => text(b.querySelector('[data-testid="slot-offset"]')))).toEqual([
      'UTC−04:00',
      'UTC−05:00',
    ]);
    expect(text(sunday[1].querySelector('[data-testid="slot-proctors"]'))).toBe('0 proctors');
    // the Monday of that hour is greyed with its reason, and cannot be clicked
    const monday = page.querySelector('[data-start="2026-10-26T05:00:00.000Z"]') as HTMLButtonElement;
    expect(monday.disabled).toBe(true);
    expect(monday.getAttribute('data-testid')).toBe('slot-lead-time');
    expect(text(monday)).toBe('Lead time');
    expect(monday.getAttribute('aria-label')).toContain('at least 14 days ahead');
  });

  it('adds the viewer clock beside the centre hour only when it differs', async () => {
    const same = await render('America/New_York');
    expect(same.page.querySelector('.hour-col .viewer')).toBeNull();
    TestBed.resetTestingModule();
    const berlin = await render('Europe/Berlin');
    expect(text(berlin.page.querySelector('tbody .hour-col .viewer'))).toBe('06:00');
  });

  it('emits the slot chosen and marks the blocks it holds', async () => {
    const block = {
      id: 'b1',
      examCode: 'MO-200',
      examTitle: 'Excel',
      seats: 30,
      filledSeats: 2,
      labName: null,
      status: 'confirmed',
      occupiedHours: ['2026-11-01T05:00:00.000Z'],
    } as unknown as BookingDto;
    const { fixture, page } = await render('America/Toronto', [block]);
    const chosen: string[] = [];
    fixture.componentInstance.chosen.subscribe((s) => chosen.push(s.start));
    (page.querySelector('[data-start="2026-11-01T05:00:00.000Z"]') as HTMLButtonElement).click();
    expect(chosen).toEqual(['2026-11-01T05:00:00.000Z']);
    expect(Array.from(page.querySelectorAll('[data-testid="grid-block"]')).map(text)).toEqual([
      'MO-200 · 30',
    ]);
  });
});
