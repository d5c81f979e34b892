import { Migration } from '@mikro-orm/migrations';

/**
 * The PostgreSQL search backend's storage (src/search/postgres-backend.ts): one row per search document,
 * keyed by (entity, id), holding what the backend matches on, already normalised when written (lowercase,
 * accents folded, in TypeScript, so PGlite and a server agree without the unaccent extension):
 *
 * - `keys`: exact-match keys, `n:<name>` (each name, punctuation and spacing aside), `i:<identifier>` and
 *   `p:<personal>` (with and without spaces, so "SW1A 1AA" and "sw1a1aa" meet); a GIN array index answers
 *   "is the whole term a name, an identifier, personal data" with one `&&`.
 * - `document`: one tsvector with weights, names A, identifiers B, text C, personal D; a query that may not
 *   match personal data restricts its lexemes to `:ABC`, so one GIN index serves both kinds of caller.
 * - `name_text`: the names as keys, each after a newline: for trigram matching (a GIN gin_trgm_ops index
 *   for `<%`, which ignores the newlines) and for "a name starts with" (a strpos for autocomplete).
 * - `fields`: the filter and sort values; `sort_name`: the first name, normalised, the tie-breaker.
 *
 * `search_word` is the vocabulary of name words, from which typos are resolved (a misspelt word is expanded
 * to the nearby words that exist, which then go through the tsvector index). Words are never removed: a stale
 * one only expands to a word no document has.
 *
 * Collation "C" on the compared text columns: the same order on PGlite and on any server locale.
 */
export class Migration20261126000004SearchDocuments extends Migration {
  override async up(): Promise<void> {
    // Superuser on the server; preloaded in PGlite (src/db/orm.ts), where the statement just records it.
    this.addSql('create extension if not exists pg_trgm');
    this.addSql(
      `create table "search_document" (
         "entity" text collate "C" not null,
         "id" text collate "C" not null,
         "names" text[] not null,
         "sort_name" text collate "C" not null,
         "name_text" text not null,
         "keys" text[] not null,
         "document" tsvector not null,
         "fields" jsonb not null default '{}',
         "updated_on" timestamptz not null default now(),
         constraint "search_document_pkey" primary key ("entity", "id"))`,
    );
    // GIN without its pending list (fastupdate): the list is merged only by VACUUM, which never runs on PGlite
    // (no autovacuum), and until then every search scans it and the planner, counting its pages, stops using
    // the index (an autocomplete on 60,000 contacts took 45 ms instead of 1). Writes are slower, reads are not.
    this.addSql('create index "search_document_keys_index" on "search_document" using gin ("keys") with (fastupdate = off)');
    this.addSql('create index "search_document_document_index" on "search_document" using gin ("document") with (fastupdate = off)');
    this.addSql('create index "search_document_name_trigram_index" on "search_document" using gin ("name_text" gin_trgm_ops) with (fastupdate = off)');
    // Listing without a term (entity search, autocomplete without a prefix) is in this order.
    this.addSql('create index "search_document_sort_index" on "search_document" ("entity", "sort_name", "id")');
    this.addSql('create table "search_word" ("word" text collate "C" not null primary key)');
    this.addSql('create index "search_word_trigram_index" on "search_word" using gin ("word" gin_trgm_ops) with (fastupdate = off)');
  }

  override async down(): Promise<void> {
    this.addSql('drop table "search_word"');
    this.addSql('drop table "search_document"');
    // pg_trgm stays: `if not exists` may have found it there, and dropping what others use is not ours to do.
  }
}
