/*
 * Normalisation: done here, in TypeScript, for documents and queries alike, so both sides agree on PGlite and
 * on a server without depending on the unaccent extension or the database's locale.
 */

/** Words beyond this are ignored (a pasted paragraph must not become a thousand clauses). */
const MAX_WORDS = 16;
const MAX_TERM_LENGTH = 256;

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
export const sortName = (text: string) => fold(text).replace(/\s+/g, ' ').trim();

/** An identifier's exact forms: without spaces ("sw1a1aa") and with letters and digits only ("sc123456"). */
export function compactForms(text: string): string[] {
  const folded = fold(text);
  return [...new Set([folded.replace(/\s+/g, ''), folded.replace(/[^\p{L}\p{N}]+/gu, '')])].filter(Boolean);
}

/** The runs of letters and digits of a text: what guarded text is matched by, on both sides. */
export const wordParts = (text: string) => fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** A word of guarded text as `guarded_words` holds it: tagged with the field that guards it. */
export const guardedWord = (field: string, word: string) => `${field}:${word}`;

/** The letters-only words of names: the vocabulary typos are resolved against. */
export const vocabularyWords = (names: string[]) => names.flatMap((n) => fold(n).split(/[^\p{L}\p{N}]+/u)).filter((w) => w.length >= 2 && /^\p{L}+$/u.test(w));

/** The term trimmed, spacing collapsed, bounded; words are its whitespace-separated parts with a letter or digit. */
export function normaliseTerm(raw: string): { term: string; words: string[] } {
  const term = fold(raw).replace(/\s+/g, ' ').trim().slice(0, MAX_TERM_LENGTH).trim();
  const words = [...new Set(term.split(' ').filter((w) => /[\p{L}\p{N}]/u.test(w)))].slice(0, MAX_WORDS);
  return { term: words.length ? term : '', words };
}
