import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `book_blocks(requests json) → json`: writes several new blocks in one statement, one commit,
 * each all or nothing on its own. The API sends the blocks asked for in one turn of its event
 * loop together (BlockWriter); alone, a block goes as a batch of one.
 *
 * Each request is booked inside its own exception block (a subtransaction): the centre
 * share-locked while bookable, its proctors picked (or the named ones taken), and only if all
 * are there the block, its VM hours, its proctors, the audit entry and the confirmation mail
 * are written. What one request is refused for (no VMs left in an hour, a proctor or lab taken
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
 * overlapping block, tried in the order given) is the same as SchedulingRepository's
 * FREE_PROCTORS and TRAINED; scheduling-trained-proctors.int-spec holds them to it.
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
      BEGIN
        SET CONSTRAINTS booking_vm_hours_capacity IMMEDIATE;
        FOR r IN
          SELECT * FROM json_to_recordset(requests) AS x(
            id uuid, centre_id uuid, institution_id uuid, exam_id uuid, delivery_mode text, seats int,
            lab_id uuid, vm_pool_id uuid, starts_at timestamptz, ends_at timestamptz, status text,
            hold_minutes int, booked_by uuid, window_override_reason text, bookable_status text,
            named boolean, candidates text, needed int, vm_hours timestamptz[], actor_ip text,
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
                   AND cp.user_id = ANY(string_to_array(r.candidates, ',')::uuid[])
                 FOR KEY SHARE OF cp) n
              UNION ALL
              -- picked proctors: the first free, trained ones in the order given
              SELECT f.user_id FROM (
                SELECT cp.user_id
                  FROM unnest(string_to_array(r.candidates, ',')::uuid[]) WITH ORDINALITY AS t(p, n)
                  CROSS JOIN LATERAL (
                    SELECT x.user_id FROM centre_proctors x
                     WHERE NOT r.named AND x.centre_id = r.centre_id AND x.user_id = t.p
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
                 ORDER BY t.n
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
              RETURNING booking_id, proctor_id),
            audited AS (
              INSERT INTO audit_log (actor_user_id, actor_ip, action, entity_type, entity_id, institution_id, details)
              SELECT r.booked_by, r.actor_ip, r.action, 'booking', booked.id::text, r.institution_id, r.details::jsonb
                FROM booked),
            mailed AS (
              INSERT INTO mail_outbox (to_address, subject, text_body, template)
              SELECT lower(r.mail_to), r.mail_subject, r.mail_text, r.mail_template
                FROM booked WHERE r.mail_to IS NOT NULL)
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
          answers := array_append(answers, answer);
        END LOOP;
        SET CONSTRAINTS booking_vm_hours_capacity DEFERRED;
        RETURN array_to_json(answers);
      END $$
      -- every look-up here is by key: a plan cached while a table was nearly empty (a new
      -- database, a fresh connection) must not go on scanning it whole as it grows
      SET enable_seqscan = off`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS book_blocks(json)`);
  }
}
