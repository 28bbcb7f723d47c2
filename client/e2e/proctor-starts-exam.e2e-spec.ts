import type { ExamAttemptDto } from '@invigil/contracts';
import { Client } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { apiGet, signInByApi } from './support/api';
import { byTestId, launchBrowser, newPage, step } from './support/browser';
import { databaseUrl } from './support/harness';
import { expectText, signIn } from './support/ui';

const PROCTOR = 'proctor@northfield.demo';
const INSTRUCTOR = 'instructor@northfield.demo';
const PASSWORD = 'invigil-demo-2026';
const CANDIDATE = 'lucas.martin@northfield.demo';
const CANDIDATE_NAME = 'Lucas Martin';

/**
 * A lab block running now at the Downtown centre, proctored by the demo proctor, with the
 * candidate seated on a fresh MO-200 entitlement. Bookable blocks start two weeks ahead at the
 * earliest, so this one is written in SQL, its voucher walking the lifecycle a step at a time.
 */
async function blockRunningNow(): Promise<string> {
  const database = process.env.INVIGIL_E2E_DATABASE;
  if (!database) throw new Error('INVIGIL_E2E_DATABASE is not set: run through client/e2e/jest.config.cjs');
  const db = new Client({ connectionString: databaseUrl(database) });
  await db.connect();
  try {
    const { rows } = await db.query<{ bookingId: string }>(
      `WITH lab AS (
         SELECT l.id, c.id AS centre_id, c.institution_id FROM labs l JOIN testing_centres c ON c.id = l.centre_id
          WHERE c.name = 'Northfield Downtown Testing Centre' AND l.name = 'Lab B'
       ), people AS (
         SELECT (SELECT id FROM users WHERE email = $1) AS proctor, (SELECT id FROM users WHERE email = $2) AS instructor
       )
       INSERT INTO bookings (centre_id, institution_id, exam_id, delivery_mode, seats, filled_seats, lab_id,
                             starts_at, ends_at, status, booked_by)
       SELECT lab.centre_id, lab.institution_id, (SELECT id FROM exams WHERE code = 'MO-200'), 'in_lab', 4, 1, lab.id,
              now() - interval '5 minutes', now() + interval '55 minutes', 'confirmed', people.instructor
         FROM lab, people
       RETURNING id AS "bookingId"`,
      [PROCTOR, INSTRUCTOR],
    );
    const bookingId = rows[0].bookingId;
    await db.query(
      `INSERT INTO booking_proctors (booking_id, centre_id, proctor_id, during)
       SELECT b.id, b.centre_id, u.id, b.during FROM bookings b, users u WHERE b.id = $1 AND u.email = $2`,
      [bookingId, PROCTOR],
    );
    const voucher = await db.query<{ id: string }>(
      `UPDATE vouchers SET status = 'redeemed', redeemed_by = (SELECT id FROM users WHERE email = $1), redeemed_at = now()
        WHERE id = (SELECT v.id FROM vouchers v JOIN exams e ON e.id = v.exam_id
                     WHERE e.code = 'MO-200' AND v.status = 'available' AND v.institution_id IS NOT NULL
                     ORDER BY v.id DESC LIMIT 1)
        RETURNING id`,
      [CANDIDATE],
    );
    await db.query(`UPDATE vouchers SET status = 'reserved' WHERE id = $1`, [voucher.rows[0].id]);
    await db.query(
      `INSERT INTO booking_candidates (booking_id, candidate_id, voucher_id, during)
       SELECT b.id, u.id, $3, b.during FROM bookings b, users u WHERE b.id = $1 AND u.email = $2`,
      [bookingId, CANDIDATE, voucher.rows[0].id],
    );
    return bookingId;
  } finally {
    await db.end();
  }
}

describe('a proctor checks a candidate’s ID and starts their exam', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens the running block from My blocks, starts the seated candidate’s exam, and it shows in progress', async () => {
    const bookingId = await blockRunningNow();

    await step(page, 'sign in as the proctor', async () => {
      await page.goto('/login');
      await page.fill(byTestId('login-email'), PROCTOR);
      await page.fill(byTestId('login-password'), PASSWORD);
      await page.click(byTestId('login-submit'));
      await page.waitForURL('**/me/blocks');
    });

    await step(page, 'open the block running now', async () => {
      await page.click(`${byTestId('my-block-link')}[href$="${bookingId}"]`);
      await page.waitForURL(`**/institution/bookings/${bookingId}`);
      await page
        .locator(byTestId('roster-row'), { hasText: CANDIDATE_NAME })
        .locator(byTestId('roster-start'))
        .waitFor({ state: 'visible' });
    });

    await step(page, 'check the ID and start the exam', async () => {
      await page
        .locator(byTestId('roster-row'), { hasText: CANDIDATE_NAME })
        .locator(byTestId('roster-start'))
        .click();
      await page.click(byTestId('confirm-ok'));
      await page
        .locator(byTestId('roster-row'), { hasText: CANDIDATE_NAME })
        .locator(byTestId('roster-attempt'), { hasText: 'In progress' })
        .waitFor({ state: 'visible' });
      expect(await page.locator(byTestId('roster-start')).count()).toBe(0);
    });

    await step(page, 'the attempt is recorded and survives a reload', async () => {
      await page.reload();
      await page
        .locator(byTestId('roster-attempt'), { hasText: 'In progress' })
        .waitFor({ state: 'visible' });
      const { accessToken } = await signInByApi(PROCTOR, PASSWORD);
      const attempts = await apiGet<ExamAttemptDto[]>(`/bookings/${bookingId}/attempts`, accessToken);
      expect(attempts).toEqual([
        expect.objectContaining({ candidateName: CANDIDATE_NAME, outcome: 'in_progress' }),
      ]);
    });

    const candidatePage = await newPage(browser);
    await step(candidatePage, "the candidate's exam page shows it started", async () => {
      await signIn(candidatePage, CANDIDATE, '**/me/exams');
      await candidatePage.goto(`/me/exams/${bookingId}`);
      await expectText(candidatePage, byTestId('exam-room-status'), 'In progress');
      await expectText(candidatePage, byTestId('exam-room-status'), 'started your exam');
    });
    await candidatePage.context().close();
  });
});
