import type { Orm } from '../db/orm-type.js';
import type { Row } from '../db/read-model.js';
import type { BackendStatus, SearchBackend } from './search.types.js';
import { autocomplete } from './postgres/autocomplete.js';
import { write } from './postgres/document.js';
import { search } from './postgres/query.js';

/**
 * The search backend on PostgreSQL itself (PGlite embedded, or a server): documents live in `search_document`
 * (migration 0004, which describes the columns), matched with one tsvector, exact-key arrays and pg_trgm.
 *
 * Guarded text (shown by a field with a read rule: a contact's email, an interaction's contacts) stays out of
 * the tsvector: its words are in `guarded_words` as `<Type.field>:<word>` (migration 0011) and, for guarded
 * identifiers, its exact forms in `keys` as `g:<Type.field>:<form>`, so a query names the fields whose text may
 * match (`SearchQuery.readable`) and the GIN indexes answer for those fields only. A guarded word is matched by
 * its runs of letters and digits, all in one field ("ada.lovelace@acme.example" is ada & lovelace & acme &
 * example).
 *
 * User input is always data: terms go into statements as parameters, and the only text-search syntax built
 * from them is quoted lexemes (`'word':ABC`) with the characters that could end a quote removed, so
 * `" * ~ ( ) : \ / & | ! <` are plain characters, never operators or errors.
 *
 * The parts, in search/postgres/: normalise.ts folds text the same way for documents and queries; terms.ts
 * turns words into quoted lexemes and conditions; typos.ts expands a misspelt word to the name words it may
 * stand for; filters.ts has the filters and sorts on `fields`; query.ts builds the search statement and its
 * ranking; autocomplete.ts the autocomplete statement; document.ts writes documents.
 */

export { fold, nameKey, normaliseTerm } from './postgres/normalise.js';
export { editDistance, oneEditPattern } from './postgres/typos.js';
export { filterSql } from './postgres/filters.js';

async function status(orm: Orm): Promise<BackendStatus> {
  try {
    const rows = (await orm.em.fork().getConnection().execute('select entity, count(*)::int as n from search_document group by entity', [], 'all')) as Row[];
    return { backend: 'postgres', documents: Object.fromEntries(rows.map((r) => [r.entity, Number(r.n)])), healthy: true };
  } catch (error) {
    return { backend: 'postgres', documents: {}, healthy: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

/** The storage is the migration's (0004): this only checks that it is there, with a useful message if not. */
async function migrate(orm: Orm): Promise<void> {
  const [row] = (await orm.em.fork().getConnection().execute("select to_regclass('search_document') is not null as ok", [], 'all')) as Row[];
  if (!row?.ok) throw new Error('The search_document table is missing: run the migrations (npm run migrate).');
}

export function createPostgresBackend(orm: Orm): SearchBackend {
  return {
    name: 'postgres',
    migrate: () => migrate(orm),
    write: (documents, deleted) => write(orm, documents, deleted),
    search: (q) => search(orm, q),
    autocomplete: (q) => autocomplete(orm, q),
    // Written rows are visible once their statement commits.
    refresh: async () => {},
    status: () => status(orm),
    // The ORM is the caller's to close.
    close: async () => {},
  };
}
