import type { AutocompleteQuery, DocFilter, DocSort, SearchEntity, SearchQuery } from '../search.types.js';
import { guardedPath } from './index-design.js';

/**
 * The query DSL for searches and autocomplete. Only match, multi-term and term-level queries are used, never
 * query_string or simple_query_string: user input is always data, so `" * ~ ( ) : \ / & | ! <` can never make
 * OpenSearch fail to parse a query.
 *
 * Ranking of a search term (summed; `constant_score` where the strength must not depend on term statistics):
 *   200  the whole term is one of the names (normalised keyword: case, accents and spacing aside)
 *   100  the whole term is an identifier (normalised, with or without spaces), or a readable guarded identifier
 *    8×  the term appears as a phrase in a name
 *    4×  every word of the term is in the names
 *    2×  every word is in the names allowing typos (fuzziness AUTO: 1 edit for 3–5 letters, 2 from 6; the
 *        first letter as typed, prefix_length 1)
 *    1×  most of the term's trigrams are in the names (all of one or two, else all but a quarter): words
 *        split or joined ("Green Leaf" for "Greenleaf"), misspellings beyond fuzzy matching
 *    1×  every word is somewhere: a name, the text, an identifier or readable guarded text
 *    2×  the term is a phrase in the text;  1×  every word is in the text (each also in readable guarded text)
 * Guarded text (a contact's email, an interaction's contacts: see index-design.ts) is queried only in the
 * fields of `SearchQuery.readable`, the fields the caller may read: the others are never named.
 * Typos are expanded in the 2× clause only: expanding each word's fuzzy terms (its Levenshtein automaton
 * against the term dictionary, in every index) was most of a multi-word search's time, and doing it twice,
 * or from any first letter, doubled it (profile API: 12–15 ms of query rewrite per shard → about 5; a
 * three-word name 40 → 24 ms). The PostgreSQL backend, which resolves a word's typos once per search, also
 * lets a name with typos count for "every word is somewhere".
 * At least one must match; the entity filters (each entity with its own conditions) apply on top. An empty term
 * (or one without a letter or digit, e.g. `"` or `*`) matches everything that passes the filters.
 * Order: the requested field sorts if any (missing values last), then score, then sort_name, entity and id, so
 * equal scores (and every document of an empty term) come in a stable alphabetical order and pages never
 * overlap.
 */

type Query = Record<string, unknown>;

/** Words beyond this are ignored (a pasted paragraph must not become a thousand clauses). */
const MAX_WORDS = 16;
const MAX_TERM_LENGTH = 256;
/** OpenSearch's default index.max_result_window: from + size beyond it is an error. */
export const MAX_RESULT_WINDOW = 10_000;

export const field = (name: string) => `fields.${name}`;

export function filterClause(filter: DocFilter): Query {
  const path = field(filter.field);
  switch (filter.op) {
    case 'eq':
      return { term: { [path]: filter.value } };
    case 'in':
      return { terms: { [path]: filter.value } };
    case 'gte':
    case 'lte':
      return { range: { [path]: { [filter.op]: filter.value } } };
    case 'exists':
      return filter.value ? { exists: { field: path } } : { bool: { must_not: [{ exists: { field: path } }] } };
  }
}

/** Documents of one entity that meet all of its filters. */
const entityClause = (entity: SearchEntity, filters: DocFilter[]): Query => ({
  bool: { filter: [{ term: { entity } }, ...filters.map(filterClause)] },
});

/** Documents of any of the requested entities, each under its own filters. */
export const entitiesClause = (entities: SearchQuery['entities']): Query =>
  entities.length === 1
    ? entityClause(entities[0].entity, entities[0].filters)
    : { bool: { should: entities.map((e) => entityClause(e.entity, e.filters)), minimum_should_match: 1 } };

/** The term trimmed, whitespace collapsed, bounded; words are the whitespace-separated parts with a letter or digit. */
export function normaliseTerm(raw: string): { term: string; words: string[] } {
  const term = raw.replace(/\s+/g, ' ').trim().slice(0, MAX_TERM_LENGTH).trim();
  const words = [...new Set(term.split(' ').filter((w) => /[\p{L}\p{N}]/u.test(w)))].slice(0, MAX_WORDS);
  return { term: words.length ? term : '', words };
}

const constant = (filter: Query, boost: number): Query => ({ constant_score: { filter, boost } });

