import { randomUUID } from 'node:crypto';
import { castOfRoles, createInstitution, signedInAs } from '../factories/identity.factory';
import { createPricedExam } from '../factories/vouchers.factory';
import { startTestApp, TestApp } from '../support/test-app';

describe('vouchers: who can fill a seat of an exam block', () => {
  let t: TestApp;
  let cast: Awaited<ReturnType<typeof castOfRoles>>;
  let exam: { id: string; code: string };
  let path: string;

  beforeAll(async () => {
    t = await startTestApp();
    cast = await castOfRoles(t.api, t.pool);
    exam = await createPricedExam(t.pool, cast.body.id);
    path = `/institutions/${cast.institution.id}/entitlement-holders?examId=${exam.id}`;
    const admin = cast.institutionAdmin.client;
    const order = await admin.post(
      `/institutions/${cast.institution.id}/voucher-orders`,
      { items: [{ examId: exam.id, quantity: 5 }] },
      { 'idempotency-key': randomUUID() },
    );
    expect(order.status).toBe(201);
  });
  afterAll(() => t.close());

  const codes = async () => {
    const res = await cast.institutionAdmin.client.get(
      `/institutions/${cast.institution.id}/vouchers?status=available&limit=50`,
    );
    return res.body.items as { id: string; code: string }[];
  };

  it('lists the candidates holding unreserved entitlements for the exam, with how many', async () => {
    expect((await cast.instructor.client.get(path)).body).toEqual([]);
    const other = await signedInAs(t.api, t.pool, 'candidate', { institutionId: cast.institution.id });
    const [a, b, c] = await codes();
    for (const [client, code] of [
      [cast.candidate.client, a.code],
      [cast.candidate.client, b.code],
      [other.client, c.code],
    ] as const) {
      expect((await client.post('/vouchers/redeem', { code })).status).toBe(200);
    }

    const res = await cast.instructor.client.get(path);
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(2);
    expect(res.body).toEqual(
      expect.arrayContaining([
        {
          userId: cast.candidate.user.id,
          email: cast.candidate.user.email,
          displayName: expect.any(String),
          unreserved: 2,
        },
        { userId: other.user.id, email: other.user.email, displayName: expect.any(String), unreserved: 1 },
      ]),
    );
    // a reserved entitlement (seated in a block) no longer counts
    await t.pool.query(`UPDATE vouchers SET status = 'reserved' WHERE redeemed_by = $1`, [other.user.id]);
    const after = await cast.institutionAdmin.client.get(path);
    expect(after.body.map((h: { userId: string }) => h.userId)).toEqual([cast.candidate.user.id]);
  });

  it('is for the institution’s bookers only, and asks for the exam', async () => {
    expect((await cast.proctor.client.get(path)).status).toBe(403);
    expect((await cast.candidate.client.get(path)).status).toBe(403);
    const other = await createInstitution(t.pool, { name: `Other ${randomUUID().slice(0, 6)}` });
    const outsider = await signedInAs(t.api, t.pool, 'instructor', { institutionId: other.id });
    expect((await outsider.client.get(path)).status).toBe(404);
    const noExam = await cast.instructor.client.get(
      `/institutions/${cast.institution.id}/entitlement-holders`,
    );
    expect(noExam.status).toBe(400);
    expect(noExam.body.type).toBe('/problems/validation-failed');
  });
});
