import type { GuardedText, SearchDocument, SearchEntity } from '../search.types.js';

/**
 * The OpenSearch index design: one index per entity, versioned, behind an alias.
 *
 *   <prefix><entity>_v<MAPPING_VERSION>   the concrete index (e.g. crm_company_v1), 1 shard, 0 replicas
 *   <prefix><entity>                      the alias every read and write goes through (e.g. crm_company)
 *
 * Reads search several aliases in one request (`crm_company,crm_contact`); writes go through the alias with
 * `require_alias`, so a write before `migrate()` fails instead of auto-creating a concrete index that would
 * then block the alias. Changing the settings or mappings below means bumping MAPPING_VERSION: a CLI then
 * creates the new index (`createIndexVersion`), backfills it from PostgreSQL, and swaps the alias atomically
 * (`swapAlias`); `migrate()` only creates what is missing and never touches an existing alias.
 *
 * Analysis:
 * - `folded` normalizer (lowercase + asciifolding) for exact, case- and accent-insensitive keyword matches and
 *   sorting ("ACME widgets Ltd" = "Acme Widgets Ltd", "Café" = "cafe").
 * - `folded_compact` normalizer: the same without whitespace, so "SW1A 1AA", "sw1a1aa" and "SW1A1AA" are one
 *   identifier (and a telephone number matches with or without its spaces).
 * - `folded_words`: standard tokenizer + lowercase + asciifolding, the analyzer of every text field (no
 *   stemming: names and addresses are not prose).
 * - `name_prefix`: folded words cut into edge n-grams (1–20 characters) at index time, for autocomplete; the
 *   query side (`name_prefix_search`) does not n-gram, it only truncates words to the longest gram.
 * - `name_trigram`: the trigrams of each word (letters and digits), folded, a typo-tolerant fallback that also catches misspellings
 *   beyond the edit distance of fuzzy matching (e.g. several in one long word).
 *
 * Fields:
 * - `entity`, `id`: keywords (the document `_id` is `<entity>:<id>`); `id` is the last sort tie-breaker.
 * - `names`: text (folded words, fuzzy matches) with subfields `exact` (folded keyword: whole-name matches,
 *   boosted most), `prefix` (edge n-grams) and `trigram`.
 * - `identifiers`: folded keyword, with `compact` (folded, spaces removed); matched only exactly.
 * - `text`: folded words.
 * - `guarded_identifiers.<Type>.<field>` and `guarded_text.<Type>.<field>`: a document's guarded text (shown by
 *   a field with a read rule, e.g. `guarded_identifiers.Contact.email`, `guarded_text.Interaction.contacts`),
 *   one field per guarding field, mapped by the templates below: identifiers as folded words plus `exact` and
 *   `compact` keywords, text as folded words. A query names only the fields the caller may read
 *   (`SearchQuery.readable`), so the others never match. (v1 had `personal` instead, and guarded text in `text`.)
 * - `sort_name`: the first name as a folded keyword, for stable alphabetical order.
 * - `fields`: an object mapped dynamically by the templates below: strings → keyword (exact filters, sorts),
 *   ISO dates (at least yyyy-MM-dd) → date, numbers → double (so 80 < 100 and ranges work whatever the first
 *   value was), booleans → boolean. An impossible date in a date field (e.g. 2026-01-90) is left out of that
 *   field (`ignore_malformed`: the record stays searchable, it just has no value to filter or sort on, as if
 *   null); any other value of the wrong type rejects the document, and write() reports it. Everything outside
 *   `fields` is strict: an unknown top-level field is an error, not a silent new mapping.
 */

/**
 * Bump when the settings or mappings below change; the alias swap to a new version is a CLI's job
 * (`search:migrate`). 2: guarded text (issue 11, item 3).
 */
export const MAPPING_VERSION = 2;

export const DEFAULT_INDEX_PREFIX = 'crm_';

/** The longest edge n-gram; query words are truncated to it so a long word still matches its prefix grams. */
const MAX_PREFIX_GRAM = 20;

export const aliasName = (prefix: string, entity: SearchEntity) => `${prefix}${entity}`;
export const indexName = (prefix: string, entity: SearchEntity, version: number = MAPPING_VERSION) => `${prefix}${entity}_v${version}`;
/**
 * The second alias a reindex puts on the index it is building, until the swap: every backend (the CLI's, the
 * worker's, the api's) that sees it writes each change to that index too (dual-write).
 */
export const nextAliasName = (prefix: string, entity: SearchEntity) => `${prefix}${entity}_next`;
/** A rebuild of the same mapping version (`search:migrate --force`): `<prefix><entity>_v<version>_r<n>`. */
export const rebuildIndexName = (prefix: string, entity: SearchEntity, version: number, rebuild: number) => `${indexName(prefix, entity, version)}_r${rebuild}`;

/** The mapping version (and rebuild number, 0 for none) of one of the entity's index names; null if not one. */
export function parseIndexName(prefix: string, entity: SearchEntity, index: string): { version: number; rebuild: number } | null {
  const base = `${prefix}${entity}_v`;
  if (!index.startsWith(base)) return null;
  const match = /^(\d+)(?:_r(\d+))?$/.exec(index.slice(base.length));
  return match ? { version: Number(match[1]), rebuild: Number(match[2] ?? 0) } : null;
}

