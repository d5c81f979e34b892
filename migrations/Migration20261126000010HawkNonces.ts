import { Migration } from '@mikro-orm/migrations';

/**
 * The Hawk nonces every api process shares (src/auth/nonce-store.ts): a request replayed to another
 * instance is refused as it is by the first. One row per (Hawk id, nonce) until `expires_at`, 120 s after
 * it was seen; the primary key makes "seen before?" and "remember it" one atomic insert.
 *
 * UNLOGGED: no WAL, so the insert every Hawk request makes is cheap, and nothing is lost that matters if a
 * crash empties the table (the nonces of the last two minutes). Expired rows are deleted by the api itself
 * (`expires_at` is indexed for that), and until then count as absent.
 */
export class Migration20261126000010HawkNonces extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create unlogged table "hawk_nonce" (
         "hawk_id" text not null,
         "nonce" text not null,
         "expires_at" timestamptz not null,
         constraint "hawk_nonce_pkey" primary key ("hawk_id", "nonce"))`,
    );
    this.addSql('create index "hawk_nonce_expires_at_index" on "hawk_nonce" ("expires_at")');
  }

  override async down(): Promise<void> {
    this.addSql('drop table "hawk_nonce"');
  }
}
