import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `book_blocks(requests json) → json`: writes several new blocks in one statement, one commit,
 * each all or nothing on its own. The API sends the blocks asked for in one turn of its event
 * loop together (BlockWriter); alone, a block goes as a batch of one.
 *
 * Each request is booked inside its own exception block (a subtransaction): the centre
 * share-locked while bookable, its proctors picked (or the named ones taken), and only if all
 * are there the block, its VM hours and its proctors are written; the audit entries and
 * confirmation mails of the blocks written follow in one insert each, in the same transaction. What one request is refused for (no VMs left in an hour, a proctor or lab taken
 * by a racing booking, a named proctor who is not the centre's) undoes that request alone and
 * comes back as its answer, with the SQLSTATE, the constraint and the detail the API maps to a
 * problem; the other requests keep theirs.
 *
 * The VM counters: the capacity trigger on booking_vm_hours is deferred to commit for every
 * other writer, so a hot hour's row is locked only for a commit. Here it runs at the end of
 * each request's statement instead (SET CONSTRAINTS ... IMMEDIATE for the call), because a
 * shortage raised at commit would undo the whole batch. The row stays locked until the batch
 * commits: one statement, no round trip to the application in between. Requests come sorted
 * by their first hour, so batches take hot rows in the same order.
 *
 * The proctor rule (trained on the start's local day, still holding the proctor role, in no
 * overlapping block) is SchedulingRepository's TRAINED and FREE_PROCTORS;
 * scheduling-trained-proctors.int-spec holds the booking to it. Proctors are tried in a random order
 * made in the database, not sent by the API: the list was the largest part of each request
 * (every proctor id of the centre, read, shuffled, sent and parsed again per booking).
 */
export class BatchedBlockBooking1764900000000 implements MigrationInterface {
  name = 'BatchedBlockBooking1764900000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION book_blocks(requests json) RETURNS json LANGUAGE plpgsql AS $$
      DECLARE
        r record;
        answers json[] := '{}';
        answer json;
        v_state text;
        v_constraint text;
        v_detail text;
        v_message text;
        -- the blocks written, whose audit entries and confirmations follow in one insert each
        v_written uuid[] := '{}';
      BEGIN
        SET CONSTRAINTS booking_vm_hours_capacity IMMEDIATE;
        FOR r IN
          SELECT * FROM json_to_recordset(requests) AS x(
            id uuid, centre_id uuid, institution_id uuid, exam_id uuid, delivery_mode text, seats int,
            lab_id uuid, vm_pool_id uuid, starts_at timestamptz, ends_at timestamptz, status text,
            hold_minutes int, booked_by uuid, window_override_reason text, bookable_status text,
            named boolean, named_proctors text, needed int, vm_hours timestamptz[], actor_ip text,
            action text, details json, mail_to text, mail_subject text, mail_text text,
            mail_template text, local_day date, training_months int)
        LOOP
          BEGIN
            WITH centre AS (
              SELECT c.id FROM testing_centres c
               WHERE c.id = r.centre_id AND c.accreditation_status = r.bookable_status FOR SHARE OF c),
            picked AS (
              -- named proctors: those who are the centre's (they were judged before)
              SELECT n.user_id FROM (
                SELECT cp.user_id FROM centre_proctors cp
                 WHERE r.named AND cp.centre_id = r.centre_id
                   AND cp.user_id = ANY(string_to_array(r.named_proctors, ',')::uuid[])
                 FOR KEY SHARE OF cp) n
              UNION ALL
              -- picked proctors: the first free, trained ones of the centre in a random order
              -- (so concurrent bookings spread over them), each tried only until enough are
              -- found: the order is made first, from the centre's list alone
              SELECT f.user_id FROM (
                SELECT cp.user_id
                  FROM (SELECT o.user_id FROM centre_proctors o
                         WHERE NOT r.named AND o.centre_id = r.centre_id
                         ORDER BY random()) t
                  CROSS JOIN LATERAL (
                    SELECT x.user_id FROM centre_proctors x
                     WHERE x.centre_id = r.centre_id AND x.user_id = t.user_id
                       AND EXISTS (SELECT 1 FROM memberships m
                                    WHERE m.user_id = x.user_id AND m.role = 'proctor'
                                      AND m.institution_id = r.institution_id)
                       AND EXISTS (SELECT 1 FROM proctor_trainings tr
                                    WHERE tr.centre_id = r.centre_id AND tr.user_id = x.user_id
                                      AND tr.trained_on <= r.local_day
                                      AND r.local_day < (tr.trained_on + make_interval(months => r.training_months))::date)
                       AND NOT EXISTS (SELECT 1 FROM booking_proctors bp
                                        WHERE bp.proctor_id = x.user_id
                                          AND bp.during && tstzrange(r.starts_at, r.ends_at, '[)'))
                    OFFSET 0) cp
                 LIMIT r.needed FOR NO KEY UPDATE OF cp SKIP LOCKED) f),
            booked AS (
              INSERT INTO bookings (id, centre_id, institution_id, exam_id, delivery_mode, seats, lab_id,
                                    vm_pool_id, starts_at, ends_at, status, hold_expires_at, booked_by,
                                    window_override_reason)
              SELECT r.id, centre.id, r.institution_id, r.exam_id, r.delivery_mode, r.seats, r.lab_id,
                     r.vm_pool_id, r.starts_at, r.ends_at, r.status,
                     CASE WHEN r.status = 'held' THEN now() + make_interval(mins => r.hold_minutes) END,
                     r.booked_by, r.window_override_reason
                FROM centre WHERE (SELECT count(*) FROM picked) >= r.needed
              RETURNING id, vm_pool_id, seats, hold_expires_at, created_at, updated_at),
            vms AS (
              INSERT INTO booking_vm_hours (booking_id, pool_id, hour, seats)
              SELECT booked.id, booked.vm_pool_id, t.h, booked.seats
                FROM booked, unnest(r.vm_hours) WITH ORDINALITY AS t(h, n)
               WHERE booked.vm_pool_id IS NOT NULL
               ORDER BY t.n),
            assigned AS (
              INSERT INTO booking_proctors (booking_id, centre_id, proctor_id, during)
              SELECT booked.id, r.centre_id, picked.user_id, tstzrange(r.starts_at, r.ends_at, '[)')
                FROM booked, picked
              RETURNING booking_id, proctor_id)
            SELECT json_build_object(
                     'centreOk', EXISTS (SELECT 1 FROM centre),
                     'picked', (SELECT count(*) FROM picked),
                     'holdExpiresAt', b.hold_expires_at, 'createdAt', b.created_at, 'updatedAt', b.updated_at,
                     'proctors', coalesce((
                       SELECT json_agg(json_build_object('bookingId', a.booking_id, 'userId', u.id,
                                                         'displayName', u.display_name, 'email', u.email)
                                       ORDER BY u.display_name, u.email)
                         FROM assigned a JOIN users u ON u.id = a.proctor_id), '[]'::json))
              INTO answer
              FROM (SELECT 1) one LEFT JOIN booked b ON true;
          EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_constraint = CONSTRAINT_NAME,
                                    v_detail = PG_EXCEPTION_DETAIL, v_message = MESSAGE_TEXT;
            answer := json_build_object('error', json_build_object(
              'code', v_state, 'constraint', nullif(v_constraint, ''), 'detail', nullif(v_detail, ''),
              'message', v_message));
          END;
          IF answer->>'createdAt' IS NOT NULL THEN
            v_written := array_append(v_written, r.id);
          END IF;
          answers := array_append(answers, answer);
        END LOOP;
        WITH written AS (
          SELECT * FROM json_to_recordset(requests) AS x(
            id uuid, institution_id uuid, booked_by uuid, actor_ip text, action text, details json,
            mail_to text, mail_subject text, mail_text text, mail_template text)
           WHERE x.id = ANY(v_written)),
        audited AS (
          INSERT INTO audit_log (actor_user_id, actor_ip, action, entity_type, entity_id, institution_id, details)
          SELECT w.booked_by, w.actor_ip, w.action, 'booking', w.id::text, w.institution_id, w.details::jsonb
            FROM written w)
        INSERT INTO mail_outbox (to_address, subject, text_body, template)
        SELECT lower(w.mail_to), w.mail_subject, w.mail_text, w.mail_template FROM written w WHERE w.mail_to IS NOT NULL;
        SET CONSTRAINTS booking_vm_hours_capacity DEFERRED;
        RETURN array_to_json(answers);
      END $$
      -- every look-up here is by key: a plan cached while a table was nearly empty (a new
      -- database, a fresh connection) must not go on scanning it whole as it grows; and the
      -- statement is planned once per connection, not for every block (left to choose, the
      -- planner kept re-planning it, which tripled its cost)
      SET plan_cache_mode = force_generic_plan
      SET enable_seqscan = off`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS book_blocks(json)`);
  }
}
