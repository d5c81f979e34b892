import { Migration } from '@mikro-orm/migrations';

/**
 * Guarded search text (issue 11, item 3): text a search document takes from a field with a read rule of its
 * own (a contact's email, telephone and company; an interaction's companies and contacts; an adviser's emails)
 * matches only for callers who may read that field. The PostgreSQL search backend (src/search/postgres-backend.ts)
 * keeps it out of the `document` tsvector, in
 *
 * - `guarded_words`: `<Type.field>:<word>` for each run of letters and digits of the field's text, so a query
 *   names exactly the fields the caller may read; a GIN array index answers it;
 * - `keys`: `g:<Type.field>:<form>` for the exact forms of guarded identifiers (replacing `p:` personal keys).
 *
 * Documents written before this hold that text unguarded (in the tsvector's C and D weights, in `p:` keys, and
 * advisers' emails as `i:` identifiers). Until they are rebuilt they keep only their names: the tsvector keeps
 * its A weight and `keys` its `n:` keys, for contacts, interactions and advisers (companies carry nothing
 * guarded and are untouched); every such document is queued in the search outbox, which rebuilds it in the
 * new shape (the worker, or the embedded api, drains it by itself). With the OpenSearch backend
 * `search_document` is empty, so this does nothing; its indices move to mapping v2 with `search:migrate`.
 *
 * The update rewrites those rows, and the outbox gets one row per document (minutes for a million documents;
 * searches go on meanwhile, search writes wait). `down` drops the column and queues the documents again, so
 * that code from before rebuilds them in its own shape.
 */
const GUARDED_ENTITIES = `('contact', 'interaction', 'adviser')`;

/** Queues every stored contact, interaction and adviser document for a rebuild (ids are uuids; others are not records). */
const ENQUEUE = `insert into "search_outbox" ("entity", "record_id")
  select "entity", "id"::uuid from "search_document"
   where "entity" in ${GUARDED_ENTITIES} and "id" ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
   order by "entity", "id"`;

export class Migration20261126000011SearchGuardedText extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "search_document" add column "guarded_words" text[] not null default '{}'`);
    // Without the pending list, as the other GIN indexes of the table (0004 says why).
    this.addSql('create index "search_document_guarded_words_index" on "search_document" using gin ("guarded_words") with (fastupdate = off)');
    this.addSql(
      `update "search_document" set "document" = ts_filter("document", '{a}'), "keys" = array(select k from unnest("keys") k where k like 'n:%')
        where "entity" in ${GUARDED_ENTITIES}`,
    );
    this.addSql(ENQUEUE);
  }

  override async down(): Promise<void> {
    this.addSql('alter table "search_document" drop column "guarded_words"');
    this.addSql(ENQUEUE);
  }
}
