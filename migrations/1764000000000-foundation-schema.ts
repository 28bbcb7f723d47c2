import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The foundation schema: identity and tenancy, audit, mail outbox, catalogue, institutions,
 * testing centres, labs and proctor training. Invariants live here as constraints so that no
 * code path can break them.
 */
export class FoundationSchema1764000000000 implements MigrationInterface {
  name = 'FoundationSchema1764000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
        password_hash text NOT NULL,
        time_zone text,
        password_changed_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_email_key UNIQUE (email)
      )`);

    await q.query(`
      CREATE TABLE certification_bodies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        website text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT certification_bodies_code_key UNIQUE (code)
      )`);

    await q.query(`
      CREATE TABLE institutions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        kind text NOT NULL CHECK (kind IN ('school','school_board','college','polytechnic','university','company','workforce_agency')),
        country char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
        time_zone text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT institutions_name_key UNIQUE (name)
      )`);

    await q.query(`
      CREATE TABLE memberships (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('platform_operator','certification_body_admin','institution_admin','instructor','proctor','candidate')),
        institution_id uuid REFERENCES institutions(id) ON DELETE CASCADE,
        certification_body_id uuid REFERENCES certification_bodies(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT memberships_scope_check CHECK (
          (role = 'platform_operator' AND institution_id IS NULL AND certification_body_id IS NULL)
          OR (role = 'certification_body_admin' AND certification_body_id IS NOT NULL AND institution_id IS NULL)
          OR (role IN ('institution_admin','instructor','proctor','candidate') AND institution_id IS NOT NULL AND certification_body_id IS NULL)
        ),
        CONSTRAINT memberships_unique UNIQUE NULLS NOT DISTINCT (user_id, role, institution_id, certification_body_id)
      )`);
    await q.query(`CREATE INDEX memberships_user_idx ON memberships (user_id)`);
    await q.query(`CREATE INDEX memberships_institution_idx ON memberships (institution_id, role)`);

    await q.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        token_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz,
        revoked_at timestamptz,
        created_ip text,
        user_agent text,
        CONSTRAINT refresh_tokens_hash_key UNIQUE (token_hash)
      )`);
    await q.query(`CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)`);
    await q.query(
      `CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id) WHERE revoked_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        institution_id uuid REFERENCES institutions(id) ON DELETE CASCADE,
        certification_body_id uuid REFERENCES certification_bodies(id) ON DELETE CASCADE,
        email text NOT NULL CHECK (email = lower(email)),
        role text NOT NULL CHECK (role IN ('certification_body_admin','institution_admin','instructor','proctor','candidate')),
        token_hash text NOT NULL,
        invited_by uuid REFERENCES users(id) ON DELETE SET NULL,
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_by uuid REFERENCES users(id) ON DELETE SET NULL,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT invitations_hash_key UNIQUE (token_hash),
        CONSTRAINT invitations_scope_check CHECK (
          (role = 'certification_body_admin' AND certification_body_id IS NOT NULL AND institution_id IS NULL)
          OR (role <> 'certification_body_admin' AND institution_id IS NOT NULL AND certification_body_id IS NULL)
        ),
        CONSTRAINT invitations_single_outcome CHECK (accepted_at IS NULL OR revoked_at IS NULL)
      )`);
    await q.query(
      `CREATE INDEX invitations_institution_idx ON invitations (institution_id, created_at DESC)`,
    );
    // At most one open invitation per person and role in a scope: a re-invite revokes the old one first.
    await q.query(`
      CREATE UNIQUE INDEX invitations_one_open ON invitations
        (email, role, coalesce(institution_id, certification_body_id))
        WHERE accepted_at IS NULL AND revoked_at IS NULL`);

    await q.query(`
      CREATE TABLE mail_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        to_address text NOT NULL,
        subject text NOT NULL,
        text_body text NOT NULL,
        template text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','dead')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        transport text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX mail_outbox_to_idx ON mail_outbox (to_address, created_at DESC)`);

    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid,
        actor_ip text,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        institution_id uuid,
        certification_body_id uuid,
        details jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(`CREATE INDEX audit_log_institution_idx ON audit_log (institution_id, occurred_at DESC)`);
    await q.query(`CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id)`);
    // Append-only: the database refuses to rewrite history, whoever asks.
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_no_rewrite BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);

    await q.query(`
      CREATE TABLE exams (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        certification_body_id uuid NOT NULL REFERENCES certification_bodies(id) ON DELETE CASCADE,
        code text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$'),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        level text NOT NULL CHECK (level IN ('fundamentals','associate','professional','expert')),
        duration_minutes int NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
        passing_score int NOT NULL,
        max_score int NOT NULL CHECK (max_score > 0),
        delivery_modes text[] NOT NULL CHECK (
          cardinality(delivery_modes) > 0
          AND delivery_modes <@ ARRAY['in_lab','virtual_lab','online_proctored']::text[]
        ),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT exams_score_check CHECK (passing_score BETWEEN 0 AND max_score),
        CONSTRAINT exams_code_key UNIQUE (certification_body_id, code)
      )`);

    await q.query(`
      CREATE TABLE exam_objectives (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        exam_id uuid NOT NULL REFERENCES exams(id) ON DELETE CASCADE,
        code text NOT NULL CHECK (length(code) BETWEEN 1 AND 20),
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
        position int NOT NULL,
        CONSTRAINT exam_objectives_code_key UNIQUE (exam_id, code)
      )`);

    await q.query(`
      CREATE TABLE credentials (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        certification_body_id uuid NOT NULL REFERENCES certification_bodies(id) ON DELETE CASCADE,
        code text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,47}$'),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        description text NOT NULL DEFAULT '',
        level text NOT NULL CHECK (level IN ('fundamentals','associate','professional','expert')),
        rule_kind text NOT NULL CHECK (rule_kind IN ('all','any')),
        rule_min_count int,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT credentials_rule_check CHECK (
          (rule_kind = 'all' AND rule_min_count IS NULL) OR (rule_kind = 'any' AND rule_min_count >= 1)
        ),
        CONSTRAINT credentials_code_key UNIQUE (certification_body_id, code)
      )`);

    // A credential is earned by exams, by other credentials (a stack), or by a mix.
    await q.query(`
      CREATE TABLE credential_requirements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        credential_id uuid NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
        exam_id uuid REFERENCES exams(id) ON DELETE RESTRICT,
        required_credential_id uuid REFERENCES credentials(id) ON DELETE RESTRICT,
        CONSTRAINT credential_requirements_one_kind CHECK ((exam_id IS NULL) <> (required_credential_id IS NULL)),
        CONSTRAINT credential_requirements_not_self CHECK (required_credential_id IS DISTINCT FROM credential_id),
        CONSTRAINT credential_requirements_unique UNIQUE NULLS NOT DISTINCT (credential_id, exam_id, required_credential_id)
      )`);

    await q.query(`
      CREATE TABLE testing_centres (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        institution_id uuid NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        time_zone text NOT NULL,
        address_line1 text NOT NULL,
        address_line2 text,
        city text NOT NULL,
        region text,
        postal_code text,
        country char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
        access_policy text NOT NULL CHECK (access_policy IN ('members_only','public')),
        public_proctoring_fee_minor int CHECK (public_proctoring_fee_minor >= 0),
        currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
        accreditation_status text NOT NULL DEFAULT 'applied'
          CHECK (accreditation_status IN ('applied','onboarding','accredited','suspended','rejected')),
        onboarding_fee_minor int CHECK (onboarding_fee_minor >= 0),
        onboarding_fee_paid_at timestamptz,
        accredited_at timestamptz,
        status_reason text,
        status_changed_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT testing_centres_public_fee CHECK (access_policy = 'members_only' OR public_proctoring_fee_minor IS NOT NULL),
        CONSTRAINT testing_centres_accredited_paid CHECK (
          accreditation_status NOT IN ('accredited','suspended') OR onboarding_fee_paid_at IS NOT NULL
        ),
        CONSTRAINT testing_centres_name_key UNIQUE (institution_id, name)
      )`);
    await q.query(
      `CREATE INDEX testing_centres_status_idx ON testing_centres (accreditation_status, status_changed_at)`,
    );

    await q.query(`
      CREATE TABLE centre_opening_hours (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        centre_id uuid NOT NULL REFERENCES testing_centres(id) ON DELETE CASCADE,
        weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
        opens time NOT NULL,
        closes time NOT NULL,
        CONSTRAINT centre_opening_hours_order CHECK (opens < closes)
      )`);
    await q.query(
      `CREATE INDEX centre_opening_hours_centre_idx ON centre_opening_hours (centre_id, weekday)`,
    );

    await q.query(`
      CREATE TABLE labs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        centre_id uuid NOT NULL REFERENCES testing_centres(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        seats int NOT NULL CHECK (seats BETWEEN 1 AND 500),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT labs_name_key UNIQUE (centre_id, name)
      )`);

    await q.query(`
      CREATE TABLE centre_proctors (
        centre_id uuid NOT NULL REFERENCES testing_centres(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (centre_id, user_id)
      )`);

    await q.query(`
      CREATE TABLE proctor_trainings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        centre_id uuid NOT NULL,
        user_id uuid NOT NULL,
        trained_on date NOT NULL,
        trained_by_operator boolean NOT NULL,
        trainer_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        recorded_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (centre_id, user_id) REFERENCES centre_proctors(centre_id, user_id) ON DELETE CASCADE,
        CONSTRAINT proctor_trainings_trainer CHECK (
          (trained_by_operator AND trainer_user_id IS NULL) OR (NOT trained_by_operator AND trainer_user_id IS NOT NULL)
        ),
        CONSTRAINT proctor_trainings_not_self CHECK (trainer_user_id IS DISTINCT FROM user_id)
      )`);
    await q.query(
      `CREATE INDEX proctor_trainings_proctor_idx ON proctor_trainings (centre_id, user_id, trained_on DESC)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'proctor_trainings',
      'centre_proctors',
      'labs',
      'centre_opening_hours',
      'testing_centres',
      'credential_requirements',
      'credentials',
      'exam_objectives',
      'exams',
      'audit_log',
      'mail_outbox',
      'invitations',
      'refresh_tokens',
      'memberships',
      'institutions',
      'certification_bodies',
      'users',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
    await q.query(`DROP FUNCTION IF EXISTS audit_log_append_only()`);
  }
}
