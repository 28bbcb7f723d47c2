import type { TestingCentreDto } from '@invigil/contracts';
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { apiGet, signInByApi } from './support/api';
import { byTestId, launchBrowser, newPage, step } from './support/browser';
import { expectText } from './support/ui';

const ADMIN = 'admin@northfield.demo';
const PASSWORD = 'invigil-demo-2026';

describe('an institution admin creates a testing centre with a lab', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('signs in, creates the centre and a lab, and both are still there after a reload', async () => {
    const centreName = `Harbourfront Testing Centre ${randomBytes(3).toString('hex')}`;

    await step(page, 'sign in', async () => {
      await page.goto('/login');
      await page.fill(byTestId('login-email'), ADMIN);
      await page.fill(byTestId('login-password'), PASSWORD);
      await page.click(byTestId('login-submit'));
      await page.waitForURL('**/institution/centres');
      await expectText(page, byTestId('user-name'), /\S/);
    });

    await step(page, 'open the centres page', async () => {
      await page.click(byTestId('nav-centres'));
      await page.waitForURL('**/institution/centres');
      await page.waitForSelector(`${byTestId('centres-table')}, ${byTestId('empty-state')}`);
    });

    const centreId = await step(page, 'create the centre', async () => {
      await page.click(byTestId('centre-new'));
      await page.fill(byTestId('centre-name'), centreName);
      // the zone field searches the browser's IANA list
      await page.fill(byTestId('centre-time-zone'), 'vancouver');
      await page.click('mat-option:has-text("America/Vancouver")');
      await page.fill(byTestId('centre-address-line1'), '1055 Canada Place');
      await page.fill(byTestId('centre-city'), 'Vancouver');
      await page.fill(byTestId('centre-region'), 'BC');
      await page.fill(byTestId('centre-postal-code'), 'V6C 0C3');
      await page.fill(byTestId('centre-country'), 'CA');
      await page.click(`${byTestId('centre-access-public')} label`);
      await page.fill(byTestId('centre-fee'), '25');
      await page.click(byTestId('centre-submit'));
      await page.waitForURL(/\/institution\/centres\/[0-9a-f-]{36}$/);
      await expectText(page, byTestId('centre-detail-name'), centreName);
      return new URL(page.url()).pathname.split('/').pop() as string;
    });

    await step(page, 'add a lab with seats', async () => {
      await page.fill(byTestId('lab-name-input'), 'Lab A-101');
      await page.fill(byTestId('lab-seats-input'), '24');
      await page.click(byTestId('lab-add'));
      await expectText(page, byTestId('lab-name'), 'Lab A-101');
      await expectText(page, byTestId('lab-seats'), '24');
    });

    await step(page, 'reload the centre page', async () => {
      await page.reload();
      await expectText(page, byTestId('centre-detail-name'), centreName);
      await expectText(page, byTestId('centre-detail-zone'), 'America/Vancouver');
      await expectText(page, byTestId('centre-detail-address'), '1055 Canada Place');
      await expectText(page, byTestId('centre-detail-access'), 'Open to the public');
      await expectText(page, byTestId('accreditation-status'), 'Applied');
      await expectText(page, byTestId('lab-name'), 'Lab A-101');
      await expectText(page, byTestId('lab-seats'), '24');
    });

    await step(page, 'find it in the centres list after a reload', async () => {
      await page.goto('/institution/centres');
      // let the page finish restoring the session before reloading it again
      await page.waitForSelector(byTestId('centres-table'));
      await page.reload();
      const row = page.locator(byTestId('centre-row'), { hasText: centreName });
      await row.waitFor();
      expect(await row.textContent()).toContain('Vancouver');
    });

    await step(page, 'check it through the API', async () => {
      const { accessToken } = await signInByApi(ADMIN, PASSWORD);
      const centre = await apiGet<TestingCentreDto>(`/centres/${centreId}`, accessToken);
      expect(centre).toMatchObject({
        name: centreName,
        timeZone: 'America/Vancouver',
        accessPolicy: 'public',
        publicProctoringFeeMinor: 2500,
        currency: 'CAD',
        address: {
          line1: '1055 Canada Place',
          city: 'Vancouver',
          region: 'BC',
          postalCode: 'V6C 0C3',
          country: 'CA',
        },
        accreditation: { status: 'applied' },
        canRunExams: false,
      });
      expect(centre.labs).toEqual([expect.objectContaining({ name: 'Lab A-101', seats: 24 })]);
      const listed = await apiGet<TestingCentreDto[]>(
        `/institutions/${centre.institutionId}/centres`,
        accessToken,
      );
      expect(listed.map((c) => c.id)).toContain(centreId);
    });
  });
});
