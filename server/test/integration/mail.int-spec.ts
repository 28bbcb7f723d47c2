import type { INestApplicationContext } from '@nestjs/common';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { loadConfig } from '../../src/core/config/app-config';
import { TransactionRunner } from '../../src/core/database/transaction-runner';
import { JobQueue } from '../../src/core/jobs/job-queue';
import { JobsWorker } from '../../src/core/jobs/jobs-worker';
import { MailDispatcher } from '../../src/core/mail/mail-dispatcher';
import { MailOutboxRepository } from '../../src/core/mail/mail-outbox.repository';
import { MAX_MAIL_ATTEMPTS } from '../../src/core/mail/mail-retry-policy';
import { MailTransport, SmtpTransport } from '../../src/core/mail/mail-transport';
import { REDIS } from '../../src/core/redis/redis.module';
import { WorkerModule } from '../../src/worker.module';
import { createInstitution, signedInAs } from '../factories/identity.factory';
import { inviteThroughApi, uniqueEmail } from '../factories/institutions.factory';
import { startTestApp, TestApp } from '../support/test-app';

const outboxRow = async (t: TestApp, to: string) =>
  (
    await t.pool.query(
      `SELECT id, status, attempts, transport, sent_at, last_error,
              extract(epoch FROM next_attempt_at - now()) AS wait_seconds
         FROM mail_outbox WHERE to_address = $1`,
      [to],
    )
  ).rows;

const enqueueDirectly = async (t: TestApp, to: string) =>
  (
    await t.pool.query<{ id: string }>(
      `INSERT INTO mail_outbox (to_address, subject, text_body, template) VALUES ($1, 'Hi', 'Hello', 'test') RETURNING id`,
      [to],
    )
  ).rows[0].id;

async function eventually<T>(
  probe: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Just enough of an SMTP server to receive one message at a time. */
function fakeSmtpServer(): Promise<{ server: Server; port: number; messages: string[] }> {
  const messages: string[] = [];
  const server = createServer((socket: Socket) => {
    let inData = false;
    let data = '';
    let buffer = '';
    socket.write('220 fake.test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            messages.push(data);
            data = '';
            socket.write('250 queued\r\n');
          } else data += `${line}\n`;
        } else if (/^(EHLO|HELO)/i.test(line)) socket.write('250 fake.test\r\n');
        else if (/^DATA/i.test(line)) {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (/^QUIT/i.test(line)) socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as AddressInfo).port, messages }),
    ),
  );
}

