/**
 * The search contract: what every search backend (OpenSearch, PostgreSQL full-text) indexes and answers.
 * Documents are built in SQL by each module's mapping (`<module>.search.ts`) and are the same for both
 * backends, so the backends differ only in how they store and match them. See src/search/README.md.
 */

/**
 * A searchable entity's name (`company`), as its module's mapping declares it. Which entities there are is the
 * catalog's to say (src/search/catalog.ts), built from the modules' manifests: names reach search at run time
 * (outbox rows, export URLs, CLI flags), so they are checked against it there rather than by a type here.
 */
export type SearchEntity = string;

/** A value a document can be filtered or sorted on: keywords, booleans, numbers, ISO dates, or lists of them. */
export type DocValue = string | number | boolean | null | string[];

/**
 * Values of one guarded field in a document. `field` is the GraphQL field that shows them, `Type.field`
 * (`Contact.email`, `Interaction.contacts`): the rule on that field decides who may match them (see
 * `SearchMapping.guarded`). `as` says how they match: `identifier`, whole (with or without spaces, boosted as
 * identifiers are) and by its words, like an email; `text`, by its words, like a related record's name.
 */
export type GuardedText = { field: string; as: 'identifier' | 'text'; values: string[] };

/** One record as a search document. */
export type SearchDocument = {
  entity: SearchEntity;
  id: string;
  /**
   * What people call the record (a company's name and trading names, a contact's full name, an interaction's
   * subject, an adviser's name): matched exactly (boosted most), with typos (trigrams / fuzziness), and by
   * prefix for autocomplete. The first is the display and sort name.
   */
  names: string[];
  /** Exact-ish identifiers: company numbers, DUNS, postcodes (as written and without spaces), emails. */
  identifiers: string[];
  /** Other searchable text anyone who may find the record may match: addresses, job titles, participants. Matched as words. */
  text: string[];
  /**
   * Text shown by a field that has a read rule of its own (a contact's email, its company's name): it
   * matches only for callers who may read that field, so a search cannot reveal what reading would not.
   */
  guarded: GuardedText[];
  /** Values for filters and sorts, by field name (the mapping's filters and sorts name these). */
  fields: Record<string, DocValue>;
};

/** A condition on a document field; conditions in a list all hold (AND); a list `value` means any of (OR). */
export type DocFilter =
  | { field: string; op: 'eq'; value: string | number | boolean }
  | { field: string; op: 'in'; value: Array<string | number | boolean> }
  | { field: string; op: 'gte' | 'lte'; value: string | number }
  | { field: string; op: 'exists'; value: boolean };

export type SortDirection = 'ASC' | 'DESC';

/** A sort on a document field; with none, hits come by relevance (score), then by id. */
export type DocSort = { field: string; direction: SortDirection };

export type SearchQuery = {
  /** The words to match; empty means "everything that passes the filters" (entity search), ranked by sort. */
  term: string;
  /**
   * The entities to search, each with the conditions its documents must meet (row-level rules included).
   * A `countOnly` entity is counted in `aggregations` but none of its hits are listed, nor counted in `total`
   * (global search's tabs: every entity's count, the hits of the entities asked for).
   */
  entities: Array<{ entity: SearchEntity; filters: DocFilter[]; countOnly?: boolean }>;
  sort: DocSort[];
  offset: number;
  limit: number;
  /**
   * The guarded fields (`Type.field`) whose text may match: those the caller may read. Guarded text of any
   * other field never matches, nor counts in a score.
   */
  readable: string[];
  /**
   * A document field whose values to count over the listed hits (not only this page): `valueCounts`, for an
   * entity search's summary. A list field counts each of its values.
   */
  countValuesOf?: string;
};

export type SearchHit = { entity: SearchEntity; id: string; score: number };

export type SearchResult = {
  /** Hits matching in total (all requested entities but the `countOnly` ones), for paging. */
  total: number;
  hits: SearchHit[];
  /** Matches per entity, over the whole result, not only this page. */
  aggregations: Array<{ entity: SearchEntity; count: number }>;
  /** With `countValuesOf`: the hits per value of that field, most first (a string value as the document holds it). */
  valueCounts?: Array<{ value: string; count: number }>;
};

export type AutocompleteQuery = {
  entity: SearchEntity;
  prefix: string;
  filters: DocFilter[];
  limit: number;
};

export type BackendStatus = { backend: 'opensearch' | 'postgres'; documents: Partial<Record<SearchEntity, number>>; healthy: boolean; detail?: string };

/** What the gateway needs of a search backend. */
export interface SearchBackend {
  readonly name: 'opensearch' | 'postgres';
  /** Creates what the backend needs (indices behind aliases, or nothing for PostgreSQL), idempotently. */
  migrate(): Promise<void>;
  /** Replaces these documents (by entity and id) and removes the `deleted` ones; idempotent. */
  write(documents: SearchDocument[], deleted: Array<{ entity: SearchEntity; id: string }>): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
  /** Fast, typo-tolerant prefix matches on names, best first. */
  autocomplete(query: AutocompleteQuery): Promise<SearchHit[]>;
  /** Makes written documents searchable now (OpenSearch refresh); tests and the sync use it. */
  refresh(): Promise<void>;
  status(): Promise<BackendStatus>;
  close(): Promise<void>;
}
