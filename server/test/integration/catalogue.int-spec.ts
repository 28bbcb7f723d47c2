import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { seedDemoCatalogue } from '../../src/seed/demo-catalogue';
import {
  catalogueCounts,
  createCredential,
  createExam,
  credentialRequest,
  examRequest,
} from '../factories/catalogue.factory';
import { castOfRoles, createCertificationBody, signedInAs } from '../factories/identity.factory';
import type { ApiClient, ApiResponse } from '../support/api-client';
import { startTestApp, TestApp } from '../support/test-app';

type Cast = Awaited<ReturnType<typeof castOfRoles>>;
type CastRole =
  | 'operator'
  | 'bodyAdmin'
  | 'otherBodyAdmin'
  | 'institutionAdmin'
  | 'instructor'
  | 'proctor'
  | 'candidate';
const ROLES: CastRole[] = [
  'operator',
  'bodyAdmin',
  'otherBodyAdmin',
  'institutionAdmin',
  'instructor',
  'proctor',
  'candidate',
];
const MAY_EDIT_CATALOGUE: CastRole[] = ['operator', 'bodyAdmin'];

const fieldsOf = (res: ApiResponse) => ((res.body?.errors ?? []) as { field: string }[]).map((e) => e.field);

/** A refusal that names the field, as problem+json. */
function expectFieldRefused(res: ApiResponse, field: string) {
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body.type).toBe('/problems/validation-failed');
  expect(fieldsOf(res)).toContain(field);
}

