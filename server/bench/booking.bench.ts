/**
 * bench:booking — concurrent single-seat bookings over HTTP on a few hot slots of one VM pool,
 * against the built server on a fresh database, compared with the same number of bare
 * conditional `UPDATE ... SET used = used + 1 WHERE used + 1 <= capacity RETURNING` on one
 * capacity row per slot, same database, same run. More requests than seats are sent, so an
 * overbooking would show as a violation.
 */
import {
  backendCpu,
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
import { bookingFixture, login, slotAt } from './scheduling-fixtures';

const SLOTS = Number(process.env.BENCH_SLOTS ?? 4);
const CAPACITY = Number(process.env.BENCH_CAPACITY ?? 500);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
/** schools booking the same hours at once; each centre has its own proctors */
const CENTRES = Number(process.env.BENCH_CENTRES ?? 10);
/** bookings of other hours made the same way before the clock starts (JIT, each connection's Parse) */
const WARMUP = Number(process.env.BENCH_WARMUP_REQUESTS ?? 600);
/**
 * Measured rounds, API and baseline in turn; the result compares their medians. On a shared
 * machine a single short round of either side swung with whatever else ran (baselines of
 * 1,900 to 7,500 updates/s within an hour, one run's ratio 0.91).
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

async function main(): Promise<void> {
  const db = await freshDatabase('invigil_bench_booking');
  const env = {
    DATABASE_URL: db.url,
    REDIS_PREFIX: `bench:${db.name}`,
    LOGIN_LIMIT_PER_IP_PER_MINUTE: '1000000',
  };
  await runServerCommand(['migrate'], env);
  const pool = new Pool({ connectionString: db.url, max: 20 });
  // dropping the database at the end ends idle connections; that is expected, not a failure
  pool.on('error', () => undefined);
  const server = await startServer(env);
  try {
    // one online proctor per block: enough at each centre that VMs, not proctors, run out
    const fixture = await bookingFixture(pool, {
      capacityPerHour: CAPACITY,
      proctors: Math.ceil((CAPACITY * 1.2) / CENTRES),
      centres: CENTRES,
    });
    // as autovacuum would: the planner sees the fixture's real sizes, not empty tables
    await pool.query(`ANALYZE`);
    const token = await login(server.baseUrl, fixture.instructorEmail);
    // each round books its own hot hours: round r on day 30 + 2r (the warm-up takes day 31)
    const hotHours = (n: number) => Array.from({ length: SLOTS }, (_, i) => slotAt(30 + 2 * n, 8 + i));
    const spread = (hours: string[], count: number) =>
      Array.from({ length: count }, (_, i) => ({
        start: hours[i % hours.length],
        centreId: fixture.centreIds[Math.floor(i / hours.length) % CENTRES],
      }));

    let booked = 0;
    let refused = 0;
    const http = httpClient(server.baseUrls, CONCURRENCY);
    const bookAt = async ({ start, centreId }: { start: string; centreId: string }) => {
      const res = await http.send('POST', `/api/centres/${centreId}/bookings`, token, {
        examId: fixture.examId,
        start,
        deliveryMode: 'online_proctored',
        seats: 1,
        confirm: true,
      });
      if (res.status === 201) booked++;
      else if (res.status === 409) refused++;
      else throw new Error(`unexpected ${res.status}: ${res.text}`);
    };

    // baseline: bare conditional updates on one capacity row per slot, same database; rows
    // r*SLOTS .. r*SLOTS+SLOTS-1 are round r's, the last SLOTS take the warm-up
    await pool.query(
      `CREATE TABLE bench_capacity (slot int PRIMARY KEY, capacity int NOT NULL, used int NOT NULL DEFAULT 0)`,
    );
    await pool.query(
      `INSERT INTO bench_capacity (slot, capacity) SELECT g, $1 FROM generate_series(0, ($2 + 1) * $3 - 1) g`,
      [CAPACITY, ROUNDS, SLOTS],
    );
    const update = async (slot: number) => {
      await pool.query(
        `UPDATE bench_capacity SET used = used + 1 WHERE slot = $1 AND used + 1 <= capacity RETURNING used`,
        [slot],
      );
    };

    // warm-up (far below capacity), API and baseline alike
    const warmupStarts = Array.from({ length: SLOTS }, (_, i) => slotAt(31, 8 + i));
    await runConcurrently(spread(warmupStarts, WARMUP), CONCURRENCY, bookAt);
    await runConcurrently(
      Array.from({ length: WARMUP }, (_, i) => ROUNDS * SLOTS + (i % SLOTS)),
      CONCURRENCY,
      update,
    );
    booked = 0;
    refused = 0;

    // the rounds, API and baseline in turn, so that a stall of the machine hits one round of
    // one side and the medians pass over it
    const dbCpu = await backendCpu(pool);
    const api: { opsPerSecond: number; latencies: number[] }[] = [];
    const bare: number[] = [];
    const cpu = { api: 0, db: 0, own: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      const before = [server.cpuSeconds(), dbCpu()];
      const ownBefore = process.cpuUsage();
      const measured = await runConcurrently(spread(hotHours(r), REQUESTS), CONCURRENCY, bookAt);
      const own = process.cpuUsage(ownBefore);
      cpu.api += server.cpuSeconds() - before[0];
      cpu.db += dbCpu() - before[1];
      cpu.own += (own.user + own.system) / 1e6;
      api.push({ opsPerSecond: REQUESTS / measured.seconds, latencies: measured.latencies });
      const baseline = await runConcurrently(
        Array.from({ length: REQUESTS }, (_, i) => r * SLOTS + (i % SLOTS)),
        CONCURRENCY,
        update,
      );
      bare.push(REQUESTS / baseline.seconds);
    }
    await http.close();

    const starts = Array.from({ length: ROUNDS }, (_, r) => hotHours(r)).flat();
    const perSlot = await pool.query<{ start: Date; seats: number; used: number; capacity: number }>(
      `SELECT s.start, coalesce(sum(b.seats), 0)::int AS seats, c.used, c.capacity
         FROM unnest($1::timestamptz[]) s(start)
         LEFT JOIN bookings b ON b.starts_at = s.start AND b.status IN ('held','confirmed')
         LEFT JOIN vm_capacity_hours c ON c.pool_id = $2 AND c.hour = s.start
        GROUP BY s.start, c.used, c.capacity
        ORDER BY s.start`,
      [starts, fixture.poolId],
    );
    const violations = perSlot.rows.reduce(
      (sum, r) => sum + Math.max(0, r.seats - CAPACITY) + Math.abs(r.seats - (r.used ?? 0)),
      0,
    );

    const opsPerSecond = median(api.map((r) => r.opsPerSecond));
    const baselineOps = median(bare);
    const latencies = api.flatMap((r) => r.latencies);
    const perRequest = (seconds: number) => round((seconds * 1000) / (ROUNDS * REQUESTS), 3);
    process.stdout.write(
      `booking: ${ROUNDS} rounds of ${REQUESTS} single-seat requests from ${CENTRES} centres on ${SLOTS} hot slots of ${CAPACITY} VMs each, concurrency ${CONCURRENCY}, after ${WARMUP} warm-up bookings of other hours\n` +
        `  API:      median ${round(opsPerSecond)} req/s (rounds ${api.map((r) => round(r.opsPerSecond)).join(', ')}), p50 ${round(percentile(latencies, 50))} ms, p99 ${round(percentile(latencies, 99))} ms, ${booked} booked, ${refused} refused (409)\n` +
        `  CPU:      API ${perRequest(cpu.api)} ms, database ${perRequest(cpu.db)} ms, load generator ${perRequest(cpu.own)} ms per request\n` +
        `  per slot: ${perSlot.rows.map((r) => `${r.seats}/${CAPACITY}`).join(', ')}\n` +
        `  baseline: median ${round(baselineOps)} updates/s (rounds ${bare.map((n) => round(n)).join(', ')}; bare conditional UPDATE ... RETURNING, same database)\n`,
    );
    process.stdout.write(ratioResult('booking', opsPerSecond, baselineOps, latencies, violations));
  } finally {
    await tearDown(server, pool, db, env.REDIS_PREFIX);
  }
}

runBenchmark(main);
