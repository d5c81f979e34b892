import type { EntityManager } from '@mikro-orm/core';
import { pgTextArray } from '../db/bulk.js';
import type { Orm } from '../db/orm-type.js';
import { query, sqlJoin, type Row, type Sql } from '../db/read-model.js';
import type {
  AutocompleteQuery,
  BackendStatus,
  DocFilter,
  DocSort,
  SearchBackend,
  SearchDocument,
  SearchEntity,
  SearchHit,
  SearchQuery,
  SearchResult,
} from './search.types.js';

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

/** Words beyond this are ignored (a pasted paragraph must not become a thousand clauses). */
const MAX_WORDS = 16;
const MAX_TERM_LENGTH = 256;
/** Documents per write statement: one jsonb parameter each, a few hundred KB at most. */
const WRITE_BATCH = 500;
/** Existing words a misspelt word may stand for, closest first (OpenSearch's max_expansions, smaller). */
const MAX_EXPANSIONS = 20;
/** The longest term also matched as a whole, misspelt name (by trigrams): longer than any name people type. */
const MAX_NAME_TERM_LENGTH = 80;
/** The share of the term's trigrams that must be found in the names for a trigram-only match. */
const TRIGRAM_MATCH = 0.75;

// ---------------------------------------------------------------------------------------------------------
// Normalisation: done here, in TypeScript, for documents and queries alike, so both sides agree on PGlite and
// on a server without depending on the unaccent extension or the database's locale.

/** Letters NFKD does not decompose into a base letter and a mark. */
const FOLDS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/** Lowercase, accents removed: "Café Müller" → "cafe muller". */
export function fold(text: string): string {
  return text
    // Control characters (NUL above all, which PostgreSQL text cannot hold) are spacing.
    .replace(/\p{Cc}/gu, ' ')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => FOLDS[c]);
}

