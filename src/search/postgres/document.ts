import type { Orm } from '../../db/orm-type.js';
import type { SearchDocument, SearchEntity } from '../search.types.js';
import { FILTER_KEYS_SQL } from './filters.js';
import { compactForms, fold, guardedWord, nameKey, sortName, vocabularyWords, wordParts } from './normalise.js';

/*
 * Writes: one statement per batch, the batch as one jsonb parameter expanded by jsonb_to_recordset.
 */

/** Documents per write statement: one jsonb parameter each, a few hundred KB at most. */
const WRITE_BATCH = 500;

/** A document as the write statement takes it: normalised here, its tsvector built by the database. */
function documentRow(doc: SearchDocument) {
  const join = (values: string[]) => values.map(fold).join('\n');
  const guardedIdentifiers = doc.guarded.filter((g) => g.as === 'identifier');
  return {
    entity: doc.entity,
    id: doc.id,
    names: doc.names,
    sort_name: sortName(doc.names[0] ?? ''),
    // Each name as a key after a newline: "a name starts with" is a strpos, and trigrams ignore the punctuation.
    name_text: doc.names.map((n) => `\n${nameKey(n)}`).join(''),
    keys: [
      ...new Set([
        ...doc.names.map((n) => `n:${nameKey(n)}`),
        ...doc.identifiers.flatMap((i) => compactForms(i).map((k) => `i:${k}`)),
        ...guardedIdentifiers.flatMap((g) => g.values.flatMap((v) => compactForms(v).map((k) => `g:${g.field}:${k}`))),
      ]),
    ],
    // Identifiers also as written and compact, so either spelling matches as a word.
    a: join(doc.names),
    b: join([...doc.identifiers, ...doc.identifiers.flatMap(compactForms)]),
    c: join(doc.text),
    // Guarded identifiers' compact forms too: "+442079460001" is a word of "+44 20 7946 0001".
    guarded_words: [
      ...new Set(doc.guarded.flatMap((g) => (g.as === 'identifier' ? [...g.values, ...g.values.flatMap(compactForms)] : g.values).flatMap(wordParts).map((w) => guardedWord(g.field, w)))),
    ],
    words: [...new Set(vocabularyWords(doc.names))],
    fields: doc.fields,
  };
}

/**
 * Upserts a batch (a row whose content is unchanged is left alone: a full resync rewrites nothing), deletes
 * another, and adds the names' words to the vocabulary, in one statement: data-modifying CTEs all run.
 */
const WRITE_SQL = `with input as (
    select * from jsonb_to_recordset(?::jsonb) as x(entity text, id text, names text[], sort_name text, name_text text, keys text[], a text, b text, c text, guarded_words text[], words text[], fields jsonb)
  ), removed as (
    delete from search_document t using jsonb_to_recordset(?::jsonb) as r(entity text, id text)
     where t.entity = r.entity and t.id = r.id returning 1
  ), written as (
    insert into search_document as t (entity, id, names, sort_name, name_text, keys, document, name_words, guarded_words, filter_keys, fields, updated_on)
    select entity, id, names, sort_name, name_text, keys,
           setweight(to_tsvector('simple', a), 'A') || setweight(to_tsvector('simple', b), 'B') || setweight(to_tsvector('simple', c), 'C'),
           array(select u.lexeme from unnest(to_tsvector('simple', a)) u), guarded_words, ${FILTER_KEYS_SQL}, fields, now()
      from input
    on conflict (entity, id) do update set names = excluded.names, sort_name = excluded.sort_name, name_text = excluded.name_text,
           keys = excluded.keys, document = excluded.document, name_words = excluded.name_words, guarded_words = excluded.guarded_words,
           filter_keys = excluded.filter_keys, fields = excluded.fields,
           updated_on = excluded.updated_on
     where (t.names, t.keys, t.document, t.guarded_words, t.fields) is distinct from (excluded.names, excluded.keys, excluded.document, excluded.guarded_words, excluded.fields)
    returning 1
  ), vocabulary as (
    insert into search_word (word) select distinct w from input, unnest(input.words) w order by w on conflict do nothing
  )
  select (select count(*) from written)::int as written, (select count(*) from removed)::int as removed`;

export async function write(orm: Orm, documents: SearchDocument[], deleted: Array<{ entity: SearchEntity; id: string }>): Promise<void> {
  const key = (d: { entity: string; id: string }) => `${d.entity}\u0000${d.id}`;
  const gone = new Map(deleted.map((d) => [key(d), { entity: d.entity, id: d.id }]));
  // The last version of each document wins (one statement may not update a row twice); a deletion wins over a write.
  const latest = new Map<string, SearchDocument>();
  for (const doc of documents) if (!gone.has(key(doc))) latest.set(key(doc), doc);
  // In key order: two writers with overlapping batches then lock rows in the same order and cannot deadlock.
  const byKey = <T extends { entity: string; id: string }>(a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  const docs = [...latest.values()].sort(byKey);
  const removals = [...gone.values()].sort(byKey);
  const connection = orm.em.fork().getConnection();
  for (let i = 0; i < Math.max(docs.length, removals.length); i += WRITE_BATCH) {
    const batch = docs.slice(i, i + WRITE_BATCH).map(documentRow);
    await connection.execute(WRITE_SQL, [JSON.stringify(batch), JSON.stringify(removals.slice(i, i + WRITE_BATCH))], 'all');
  }
}
