import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Individuals create their own accounts (to buy a retail voucher, take an open-session seat).
 * Such an account cannot sign in until its owner follows the link mailed to the address:
 * `email_verified_at` is null until then. Every other account (invited, seeded) is verified by
 * the way it was made, so the column defaults to now() and existing accounts are verified.
 * Only a hash of each one-time link is stored.
 */
export class SelfSignUp1764600000000 implements MigrationInterface {
  name = 'SelfSignUp1764600000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN email_verified_at timestamptz DEFAULT now()`);
    await q.query(`
      CREATE TABLE email_verifications (
        token_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        -- the password chosen with this link: it takes effect only when the link is followed, so
        -- whoever signs up again with someone else's address cannot set the owner's password
        password_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX email_verifications_user_idx ON email_verifications (user_id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS email_verifications`);
    await q.query(`ALTER TABLE users DROP COLUMN email_verified_at`);
  }
}
