import { MigrationInterface, QueryRunner } from 'typeorm';
import { BatchedBlockBooking1764900000000 } from './1764900000000-batched-block-booking';

/**
 * `book_blocks` as before, with two costs of its JSON gone (perf on the booking backend under
 * bench:booking: parsing JSON was 15 % of its time).
 *
 * - Each block's answer was looked up by id in a `json` object of every block written, and
 *   `json ->` parses the whole text on each look-up: quadratic in the batch, 8 % of the
 *   function's time at 30 blocks. It is `jsonb` now, parsed once.
 * - The requests were parsed twice, once to judge them and once to write the accepted ones.
 *   They are parsed once into rows of the composite type `book_block_request`, and the
 *   accepted rows are kept in an array for the writing.
 *
 * Measured on a copy of the bench database, 30 single-seat blocks per call (backend CPU per
 * call, alternating runs): 12.7-14.0 ms before, 10.4-11.3 ms with `jsonb`, 9.5-10.0 ms with both.
 */
export class BookBlocksParseOnce1765000000000 implements MigrationInterface {
  name = 'BookBlocksParseOnce1765000000000';

  public async up(q: QueryRunner): Promise<void> {
    // the fields of a block as the API sends them (BlockWriter → SchedulingRepository.bookBlocks)
    await q.query(`
      CREATE TYPE book_block_request AS (
        id uuid, centre_id uuid, institution_id uuid, exam_id uuid, delivery_mode text, seats int,
        lab_id uuid, vm_pool_id uuid, starts_at timestamptz, ends_at timestamptz, status text,
        hold_minutes int, booked_by uuid, window_override_reason text, bookable_status text,
        named boolean, named_proctors text, needed int, vm_hours timestamptz[], actor_ip text,
        action text, details json, mail_to text, mail_subject text, mail_text text,
        mail_template text, local_day date, training_months int)`);
    await q.query(`
      CREATE OR REPLACE FUNCTION book_blocks(requests json) RETURNS json LANGUAGE plpgsql AS $$
      DECLARE
        r book_block_request;
        answers json[] := '{}';
        v_found boolean;
        v_picked uuid[];
        v_short json;
        v_hour timestamptz;
        v_at int;
        v_left int;
        -- VMs left in each (pool, hour) this batch touched, less what its blocks took
        v_keys text[] := '{}';
        v_left_of int[] := '{}';
        -- proctors the batch's blocks took, and when
        v_taken_by uuid[] := '{}';
        v_taken uuid[] := '{}';
        v_taken_from timestamptz[] := '{}';
        v_taken_to timestamptz[] := '{}';
        v_accepted uuid[] := '{}';
        -- the written blocks by id: jsonb, so each answer finds its block without parsing them all
        v_written jsonb;
        -- the accepted requests, as parsed once at the start
        v_rows book_block_request[] := '{}';
      BEGIN
        FOR r IN
          SELECT * FROM json_populate_recordset(NULL::book_block_request, requests)
        LOOP
          -- the centre, share-locked while it is bookable: a suspension waits for this commit
          PERFORM 1 FROM testing_centres c
            WHERE c.id = r.centre_id AND c.accreditation_status = r.bookable_status FOR SHARE OF c;
          IF NOT FOUND THEN
            answers := array_append(answers, json_build_object('centreOk', false, 'picked', 0));
            CONTINUE;
          END IF;

          -- the VMs of each hour: the counter row locked (made on first use, as the trigger
          -- makes it), what is left less what the batch took
          v_short := NULL;
          IF r.vm_pool_id IS NOT NULL THEN
            FOREACH v_hour IN ARRAY r.vm_hours LOOP
              v_at := array_position(v_keys, r.vm_pool_id || ' ' || v_hour);
              IF v_at IS NULL THEN
                INSERT INTO vm_capacity_hours (pool_id, hour, capacity, used)
                SELECT p.id, v_hour,
                       greatest(0, p.capacity_per_hour - coalesce((
                         SELECT sum(m.vms_offline) FROM vm_maintenance_windows m
                          WHERE m.pool_id = p.id AND m.starts_at < v_hour + interval '1 hour' AND m.ends_at > v_hour), 0)),
                       0
                  FROM vm_pools p WHERE p.id = r.vm_pool_id
                ON CONFLICT (pool_id, hour) DO NOTHING;
                SELECT h.capacity - h.used INTO v_left FROM vm_capacity_hours h
                 WHERE h.pool_id = r.vm_pool_id AND h.hour = v_hour FOR UPDATE;
                v_keys := array_append(v_keys, r.vm_pool_id || ' ' || v_hour);
                v_left_of := array_append(v_left_of, coalesce(v_left, 0));
                v_at := cardinality(v_keys);
              END IF;
              IF v_short IS NULL AND v_left_of[v_at] < r.seats THEN
                v_short := json_build_object('vmPoolId', r.vm_pool_id, 'hour', v_hour,
                                             'requested', r.seats, 'left', greatest(0, v_left_of[v_at]));
              END IF;
            END LOOP;
          END IF;
          IF v_short IS NOT NULL THEN
            answers := array_append(answers, json_build_object('error', json_build_object(
              'code', 'IV001', 'constraint', NULL, 'detail', v_short::text,
              'message', 'not enough VMs in the pool at that hour')));
            CONTINUE;
          END IF;

          -- the proctors: named ones if they are the centre's and free, or the first free,
          -- trained ones in a random order; free of the blocks before this one in the batch too
          IF r.named THEN
            SELECT coalesce(array_agg(cp.user_id), '{}') INTO v_picked FROM (
              SELECT x.user_id FROM centre_proctors x
               WHERE x.centre_id = r.centre_id
                 AND x.user_id = ANY(string_to_array(r.named_proctors, ',')::uuid[])
                 AND NOT EXISTS (SELECT 1 FROM booking_proctors bp
                                  WHERE bp.proctor_id = x.user_id
                                    AND bp.during && tstzrange(r.starts_at, r.ends_at, '[)'))
                 AND NOT EXISTS (SELECT 1 FROM unnest(v_taken, v_taken_from, v_taken_to) AS b(p, f, t)
                                  WHERE b.p = x.user_id AND b.f < r.ends_at AND r.starts_at < b.t)
               FOR KEY SHARE OF x) cp;
          ELSE
            SELECT coalesce(array_agg(f.user_id), '{}') INTO v_picked FROM (
              SELECT cp.user_id
                FROM (SELECT o.user_id FROM centre_proctors o WHERE o.centre_id = r.centre_id ORDER BY random()) t
                CROSS JOIN LATERAL (
                  SELECT x.user_id FROM centre_proctors x
                   WHERE x.centre_id = r.centre_id AND x.user_id = t.user_id
                     AND NOT EXISTS (SELECT 1 FROM booking_proctors bp
                                      WHERE bp.proctor_id = x.user_id
                                        AND bp.during && tstzrange(r.starts_at, r.ends_at, '[)'))
                     AND NOT EXISTS (SELECT 1 FROM unnest(v_taken, v_taken_from, v_taken_to) AS b(p, f, t)
                                      WHERE b.p = x.user_id AND b.f < r.ends_at AND r.starts_at < b.t)
                     AND EXISTS (SELECT 1 FROM memberships m
                                  WHERE m.user_id = x.user_id AND m.role = 'proctor'
                                    AND m.institution_id = r.institution_id)
                     AND EXISTS (SELECT 1 FROM proctor_trainings tr
                                  WHERE tr.centre_id = r.centre_id AND tr.user_id = x.user_id
                                    AND tr.trained_on <= r.local_day
                                    AND r.local_day < (tr.trained_on + make_interval(months => r.training_months))::date)
                  OFFSET 0) cp
               LIMIT r.needed FOR NO KEY UPDATE OF cp SKIP LOCKED) f;
          END IF;
          IF cardinality(v_picked) < r.needed THEN
            answers := array_append(answers, json_build_object(
              'centreOk', true, 'picked', cardinality(v_picked), 'pickedIds', v_picked));
            CONTINUE;
          END IF;

          -- accepted: what it takes counts for the blocks after it
          IF r.vm_pool_id IS NOT NULL THEN
            FOREACH v_hour IN ARRAY r.vm_hours LOOP
              v_at := array_position(v_keys, r.vm_pool_id || ' ' || v_hour);
              v_left_of[v_at] := v_left_of[v_at] - r.seats;
            END LOOP;
          END IF;
          v_taken_by := v_taken_by || array_fill(r.id, ARRAY[cardinality(v_picked)]);
          v_taken := v_taken || v_picked;
          v_taken_from := v_taken_from || array_fill(r.starts_at, ARRAY[cardinality(v_picked)]);
          v_taken_to := v_taken_to || array_fill(r.ends_at, ARRAY[cardinality(v_picked)]);
          v_accepted := array_append(v_accepted, r.id);
          v_rows := array_append(v_rows, r);
          answers := array_append(answers, json_build_object('accepted', r.id, 'picked', cardinality(v_picked)));
        END LOOP;

        IF cardinality(v_accepted) > 0 THEN
          WITH accepted AS (
            SELECT * FROM unnest(v_rows)),
          booked AS (
            INSERT INTO bookings (id, centre_id, institution_id, exam_id, delivery_mode, seats, lab_id,
                                  vm_pool_id, starts_at, ends_at, status, hold_expires_at, booked_by,
                                  window_override_reason)
            SELECT a.id, a.centre_id, a.institution_id, a.exam_id, a.delivery_mode, a.seats, a.lab_id,
                   a.vm_pool_id, a.starts_at, a.ends_at, a.status,
                   CASE WHEN a.status = 'held' THEN now() + make_interval(mins => a.hold_minutes) END,
                   a.booked_by, a.window_override_reason
              FROM accepted a
            RETURNING id, hold_expires_at, created_at, updated_at),
          vms AS (
            INSERT INTO booking_vm_hours (booking_id, pool_id, hour, seats)
            SELECT a.id, a.vm_pool_id, h.hour, a.seats
              FROM accepted a CROSS JOIN LATERAL unnest(a.vm_hours) AS h(hour)
             WHERE a.vm_pool_id IS NOT NULL
             ORDER BY a.vm_pool_id, h.hour),
          assigned AS (
            INSERT INTO booking_proctors (booking_id, centre_id, proctor_id, during)
            SELECT t.booking_id, a.centre_id, t.proctor_id, tstzrange(a.starts_at, a.ends_at, '[)')
              FROM unnest(v_taken_by, v_taken) AS t(booking_id, proctor_id)
              JOIN accepted a ON a.id = t.booking_id
            RETURNING booking_id, proctor_id),
          audited AS (
            INSERT INTO audit_log (actor_user_id, actor_ip, action, entity_type, entity_id, institution_id, details)
            SELECT a.booked_by, a.actor_ip, a.action, 'booking', a.id::text, a.institution_id, a.details::jsonb
              FROM accepted a),
          mailed AS (
            INSERT INTO mail_outbox (to_address, subject, text_body, template)
            SELECT lower(a.mail_to), a.mail_subject, a.mail_text, a.mail_template
              FROM accepted a WHERE a.mail_to IS NOT NULL),
          named_proctors AS (
            SELECT s.booking_id,
                   json_agg(json_build_object('bookingId', s.booking_id, 'userId', u.id,
                                              'displayName', u.display_name, 'email', u.email)
                            ORDER BY u.display_name, u.email) AS list
              FROM assigned s JOIN users u ON u.id = s.proctor_id
             GROUP BY s.booking_id)
          SELECT jsonb_object_agg(b.id, jsonb_build_object(
                   'centreOk', true, 'holdExpiresAt', b.hold_expires_at, 'createdAt', b.created_at,
                   'updatedAt', b.updated_at, 'proctors', coalesce(n.list, '[]'::json)))
            INTO v_written
            FROM booked b LEFT JOIN named_proctors n ON n.booking_id = b.id;
        END IF;

        RETURN (
          SELECT json_agg(CASE WHEN a.answer->>'accepted' IS NULL THEN a.answer::jsonb
                               ELSE v_written->(a.answer->>'accepted')
                                    || jsonb_build_object('picked', a.answer->'picked') END
                          ORDER BY a.n)
            FROM unnest(answers) WITH ORDINALITY AS a(answer, n));
      END $$
      -- every look-up here is by key: a plan cached while a table was nearly empty (a new
      -- database, a fresh connection) must not go on scanning it whole as it grows; and each
      -- statement is planned once per connection, not for every block (left to choose, the
      -- planner kept re-planning the block's statement, which tripled its cost)
      SET plan_cache_mode = force_generic_plan
      SET enable_seqscan = off`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION book_blocks(json)`);
    await q.query(`DROP TYPE book_block_request`);
    await new BatchedBlockBooking1764900000000().up(q);
  }
}