describe('catalogue: certification bodies, exams, credentials and stacking rules', () => {
  let t: TestApp;
  let cast: Cast;
  let clients: Record<CastRole, ApiClient>;
  let otherBody: { id: string; code: string };
  let operator: ApiClient;
  let bodyAdmin: ApiClient;

  beforeAll(async () => {
    t = await startTestApp();
    cast = await castOfRoles(t.api, t.pool);
    otherBody = await createCertificationBody(t.pool);
    const otherAdmin = await signedInAs(t.api, t.pool, 'certification_body_admin', {
      certificationBodyId: otherBody.id,
    });
    clients = {
      operator: cast.operator.client,
      bodyAdmin: cast.bodyAdmin.client,
      otherBodyAdmin: otherAdmin.client,
      institutionAdmin: cast.institutionAdmin.client,
      instructor: cast.instructor.client,
      proctor: cast.proctor.client,
      candidate: cast.candidate.client,
    };
    operator = clients.operator;
    bodyAdmin = clients.bodyAdmin;
  });
  afterAll(() => t.close());

  const postExam = (client: ApiClient, bodyId: string, overrides: Record<string, unknown> = {}) =>
    client.post(`/certification-bodies/${bodyId}/exams`, { ...examRequest(), ...overrides });

  describe('who may do what', () => {
    it.each(ROLES)('%s may read the whole catalogue', async (role) => {
      const exam = await createExam(t.pool, cast.body.id);
      const client = clients[role];
      expect((await client.get('/certification-bodies')).status).toBe(200);
      expect((await client.get('/exams')).status).toBe(200);
      expect((await client.get(`/exams/${exam.id}`)).status).toBe(200);
      expect((await client.get('/credentials')).status).toBe(200);
    });

    it.each(ROLES.map((role) => [role, role === 'operator' ? 201 : 403] as const))(
      '%s creating a certification body gets %i',
      async (role, status) => {
        const code = `body-${randomBytes(4).toString('hex')}`;
        const res = await clients[role].post('/certification-bodies', { code, name: `Body ${code}` });
        expect(res.status).toBe(status);
        const stored = await t.pool.query(`SELECT 1 FROM certification_bodies WHERE code = $1`, [code]);
        expect(stored.rowCount).toBe(status === 201 ? 1 : 0);
      },
    );

    it.each(ROLES.map((role) => [role, MAY_EDIT_CATALOGUE.includes(role) ? 'allowed' : 'refused'] as const))(
      '%s is %s to write exams and credentials of the body',
      async (role, verdict) => {
        const client = clients[role];
        const exam = await createExam(t.pool, cast.body.id);
        const credential = await createCredential(t.pool, cast.body.id, { examIds: [exam.id] });
        const before = await t.pool.query(`SELECT title FROM exams WHERE id = $1`, [exam.id]);

        const responses = [
          await postExam(client, cast.body.id),
          await client.patch(`/exams/${exam.id}`, { title: 'Renamed by a test' }),
          await client.post(
            `/certification-bodies/${cast.body.id}/credentials`,
            credentialRequest({ examIds: [exam.id] }),
          ),
          await client.put(
            `/credentials/${credential.id}`,
            credentialRequest({ examIds: [exam.id] }, { code: credential.code, title: 'Retitled' }),
          ),
        ];
        const statuses = responses.map((r) => r.status);
        if (verdict === 'allowed') {
          expect(statuses).toEqual([201, 200, 201, 200]);
        } else {
          expect(statuses).toEqual([403, 403, 403, 403]);
          for (const res of responses) expect(res.body.type).toBe('/problems/forbidden');
          const after = await t.pool.query(`SELECT title FROM exams WHERE id = $1`, [exam.id]);
          expect(after.rows).toEqual(before.rows);
        }
      },
    );

    it("refuses a body admin on another body's exams and credentials, and changes nothing", async () => {
      const exam = await createExam(t.pool, otherBody.id);
      const credential = await createCredential(t.pool, otherBody.id, { examIds: [exam.id] });
      const before = await catalogueCounts(t.pool);
      const refused = [
        await postExam(bodyAdmin, otherBody.id),
        await bodyAdmin.patch(`/exams/${exam.id}`, { active: false }),
        await bodyAdmin.post(
          `/certification-bodies/${otherBody.id}/credentials`,
          credentialRequest({ examIds: [exam.id] }),
        ),
        await bodyAdmin.put(
          `/credentials/${credential.id}`,
          credentialRequest({ examIds: [exam.id] }, { code: credential.code }),
        ),
      ];
      expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403]);
      expect(await catalogueCounts(t.pool)).toEqual(before);
      expect((await t.pool.query(`SELECT active FROM exams WHERE id = $1`, [exam.id])).rows[0].active).toBe(
        true,
      );
    });

    it('answers 404 for exams, credentials and bodies that do not exist, 400 for ids that are not ids', async () => {
      const missing = randomUUID();
      expect((await clients.candidate.get(`/exams/${missing}`)).status).toBe(404);
      expect((await operator.patch(`/exams/${missing}`, { title: 'x' })).status).toBe(404);
      expect(
        (await operator.put(`/credentials/${missing}`, credentialRequest({ examIds: [missing] }))).status,
      ).toBe(404);
      expect((await postExam(operator, missing)).status).toBe(404);
      expect(
        (
          await operator.post(
            `/certification-bodies/${missing}/credentials`,
            credentialRequest({ examIds: [missing] }),
          )
        ).status,
      ).toBe(404);
      expectFieldRefused(await clients.candidate.get('/exams/not-a-uuid'), 'id');
      expectFieldRefused(await postExam(operator, 'not-a-uuid'), 'bodyId');
    });
  });

  describe('certification bodies', () => {
    it('creates a body, lists it, audits it, and refuses the same code twice', async () => {
      const code = `acme-${randomBytes(3).toString('hex')}`;
      const created = await operator.post('/certification-bodies', {
        code,
        name: 'Acme Certification',
        website: 'https://acme.example/certify',
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        code,
        name: 'Acme Certification',
        website: 'https://acme.example/certify',
      });
      const list = await clients.candidate.get('/certification-bodies');
      expect(list.body).toContainEqual(created.body);
      const audit = await t.pool.query(
        `SELECT action, actor_user_id, certification_body_id FROM audit_log WHERE entity_id = $1`,
        [created.body.id],
      );
      expect(audit.rows).toEqual([
        {
          action: 'certification_body.created',
          actor_user_id: cast.operator.user.id,
          certification_body_id: created.body.id,
        },
      ]);

      const before = await catalogueCounts(t.pool);
      const again = await operator.post('/certification-bodies', { code, name: 'Acme again' });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ type: '/problems/already-exists', field: 'code' });
      expect(await catalogueCounts(t.pool)).toEqual(before);
    });

    it.each([
      ['code', { code: 'Microsoft' }],
      ['code', { code: 'x' }],
      ['code', { code: '-leading' }],
      ['name', { name: '' }],
      ['name', { name: '   ' }],
      ['website', { website: 'not a url' }],
      ['website', { website: 'ftp://files.example' }],
      ['colour', { colour: 'blue' }],
    ])('refuses a body with a bad %s and stores nothing', async (field, patch) => {
      const before = await catalogueCounts(t.pool);
      const res = await operator.post('/certification-bodies', {
        code: `ok-${randomBytes(3).toString('hex')}`,
        name: 'A body',
        ...patch,
      });
      expectFieldRefused(res, field);
      expect(await catalogueCounts(t.pool)).toEqual(before);
    });
  });

  describe('exams', () => {
    it('creates an exam with ordered objectives, serves it back, and audits it', async () => {
      const request = examRequest({
        objectives: [
          { code: '3', description: 'Listed first although numbered 3' },
          { code: '1', description: 'Then one' },
          { code: '2', description: 'Then two' },
        ],
      });
      const res = await bodyAdmin.post(`/certification-bodies/${cast.body.id}/exams`, request);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        ...request,
        id: expect.any(String),
        certificationBodyId: cast.body.id,
        certificationBodyName: cast.body.name,
        active: true,
      });
      expect((await clients.candidate.get(`/exams/${res.body.id}`)).body).toEqual(res.body);
      const audit = await t.pool.query(
        `SELECT action, actor_user_id, certification_body_id, details FROM audit_log WHERE entity_type = 'exam' AND entity_id = $1`,
        [res.body.id],
      );
      expect(audit.rows).toEqual([
        {
          action: 'exam.created',
          actor_user_id: cast.bodyAdmin.user.id,
          certification_body_id: cast.body.id,
          details: expect.objectContaining({ code: request.code, objectives: ['3', '1', '2'] }),
        },
      ]);
    });

    it('refuses a second exam with the same code in one body but allows it in another', async () => {
      const code = `DUP-${randomBytes(2).toString('hex')}`;
      expect((await postExam(operator, cast.body.id, { code })).status).toBe(201);
      const before = await catalogueCounts(t.pool);
      const again = await postExam(operator, cast.body.id, { code });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ type: '/problems/already-exists', field: 'code' });
      expect(await catalogueCounts(t.pool)).toEqual(before);
      expect((await postExam(operator, otherBody.id, { code })).status).toBe(201);
    });

    it.each([
      ['code', { code: 'MO 100' }],
      ['code', { code: '-MO100' }],
      ['code', { code: 'X'.repeat(33) }],
      ['title', { title: '' }],
      ['title', { title: '   ' }],
      ['title', { title: undefined }],
      ['level', { level: 'master' }],
      ['durationMinutes', { durationMinutes: 4 }],
      ['durationMinutes', { durationMinutes: 481 }],
      ['durationMinutes', { durationMinutes: 50.5 }],
      ['passingScore', { passingScore: 1001, maxScore: 1000 }],
      ['passingScore', { passingScore: -1 }],
      ['maxScore', { maxScore: 0, passingScore: 0 }],
      ['deliveryModes', { deliveryModes: [] }],
      ['deliveryModes', { deliveryModes: ['in_lab', 'in_lab'] }],
      ['deliveryModes', { deliveryModes: ['classroom'] }],
      ['deliveryModes', { deliveryModes: 'in_lab' }],
      [
        'objectives.1.code',
        {
          objectives: [
            { code: '1', description: 'a' },
            { code: '1', description: 'b' },
          ],
        },
      ],
      ['objectives.0.code', { objectives: [{ code: 'this objective code is too long', description: 'a' }] }],
      ['objectives.0.description', { objectives: [{ code: '1', description: '' }] }],
      ['objectives', { objectives: undefined }],
      ['price', { price: 165 }],
    ])('refuses an exam with a bad %s and stores nothing', async (field, patch) => {
      const before = await catalogueCounts(t.pool);
      expectFieldRefused(await postExam(operator, cast.body.id, patch), field);
      expect(await catalogueCounts(t.pool)).toEqual(before);
    });

    it('patches only the fields sent, replaces objectives when sent, and audits the change', async () => {
      const created = (await postExam(bodyAdmin, cast.body.id)).body;
      const patched = await bodyAdmin.patch(`/exams/${created.id}`, {
        title: 'Microsoft Word Expert',
        level: 'expert',
        deliveryModes: ['in_lab'],
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toEqual({
        ...created,
        title: 'Microsoft Word Expert',
        level: 'expert',
        deliveryModes: ['in_lab'],
      });

      const objectives = [
        { code: 'B', description: 'Use advanced editing and formatting features' },
        { code: 'A', description: 'Manage document options and settings' },
      ];
      const replaced = await operator.patch(`/exams/${created.id}`, { objectives, active: false });
      expect(replaced.body).toMatchObject({ objectives, active: false, title: 'Microsoft Word Expert' });
      const stored = await t.pool.query(
        `SELECT code FROM exam_objectives WHERE exam_id = $1 ORDER BY position`,
        [created.id],
      );
      expect(stored.rows.map((r) => r.code)).toEqual(['B', 'A']);

      const audit = await t.pool.query(
        `SELECT details FROM audit_log WHERE action = 'exam.updated' AND entity_id = $1 ORDER BY id`,
        [created.id],
      );
      expect(audit.rows).toHaveLength(2);
      expect(audit.rows[0].details.changes).toEqual({
        title: { from: created.title, to: 'Microsoft Word Expert' },
        level: { from: 'associate', to: 'expert' },
        deliveryModes: { from: created.deliveryModes, to: ['in_lab'] },
      });
      expect(Object.keys(audit.rows[1].details.changes).sort()).toEqual(['active', 'objectives']);

      // sending what is already there changes nothing and records nothing
      const before = await catalogueCounts(t.pool);
      const same = await operator.patch(`/exams/${created.id}`, { title: 'Microsoft Word Expert' });
      expect(same.status).toBe(200);
      expect(await catalogueCounts(t.pool)).toEqual(before);
    });

    it.each([
      ['code', { code: 'NEW-CODE' }],
      ['title', { title: null }],
      ['title', { title: '' }],
      ['level', { level: null }],
      ['durationMinutes', { durationMinutes: 1000 }],
      ['passingScore', { passingScore: 1200 }],
      ['maxScore', { maxScore: 500 }],
      ['passingScore', { passingScore: 90, maxScore: 80 }],
      ['deliveryModes', { deliveryModes: [] }],
      ['active', { active: 'yes' }],
      ['active', { active: null }],
      [
        'objectives.2.code',
        {
          objectives: [
            { code: 'd1', description: 'a' },
            { code: 'd2', description: 'b' },
            { code: 'D1', description: 'c' },
          ],
        },
      ],
    ])('refuses a patch with a bad %s and leaves the exam as it was', async (field, patch) => {
      const exam = await createExam(t.pool, cast.body.id);
      const snapshot = async () =>
        (
          await t.pool.query(
            `SELECT e.*, (SELECT json_agg(o ORDER BY o.position) FROM exam_objectives o WHERE o.exam_id = e.id) AS objectives
               FROM exams e WHERE e.id = $1`,
            [exam.id],
          )
        ).rows[0];
      const before = await snapshot();
      const counts = await catalogueCounts(t.pool);
      expectFieldRefused(await operator.patch(`/exams/${exam.id}`, patch), field);
      expect(await snapshot()).toEqual(before);
      expect(await catalogueCounts(t.pool)).toEqual(counts);
    });
  });

  describe('searching and filtering exams', () => {
    let searchBody: { id: string };
    const token = randomBytes(3).toString('hex');
    beforeAll(async () => {
      searchBody = await createCertificationBody(t.pool);
      await createExam(t.pool, searchBody.id, {
        code: 'MO-200',
        title: `Microsoft Excel ${token}`,
        level: 'associate',
      });
      await createExam(t.pool, searchBody.id, {
        code: 'MO-201',
        title: `Microsoft Excel Expert ${token}`,
        level: 'expert',
      });
      await createExam(t.pool, searchBody.id, {
        code: 'MO-100',
        title: `Microsoft Word ${token}`,
        level: 'associate',
      });
      await createExam(t.pool, searchBody.id, {
        code: 'AZ-900',
        title: `Azure 100% Fundamentals ${token}`,
        level: 'fundamentals',
      });
      // same code in another body, to show the body filter at work
      await createExam(t.pool, otherBody.id, { code: 'MO-200', title: `Excel elsewhere ${token}` });
    });
    const codes = async (query: string) => {
      const res = await clients.candidate.get(`/exams?${query}`);
      expect(res.status).toBe(200);
      return (res.body as { code: string; certificationBodyId: string }[]).map((e) => e.code);
    };

    it('filters by certification body, ordered by code', async () => {
      expect(await codes(`certificationBodyId=${searchBody.id}`)).toEqual([
        'AZ-900',
        'MO-100',
        'MO-200',
        'MO-201',
      ]);
    });

    it('searches titles and codes without regard to case', async () => {
      expect(await codes(`certificationBodyId=${searchBody.id}&q=EXCEL`)).toEqual(['MO-200', 'MO-201']);
      expect(await codes(`certificationBodyId=${searchBody.id}&q=mo-2`)).toEqual(['MO-200', 'MO-201']);
      expect(await codes(`q=${token.toUpperCase()}&level=associate`)).toEqual(
        expect.arrayContaining(['MO-100', 'MO-200']),
      );
    });

    it('reads % and _ in a search literally', async () => {
      expect(await codes(`certificationBodyId=${searchBody.id}&q=${encodeURIComponent('100%')}`)).toEqual([
        'AZ-900',
      ]);
      expect(await codes(`certificationBodyId=${searchBody.id}&q=MO_2`)).toEqual([]);
    });

    it('combines the level filter with the others', async () => {
      expect(await codes(`certificationBodyId=${searchBody.id}&level=expert`)).toEqual(['MO-201']);
      expect(await codes(`q=${token}&level=associate`)).toHaveLength(3);
    });

    it('includes the body name and objectives in each listed exam', async () => {
      const res = await clients.candidate.get(`/exams?certificationBodyId=${searchBody.id}&q=MO-100`);
      expect(res.body).toEqual([
        expect.objectContaining({
          certificationBodyName: expect.any(String),
          objectives: [
            { code: '1', description: 'First objective' },
            { code: '2', description: 'Second objective' },
          ],
        }),
      ]);
    });

    it.each([
      ['level', 'level=master'],
      ['certificationBodyId', 'certificationBodyId=microsoft'],
      ['q', `q=${'x'.repeat(101)}`],
      ['sort', 'sort=code'],
    ])('refuses a bad %s filter', async (field, query) => {
      expectFieldRefused(await clients.candidate.get(`/exams?${query}`), field);
    });
  });

  describe('credentials and stacking rules', () => {
    let exams: { id: string; code: string }[];
    beforeAll(async () => {
      exams = [];
      for (const code of ['MO-100', 'MO-200', 'MO-300', 'MO-400', 'MO-500']) {
        exams.push(
          await createExam(t.pool, cast.body.id, { code: `${code}-${randomBytes(2).toString('hex')}` }),
        );
      }
    });
    const postCredential = (rule: Record<string, unknown>, overrides: Record<string, unknown> = {}) =>
      bodyAdmin.post(`/certification-bodies/${cast.body.id}/credentials`, {
        ...credentialRequest({}),
        ...overrides,
        rule,
      });

    it('creates "any 3 of 5" with a readable summary, lists it by body, and audits it', async () => {
      const res = await postCredential({
        kind: 'any',
        minCount: 3,
        examIds: exams.map((e) => e.id).reverse(),
        credentialIds: [],
      });
      expect(res.status).toBe(201);
      const sorted = [...exams].sort((a, b) => a.code.localeCompare(b.code));
      expect(res.body).toMatchObject({
        certificationBodyId: cast.body.id,
        rule: { kind: 'any', minCount: 3, examIds: sorted.map((e) => e.id), credentialIds: [] },
        ruleSummary: `Any 3 of: ${sorted.map((e) => e.code).join(', ')}`,
      });
      const listed = await clients.candidate.get(`/credentials?certificationBodyId=${cast.body.id}`);
      expect(listed.body).toContainEqual(res.body);
      const elsewhere = await clients.candidate.get(`/credentials?certificationBodyId=${otherBody.id}`);
      expect(elsewhere.body.map((c: { id: string }) => c.id)).not.toContain(res.body.id);
      const audit = await t.pool.query(`SELECT action, details FROM audit_log WHERE entity_id = $1`, [
        res.body.id,
      ]);
      expect(audit.rows).toEqual([
        { action: 'credential.created', details: expect.objectContaining({ rule: res.body.ruleSummary }) },
      ]);
    });

    it('stacks credentials on credentials and summarises them by code', async () => {
      const word = await postCredential({
        kind: 'all',
        minCount: null,
        examIds: [exams[0].id],
        credentialIds: [],
      });
      const excel = await postCredential({
        kind: 'all',
        minCount: null,
        examIds: [exams[1].id],
        credentialIds: [],
      });
      expect(word.body.ruleSummary).toBe(exams[0].code);
      const expert = await postCredential({
        kind: 'all',
        minCount: null,
        examIds: [],
        credentialIds: [word.body.id, excel.body.id],
      });
      expect(expert.status).toBe(201);
      const [first, second] = [word.body.code, excel.body.code].sort();
      expect(expert.body.ruleSummary).toBe(`All of: ${first}, ${second}`);
    });

    it('refuses a code already used in the body', async () => {
      const rule = { kind: 'all', minCount: null, examIds: [exams[0].id], credentialIds: [] };
      const first = await postCredential(rule);
      const before = await catalogueCounts(t.pool);
      const again = await postCredential(rule, { code: first.body.code });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ type: '/problems/already-exists', field: 'code' });
      expect(await catalogueCounts(t.pool)).toEqual(before);
    });

    it.each([
      ['rule', () => ({ kind: 'all', minCount: null, examIds: [], credentialIds: [] })],
      ['rule', () => undefined],
      ['rule.kind', () => ({ kind: 'some', minCount: null, examIds: [exams[0].id], credentialIds: [] })],
      [
        'rule.minCount',
        () => ({ kind: 'all', minCount: 2, examIds: [exams[0].id, exams[1].id], credentialIds: [] }),
      ],
      [
        'rule.minCount',
        () => ({ kind: 'any', minCount: null, examIds: [exams[0].id, exams[1].id], credentialIds: [] }),
      ],
      [
        'rule.minCount',
        () => ({ kind: 'any', minCount: 3, examIds: [exams[0].id, exams[1].id], credentialIds: [] }),
      ],
      ['rule.minCount', () => ({ kind: 'any', minCount: 0, examIds: [exams[0].id], credentialIds: [] })],
      [
        'rule.minCount',
        () => ({ kind: 'any', minCount: 1.5, examIds: [exams[0].id, exams[1].id], credentialIds: [] }),
      ],
      [
        'rule.examIds',
        () => ({ kind: 'all', minCount: null, examIds: [exams[0].id, exams[0].id], credentialIds: [] }),
      ],
      ['rule.examIds', () => ({ kind: 'all', minCount: null, examIds: ['MO-100'], credentialIds: [] })],
      ['rule.examIds', () => ({ kind: 'all', minCount: null, examIds: [randomUUID()], credentialIds: [] })],
      ['rule.credentialIds', () => ({ kind: 'all', minCount: null, examIds: [exams[0].id] })],
      [
        'rule.credentialIds',
        () => ({ kind: 'any', minCount: 1, examIds: [], credentialIds: [randomUUID()] }),
      ],
      [
        'rule.weight',
        () => ({ kind: 'all', minCount: null, examIds: [exams[0].id], credentialIds: [], weight: 2 }),
      ],
    ])('refuses a rule with a bad %s and stores nothing', async (field, rule) => {
      const before = await catalogueCounts(t.pool);
      expectFieldRefused(await postCredential(rule() as Record<string, unknown>), field);
      expect(await catalogueCounts(t.pool)).toEqual(before);
    });

    it.each([
      ['code', { code: 'MOS ASSOCIATE' }],
      ['title', { title: '' }],
      ['level', { level: 'master' }],
      ['description', { description: 'x'.repeat(2001) }],
    ])('refuses a credential with a bad %s', async (field, overrides) => {
      const before = await catalogueCounts(t.pool);
      const rule = { kind: 'all', minCount: null, examIds: [exams[0].id], credentialIds: [] };
      expectFieldRefused(await postCredential(rule, overrides), field);
      expect(await catalogueCounts(t.pool)).toEqual(before);
    });

    it('refuses exams and credentials of another body, naming the field, even for the operator', async () => {
      const foreignExam = await createExam(t.pool, otherBody.id);
      const foreignCredential = await createCredential(t.pool, otherBody.id, { examIds: [foreignExam.id] });
      const mine = await createCredential(t.pool, cast.body.id, { examIds: [exams[0].id] });
      const before = await catalogueCounts(t.pool);
      const viaExam = await operator.post(
        `/certification-bodies/${cast.body.id}/credentials`,
        credentialRequest({ kind: 'any', minCount: 1, examIds: [exams[0].id, foreignExam.id] }),
      );
      expectFieldRefused(viaExam, 'rule.examIds');
      expect(viaExam.body.errors[0].messages[0]).toContain(foreignExam.id);
      const viaCredential = await operator.post(
        `/certification-bodies/${cast.body.id}/credentials`,
        credentialRequest({ examIds: [exams[0].id], credentialIds: [foreignCredential.id] }),
      );
      expectFieldRefused(viaCredential, 'rule.credentialIds');
      expect(await catalogueCounts(t.pool)).toEqual(before);

      const viaReplace = await operator.put(
        `/credentials/${mine.id}`,
        credentialRequest({ examIds: [foreignExam.id] }, { code: mine.code }),
      );
      expectFieldRefused(viaReplace, 'rule.examIds');
      expect(await catalogueCounts(t.pool)).toEqual(before);
    });

    it('replaces title, description, level and rule, keeps the code, and audits before and after', async () => {
      const credential = await createCredential(t.pool, cast.body.id, { examIds: [exams[0].id] });
      const res = await bodyAdmin.put(
        `/credentials/${credential.id}`,
        credentialRequest(
          { kind: 'any', minCount: 2, examIds: [exams[1].id, exams[2].id, exams[3].id] },
          { code: credential.code, title: 'Replaced', description: 'New scope', level: 'expert' },
        ),
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: credential.id,
        code: credential.code,
        title: 'Replaced',
        description: 'New scope',
        level: 'expert',
        rule: { kind: 'any', minCount: 2, credentialIds: [] },
        ruleSummary: expect.stringMatching(/^Any 2 of: /),
      });
      expect(res.body.rule.examIds).toHaveLength(3);
      const requirements = await t.pool.query(
        `SELECT exam_id FROM credential_requirements WHERE credential_id = $1`,
        [credential.id],
      );
      expect(requirements.rows.map((r) => r.exam_id).sort()).toEqual(
        [exams[1].id, exams[2].id, exams[3].id].sort(),
      );
      const audit = await t.pool.query(
        `SELECT details FROM audit_log WHERE action = 'credential.updated' AND entity_id = $1`,
        [credential.id],
      );
      expect(audit.rows[0].details).toMatchObject({
        from: { title: `Credential ${credential.code}`, rule: exams[0].code },
        to: { title: 'Replaced', rule: res.body.ruleSummary },
      });

      const renamed = await bodyAdmin.put(
        `/credentials/${credential.id}`,
        credentialRequest({ examIds: [exams[0].id] }, { code: 'SOMETHING-ELSE' }),
      );
      expectFieldRefused(renamed, 'code');
    });

    it('refuses a rule that makes a credential require itself, directly or through a stack', async () => {
      const base = await createCredential(
        t.pool,
        cast.body.id,
        { examIds: [exams[0].id] },
        { code: 'CYCLE-BASE' },
      );
      const middle = await createCredential(
        t.pool,
        cast.body.id,
        { credentialIds: [base.id] },
        { code: 'CYCLE-MIDDLE' },
      );
      const top = await createCredential(
        t.pool,
        cast.body.id,
        { credentialIds: [middle.id] },
        { code: 'CYCLE-TOP' },
      );
      const before = await catalogueCounts(t.pool);

      const loop = await operator.put(
        `/credentials/${base.id}`,
        credentialRequest(
          { kind: 'any', minCount: 1, examIds: [exams[0].id], credentialIds: [top.id] },
          { code: base.code },
        ),
      );
      expect(loop.status).toBe(409);
      expect(loop.body).toMatchObject({
        type: '/problems/stacking-rule-cycle',
        field: 'rule.credentialIds',
        cycle: ['CYCLE-BASE', 'CYCLE-TOP', 'CYCLE-MIDDLE', 'CYCLE-BASE'],
      });
      expect(loop.body.detail).toContain('CYCLE-BASE → CYCLE-TOP → CYCLE-MIDDLE → CYCLE-BASE');

      const itself = await operator.put(
        `/credentials/${top.id}`,
        credentialRequest({ credentialIds: [top.id] }, { code: top.code }),
      );
      expect(itself.status).toBe(409);
      expect(itself.body.cycle).toEqual(['CYCLE-TOP', 'CYCLE-TOP']);
      expect(await catalogueCounts(t.pool)).toEqual(before);
      const baseRule = await t.pool.query(
        `SELECT exam_id, required_credential_id FROM credential_requirements WHERE credential_id = $1`,
        [base.id],
      );
      expect(baseRule.rows).toEqual([{ exam_id: exams[0].id, required_credential_id: null }]);

      // reshaping the stack the other way round is fine
      const reshaped = await operator.put(
        `/credentials/${top.id}`,
        credentialRequest({ examIds: [exams[1].id] }, { code: top.code }),
      );
      expect(reshaped.status).toBe(200);
    });

    it('lets only one of two concurrent edits that together would close a loop succeed', async () => {
      const a = await createCredential(t.pool, cast.body.id, { examIds: [exams[0].id] });
      const b = await createCredential(t.pool, cast.body.id, { examIds: [exams[1].id] });
      const results = await Promise.all([
        operator.put(`/credentials/${a.id}`, credentialRequest({ credentialIds: [b.id] }, { code: a.code })),
        bodyAdmin.put(`/credentials/${b.id}`, credentialRequest({ credentialIds: [a.id] }, { code: b.code })),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const edges = await t.pool.query(
        `SELECT count(*)::int AS n FROM credential_requirements WHERE credential_id = ANY($1) AND required_credential_id IS NOT NULL`,
        [[a.id, b.id]],
      );
      expect(edges.rows[0].n).toBe(1);
    });

    it('refuses a bad certificationBodyId filter', async () => {
      expectFieldRefused(
        await clients.candidate.get('/credentials?certificationBodyId=adobe'),
        'certificationBodyId',
      );
    });
  });

  describe('demo catalogue seed', () => {
    it('loads the demo programmes once: a second run adds nothing and keeps edits', async () => {
      const dataSource = t.app.get(DataSource);
      await dataSource.transaction((em) => seedDemoCatalogue(em));
      const afterFirst = await catalogueCounts(t.pool);
      await t.pool.query(
        `UPDATE exams SET title = 'Word, as renamed by the operator'
          WHERE code = 'MO-100' AND certification_body_id = (SELECT id FROM certification_bodies WHERE code = 'microsoft')`,
      );
      await dataSource.transaction((em) => seedDemoCatalogue(em));
      expect(await catalogueCounts(t.pool)).toEqual(afterFirst);

      const bodies = await clients.candidate.get('/certification-bodies');
      const byCode = new Map<string, string>(
        bodies.body.map((b: { code: string; id: string }) => [b.code, b.id]),
      );
      for (const code of ['microsoft', 'adobe', 'apple', 'pmi', 'ec-council'])
        expect(byCode.has(code)).toBe(true);

      const mos = await clients.candidate.get(`/exams?certificationBodyId=${byCode.get('microsoft')}&q=MO-`);
      expect(mos.body.map((e: { code: string }) => e.code)).toEqual([
        'MO-100',
        'MO-101',
        'MO-200',
        'MO-201',
        'MO-300',
        'MO-400',
        'MO-500',
      ]);
      for (const exam of mos.body) {
        expect(exam).toMatchObject({ durationMinutes: 50, passingScore: 700, maxScore: 1000 });
        expect(exam.objectives.length).toBeGreaterThanOrEqual(4);
        expect(exam.objectives.length).toBeLessThanOrEqual(6);
      }
      expect(mos.body[0].title).toBe('Word, as renamed by the operator');

      const microsoft = await clients.candidate.get(
        `/credentials?certificationBodyId=${byCode.get('microsoft')}`,
      );
      const summaries = new Map(
        microsoft.body.map((c: { code: string; ruleSummary: string }) => [c.code, c.ruleSummary]),
      );
      expect(summaries.get('MOS-ASSOCIATE')).toBe(
        'Any 3 of: MOS-ACCESS, MOS-EXCEL, MOS-OUTLOOK, MOS-POWERPOINT, MOS-WORD',
      );
      expect(summaries.get('MOS-EXPERT')).toBe('Any 2 of: MOS-EXCEL-EXPERT, MOS-WORD-EXPERT');
      expect(summaries.get('MOS-WORD')).toBe('MO-100');
      const adobe = await clients.candidate.get(`/credentials?certificationBodyId=${byCode.get('adobe')}`);
      expect(adobe.body.find((c: { code: string }) => c.code === 'ACP-WEB-DESIGN').ruleSummary).toBe(
        'All of: ACP-AN, ACP-DW',
      );
    });
  });
});
