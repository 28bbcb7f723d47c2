import type { BookingDto } from '@invigil/contracts';
import type { Browser, Page } from 'playwright-core';
import { apiGet, signInByApi } from './support/api';
import { byTestId, launchBrowser, newPage, step } from './support/browser';
import { expectText } from './support/ui';

const INSTRUCTOR = 'instructor@northfield.demo';
const CANDIDATE = 'candidate@northfield.demo';
const PASSWORD = 'invigil-demo-2026';
const CENTRE_ZONE = 'America/Toronto';
const CANDIDATE_ZONE = 'Europe/Berlin';
/** both hold a redeemed MO-200 entitlement in the demo data */
const CANDIDATES = ['Jordan Lee', 'Priya Shah'];

describe('an instructor books an exam block and fills it; the candidate sees it in their own zone', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('books a block from the calendar, adds two candidates, and the candidate sees both times', async () => {
    const page = await newPage(browser);

    await step(page, 'sign in as the instructor', async () => {
      await signIn(page, INSTRUCTOR);
      await page.waitForURL('**/institution/calendar');
      await page.waitForSelector(byTestId('week-grid'));
      await expectText(page, byTestId('calendar-zone'), CENTRE_ZONE);
    });

    const start = await step(page, 'find a bookable slot, a week at a time', async () => {
      for (let week = 0; week < 4; week++) {
        const free = page.locator(byTestId('slot-bookable'));
        if ((await free.count()) > 0) {
          // an afternoon slot: away from the demo's morning blocks
          const slot = free.nth(Math.min(6, (await free.count()) - 1));
          const iso = (await slot.getAttribute('data-start')) as string;
          await slot.click();
          return iso;
        }
        const label = await page.locator(byTestId('week-label')).textContent();
        await page.click(byTestId('week-next'));
        await page.locator(byTestId('week-label'), { hasNotText: label ?? '' }).waitFor();
        await page.waitForSelector(byTestId('week-grid'));
      }
      throw new Error('no bookable slot in four weeks');
    });

    await step(page, 'hold two online seats of MO-200', async () => {
      await page.waitForSelector(byTestId('booking-form'));
      await page.click(byTestId('booking-exam'));
      await page.click(byTestId('exam-option-MO-200'));
      await page.click(byTestId('booking-mode'));
      await page.click(byTestId('mode-option-online_proctored'));
      await page.fill(byTestId('booking-seats'), '2');
      await page.click(byTestId('booking-hold-submit'));
      await expectText(page, byTestId('hold-countdown'), /^\s*(10|9):\d\d\s*$/);
      await expectText(page, byTestId('hold-seats'), '2');
      // the countdown runs down on its own
      const first = await page.locator(byTestId('hold-countdown')).textContent();
      await page.locator(byTestId('hold-countdown'), { hasNotText: first ?? '' }).waitFor({ timeout: 5000 });
    });

    const bookingId = await step(page, 'confirm the booking', async () => {
      await page.click(byTestId('booking-confirm'));
      await page.waitForURL(/\/institution\/bookings\/[0-9a-f-]{36}$/);
      await expectText(page, byTestId('booking-status'), 'Confirmed');
      return new URL(page.url()).pathname.split('/').pop() as string;
    });

    for (const name of CANDIDATES) {
      await step(page, `add ${name} to the roster`, async () => {
        await page.click(byTestId('roster-candidate'));
        await page.click(`mat-option:has-text("${name}")`);
        await page.click(byTestId('roster-add'));
        await expectText(page, byTestId('roster-name'), name);
      });
    }

    await step(page, 'the roster is full and the API agrees', async () => {
      await expectText(page, byTestId('roster-count'), '2 of 2 seats');
      const { accessToken } = await signInByApi(INSTRUCTOR, PASSWORD);
      const booking = await apiGet<BookingDto>(`/bookings/${bookingId}`, accessToken);
      expect(booking).toMatchObject({
        status: 'confirmed',
        examCode: 'MO-200',
        deliveryMode: 'online_proctored',
        seats: 2,
        filledSeats: 2,
        start,
        timeZone: CENTRE_ZONE,
      });
      expect(booking.candidates.map((c) => c.displayName).sort()).toEqual([...CANDIDATES].sort());
    });
    await page.context().close();

    const candidatePage = await newPage(browser, { timezoneId: CANDIDATE_ZONE });
    await step(candidatePage, 'the candidate sees the exam in the centre zone and their own', async () => {
      await signIn(candidatePage, CANDIDATE);
      await candidatePage.waitForURL('**/me/exams');
      const exam = candidatePage.locator(byTestId('my-exam'), { hasText: 'MO-200' }).filter({
        hasText: clock(start, CENTRE_ZONE),
      });
      await exam.first().waitFor();
      const centre = await exam.first().locator(byTestId('time-centre')).textContent();
      const own = await exam.first().locator(byTestId('time-viewer')).textContent();
      expect(centre).toContain(`${clock(start, CENTRE_ZONE)} `);
      expect(centre).toContain(`(${CENTRE_ZONE})`);
      expect(own).toContain(`${clock(start, CANDIDATE_ZONE)} `);
      expect(own).toContain(`(${CANDIDATE_ZONE})`);
      expect(await exam.first().locator(byTestId('my-exam-place')).textContent()).toContain(
        'Northfield Downtown Testing Centre',
      );
    });
    await candidatePage.context().close();
  });
});

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/login');
  await page.fill(byTestId('login-email'), email);
  await page.fill(byTestId('login-password'), PASSWORD);
  await page.click(byTestId('login-submit'));
}

/** "14:00" of an instant in a zone, as the page writes it. */
function clock(iso: string, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}
