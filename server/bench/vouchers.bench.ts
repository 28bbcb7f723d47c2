/**
 * bench:vouchers — concurrent redemptions over HTTP against the built server on a fresh
 * database, compared with the same number of bare conditional `UPDATE ... RETURNING` statements
 * on the same database in the same run. Every code is raced by two candidates at once, so a
 * double redemption would show as a violation, and so would a redemption the database committed
 * whose request was answered otherwise.
 */
import * as argon2 from 'argon2';
import { randomUUID } from 'node:crypto';
import {
  freshDatabase,
  httpClient,
  median,
  percentile,
  Pool,
  round,
  runConcurrently,
  runServerCommand,
  ratioResult,
  runBenchmark,
  startServer,
  tearDown,
} from './bench-support';

const CODES = Number(process.env.BENCH_CODES ?? 3000);
/** codes redeemed the same way before the clock starts, so JIT and connection warm-up are not measured */
const WARMUP_CODES = Number(process.env.BENCH_WARMUP_CODES ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
/** measured rounds, API and baseline in turn, compared by their medians (as bench:booking) */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CANDIDATES = Number(process.env.BENCH_CANDIDATES ?? 50);
const PASSWORD = 'bench password 2026';

async function main(): Promise<void> {
  const db = await freshDatabase('invigil_bench_vouchers');
  const env = {
    DATABASE_URL: db.url,
    REDIS_PREFIX: `bench:${db.name}`,
    REDEEM_LIMIT_PER_USER_PER_MINUTE: '1000000',
    REDEEM_LIMIT_PER_IP_PER_MINUTE: '1000000',
    REDEEM_MAX_FAILURES: '1000000',
    ...(process.env.BENCH_POOL_SIZE ? { DATABASE_POOL_SIZE: process.env.BENCH_POOL_SIZE } : {}),
    LOGIN_LIMIT_PER_IP_PER_MINUTE: '1000000',
  };
  await runServerCommand(['migrate'], env);
  const pool = new Pool({ connectionString: db.url, max: 20 });
  const server = await startServer(env);
  try {
    // arrange: an institution, an admin, candidates and a priced exam
    const hash = await argon2.hash(PASSWORD, { type: argon2.argon2id });
    const [{ id: institutionId }] = (
      await pool.query<{ id: string }>(
        `INSERT INTO institutions (name, kind, country, time_zone) VALUES ('Bench College', 'college', 'CA', 'America/Toronto') RETURNING id`,
      )
    ).rows;
    const [{ id: bodyId }] = (
      await pool.query<{ id: string }>(
        `INSERT INTO certification_bodies (code, name) VALUES ('bench', 'Bench') RETURNING id`,
      )
    ).rows;
    const [{ id: examId }] = (
      await pool.query<{ id: string }>(
        `INSERT INTO exams (certification_body_id, code, title, level, duration_minutes, passing_score, max_score, delivery_modes)
         VALUES ($1, 'BN-100', 'Bench exam', 'associate', 50, 700, 1000, ARRAY['in_lab']) RETURNING id`,
        [bodyId],
      )
    ).rows;
    const [{ id: listId }] = (
      await pool.query<{ id: string }>(
        `INSERT INTO voucher_price_lists (exam_id, currency, retail_price_minor) VALUES ($1, 'USD', 16500) RETURNING id`,
        [examId],
      )
    ).rows;
    await pool.query(`INSERT INTO voucher_price_tiers VALUES ($1, 1, 16500), ($1, 500, 7900)`, [listId]);
    const users = await pool.query<{ id: string; email: string }>(
      `INSERT INTO users (email, display_name, password_hash)
       SELECT 'bench-' || g || '@example.test', 'Bench ' || g, $1 FROM generate_series(0, $2) g RETURNING id, email`,
      [hash, CANDIDATES],
    );
    const [adminUser, ...candidates] = users.rows;
    await pool.query(
      `INSERT INTO memberships (user_id, role, institution_id) VALUES ($1, 'institution_admin', $2)`,
      [adminUser.id, institutionId],
    );
    await pool.query(
      `INSERT INTO memberships (user_id, role, institution_id) SELECT unnest($1::uuid[]), 'candidate', $2`,
      [candidates.map((c) => c.id), institutionId],
    );
    const login = async (email: string) => {
      const res = await fetch(`${server.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: PASSWORD }),
      });
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    const adminToken = await login(adminUser.email);
    const tokens = await Promise.all(candidates.map((c) => login(c.email)));

    // one pack of vouchers (warm-up and measured ones), bought through the API
    const order = await fetch(`${server.baseUrl}/api/institutions/${institutionId}/voucher-orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${adminToken}`,
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({ items: [{ examId, quantity: WARMUP_CODES + ROUNDS * CODES }] }),
    });
    if (order.status !== 201) throw new Error(`order failed: ${order.status} ${await order.text()}`);
    const allCodes: string[] = [];
    for (let offset = 0; offset < WARMUP_CODES + ROUNDS * CODES; offset += 200) {
      const page = await fetch(
        `${server.baseUrl}/api/institutions/${institutionId}/vouchers?limit=200&offset=${offset}`,
        {
          headers: { authorization: `Bearer ${adminToken}` },
        },
      );
      allCodes.push(...((await page.json()) as { items: { code: string }[] }).items.map((v) => v.code));
    }
    // as autovacuum would: the planner sees the fixture's real sizes, not empty tables
    await pool.query(`ANALYZE`);
    const warmupCodes = allCodes.slice(0, WARMUP_CODES);
    const codes = allCodes.slice(WARMUP_CODES);

    // every code raced by two candidates: first the warm-up codes, then each round's own
    const racing = (list: string[]) =>
      list.flatMap((code, i) => [
        { code, token: tokens[i % tokens.length] },
        { code, token: tokens[(i + 1) % tokens.length] },
      ]);
    const roundAttempts = Array.from({ length: ROUNDS }, (_, r) =>
      racing(codes.slice(r * CODES, (r + 1) * CODES)),
    );
    let successes = 0;
    const http = httpClient(server.baseUrls, CONCURRENCY);
    const redeem = async ({ code, token }: { code: string; token: string }) => {
      const res = await http.send('POST', '/api/vouchers/redeem', token, { code });
      if (res.status === 200) successes++;
      else if (res.status !== 409) throw new Error(`unexpected ${res.status}: ${res.text}`);
    };

    // baseline: the same number of bare conditional updates on a capacity-free copy of the rows
    await pool.query(
      `CREATE TABLE bench_codes (code text PRIMARY KEY, status text NOT NULL DEFAULT 'available', redeemed_by int)`,
    );
    await pool.query(`INSERT INTO bench_codes (code) SELECT unnest($1::text[])`, [allCodes]);
    const update = async ({ code }: { code: string }) => {
      await pool.query(
        `UPDATE bench_codes SET status = 'redeemed', redeemed_by = 1 WHERE code = $1 AND status = 'available' RETURNING code`,
        [code],
      );
    };

    await runConcurrently(racing(warmupCodes), CONCURRENCY, redeem);
    await runConcurrently(racing(warmupCodes), CONCURRENCY, update);
    // the rounds, API and baseline in turn, so that a stall of the machine hits one round of
    // one side and the medians pass over it
    const api: { opsPerSecond: number; latencies: number[] }[] = [];
    const bare: number[] = [];
    for (const attempts of roundAttempts) {
      const measured = await runConcurrently(attempts, CONCURRENCY, redeem);
      api.push({ opsPerSecond: attempts.length / measured.seconds, latencies: measured.latencies });
      const baseline = await runConcurrently(attempts, CONCURRENCY, update);
      bare.push(attempts.length / baseline.seconds);
    }
    await http.close();
    const redeemed = Number(
      (await pool.query<{ n: string }>(`SELECT count(*) AS n FROM vouchers WHERE status = 'redeemed'`))
        .rows[0].n,
    );
    // exactly once both ways: a 200 the database does not show (a double redemption), or a
    // redemption the database committed that its request was not told of (answered 409)
    const violations = Math.abs(successes - redeemed) + Math.max(0, successes - allCodes.length);

    const opsPerSecond = median(api.map((r) => r.opsPerSecond));
    const baselineOps = median(bare);
    const latencies = api.flatMap((r) => r.latencies);
    process.stdout.write(
      `vouchers: ${ROUNDS} rounds of ${roundAttempts[0].length} redemption requests (${CODES} codes, each raced twice, after ${warmupCodes.length} warm-up codes), concurrency ${CONCURRENCY}\n` +
        `  API:      median ${round(opsPerSecond)} req/s (rounds ${api.map((r) => round(r.opsPerSecond)).join(', ')}), p50 ${round(percentile(latencies, 50))} ms, p99 ${round(percentile(latencies, 99))} ms, ${successes} redeemed in all (warm-up included)\n` +
        `  baseline: median ${round(baselineOps)} updates/s (rounds ${bare.map((n) => round(n)).join(', ')}; bare conditional UPDATE ... RETURNING, same database)\n`,
    );
    process.stdout.write(ratioResult('vouchers', opsPerSecond, baselineOps, latencies, violations));
  } finally {
    await tearDown(server, pool, db, env.REDIS_PREFIX);
  }
}

runBenchmark(main);