describe('mail: the outbox, its delivery and the development mailbox', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInAs>>;
  let institutionId: string;
  beforeAll(async () => {
    t = await startTestApp({ MAIL_OUTBOX_POLL_MS: '150' });
    institutionId = (await createInstitution(t.pool, { name: 'Mail College' })).id;
    admin = await signedInAs(t.api, t.pool, 'institution_admin', { institutionId });
  });
  afterAll(async () => {
    // the schedules and jobs this file made in Redis go with it
    await t.app.get(JobQueue).queue.obliterate({ force: true });
    await t.close();
  });

  it('writes an invitation to the outbox; a sweep delivers it and the dev mailbox shows it', async () => {
    const invitation = await inviteThroughApi(admin.client, t.pool, institutionId);
    expect(await outboxRow(t, invitation.email)).toEqual([
      expect.objectContaining({ status: 'pending', attempts: 0, transport: null, sent_at: null }),
    ]);
    const pending = await t.api.get(`/dev/mailbox?to=${encodeURIComponent(invitation.email)}`);
    expect(pending.body).toEqual([expect.objectContaining({ status: 'pending', sentAt: null })]);

    const result = await t.app.get(MailDispatcher).sweep();
    expect(result.sent).toBeGreaterThanOrEqual(1);
    expect(result).toMatchObject({ retrying: 0, dead: 0 });
    expect(await outboxRow(t, invitation.email)).toEqual([
      expect.objectContaining({ status: 'sent', attempts: 1, transport: 'dev', sent_at: expect.any(Date) }),
    ]);
    const mailbox = await t.api.get(`/dev/mailbox?to=${encodeURIComponent(invitation.email.toUpperCase())}`);
    expect(mailbox.status).toBe(200);
    expect(mailbox.body).toEqual([
      {
        id: expect.any(String),
        to: invitation.email,
        subject: 'You are invited to Mail College on Invigil',
        text: expect.stringContaining(`/invite/${invitation.token}`),
        template: 'invitation',
        status: 'sent',
        createdAt: expect.any(String),
        sentAt: expect.any(String),
      },
    ]);
    // a second sweep finds nothing more to send
    expect(await t.app.get(MailDispatcher).sweep()).toEqual({ sent: 0, retrying: 0, dead: 0 });
  });

  it('lists the newest 100 messages first and checks the address it is given', async () => {
    await t.pool.query(
      `INSERT INTO mail_outbox (to_address, subject, text_body, template, created_at)
       SELECT 'bulk@example.test', 'n' || g, 'body', 'test', now() + g * interval '1 second'
         FROM generate_series(1, 105) g`,
    );
    const res = await t.api.get('/dev/mailbox');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(100);
    expect(res.body[0].subject).toBe('n105');
    const times = res.body.map((m: { createdAt: string }) => Date.parse(m.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const bad = await t.api.get('/dev/mailbox?to=not-an-address');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('to');
    await t.pool.query(`DELETE FROM mail_outbox WHERE to_address = 'bulk@example.test'`);
  });

  it('backs off exponentially when the transport fails and gives up after 8 attempts', async () => {
    await t.app.get(MailDispatcher).sweep(); // nothing else is due during this test
    const to = uniqueEmail('unlucky');
    await enqueueDirectly(t, to);
    const failing: MailTransport = {
      name: 'failing',
      send: () => Promise.reject(new Error('550 mailbox unavailable')),
    };
    const dispatcher = new MailDispatcher(
      t.app.get(TransactionRunner),
      t.app.get(MailOutboxRepository),
      failing,
    );

    for (let attempt = 1; attempt < MAX_MAIL_ATTEMPTS; attempt++) {
      expect(await dispatcher.sweep()).toEqual({ sent: 0, retrying: 1, dead: 0 });
      const [row] = await outboxRow(t, to);
      expect(row).toMatchObject({
        status: 'pending',
        attempts: attempt,
        last_error: '550 mailbox unavailable',
      });
      const expectedWait = Math.min(60 * 2 ** (attempt - 1), 3600);
      expect(Number(row.wait_seconds)).toBeGreaterThan(expectedWait - 5);
      expect(Number(row.wait_seconds)).toBeLessThanOrEqual(expectedWait);
      // not due yet: another sweep leaves it alone
      expect(await dispatcher.sweep()).toEqual({ sent: 0, retrying: 0, dead: 0 });
      await t.pool.query(`UPDATE mail_outbox SET next_attempt_at = now() WHERE to_address = $1`, [to]);
    }
    expect(await dispatcher.sweep()).toEqual({ sent: 0, retrying: 0, dead: 1 });
    expect(await outboxRow(t, to)).toEqual([
      expect.objectContaining({ status: 'dead', attempts: MAX_MAIL_ATTEMPTS, sent_at: null }),
    ]);
    await t.pool.query(`UPDATE mail_outbox SET next_attempt_at = now() WHERE to_address = $1`, [to]);
    expect(await t.app.get(MailDispatcher).sweep()).toEqual({ sent: 0, retrying: 0, dead: 0 });
    const mailbox = await t.api.get(`/dev/mailbox?to=${to}`);
    expect(mailbox.body).toEqual([expect.objectContaining({ status: 'dead', sentAt: null })]);
  });

  it('lets two concurrent sweeps deliver each message once', async () => {
    const to = Array.from({ length: 30 }, () => uniqueEmail('once'));
    for (const address of to) await enqueueDirectly(t, address);
    const sent: string[] = [];
    const counting: MailTransport = {
      name: 'counting',
      send: async (mail) => {
        await new Promise((r) => setTimeout(r, 5));
        sent.push(mail.to);
      },
    };
    const make = () =>
      new MailDispatcher(t.app.get(TransactionRunner), t.app.get(MailOutboxRepository), counting);
    const [a, b] = await Promise.all([make().sweep(), make().sweep()]);
    expect(a.sent + b.sent).toBe(30);
    expect(sent.sort()).toEqual([...to].sort());
  });

  it('sends through SMTP with MAIL_FROM', async () => {
    const smtp = await fakeSmtpServer();
    const config = loadConfig({
      NODE_ENV: 'test',
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_FROM: 'Invigil Test <robot@invigil.test>',
    });
    const transport = new SmtpTransport(config);
    try {
      await transport.send({ to: 'someone@example.test', subject: 'Über subject', text: 'Hello there' });
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]).toContain('From: Invigil Test <robot@invigil.test>');
      expect(smtp.messages[0]).toContain('To: someone@example.test');
      expect(smtp.messages[0]).toContain('Hello there');
    } finally {
      transport.onApplicationShutdown();
      smtp.server.close();
    }
    const refused = new SmtpTransport(
      loadConfig({ NODE_ENV: 'test', MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://127.0.0.1:1' }),
    );
    await expect(refused.send({ to: 'a@example.test', subject: 's', text: 't' })).rejects.toThrow();
    refused.onApplicationShutdown();
  });

  it('has no development mailbox unless MAIL_TRANSPORT=dev', async () => {
    const smtpApp = await startTestApp({ MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://127.0.0.1:2525' });
    try {
      const res = await smtpApp.api.get('/dev/mailbox');
      expect(res.status).toBe(404);
      expect(res.body.type).toBe('/problems/not-found');
    } finally {
      await smtpApp.close();
    }
  });

  describe('the BullMQ worker', () => {
    let workers: INestApplicationContext[] = [];
    afterEach(async () => {
      await Promise.all(workers.map((w) => w.close()));
      workers = [];
    });

    it('keeps jobs that failed every attempt as dead letters the operator can see', async () => {
      workers.push(
        await NestFactory.createApplicationContext(WorkerModule.with(t.config), {
          logger: false,
          abortOnError: false,
        }),
      );
      const operator = await signedInAs(t.api, t.pool, 'platform_operator');
      await t.app.get(JobQueue).queue.add('RetiredJob', {}, { jobId: 'retired-1', attempts: 1 });
      const failed = await eventually(
        () => operator.client.get('/jobs/failed'),
        (res) => res.body.length > 0,
      );
      expect(failed.status).toBe(200);
      expect(failed.body).toEqual([
        expect.objectContaining({
          id: 'retired-1',
          name: 'RetiredJob',
          failedReason: 'Unknown job RetiredJob',
        }),
      ]);
      expect((await admin.client.get('/jobs/failed')).status).toBe(403);
    });

    it('does not run in the API process', async () => {
      const modules = [...t.app.get(ModulesContainer).values()];
      expect(modules.some((m) => m.providers.has(JobsWorker))).toBe(false);
      const to = uniqueEmail('api-only');
      await enqueueDirectly(t, to);
      await new Promise((r) => setTimeout(r, 4 * t.config.MAIL_OUTBOX_POLL_MS));
      expect(await outboxRow(t, to)).toEqual([expect.objectContaining({ status: 'pending' })]);
    });

    it('delivers the outbox on its repeatable schedule, scheduled once however many workers run', async () => {
      const boot = () =>
        NestFactory.createApplicationContext(WorkerModule.with(t.config), {
          logger: ['error'],
          abortOnError: false,
        });
      workers.push(await boot(), await boot());
      const invitation = await inviteThroughApi(admin.client, t.pool, institutionId);
      const rows = await eventually(
        () => outboxRow(t, invitation.email),
        (r) => r[0]?.status === 'sent',
      );
      expect(rows).toEqual([expect.objectContaining({ status: 'sent', transport: 'dev', attempts: 1 })]);

      const schedulers = await t.app.get(JobQueue).queue.getJobSchedulers();
      expect(schedulers.filter((s) => s.name === 'SweepMailOutboxJob')).toEqual([
        expect.objectContaining({ key: 'sweep-mail-outbox', every: t.config.MAIL_OUTBOX_POLL_MS }),
      ]);
      // every key this test wrote carries this app's prefix
      const redis = t.app.get<Redis>(REDIS);
      expect(await redis.keys(`${t.config.REDIS_PREFIX}:bull:maintenance:*`)).not.toHaveLength(0);
    });
  });
});
