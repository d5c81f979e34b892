import { Migration } from '@mikro-orm/migrations';

/**
 * Partner clients (API clients with scopes, an optional IP allowlist, and bearer or Hawk credentials).
 * Their credentials live in `api_token` beside the advisers': one table, so one lookup, one revocation and
 * one listing serve both. A row belongs to exactly one adviser or one client.
 */
export class Migration20261126000002ApiClients extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "api_client" (
         "id" uuid not null primary key,
         "name" text not null,
         "scopes" text[] not null default '{}',
         "ip_allowlist" text[] not null default '{}',
         "auth_scheme" text not null default 'bearer',
         "created_on" timestamptz not null,
         "created_by_id" uuid null references "adviser" ("id") on delete set null,
         constraint "api_client_name_unique" unique ("name"),
         constraint "api_client_auth_scheme_check" check ("auth_scheme" in ('bearer', 'hawk')))`,
    );
    this.addSql(
      `alter table "api_token"
         alter column "adviser_id" drop not null,
         add column "client_id" uuid null references "api_client" ("id") on delete cascade,
         add column "hint" text null,
         add column "hawk_key" text null,
         add constraint "api_token_one_owner" check (num_nonnulls("adviser_id", "client_id") = 1)`,
    );
    this.addSql('create index "api_token_client_id_index" on "api_token" ("client_id")');
  }

  override async down(): Promise<void> {
    this.addSql('delete from "api_token" where "client_id" is not null');
    this.addSql(
      `alter table "api_token" drop constraint "api_token_one_owner", drop column "hawk_key", drop column "hint",
         drop column "client_id", alter column "adviser_id" set not null`,
    );
    this.addSql('drop table "api_client"');
  }
}
