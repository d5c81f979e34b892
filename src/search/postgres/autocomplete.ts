import { pgTextArray } from '../../db/bulk.js';
import type { Orm } from '../../db/orm-type.js';
import { query, sqlJoin, type Sql } from '../../db/read-model.js';
import type { AutocompleteQuery, SearchEntity, SearchHit } from '../search.types.js';
import { entitiesSql } from './filters.js';
import { nameKey, normaliseTerm } from './normalise.js';
import { coverage, everyWordOrTypos, lexeme, matches, param } from './terms.js';
import { expandTypos } from './typos.js';

/*
 * Autocomplete: prefixes of the words of any name.
 *   100  the prefix is a whole name;  20  a name starts with it;  5  its words start a phrase of a name;
 *     2  every word starts a word of a name;  1  the same with a typo (from 4 letters, first letter exact).
 * An empty prefix lists names alphabetically.
 */

export async function autocomplete(orm: Orm, q: AutocompleteQuery): Promise<SearchHit[]> {
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