/** A name as an exact-match key: folded, punctuation and spacing aside ("A.B.C. Ltd" → "a b c ltd"). */
export const nameKey = (text: string) => fold(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** The first name as the tie-breaking sort key: folded, spacing collapsed. */
const sortName = (text: string) => fold(text).replace(/\s+/g, ' ').trim();

/** An identifier's exact forms: without spaces ("sw1a1aa") and with letters and digits only ("sc123456"). */
function compactForms(text: string): string[] {
  const folded = fold(text);
  return [...new Set([folded.replace(/\s+/g, ''), folded.replace(/[^\p{L}\p{N}]+/gu, '')])].filter(Boolean);
}

/** The runs of letters and digits of a text: what guarded text is matched by, on both sides. */
const wordParts = (text: string) => fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** A word of guarded text as `guarded_words` holds it: tagged with the field that guards it. */
const guardedWord = (field: string, word: string) => `${field}:${word}`;

/** The letters-only words of names: the vocabulary typos are resolved against. */
const vocabularyWords = (names: string[]) => names.flatMap((n) => fold(n).split(/[^\p{L}\p{N}]+/u)).filter((w) => w.length >= 2 && /^\p{L}+$/u.test(w));

/** The term trimmed, spacing collapsed, bounded; words are its whitespace-separated parts with a letter or digit. */
export function normaliseTerm(raw: string): { term: string; words: string[] } {
  const term = fold(raw).replace(/\s+/g, ' ').trim().slice(0, MAX_TERM_LENGTH).trim();
  const words = [...new Set(term.split(' ').filter((w) => /[\p{L}\p{N}]/u.test(w)))].slice(0, MAX_WORDS);
  return { term: words.length ? term : '', words };
}

// ---------------------------------------------------------------------------------------------------------
// Text-search queries. Each user word becomes one quoted lexeme (the database's parser splits it exactly as it
// split the documents: "o'brien" → 'o' <-> 'brien'); quotes and backslashes, the only characters that
// could escape the quotes, are removed first. Weights restrict where a lexeme may match.

const lexeme = (word: string, weights: string, prefix = false) => `'${word.replace(/['\\]/g, ' ')}':${prefix ? '*' : ''}${weights}`;

/** A word's one letters-only core (for typo expansion), or null when it has digits or several parts. */
function fuzzyCore(word: string): string | null {
  const parts = word.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return parts.length === 1 && /^\p{L}+$/u.test(parts[0]) ? parts[0] : null;
}

/**
 * Every word where it may match, or one of the existing name words it may be a typo of, or (with `guarded`
 * fields) in the guarded text of one of them. A word's typos are tested on `name_words` (the names' lexemes, a
 * GIN array index) rather than as `'alt':A` in the tsvector: the tsvector index cannot tell weights apart, so
 * an alternative such as "jackson" for "jacobson" fetched every document with that word anywhere (12,000
 * interactions naming a Jackson on large data) only to drop them on recheck; the array index hands over only
 * the documents whose names have it.
 */
function everyWordOrTypos(words: string[], weights: string, typos: string[][], prefix = false, guarded: string[] = []): Sql {
  return sqlJoin(
    words.flatMap((w, i) => {
      const alternatives = [
        ...(typos[i]?.length ? [sqlJoin(['d.name_words && ', param(pgTextArray(typos[i]), '::text[]')])] : []),
        ...(guardedWordSql(w, guarded) ?? []),
      ];
      return [i ? ' and ' : '', alternatives.length ? '(' : '', matches(lexeme(w, weights, prefix)), ...alternatives.flatMap((a) => [' or ', a]), alternatives.length ? ')' : ''];
    }),
  );
}

/**
 * Is the word in the guarded text of one of these fields (every part of it, in one field)? An array condition
 * on `guarded_words`, answered by its GIN index; none when there are no fields or the word has no part.
 */
function guardedWordSql(word: string, fields: string[]): Sql[] {
  const parts = wordParts(word);
  if (!parts.length || !fields.length) return [];
  // The common case, a word of one part: any of the fields has it, one `&&`.
  if (parts.length === 1) return [sqlJoin(['d.guarded_words && ', param(pgTextArray(fields.map((f) => guardedWord(f, parts[0]))), '::text[]')])];
  return [sqlJoin(['(', ...fields.flatMap((f, i) => [i ? ' or ' : '', 'd.guarded_words @> ', param(pgTextArray(parts.map((p) => guardedWord(f, p))), '::text[]')]), ')'])];
}

// ---------------------------------------------------------------------------------------------------------
// Typos. OpenSearch's fuzziness is an edit distance with transpositions (Damerau, optimal string alignment).
// A typed word is looked up in the vocabulary of name words (`search_word`): candidates come from the
// database (trigram neighbours, and words one edit away with the same first letter), the edit distance is
// checked here, and the word is expanded to the words that pass, which then match through the tsvector index.

/** Edit distance counting a swap of neighbours as one edit (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  let before: number[] = [];
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current.push(d);
    }
    before = previous;
    previous = current;
  }
  return previous[t.length];
}

/** Edits allowed in a word of this length: OpenSearch's AUTO (none up to 2 letters, 1 up to 5, then 2). */
const searchEdits = (length: number) => (length < 3 ? 0 : length < 6 ? 1 : 2);
/** For prefixes, AUTO:4,12 (none under 4 letters, 1 under 12, then 2), the first letter exact. */
const prefixEdits = (length: number) => (length < 4 ? 0 : length < 12 ? 1 : 2);

type Lookup = { core: string; edits: number };

/**
 * A regular expression for the words one edit away from `core` (a swap, a change, a letter more or less at
 * any place), anchored at the start, and at the end unless a prefix is looked for. `core` is letters only,
 * so it needs no escaping.
 */
export function oneEditPattern(core: string, prefix: boolean): string {
  const c = Array.from(core);
  const cut = (from: number, to = c.length) => c.slice(from, to).join('');
  const forms = new Set<string>();
  for (let i = 0; i <= c.length; i++) forms.add(`${cut(0, i)}.${cut(i)}`);
  for (let i = 0; i < c.length; i++) {
    forms.add(`${cut(0, i)}.${cut(i + 1)}`);
    forms.add(`${cut(0, i)}${cut(i + 1)}`);
  }
  for (let i = 0; i + 1 < c.length; i++) forms.add(`${cut(0, i)}${c[i + 1]}${c[i]}${cut(i + 2)}`);
  return `^(${[...forms].join('|')})${prefix ? '' : '$'}`;
}

/**
 * The candidate statement, one lateral lookup per word: trigram neighbours (`%`: two whole words alike;
 * `<%`: a prefix's trigrams within a word; these find two edits in longer words), plus the words one edit away
 * that share the first letter, by a range scan and a regular expression (a typo leaves a short word too few
 * trigrams in common: "acne" and "acme" share 2 of 8).
 */
function candidatesSql(lookups: Lookup[], prefix: boolean): Sql {
  const rows = lookups.map(({ core, edits }, i) => {
    const first = Array.from(core)[0];
    const length = Array.from(core).length;
    return {
      i,
      q: core,
      lo: first,
      hi: String.fromCodePoint(first.codePointAt(0)! + 1),
      min: length - 1,
      max: prefix ? 1000 : length + 1,
      re: oneEditPattern(core, prefix),
    };
  });
  const similar = prefix ? 'w.q <% s.word' : 's.word % w.q';
  return {
    text: `select w.i, v.word from jsonb_to_recordset(?::jsonb) as w(i int, q text, lo text, hi text, min int, max int, re text)
      cross join lateral (
        select s.word from search_word s where ${similar}
        union
        select s.word from search_word s where s.word >= w.lo and s.word < w.hi and length(s.word) between w.min and w.max and s.word ~ w.re
      ) v`,
    params: [JSON.stringify(rows)],
    prepare: false,
  };
}

/** Does `word` (existing) stand for `typed` within `edits`? For prefixes, some start of it must. */
function within(typed: string, word: string, edits: number, prefix: boolean): number | null {
  if (word === typed) return null;
  if (!prefix) {
    const d = editDistance(typed, word);
    return d <= edits ? d : null;
  }
  const t = Array.from(typed);
  const w = Array.from(word);
  if (w[0] !== t[0]) return null;
  let best = Infinity;
  for (let n = Math.max(1, t.length - edits); n <= Math.min(w.length, t.length + edits); n++) best = Math.min(best, editDistance(typed, w.slice(0, n).join('')));
  return best <= edits && !word.startsWith(typed) ? best : null;
}

/** For each word, the existing name words it may be a misspelling of (closest first), in one statement. */
async function expandTypos(em: EntityManager, words: string[], prefix: boolean): Promise<string[][]> {
  const lookups: Array<Lookup | null> = words.map((w) => {
    const core = fuzzyCore(w);
    const edits = core ? (prefix ? prefixEdits : searchEdits)(Array.from(core).length) : 0;
    return core && edits ? { core, edits } : null;
  });
  const wanted = lookups.flatMap((l, i) => (l ? [{ ...l, i }] : []));
  const expansions: string[][] = words.map(() => []);
  if (!wanted.length) return expansions;
  const rows = (await query(em, candidatesSql(wanted, prefix))) as Array<{ i: number; word: string }>;
  const scored: Array<Array<[number, string]>> = words.map(() => []);
  for (const { i, word } of rows) {
    const { core, edits } = wanted[i];
    const distance = within(core, word, edits, prefix);
    if (distance !== null) scored[wanted[i].i].push([distance, word]);
  }
  scored.forEach((list, i) => {
    list.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    expansions[i] = list.slice(0, MAX_EXPANSIONS).map(([, w]) => w);
  });
  return expansions;
}

// ---------------------------------------------------------------------------------------------------------
// Filters and sorts on `fields` (jsonb). Field names and values are parameters, never SQL text.

const param = (value: unknown, cast = ''): Sql => ({ text: `?${cast}`, params: [value] });

/** A JSON path over one field's value(s): lax mode unwraps a list, so a list field matches on any element. */
const pathOf = (field: string, condition: string) => `lax $.${JSON.stringify(field)}[*] ? (${condition})`;

/** The filter token of a keyword value: `field=value`, as `filter_keys` holds one per keyword (FILTER_KEYS_SQL). */
const filterToken = (field: string, value: string) => `${field}=${value}`;
const isKeyword = (value: unknown): value is string => typeof value === 'string';

/**
 * `filter_keys` of a document, from its `fields` (over a row with that column): a token for each string value
 * (each element of a list), in SQL as the migration that added the column (0008) filled it.
 */
const FILTER_KEYS_SQL = `array(select e.key || '=' || (v.value #>> '{}') from jsonb_each(fields) e
     cross join lateral jsonb_array_elements(case when jsonb_typeof(e.value) = 'array' then e.value else jsonb_build_array(e.value) end) v
     where jsonb_typeof(v.value) = 'string')`;

/**
 * One condition on a document's fields. Keyword equality and "any of" (ids, postcodes...) go to `filter_keys`,
 * a GIN array index, so a filtered search reads only the documents that pass (a company search for "group" in
 * one sector fetched 7,000 companies to keep 800). Booleans, numbers, ranges and existence read `d.fields`:
 * booleans are too common for an index to help (archived = false is nearly every document), and given one the
 * planner ANDs its huge bitmap into the scan (an autocomplete took a second).
 */
export function filterSql(filter: DocFilter): Sql {
  if (filter.op === 'eq' && isKeyword(filter.value)) {
    return sqlJoin(['(d.filter_keys @> ', param(pgTextArray([filterToken(filter.field, filter.value)]), '::text[]'), ')']);
  }
  if (filter.op === 'in' && filter.value.every(isKeyword)) {
    return sqlJoin(['(d.filter_keys && ', param(pgTextArray((filter.value as string[]).map((v) => filterToken(filter.field, v))), '::text[]'), ')']);
  }
  const value = sqlJoin(['(d.fields -> ', param(filter.field, '::text'), ')']);
  switch (filter.op) {
    case 'eq':
      // jsonb containment: a scalar contains an equal scalar, a list contains any of its elements.
      return sqlJoin(['(', value, ' @> ', param(JSON.stringify(filter.value), '::jsonb'), ')']);
    case 'in':
      return sqlJoin(['(', value, ' @> any (select jsonb_array_elements(', param(JSON.stringify(filter.value), '::jsonb'), ')))']);
    case 'gte':
    case 'lte':
      // jsonpath compares numbers numerically and strings by code point (ISO dates in order); a number
      // against a string is neither, so a wrongly typed field never matches.
      return sqlJoin([
        'jsonb_path_exists(d.fields, ',
        param(pathOf(filter.field, `@ ${filter.op === 'gte' ? '>=' : '<='} $v`), '::jsonpath'),
        ', ',
        param(JSON.stringify({ v: filter.value }), '::jsonb'),
        ')',
      ]);
    case 'exists':
      // An empty list is no value, as in OpenSearch; `exists: false` is the exact opposite of `true`.
      return sqlJoin(['(coalesce(', value, `, 'null'::jsonb) ${filter.value ? 'not in' : 'in'} ('null'::jsonb, '[]'::jsonb))`]);
  }
}

/** Documents of one of the requested entities, each meeting all of its own filters. */
function entitiesSql(entities: SearchQuery['entities']): Sql {
  if (!entities.length) return { text: 'false', params: [] };
  return sqlJoin([
    '(',
    ...entities.flatMap((e, i) => [
      i ? ' or ' : '',
      '(d.entity = ',
      param(e.entity),
      ...e.filters.flatMap((f) => [' and ', filterSql(f)]),
      ')',
    ]),
    ')',
  ]);
}

/**
 * Sort keys of a field: a number key and a text key, so numbers sort numerically and ISO dates and keywords
 * as text (a list by its JSON text, so by its first element; an empty one as no value); documents without
 * the field come last either way. Kept to one lookup each: they are computed for every matching document.
 */
function sortColumns(sort: DocSort[]): Sql {
  return sqlJoin(
    sort.flatMap((s, i) => [
      ", case when jsonb_typeof(d.fields -> ",
      param(s.field, '::text'),
      ") = 'number' then (d.fields ->> ",
      param(s.field, '::text'),
      `)::numeric end as k${i}n, nullif(d.fields ->> `,
      param(s.field, '::text'),
      `, '[]') collate "C" as k${i}t`,
    ]),
  );
}

/** The order of hits: the sorts, then score, then the stable tie-breakers (columns of `alias`). */
function orderBy(sort: DocSort[], alias: string): string {
  const keys = sort.flatMap((s, i) => {
    const dir = s.direction === 'DESC' ? 'desc' : 'asc';
    return [`${alias}.k${i}n ${dir} nulls last`, `${alias}.k${i}t ${dir} nulls last`];
  });
  return [...keys, `${alias}.score desc`, `${alias}.sort_name`, `${alias}.entity`, `${alias}.id`].join(', ');
}

// ---------------------------------------------------------------------------------------------------------
// Search.

/** Does the document match this text-search query (built above from quoted lexemes, passed as a parameter)? */
const matches = (q: string): Sql => sqlJoin(["(d.document @@ to_tsquery('simple', ", param(q, '::text'), '))']);

/**
 * 0–1: how much of the first name the term covers, so that among equal matches the shorter, closer name comes
 * first. Deliberately cheap (trigram similarity here cost 2 µs per matching document, 40 % of a broad search).
 */
function coverage(term: string): string {
  const length = Array.from(term).length;
  return `(${length}::float8 / greatest(char_length(d.sort_name), ${length}))`;
}

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

/**
 * One statement: the matching documents with their scores and sort keys, their count per entity, and the
 * requested page of them. The page is ordered again outside its lateral subquery, since a join may not keep
 * a subquery's order.
 */
function searchSql(q: SearchQuery, term: { where: Sql; score: Sql } | null): Sql {
  const offset = Math.max(0, Math.floor(q.offset));
  const limit = Math.max(0, Math.floor(q.limit));
  return sqlJoin([
    'with matched as (select d.entity, d.id, d.sort_name, ',
    term ? term.score : '0::float8',
    ' as score',
    sortColumns(q.sort),
    ' from search_document d where ',
    entitiesSql(q.entities),
    ...(term ? [' and ', term.where] : []),
    `), counts as (select coalesce(json_object_agg(entity, n), '{}') as counts from (select entity, count(*)::int as n from matched group by entity) c)
     select c.counts, h.entity, h.id, h.score from counts c left join lateral (select * from matched m order by ${orderBy(q.sort, 'm')} limit `,
    param(limit),
    ' offset ',
    param(offset),
    `) h on true order by ${orderBy(q.sort, 'h')}`,
  ]);
}

const parseJson = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

async function search(orm: Orm, q: SearchQuery): Promise<SearchResult> {
  const em = orm.em.fork();
  const { term, words } = normaliseTerm(q.term);
  const typos = term ? await expandTypos(em, words, false) : [];
  const rows = await query(em, { ...searchSql(q, term ? termSql(term, words, typos, q.readable) : null), prepare: false });
  const counts = parseJson<Record<string, number>>(rows[0]?.counts ?? {});
  const requested = [...new Set(q.entities.map((e) => e.entity))];
  const aggregations = requested.map((entity) => ({ entity, count: counts[entity] ?? 0 }));
  return {
    total: aggregations.reduce((sum, a) => sum + a.count, 0),
    hits: rows.filter((r) => r.id !== null).map((r) => ({ entity: r.entity as SearchEntity, id: r.id as string, score: Number(r.score) })),
    aggregations,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Autocomplete: prefixes of the words of any name.
//   100  the prefix is a whole name;  20  a name starts with it;  5  its words start a phrase of a name;
//     2  every word starts a word of a name;  1  the same with a typo (from 4 letters, first letter exact).
// An empty prefix lists names alphabetically.

async function autocomplete(orm: Orm, q: AutocompleteQuery): Promise<SearchHit[]> {
  const em = orm.em.fork();
  const { term, words } = normaliseTerm(q.prefix);
  const limit = Math.max(0, Math.floor(q.limit));
  const scope = entitiesSql([{ entity: q.entity, filters: q.filters }]);
  let score: Sql = { text: '0::float8', params: [] };
  let where = scope;
  if (term) {
    const typos = await expandTypos(em, words, true);
    const key = nameKey(term);
    const prefixes = words.map((w) => lexeme(w, 'A', true)).join(' & ');
    const withTypos = sqlJoin(['(', everyWordOrTypos(words, 'A', typos, true), ')']);
    const exact = sqlJoin(['d.keys && ', param(pgTextArray([`n:${key}`]), '::text[]')]);
    where = sqlJoin([scope, ' and (', withTypos, ' or ', exact, ')']);
    score = sqlJoin([
      '(100 * (',
      exact,
      ')::int + 20 * (strpos(d.name_text, ',
      param(`\n${key}`),
      ') > 0)::int + 5 * (',
      matches(words.map((w) => lexeme(w, 'A', true)).join(' <-> ')),
      ')::int + 2 * (',
      matches(prefixes),
      ')::int + (',
      withTypos,
      ')::int + ',
      coverage(term),
      ')::float8',
    ]);
  }
  const sql = sqlJoin([
    'select d.entity, d.id, ',
    score,
    ' as score from search_document d where ',
    where,
    ' order by score desc, d.sort_name, d.entity, d.id limit ',
    param(limit),
  ]);
  const rows = await query(em, { ...sql, prepare: false });
  return rows.map((r) => ({ entity: r.entity as SearchEntity, id: r.id as string, score: Number(r.score) }));
}

// ---------------------------------------------------------------------------------------------------------
// Writes: one statement per batch, the batch as one jsonb parameter expanded by jsonb_to_recordset.

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

async function write(orm: Orm, documents: SearchDocument[], deleted: Array<{ entity: SearchEntity; id: string }>): Promise<void> {
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

// ---------------------------------------------------------------------------------------------------------

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
