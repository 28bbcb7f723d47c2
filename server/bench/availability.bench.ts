/**
 * bench:availability — the 3-week availability of one centre read over HTTP from the built
 * server, while the database holds at least 1,000,000 past and future bookings across many
 * centres and regions (inserted with generate_series). The measured centre has its own labs,
 * proctors and a few hundred blocks in the weeks asked for.
 */
import { DateTime } from 'luxon';
import {
  freshDatabase,
  httpClient,
  percentile,
  Pool,
  round,
  runConcurrently,
  runServerCommand,
  startServer,
  runBenchmark,
  tearDown,
} from './bench-support';
import { bookingFixture, login, ZONE } from './scheduling-fixtures';

const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 1_000_000);
const CENTRES = Number(process.env.BENCH_CENTRES ?? 2000);
const POOLS = 20;
const READS = Number(process.env.BENCH_READS ?? 400);
/** the RESULT line is measured one request at a time (latency); a concurrent run is printed too */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 1);
const CONCURRENT = 4;

async function main(): Promise<void> {
  const db = await freshDatabase('invigil_bench_availability');
  const env = {
    DATABASE_URL: db.url,
    REDIS_PREFIX: `bench:${db.name}`,
    LOGIN_LIMIT_PER_IP_PER_MINUTE: '1000000',
  };
  await runServerCommand(['migrate'], env);
  const pool = new Pool({ connectionString: db.url, max: 4 });
  // dropping the database at the end ends idle connections; that is expected, not a failure
  pool.on('error', () => undefined);
  const server = await startServer(env);
  try {
    const fixture = await bookingFixture(pool, { capacityPerHour: 5000, proctors: 12 });
    const loadStarted = Date.now();
    // many centres of many institutions over POOLS regions
    await pool.query(
      `INSERT INTO vm_pools (region, name, capacity_per_hour)
       SELECT 'region-' || g, 'Region ' || g, 100000 FROM generate_series(1, $1) g`,
      [POOLS],
    );
    await pool.query(
      `INSERT INTO institutions (name, kind, country, time_zone)
       SELECT 'Institution ' || g, 'college', 'CA', 'America/Toronto' FROM generate_series(1, $1 / 4) g`,
      [CENTRES],
    );
    await pool.query(
      `WITH i AS (SELECT array_agg(id ORDER BY name) AS ids FROM institutions WHERE name LIKE 'Institution %'),
            p AS (SELECT array_agg(id ORDER BY region) AS ids FROM vm_pools WHERE region LIKE 'region-%')
       INSERT INTO testing_centres (institution_id, name, time_zone, address_line1, city, country, access_policy,
                                    accreditation_status, onboarding_fee_minor, onboarding_fee_paid_at, accredited_at, vm_pool_id)
       SELECT i.ids[1 + g % cardinality(i.ids)], 'Centre ' || g, 'America/Toronto', '1 Main St', 'Toronto', 'CA',
              'members_only', 'accredited', 0, now(), now(), p.ids[1 + g % cardinality(p.ids)]
         FROM generate_series(1, $1) g, i, p`,
      [CENTRES],
    );
    // a million blocks, on the hour, from a year ago to 120 days on; a few cancelled, a few held
    await pool.query(
      `WITH c AS (SELECT array_agg(id ORDER BY id) AS ids, array_agg(institution_id ORDER BY id) AS insts,
                         array_agg(vm_pool_id ORDER BY id) AS pools
                    FROM testing_centres WHERE name LIKE 'Centre %'),
            u AS (SELECT id FROM users WHERE email = $3)
       INSERT INTO bookings (centre_id, institution_id, exam_id, delivery_mode, seats, vm_pool_id,
                             starts_at, ends_at, status, hold_expires_at, booked_by)
       SELECT c.ids[k], c.insts[k], $2, 'online_proctored', 1 + (g % 40), c.pools[k], s, s + interval '1 hour',
              CASE WHEN g % 17 = 0 THEN 'cancelled' WHEN g % 101 = 0 THEN 'held' ELSE 'confirmed' END,
              CASE WHEN g % 101 = 0 THEN now() - interval '1 hour' END, u.id
         FROM generate_series(1, $1) g
         CROSS JOIN c CROSS JOIN u
         CROSS JOIN LATERAL (SELECT (1 + (g::bigint * 31) % cardinality(c.ids))::int AS k,
                                    date_trunc('hour', now() - interval '365 days'
                                      + ((g::bigint * 7919) % ((365 + 120) * 24)) * interval '1 hour') AS s) t`,
      [BOOKINGS, fixture.examId, fixture.instructorEmail],
    );
    await pool.query(
      `INSERT INTO vm_capacity_hours (pool_id, hour, capacity, used)
       SELECT vm_pool_id, starts_at, 100000, sum(seats) FROM bookings
        WHERE status IN ('held','confirmed') GROUP BY 1, 2`,
    );

    // the measured centre: three labs and a few hundred blocks in the weeks it will be asked for
    await pool.query(
      `INSERT INTO labs (centre_id, name, seats) VALUES ($1, 'Lab A', 30), ($1, 'Lab B', 24), ($1, 'Lab C', 12)`,
      [fixture.centreId],
    );
    const proctors = (
      await pool.query<{ user_id: string }>(`SELECT user_id FROM centre_proctors WHERE centre_id = $1`, [
        fixture.centreId,
      ])
    ).rows.map((r) => r.user_id);
    const windowStart = DateTime.now().setZone(ZONE).startOf('day').plus({ days: 20 });
    const booked = await pool.query<{ id: string; starts_at: Date }>(
      `INSERT INTO bookings (centre_id, institution_id, exam_id, delivery_mode, seats, vm_pool_id, starts_at, ends_at, status, booked_by)
       SELECT $1, $2, $3, 'online_proctored', 1 + g % 20, $4, s, s + interval '1 hour', 'confirmed',
              (SELECT id FROM users WHERE email = $6)
         FROM generate_series(0, 299) g
         CROSS JOIN LATERAL (SELECT $5::timestamptz + ((g * 37) % (21 * 24)) * interval '1 hour' AS s) t
       RETURNING id, starts_at`,
      [
        fixture.centreId,
        fixture.institutionId,
        fixture.examId,
        fixture.poolId,
        windowStart.toJSDate(),
        fixture.instructorEmail,
      ],
    );
    // each block gets a proctor free at that hour
    const taken = new Map<number, number>();
    for (const b of booked.rows) {
      const key = new Date(b.starts_at).getTime();
      const n = taken.get(key) ?? 0;
      if (n >= proctors.length) continue;
      taken.set(key, n + 1);
      await pool.query(
        `INSERT INTO booking_proctors (booking_id, centre_id, proctor_id, during)
         SELECT id, centre_id, $2, during FROM bookings WHERE id = $1`,
        [b.id, proctors[n]],
      );
    }
    await pool.query(`ANALYZE`);
    const rows = Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM bookings`)).rows[0].n);
    process.stdout.write(
      `availability: loaded ${rows} bookings in ${round((Date.now() - loadStarted) / 1000)} s\n`,
    );

    const token = await login(server.baseUrl, fixture.instructorEmail);
    // the weeks an instructor pages through: 7 different 3-week ranges, asked again and again
    const ranges = Array.from({ length: READS }, (_, i) => {
      const from = windowStart.plus({ days: i % 7 });
      return { from: from.toISODate() as string, to: from.plus({ days: 20 }).toISODate() as string };
    });
    let slots = 0;
    const http = httpClient(server.baseUrls, Math.max(CONCURRENT, CONCURRENCY));
    const read = async ({ from, to }: { from: string; to: string }) => {
      const res = await http.send(
        'GET',
        `/api/centres/${fixture.centreId}/availability?from=${from}&to=${to}`,
        token,
      );
      if (res.status !== 200) throw new Error(`unexpected ${res.status}: ${res.text}`);
      slots = (JSON.parse(res.text) as { slots?: unknown[] }).slots?.length ?? 0;
    };
    const concurrent = await runConcurrently(ranges, CONCURRENT, read);
    const measured = await runConcurrently(ranges, CONCURRENCY, read);
    await http.close();
    const opsPerSecond = READS / measured.seconds;
    process.stdout.write(
      `  ${READS} reads of 3 weeks (${slots} hourly slots each), concurrency ${CONCURRENT}: ` +
        `${round(READS / concurrent.seconds)} req/s, p50 ${round(percentile(concurrent.latencies, 50))} ms, p99 ${round(percentile(concurrent.latencies, 99))} ms\n` +
        `  ${READS} reads of 3 weeks, concurrency ${CONCURRENCY}: ` +
        `${round(opsPerSecond)} req/s, p50 ${round(percentile(measured.latencies, 50))} ms, p99 ${round(percentile(measured.latencies, 99))} ms\n`,
    );
    process.stdout.write(
      `RESULT name=availability ops_per_s=${round(opsPerSecond)} p99_ms=${round(percentile(measured.latencies, 99))} rows=${rows}\n`,
    );
  } finally {
    await tearDown(server, pool, db, env.REDIS_PREFIX);
  }
}

runBenchmark(main);
