import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 13 gave search documents new fields: an interaction's `status` (the `statuses` filter of
 * searchInteractions) and a company's One List account manager (`accountManagerIds`). Documents written
 * before hold neither, so a filter on them would miss those records until the nightly resync: every stored
 * company and interaction document is queued in the search outbox, which rebuilds it (the worker, or the
 * embedded api, drains it by itself). With the OpenSearch backend `search_document` is empty and this does
 * nothing: `search:sync` (or the nightly resync) rewrites the indices' documents. `down` queues them again, so
 * that code from before rebuilds them in its own shape.
 */
const ENQUEUE = `insert into "search_outbox" ("entity", "record_id")
  select "entity", "id"::uuid from "search_document"
   where "entity" in ('company', 'interaction') and "id" ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
   order by "entity", "id"`;

export class Migration20261205000016SearchDocumentsRefresh extends Migration {
  override async up(): Promise<void> {
    this.addSql(ENQUEUE);
  }

  override async down(): Promise<void> {
    this.addSql(ENQUEUE);
  }
}
