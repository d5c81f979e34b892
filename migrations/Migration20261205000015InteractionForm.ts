import { Migration } from '@mikro-orm/migrations';

/**
 * What the interaction form and an adviser's dashboard need (issue 13, items 5 and 6):
 * - the countries discussed on an interaction (Data Hub's `were_countries_discussed` and
 *   `InteractionExportCountry`: one row per interaction and country, with the status the adviser recorded),
 *   merged into the company's export countries by the service. No search document reads them, so no trigger.
 * - an index for "the interactions an adviser created" (`created_by_id`), which the dashboard lists.
 * - search documents rebuilt: issue 13 gave interaction documents their `status` (searchInteractions'
 *   `statuses`) and company documents their One List account manager (`accountManagerIds`). Documents written
 *   before hold neither, so every stored company and interaction document is queued in the search outbox,
 *   which rebuilds it by itself (the worker, or the embedded api). With OpenSearch `search_document` is empty
 *   and this does nothing: run `search:sync` once. `down` queues them again, for the older code's shape.
 */
const REBUILD_DOCUMENTS = `insert into "search_outbox" ("entity", "record_id")
  select "entity", "id"::uuid from "search_document"
   where "entity" in ('company', 'interaction') and "id" ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
   order by "entity", "id"`;

export class Migration20261205000015InteractionForm extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "interaction" add column "were_countries_discussed" boolean null');
    this.addSql(
      `create table "interaction_export_country" (
         "id" uuid not null primary key,
         "interaction_id" uuid not null references "interaction" ("id") on delete cascade,
         "country_id" uuid not null references "metadata_country" ("id"),
         "status" text not null,
         "created_on" timestamptz not null,
         constraint "interaction_export_country_interaction_country_unique" unique ("interaction_id", "country_id"),
         constraint "interaction_export_country_status_check" check ("status" in ('currently_exporting', 'future_interest', 'not_interested')))`,
    );
    this.addSql('create index "interaction_export_country_country_id_index" on "interaction_export_country" ("country_id")');
    this.addSql('create index "interaction_created_by_id_index" on "interaction" ("created_by_id")');
    this.addSql(REBUILD_DOCUMENTS);
  }

  override async down(): Promise<void> {
    this.addSql('drop index "interaction_created_by_id_index"');
    this.addSql('drop table "interaction_export_country"');
    this.addSql('alter table "interaction" drop column "were_countries_discussed"');
    this.addSql(REBUILD_DOCUMENTS);
  }
}
