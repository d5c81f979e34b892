import { pgTextArray } from '../../db/bulk.js';
import { sqlJoin, type Sql } from '../../db/read-model.js';
import { guardedWord, wordParts } from './normalise.js';

/*
 * Text-search queries. Each user word becomes one quoted lexeme (the database's parser splits it exactly as it
 * split the documents: "o'brien" → 'o' <-> 'brien'); quotes and backslashes, the only characters that
 * could escape the quotes, are removed first. Weights restrict where a lexeme may match.
 */

/** A value as a statement parameter, with an optional cast: field names, values and terms are never SQL text. */
export const param = (value: unknown, cast = ''): Sql => ({ text: `?${cast}`, params: [value] });

export const lexeme = (word: string, weights: string, prefix = false) => `'${word.replace(/['\\]/g, ' ')}':${prefix ? '*' : ''}${weights}`;

/** Does the document match this text-search query (built above from quoted lexemes, passed as a parameter)? */
export const matches = (q: string): Sql => sqlJoin(["(d.document @@ to_tsquery('simple', ", param(q, '::text'), '))']);

/**
 * Every word where it may match, or one of the existing name words it may be a typo of, or (with `guarded`
 * fields) in the guarded text of one of them. A word's typos are tested on `name_words` (the names' lexemes, a
 * GIN array index) rather than as `'alt':A` in the tsvector: the tsvector index cannot tell weights apart, so
 * an alternative such as "jackson" for "jacobson" fetched every document with that word anywhere (12,000
 * interactions naming a Jackson on large data) only to drop them on recheck; the array index hands over only
 * the documents whose names have it.
 */
export function everyWordOrTypos(words: string[], weights: string, typos: string[][], prefix = false, guarded: string[] = []): Sql {
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

/**
 * 0–1: how much of the first name the term covers, so that among equal matches the shorter, closer name comes
 * first. Deliberately cheap (trigram similarity here cost 2 µs per matching document, 40 % of a broad search).
 */
export function coverage(term: string): string {
  const length = Array.from(term).length;
  return `(${length}::float8 / greatest(char_length(d.sort_name), ${length}))`;
}
