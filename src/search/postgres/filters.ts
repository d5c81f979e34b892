import { pgTextArray } from '../../db/bulk.js';
import { sqlJoin, type Sql } from '../../db/read-model.js';
import type { DocFilter, DocSort, SearchQuery } from '../search.types.js';
import { param } from './terms.js';

/*
 * Filters and sorts on `fields` (jsonb). Field names and values are parameters, never SQL text.
 */

/** A JSON path over one field's value(s): lax mode unwraps a list, so a list field matches on any element. */
const pathOf = (field: string, condition: string) => `lax $.${JSON.stringify(field)}[*] ? (${condition})`;

/** The filter token of a keyword value: `field=value`, as `filter_keys` holds one per keyword (FILTER_KEYS_SQL). */
const filterToken = (field: string, value: string) => `${field}=${value}`;
const isKeyword = (value: unknown): value is string => typeof value === 'string';

/**
 * `filter_keys` of a document, from its `fields` (over a row with that column): a token for each string value
 * (each element of a list), in SQL as the migration that added the column (0008) filled it.
 */
export const FILTER_KEYS_SQL = `array(select e.key || '=' || (v.value #>> '{}') from jsonb_each(fields) e
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
export function entitiesSql(entities: SearchQuery['entities']): Sql {
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
export function sortColumns(sort: DocSort[]): Sql {
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
export function orderBy(sort: DocSort[], alias: string): string {
  const keys = sort.flatMap((s, i) => {
    const dir = s.direction === 'DESC' ? 'desc' : 'asc';
    return [`${alias}.k${i}n ${dir} nulls last`, `${alias}.k${i}t ${dir} nulls last`];
  });
  return [...keys, `${alias}.score desc`, `${alias}.sort_name`, `${alias}.entity`, `${alias}.id`].join(', ');
}
