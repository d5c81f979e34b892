import type { EntityManager } from '@mikro-orm/core';
import { query, type Sql } from '../../db/read-model.js';

/*
 * Typos. OpenSearch's fuzziness is an edit distance with transpositions (Damerau, optimal string alignment).
 * A typed word is looked up in the vocabulary of name words (`search_word`): candidates come from the
 * database (trigram neighbours, and words one edit away with the same first letter), the edit distance is
 * checked here, and the word is expanded to the words that pass, which then match through the tsvector index.
 */

/** Existing words a misspelt word may stand for, closest first (OpenSearch's max_expansions, smaller). */
const MAX_EXPANSIONS = 20;

/** A word's one letters-only core (for typo expansion), or null when it has digits or several parts. */
function fuzzyCore(word: string): string | null {
  const parts = word.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return parts.length === 1 && /^\p{L}+$/u.test(parts[0]) ? parts[0] : null;
}

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
export async function expandTypos(em: EntityManager, words: string[], prefix: boolean): Promise<string[][]> {
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
