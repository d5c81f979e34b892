import { pgTextArray } from '../../db/bulk.js';
import type { Orm } from '../../db/orm-type.js';
import { query, sqlJoin, type Sql } from '../../db/read-model.js';
import type { SearchEntity, SearchQuery, SearchResult } from '../search.types.js';
import { entitiesSql, orderBy, sortColumns } from './filters.js';
import { compactForms, nameKey, normaliseTerm } from './normalise.js';
import { coverage, everyWordOrTypos, lexeme, matches, param } from './terms.js';
import { expandTypos } from './typos.js';

/*
 * Search: one statement per query, with the term's matching and scoring built by termSql.
 *
 * Ranking (summed; the same tiers as the OpenSearch backend, src/search/opensearch/queries.ts):
 *   200  the whole term is one of the names (case, accents, punctuation and spacing aside)
 *   100  the whole term is an identifier (with or without spaces), or a guarded identifier the caller may read
 *     8  the words are a phrase in a name;  4  every word is in the names;  2  the same allowing typos
 *     1  every word is somewhere (a name with typos, an identifier, the text, readable guarded text)
 *     1  every word is in the text or in readable guarded text
 *   0–1  how much of the first name the term covers (shorter, closer names first)
 * A document matches when the whole term is a name/identifier key, or every word is somewhere, or 75 % of
 * the term's trigrams are in the names (heavier misspellings, and "Acme Widgets Ltd" finding "Acme Widgets
 * Holdings plc"). Ties, and every listing without a term, go by sort_name, entity, id: pages are stable.
 */

/** The longest term also matched as a whole, misspelt name (by trigrams): longer than any name people type. */
const MAX_NAME_TERM_LENGTH = 80;
/** The share of the term's trigrams that must be found in the names for a trigram-only match. */
const TRIGRAM_MATCH = 0.75;

/**
 * How a term matches and scores: see the ranking at the top of this file. Guarded text matches only for the
 * `readable` fields: their words and exact keys are the only guarded ones the query names.
 */
function termSql(term: string, words: string[], typos: string[][], readable: string[]): { where: Sql; score: Sql } {
  const everyWordSomewhere = everyWordOrTypos(words, 'ABC', typos, false, readable);
  const nameKeys = [`n:${nameKey(term)}`];
  const exactKeys = compactForms(term).flatMap((k) => [`i:${k}`, ...readable.map((f) => `g:${f}:${k}`)]);
  // The whole term as a misspelt name, by trigrams, only while it could be a name: a 200-character term has
  // some 200 trigrams, which the index matches in nearly every document, and word_similarity over each of
  // them cost 600 ms a search on the demo data (9 such searches in one request: 5.5 s for 2 KB).
  const wholeTermTypos: Array<string | Sql> =
    Array.from(term).length <= MAX_NAME_TERM_LENGTH ? [' or (', param(term), ' <% d.name_text and word_similarity(', param(term), `, d.name_text) >= ${TRIGRAM_MATCH})`] : [];
  const where = sqlJoin(['(d.keys && ', param(pgTextArray([...nameKeys, ...exactKeys]), '::text[]'), ' or ', '(', everyWordSomewhere, ')', ...wholeTermTypos, ')']);
  const boolean = (weight: number, condition: Sql) => sqlJoin([` + ${weight} * (`, condition, ')::int']);
  // The name tiers nest (a phrase in a name has every word in the names, which match allowing typos, which
  // are somewhere), so one CASE gives their sum (8 + 4 + 2 + 1 = 15 ...) and stops at the first that holds:
  // most matches of a broad term are names, which then cost one text-search test here instead of four.
  const nameTiers = sqlJoin([
    ' + case when ',
    matches(words.map((w) => lexeme(w, 'A')).join(' <-> ')),
    ' then 15 when ',
    matches(words.map((w) => lexeme(w, 'A')).join(' & ')),
    ' then 7 when ',
    '(', everyWordOrTypos(words, 'A', typos), ')',
    ' then 3 when (',
    everyWordSomewhere,
    ')',
    ' then 1 else 0 end',
  ]);
  // Every word in the text or in readable guarded text (one text-search test when nothing guarded may match).
  const everyWordInText = readable.length ? everyWordOrTypos(words, 'C', [], false, readable) : matches(words.map((w) => lexeme(w, 'C')).join(' & '));
  const score = sqlJoin([
    '(0',
    boolean(200, sqlJoin(['d.keys && ', param(pgTextArray(nameKeys), '::text[]')])),
    boolean(100, sqlJoin(['d.keys && ', param(pgTextArray(exactKeys), '::text[]')])),
    nameTiers,
    boolean(1, everyWordInText),
    ' + ',
    coverage(term),
    ')::float8',
  ]);
  return { where, score };
}

