import { createInstitution, createUser, grantRole, signedInAs } from '../factories/identity.factory';
import { footprint, uniqueEmail } from '../factories/institutions.factory';
import { startTestApp, TestApp } from '../support/test-app';

describe('invitations: a class roster from CSV', () => {
  let t: TestApp;
  let institutionId: string;
  let admin: Awaited<ReturnType<typeof signedInAs>>;
  let path: string;
  beforeAll(async () => {
    t = await startTestApp();
    institutionId = (await createInstitution(t.pool, { name: 'Roster College' })).id;
    admin = await signedInAs(t.api, t.pool, 'institution_admin', { institutionId });
    path = `/institutions/${institutionId}/invitations/bulk`;
  });
  afterAll(() => t.close());

  it('invites the valid lines and reports every other line with its number and reason', async () => {
    const member = await createUser(t.pool);
    await grantRole(t.pool, member.id, 'candidate', { institutionId });
    const [ada, bob, cy] = [uniqueEmail('ada'), uniqueEmail('bob'), uniqueEmail('cy')];
    const csv = [
      'Student Number,Name,Email,Role',
      `1001,Ada Lovelace,${ada.toUpperCase()},`,
      `1002,Bob,${bob},proctor`,
      '1003,No Mail,not-an-email,candidate',
      `1004,Ada Again,${ada},candidate`,
      `1005,Member,${member.email},candidate`,
      `1006,Janitor,${uniqueEmail()},janitor`,
      '',
      `1007,"Cy, Jr.",${cy},Instructor`,
    ].join('\r\n');
    const res = await admin.client.post(path, { csv, defaultRole: 'candidate' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      invited: 3,
      skipped: [
        { line: 4, email: 'not-an-email', reason: 'not an email address' },
        { line: 5, email: ada, reason: 'duplicate of line 2' },
        { line: 6, email: member.email, reason: 'already candidate here' },
        { line: 7, email: expect.any(String), reason: expect.stringContaining('unknown role "janitor"') },
      ],
    });
    const invited = await t.pool.query(
      `SELECT email, role FROM invitations WHERE institution_id = $1 AND revoked_at IS NULL ORDER BY email`,
      [institutionId],
    );
    expect(invited.rows).toEqual(
      [
        { email: ada, role: 'candidate' },
        { email: bob, role: 'proctor' },
        { email: cy, role: 'instructor' },
      ].sort((a, b) => a.email.localeCompare(b.email)),
    );
    const mail = await t.pool.query(
      `SELECT to_address, text_body FROM mail_outbox WHERE to_address = ANY($1) ORDER BY to_address`,
      [[ada, bob, cy]],
    );
    expect(mail.rows).toHaveLength(3);
    expect(mail.rows.find((m) => m.to_address === cy)?.text_body).toMatch(/^Hello Cy, Jr\.,/);
    const audit = await t.pool.query(
      `SELECT details FROM audit_log WHERE action = 'invitation.bulk_created' AND institution_id = $1`,
      [institutionId],
    );
    expect(audit.rows[0].details).toMatchObject({ skipped: 4 });
    expect(audit.rows[0].details.invited).toHaveLength(3);
  });

  it('uses the default role for rows without one, and re-inviting replaces the open invitations', async () => {
    const email = uniqueEmail('again');
    expect(
      (await admin.client.post(path, { csv: `email\n${email}\n`, defaultRole: 'proctor' })).body,
    ).toEqual({
      invited: 1,
      skipped: [],
    });
    expect(
      (await admin.client.post(path, { csv: `email\n${email}\n`, defaultRole: 'proctor' })).body.invited,
    ).toBe(1);
    const rows = await t.pool.query(
      `SELECT role, revoked_at IS NOT NULL AS revoked FROM invitations WHERE email = $1 ORDER BY created_at`,
      [email],
    );
    expect(rows.rows).toEqual([
      { role: 'proctor', revoked: true },
      { role: 'proctor', revoked: false },
    ]);
  });

  it('invites a full class of 2,000 in one request', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `big-${i}-${Date.now()}@example.test,Student ${i}`);
    const started = Date.now();
    const res = await admin.client.post(path, { csv: `email,name\n${rows.join('\n')}\n` });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ invited: 2000, skipped: [] });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it.each([
    ['no email column', { csv: 'name,role\nAda,candidate\n' }, 'csv', 'email column'],
    ['only a header', { csv: 'email\n' }, 'csv', 'no one'],
    ['an unclosed quote', { csv: 'email\n"ada@example.test\n' }, 'csv', 'could not be read'],
    ['too many rows', { csv: `email\n${'x@example.test\n'.repeat(2001)}` }, 'csv', 'at most 2000'],
    ['an empty string', { csv: '' }, 'csv', 'csv'],
    ['no csv at all', {}, 'csv', 'csv'],
    [
      'an unknown default role',
      { csv: 'email\na@example.test\n', defaultRole: 'institution_admin' },
      'defaultRole',
      'defaultRole',
    ],
  ])('refuses a roster with %s naming the field, inviting no one', async (_what, body, field, message) => {
    const before = await footprint(t.pool);
    const res = await admin.client.post(path, body);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field, messages: expect.arrayContaining([expect.stringContaining(message)]) },
    ]);
    expect(await footprint(t.pool)).toEqual(before);
  });

  it('refuses a roster over 1 MB, inviting no one', async () => {
    const before = await footprint(t.pool);
    const res = await admin.client.post(path, {
      csv: `email,name\na@example.test,${'x'.repeat(1_000_001)}\n`,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('csv');
    expect(await footprint(t.pool)).toEqual(before);
  });
});
