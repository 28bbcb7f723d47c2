import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Forgotten passwords: a one-time link mailed to the account's address sets a new password
 * (only its hash is stored, for an hour). Following it also confirms an unconfirmed address.
 */
export class PasswordResets1764700000000 implements MigrationInterface {
  name = 'PasswordResets1764700000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE password_resets (
        token_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX password_resets_user_idx ON password_resets (user_id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS password_resets`);
  }
}