/** The entities whose hits are listed (not `countOnly`), as a condition on `matched m`; none when every one is. */
function listedSql(q: SearchQuery): Array<string | Sql> {
  const listed = q.entities.filter((e) => !e.countOnly).map((e) => e.entity);
  if (listed.length === q.entities.length) return [];
  return [' where m.entity = any(', param(pgTextArray(listed), '::text[]'), ')'];
}

/**
 * The listed hits per value of `field` (`countValuesOf`), as a JSON object: each value of a list field, a
 * scalar as a list of one, no value (null, a missing field) counted nowhere.
 */
function valueCountsSql(q: SearchQuery): Array<string | Sql> {
  if (!q.countValuesOf) return [`, value_counts as (select null::json as value_counts)`];
  return [
    `, value_counts as (select coalesce(json_object_agg(v.value, v.n), '{}') as value_counts from (
         select x.value, count(*)::int as n from matched m
          cross join lateral jsonb_array_elements_text(case when jsonb_typeof(m.counted) = 'array' then m.counted else jsonb_build_array(m.counted) end) x(value)`,
    ...listedSql(q),
    listedSql(q).length ? ' and' : ' where',
    ' x.value is not null group by x.value) v)',
  ];
}

/**
 * One statement: the matching documents with their scores and sort keys, their count per entity (and per
 * value of `countValuesOf`), and the requested page of them (of the entities not `countOnly`). The page is
 * ordered again outside its lateral subquery, since a join may not keep a subquery's order.
 */
function searchSql(q: SearchQuery, term: { where: Sql; score: Sql } | null): Sql {
  const offset = Math.max(0, Math.floor(q.offset));
  const limit = Math.max(0, Math.floor(q.limit));
  return sqlJoin([
    'with matched as (select d.entity, d.id, d.sort_name, ',
    term ? term.score : '0::float8',
    ' as score',
    sortColumns(q.sort),
    ...(q.countValuesOf ? [', d.fields -> ', param(q.countValuesOf, '::text'), ' as counted'] : []),
    ' from search_document d where ',
    entitiesSql(q.entities),
    ...(term ? [' and ', term.where] : []),
    `), counts as (select coalesce(json_object_agg(entity, n), '{}') as counts from (select entity, count(*)::int as n from matched group by entity) c)`,
    ...valueCountsSql(q),
    ` select c.counts, v.value_counts, h.entity, h.id, h.score from counts c cross join value_counts v left join lateral (select * from matched m`,
    ...listedSql(q),
    ` order by ${orderBy(q.sort, 'm')} limit `,
    param(limit),
    ' offset ',
    param(offset),
    `) h on true order by ${orderBy(q.sort, 'h')}`,
  ]);
}

/** Most first, then by value: the same order on every backend. */
const byCount = (counts: Array<{ value: string; count: number }>) => counts.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));

const parseJson = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

export async function search(orm: Orm, q: SearchQuery): Promise<SearchResult> {
  const em = orm.em.fork();
  const { term, words } = normaliseTerm(q.term);
  const typos = term ? await expandTypos(em, words, false) : [];
  const rows = await query(em, { ...searchSql(q, term ? termSql(term, words, typos, q.readable) : null), prepare: false });
  const counts = parseJson<Record<string, number>>(rows[0]?.counts ?? {});
  const requested = [...new Set(q.entities.map((e) => e.entity))];
  const aggregations = requested.map((entity) => ({ entity, count: counts[entity] ?? 0 }));
  const listed = new Set(q.entities.filter((e) => !e.countOnly).map((e) => e.entity));
  const valueCounts = q.countValuesOf ? Object.entries(parseJson<Record<string, number>>(rows[0]?.value_counts ?? {})) : undefined;
  return {
    total: aggregations.reduce((sum, a) => sum + (listed.has(a.entity) ? a.count : 0), 0),
    hits: rows.filter((r) => r.id !== null).map((r) => ({ entity: r.entity as SearchEntity, id: r.id as string, score: Number(r.score) })),
    aggregations,
    ...(valueCounts ? { valueCounts: byCount(valueCounts.map(([value, count]) => ({ value, count: Number(count) }))) } : {}),
  };
}
