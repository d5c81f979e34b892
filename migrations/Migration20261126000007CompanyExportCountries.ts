import { Migration } from '@mikro-orm/migrations';

const STATUSES = `('currently_exporting', 'future_interest', 'not_interested')`;

/**
 * Companies' export countries (Data Hub's `CompanyExportCountry`: one row per company and country, with a
 * status) and their history (every insert, update and delete, with the adviser who made it). A change to the
 * list enqueues the company for search, whoever writes, like the other search triggers (0005): its document
 * carries the countries it exports to and is interested in.
 */
export class Migration20261126000007CompanyExportCountries extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "company_export_country" (
         "id" uuid not null primary key,
         "company_id" uuid not null references "company" ("id") on delete cascade,
         "country_id" uuid not null references "metadata_country" ("id"),
         "status" text not null,
         "created_on" timestamptz not null,
         "modified_on" timestamptz not null,
         constraint "company_export_country_company_country_unique" unique ("company_id", "country_id"),
         constraint "company_export_country_status_check" check ("status" in ${STATUSES}))`,
    );
    this.addSql('create index "company_export_country_country_id_index" on "company_export_country" ("country_id")');
    this.addSql(
      `create table "company_export_country_history" (
         "id" uuid not null primary key,
         "company_id" uuid not null references "company" ("id") on delete cascade,
         "country_id" uuid not null references "metadata_country" ("id"),
         "status" text not null,
         "history_type" text not null,
         "history_date" timestamptz not null,
         "history_user_id" uuid null references "adviser" ("id") on delete set null,
         constraint "company_export_country_history_status_check" check ("status" in ${STATUSES}),
         constraint "company_export_country_history_type_check" check ("history_type" in ('insert', 'update', 'delete')))`,
    );
    this.addSql('create index "company_export_country_history_company_index" on "company_export_country_history" ("company_id", "history_date")');
    this.addSql(
      `create function "search_enqueue_company_export_country"() returns trigger language plpgsql as $fn$ begin
         insert into search_outbox (entity, record_id) values ('company', coalesce(new.company_id, old.company_id));
         return null; end $fn$`,
    );
    this.addSql(
      `create trigger "search_enqueue_company_export_country" after insert or update or delete on "company_export_country"
         for each row execute function "search_enqueue_company_export_country"()`,
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table "company_export_country_history"');
    this.addSql('drop table "company_export_country"');
    this.addSql('drop function "search_enqueue_company_export_country"()');
  }
}