export const INDEX_SETTINGS = {
  number_of_shards: 1,
  number_of_replicas: 0,
  // Commit to searchable within a second (the target): the drainer writes within ~250 ms (p95), and
  // OpenSearch's default 1 s refresh would add up to a second more. 250 ms costs a few more small segments.
  refresh_interval: '250ms',
  analysis: {
    char_filter: {
      strip_whitespace: { type: 'pattern_replace', pattern: '\\s+', replacement: '' },
    },
    normalizer: {
      folded: { type: 'custom', filter: ['lowercase', 'asciifolding'] },
      folded_compact: { type: 'custom', char_filter: ['strip_whitespace'], filter: ['lowercase', 'asciifolding'] },
    },
    filter: {
      name_edge_ngram: { type: 'edge_ngram', min_gram: 1, max_gram: MAX_PREFIX_GRAM },
      prefix_truncate: { type: 'truncate', length: MAX_PREFIX_GRAM },
    },
    tokenizer: {
      // A tokenizer, not a token filter: the grams get positions of their own, so minimum_should_match counts
      // trigrams (a filter would stack a word's grams on one position and the query would count words).
      name_trigram: { type: 'ngram', min_gram: 3, max_gram: 3, token_chars: ['letter', 'digit'] },
    },
    analyzer: {
      folded_words: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding'] },
      name_prefix: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding', 'name_edge_ngram'] },
      name_prefix_search: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding', 'prefix_truncate'] },
      name_trigram: { type: 'custom', tokenizer: 'name_trigram', filter: ['lowercase', 'asciifolding'] },
    },
  },
} as const;

const foldedKeyword = (ignoreAbove: number) => ({ type: 'keyword', normalizer: 'folded', ignore_above: ignoreAbove });
const compactKeyword = (ignoreAbove: number) => ({ type: 'keyword', normalizer: 'folded_compact', ignore_above: ignoreAbove });

export const INDEX_MAPPINGS = {
  dynamic: 'strict',
  // Only strings that are at least a full date count as dates ("2026", "01234567" stay keywords).
  date_detection: true,
  dynamic_date_formats: ["strict_date||strict_date_hour_minute||strict_date_hour_minute_second||strict_date_time||strict_date_time_no_millis||yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX"],
  dynamic_templates: [
    { field_dates: { path_match: 'fields.*', match_mapping_type: 'date', mapping: { type: 'date', format: 'strict_date_optional_time||epoch_millis', ignore_malformed: true } } },
    { field_strings: { path_match: 'fields.*', match_mapping_type: 'string', mapping: { type: 'keyword', ignore_above: 1024 } } },
    { field_integers: { path_match: 'fields.*', match_mapping_type: 'long', mapping: { type: 'double' } } },
    { field_decimals: { path_match: 'fields.*', match_mapping_type: 'double', mapping: { type: 'double' } } },
    { field_booleans: { path_match: 'fields.*', match_mapping_type: 'boolean', mapping: { type: 'boolean' } } },
    {
      guarded_identifiers: {
        path_match: 'guarded_identifiers.*',
        match_mapping_type: 'string',
        mapping: { type: 'text', analyzer: 'folded_words', fields: { exact: foldedKeyword(256), compact: compactKeyword(256) } },
      },
    },
    { guarded_text: { path_match: 'guarded_text.*', match_mapping_type: 'string', mapping: { type: 'text', analyzer: 'folded_words' } } },
  ],
  properties: {
    entity: { type: 'keyword' },
    id: { type: 'keyword' },
    names: {
      type: 'text',
      analyzer: 'folded_words',
      fields: {
        exact: foldedKeyword(512),
        prefix: { type: 'text', analyzer: 'name_prefix', search_analyzer: 'name_prefix_search' },
        trigram: { type: 'text', analyzer: 'name_trigram' },
      },
    },
    identifiers: { ...foldedKeyword(256), fields: { compact: compactKeyword(256) } },
    text: { type: 'text', analyzer: 'folded_words' },
    guarded_identifiers: { type: 'object', dynamic: true },
    guarded_text: { type: 'object', dynamic: true },
    sort_name: foldedKeyword(512),
    fields: { type: 'object', dynamic: true },
  },
} as const;

/** `<entity>:<id>`: one document per record across the indices. */
export const docId = (entity: SearchEntity, id: string) => `${entity}:${id}`;

export function parseDocId(_id: string): { entity: SearchEntity; id: string } {
  const at = _id.indexOf(':');
  return { entity: _id.slice(0, at) as SearchEntity, id: _id.slice(at + 1) };
}

/** The path of a guarded field's text: `guarded_text.Contact.company` (the dot makes `Contact` an object). */
export const guardedPath = (as: GuardedText['as'], field: string) => `${as === 'identifier' ? 'guarded_identifiers' : 'guarded_text'}.${field}`;

/** A document's guarded text as the two objects hold it: `{ 'Contact.email': [...] }` by kind. */
function guardedObjects(guarded: GuardedText[]) {
  const objects = { guarded_identifiers: {} as Record<string, string[]>, guarded_text: {} as Record<string, string[]> };
  for (const g of guarded) {
    if (!g.values.length) continue;
    const into = g.as === 'identifier' ? objects.guarded_identifiers : objects.guarded_text;
    into[g.field] = [...(into[g.field] ?? []), ...g.values];
  }
  return objects;
}

/** The stored document: the contract's fields (guarded text by kind and field) plus `sort_name`. */
export function source(doc: SearchDocument) {
  return {
    entity: doc.entity,
    id: doc.id,
    names: doc.names,
    identifiers: doc.identifiers,
    text: doc.text,
    ...guardedObjects(doc.guarded),
    sort_name: doc.names[0] ?? null,
    fields: doc.fields,
  };
}