function termQuery(term: string, words: string[], readable: string[]): Query {
  const guardedIdentifiers = readable.map((f) => guardedPath('identifier', f));
  const guardedTexts = readable.map((f) => guardedPath('text', f));
  const guardedWords = [...guardedIdentifiers, ...guardedTexts];
  const exactGuarded = guardedIdentifiers.flatMap((path) => [{ term: { [`${path}.exact`]: term } }, { term: { [`${path}.compact`]: term } }]);
  const wordAnywhere = (word: string): Query => ({
    bool: {
      should: [
        { match: { names: { query: word, operator: 'and' } } },
        { match: { text: { query: word, operator: 'and' } } },
        { term: { identifiers: word } },
        { term: { 'identifiers.compact': word } },
        // Every part of the word in one readable guarded field (best_fields with `and`), or a whole guarded identifier.
        ...(readable.length ? [{ multi_match: { query: word, fields: guardedWords, operator: 'and' } }] : []),
        ...guardedIdentifiers.map((path) => ({ term: { [`${path}.exact`]: word } })),
      ],
      minimum_should_match: 1,
    },
  });
  const should: Query[] = [
    constant({ term: { 'names.exact': term } }, 200),
    constant({ bool: { should: [{ term: { identifiers: term } }, { term: { 'identifiers.compact': term } }, ...exactGuarded] } }, 100),
    { match_phrase: { names: { query: term, boost: 8 } } },
    { match: { names: { query: term, operator: 'and', boost: 4 } } },
    { match: { names: { query: term, operator: 'and', fuzziness: 'AUTO', prefix_length: 1, boost: 2 } } },
    // Up to two trigrams, all; beyond, all but a quarter (rounded down: 7 → 6, 12 → 9).
    { match: { 'names.trigram': { query: term, minimum_should_match: '2<-25%', boost: 1 } } },
    { bool: { must: words.map(wordAnywhere), boost: 1 } },
    { match_phrase: { text: { query: term, boost: 2 } } },
    { match: { text: { query: term, operator: 'and', boost: 1 } } },
  ];
  if (readable.length) {
    // Guarded text as the text above, in whichever readable field holds the term best; a guarded identifier's
    // words count once (as personal data did before it was generalised).
    should.push(
      { multi_match: { query: term, fields: guardedTexts, type: 'phrase', boost: 2 } },
      { multi_match: { query: term, fields: guardedWords, operator: 'and', boost: 1 } },
    );
  }
  return { bool: { should, minimum_should_match: 1 } };
}

/** Lowercase without accents, as the `folded` normalizer does, for queries it does not normalise (prefix). */
const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/** Tie-breakers after relevance or a field sort: stable whatever the scores. */
const TIE_BREAK = [{ sort_name: { order: 'asc', missing: '_last' } }, { entity: { order: 'asc' } }, { id: { order: 'asc' } }];

/**
 * Field sorts, missing values last either way, then relevance, then the tie-breakers. `types` are the sort
 * fields' mapped types: an index without the field sorts as if it had that type, empty (a keyword stand-in
 * would clash with a boolean or date of another index in the same search).
 */
function sortClauses(sort: DocSort[], types: Record<string, string> = {}): unknown[] {
  const bySort = sort.map((s) => ({
    [field(s.field)]: { order: s.direction === 'DESC' ? 'desc' : 'asc', missing: '_last', unmapped_type: types[s.field] ?? 'keyword' },
  }));
  return [...bySort, { _score: { order: 'desc' } }, ...TIE_BREAK];
}

/** A page of [from, from + size) that never asks past the result window. */
export function page(offset: number, limit: number): { from: number; size: number } {
  const from = Math.min(Math.max(0, Math.floor(offset)), MAX_RESULT_WINDOW);
  return { from, size: Math.max(0, Math.min(Math.floor(limit), MAX_RESULT_WINDOW - from)) };
}

/** The most values `countValuesOf` counts (the commonest first): more than any summary lists. */
const MAX_COUNTED_VALUES = 1000;

/**
 * The listed hits per value of `countValuesOf`: a terms aggregation under a filter on the listed entities,
 * since aggregations are made before `post_filter` leaves the countOnly ones out. Ordered most first, then
 * by value (OpenSearch's default order of terms).
 */
const valueCountsAgg = (docField: string, listed: SearchEntity[]) => ({
  values: { filter: { terms: { entity: listed } }, aggs: { values: { terms: { field: field(docField), size: MAX_COUNTED_VALUES } } } },
});

export function searchBody(query: SearchQuery, sortTypes: Record<string, string> = {}): Record<string, unknown> {
  const { term, words } = normaliseTerm(query.term);
  const filter = entitiesClause(query.entities);
  const listed = query.entities.filter((e) => !e.countOnly).map((e) => e.entity);
  return {
    ...page(query.offset, query.limit),
    query: term ? { bool: { must: [termQuery(term, words, query.readable)], filter: [filter] } } : { bool: { filter: [filter] } },
    sort: sortClauses(query.sort, sortTypes),
    track_scores: true,
    track_total_hits: true,
    _source: false,
    aggs: { entities: { terms: { field: 'entity', size: query.entities.length || 1 } }, ...(query.countValuesOf ? valueCountsAgg(query.countValuesOf, listed) : {}) },
    // Entities only counted (global search's other tabs): their hits are left out after the counts are made.
    ...(listed.length < query.entities.length ? { post_filter: { terms: { entity: listed } } } : {}),
  };
}

/**
 * Autocomplete: prefixes of the words of any name (edge n-grams), best first:
 *   100  the prefix is a whole name;  20  a name starts with it;  5×  its words, in order, start a phrase of a
 *   name;  2×  every word is the start of a word of a name;  1×  the same with one typo, from 4 letters.
 * An empty prefix lists names alphabetically.
 */
export function autocompleteBody(query: AutocompleteQuery): Record<string, unknown> {
  const { term } = normaliseTerm(query.prefix);
  const filter = entityClause(query.entity, query.filters);
  const should: Query[] = [
    constant({ term: { 'names.exact': term } }, 100),
    constant({ prefix: { 'names.exact': { value: fold(term) } } }, 20),
    { match_phrase_prefix: { names: { query: term, boost: 5, max_expansions: 50 } } },
    { match: { 'names.prefix': { query: term, operator: 'and', boost: 2 } } },
    { match: { 'names.prefix': { query: term, operator: 'and', fuzziness: 'AUTO:4,12', prefix_length: 1, max_expansions: 20, boost: 1 } } },
  ];
  return {
    size: page(0, query.limit).size,
    query: term ? { bool: { should, minimum_should_match: 1, filter: [filter] } } : { bool: { filter: [filter] } },
    sort: [{ _score: { order: 'desc' } }, ...TIE_BREAK],
    track_scores: true,
    _source: false,
  };
}
