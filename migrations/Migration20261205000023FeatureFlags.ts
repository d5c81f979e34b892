import { Migration } from '@mikro-orm/migrations';

const tracked = `
  "id" uuid not null primary key,
  "created_on" timestamptz not null,
  "created_by_id" uuid null references "adviser" ("id") on delete set null,
  "modified_on" timestamptz not null,
  "modified_by_id" uuid null references "adviser" ("id") on delete set null,
  "code" text not null,
  "description" text not null default ''`;

/**
 * Feature flags (src/modules/feature-flag): flags on or off for the environment, groups of flags, and the
 * flags and groups each adviser has. Data Hub keeps environment flags and per-user flags in two tables;
 * here one flag is both (on for everyone, or for the advisers given it), so a flag is rolled out by granting
 * it to a few advisers, then switching it on for all, without renaming it.
 */
export class Migration20261205000023FeatureFlags extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "feature_flag" (${tracked},
         "enabled" boolean not null default false,
         constraint "feature_flag_code_unique" unique ("code"))`,
    );
    this.addSql(`create table "feature_flag_group" (${tracked}, constraint "feature_flag_group_code_unique" unique ("code"))`);
    this.addSql(
      `create table "feature_flag_group_flag" (
         "group_id" uuid not null references "feature_flag_group" ("id") on delete cascade,
         "feature_flag_id" uuid not null references "feature_flag" ("id") on delete cascade,
         primary key ("group_id", "feature_flag_id"))`,
    );
    this.addSql('create index "feature_flag_group_flag_feature_flag_id_index" on "feature_flag_group_flag" ("feature_flag_id")');
    this.addSql(
      `create table "adviser_feature_flag" (
         "id" uuid not null primary key,
         "adviser_id" uuid not null references "adviser" ("id") on delete cascade,
         "feature_flag_id" uuid not null references "feature_flag" ("id") on delete cascade,
         "created_on" timestamptz not null,
         constraint "adviser_feature_flag_unique" unique ("adviser_id", "feature_flag_id"))`,
    );
    this.addSql('create index "adviser_feature_flag_feature_flag_id_index" on "adviser_feature_flag" ("feature_flag_id")');
    this.addSql(
      `create table "adviser_feature_flag_group" (
         "id" uuid not null primary key,
         "adviser_id" uuid not null references "adviser" ("id") on delete cascade,
         "group_id" uuid not null references "feature_flag_group" ("id") on delete cascade,
         "created_on" timestamptz not null,
         constraint "adviser_feature_flag_group_unique" unique ("adviser_id", "group_id"))`,
    );
    this.addSql('create index "adviser_feature_flag_group_group_id_index" on "adviser_feature_flag_group" ("group_id")');
  }

  override async down(): Promise<void> {
    this.addSql('drop table "adviser_feature_flag_group"');
    this.addSql('drop table "adviser_feature_flag"');
    this.addSql('drop table "feature_flag_group_flag"');
    this.addSql('drop table "feature_flag_group"');
    this.addSql('drop table "feature_flag"');
  }
}
