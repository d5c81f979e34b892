import type { Permission } from '../auth/permissions.js';
import type { ReadModel, Sql } from '../db/read-model.js';
import { AppError } from '../errors.js';
import type { GuardedText, SearchDocument, SearchEntity } from './search.types.js';

/**
 * What the values of a `terms` filter are, so that GraphQL types them as the rest of the schema does and a
 * value that can never match is refused (BAD_USER_INPUT) instead of silently finding nothing:
 * - `enum`: a GraphQL enum (registered with type-graphql) whose values are the document's (InteractionKind);
 *   GraphQL itself refuses any other value.
 * - `reference`: ids (`UUID`) of a reference table, as its read model names it: an id with no row is refused
 *   (reason NOT_FOUND, at `filter.<name>.<index>`). Disabled rows are accepted: old records still have them.
 * - `record`: ids (`UUID`) of records of a read model (companies, advisers). For a caller who may look them
 *   up (`permission`, and the model's row rules), an id of no record it may see is refused as NOT_FOUND, a
 *   hidden record exactly like a missing one; for a caller who may not look them up at all, only the id's
 *   syntax is checked (it finds nothing), so the check never tells such a caller which ids exist.
 */
export type SearchFilterValues = { enum: object } | { reference: ReadModel } | { record: ReadModel; permission: Permission };

/**
 * The description of an entity search's `archived` filter (a boolean filter on the document's `archived`):
 * global search's `filter.archived` applies each entity's own filter of that name, with this same default.
 */
export const ARCHIVED_FILTER =
  "Archived records only (true) or live ones only (false); both when absent, as Data Hub's search shows them. Global search's filter.archived is this filter, with the same default, so its count of this entity equals this search's totalCount.";

/** How a GraphQL search filter reaches a document field. */
export type SearchFilterSpec =
  /** Any of the given values (a list field matches on overlap), typed by `values`. */
  | { kind: 'terms'; field: string; description: string; values: SearchFilterValues }
  | { kind: 'boolean'; field: string; description: string }
  /** A date range `{ from, to }` (inclusive) on an ISO date field. */
  | { kind: 'dateRange'; field: string; description: string }
  /** One keyword, normalised by `normalise` (a postcode without spaces, upper case). */
  | { kind: 'keyword'; field: string; description: string; normalise?: (value: string) => string };

/**
 * A table a document is built from, and how a change to one of its rows finds the documents to refresh. Each
 * one becomes a trigger (src/search/source-triggers.ts) that enqueues those documents into the search outbox
 * in the writing transaction; a test checks that the sources are exactly the tables `documentsSql` reads and
 * that the database has each one's trigger, as declared.
 */
export type SearchSource = {
  table: string;
  /**
   * One query for the ids (uuid) of the documents that read a row of the table, over that row as `changed`,
   * e.g. `select changed.company_id`. It runs for the new row and for the old one, so a row that moves from one
   * document to another (an interaction to another company) refreshes both.
   */
  documentIds: string;
  /**
   * The columns of the table the documents read: an update that changes none of them refreshes nothing (a
   * company's contacts carry its name, not its address). Absent: every change counts.
   */
  columns?: string[];
};

/**
 * Document text shown by a field with a read rule of its own: the field (`Type.field`, a field of the mapping's
 * type whose rule is in the rule tree; a test checks both), how its values match, and the SQL for them (a
 * text[] over the tables `documentsSql` reads). Only callers who may read the field match this text.
 */
export type GuardedSource = { field: string; as: GuardedText['as']; values: string };

/**
 * Counts of an entity search's results per value of one document field, over the whole result (Data Hub's
 * `show_summary`: investment projects per stage), for the search's `summary` field. The values are ids of
 * `model`'s rows, shown as `nodeType` under `name` (`{ stage { name } count }`). `values` are always listed,
 * in this order, with a count of 0 when none is found (Data Hub's five stages); any other value found comes
 * after them. The caller must be able to read the field that shows `field` (`shows`), as for a filter.
 */
export type SearchSummary = { field: string; name: string; model: ReadModel; nodeType: Function; values: readonly string[]; description: string };

/**
 * SQL for a document's `guarded`, built from the mapping's own list of guarded sources, so the document cannot
 * carry guarded text the mapping does not declare (nor declare a guard its document lacks).
 */
export function guardedJson(sources: GuardedSource[]): string {
  const entries = sources.map(({ field, as, values }) => {
    if (!/^[A-Z][A-Za-z]*\.[a-z][A-Za-z]*$/.test(field)) throw new Error(`A guarded field is named Type.field, not ${field}`);
    return `json_build_object('field', '${field}', 'as', '${as}', 'values', ${values})`;
  });
  return entries.length ? `json_build_array(${entries.join(', ')})` : `'[]'::json`;
}

/**
 * One searchable entity: how its documents are built (one SQL statement for any set of ids, so the outbox
 * drain and the full resync write in bulk), which permission and read model govern who sees them, and the
 * filters and sorts its entity search offers. Each module declares its own (`<module>.search.ts`), so
 * investment projects, orders and tasks plug in the same way.
 */
export type SearchMapping = {
  /** Its name: lower-case letters (`company`), as the outbox, the export URL, the CLI and the index names use it. */
  entity: SearchEntity;
  /**
   * Where it comes among the searchable entities, lowest first: global search's counts, the `SearchEntity`
   * enum, the CLI's models, the indices. Company 10, contact 20, interaction 30, adviser 40; a new entity takes
   * a number of its own.
   */
  position: number;
  /** The GraphQL type its hits resolve to. */
  typeName: string;
  /** That type's type-graphql class: the node of its search connection, and a member of `SearchNode`. */
  nodeType: Function;
  /**
   * Its own search query, `search` and the plural of what it finds (`searchCompanies`): the search module
   * serves it from this mapping, and global search's description names that plural.
   */
  query: `search${string}`;
  /** The read model the row-level rules are written on (src/auth/row-rules.ts); its ids are the documents'. */
  readModel: ReadModel;
  /**
   * What a caller needs to find it at all: a permission, or any one of a list (investment projects: all of
   * them, or those of the caller's team; its row rules then say which). A refusal names the first.
   */
  permission: Permission | readonly [Permission, ...Permission[]];
  /**
   * Documents of the records matching `where` (over the entity's table as `t`): rows `{ id, doc }` where
   * doc is `{ names, identifiers, text, guarded, fields }` (`guarded` from `guardedJson(guarded)`). A record
   * missing from the result is gone.
   */
  documentsSql: (where: Sql) => Sql;
  /**
   * The document's text that fields with read rules show (a contact's email, an interaction's contacts): it
   * matches only for callers who may read the field. Anything a rule guards goes here, never in `text`.
   */
  guarded: GuardedSource[];
  /** Every table `documentsSql` reads, the entity's own first: a change to any of them refreshes the documents that read it. */
  sources: SearchSource[];
  filters: Record<string, SearchFilterSpec>;
  /** GraphQL sort key → document field. */
  sorts: Record<string, string>;
  /**
   * Document field → the field of `typeName` that shows its value, for every document field a filter or a
   * sort tests: a caller may filter or sort only on what it may read there (a test checks each is a field).
   */
  shows: Record<string, string>;
  /**
   * CSV export of this entity's search: the permission it needs, and the rows for a list of ids (over the
   * table as `t`), with one column per CSV column, in order, named by its header. `caller` lets a column that
   * shows a related record show it only where its field would (ExportCaller).
   */
  export?: { permission: Permission; fileName: string; rowsSql: (where: Sql, caller: ExportCaller) => Sql };
  /** Its search's counts per value of a field, for the connection's `summary`. */
  summary?: SearchSummary;
};

/**
 * Whom an export's rows are for: the caller's row rules on a read model (SQL over the model's rows as `t`), and
 * whether the rule on a field lets the caller read it, so a column naming a related record the caller may not
 * see (a task's project, for an adviser of another team) is empty, as the field is null in GraphQL.
 */
export type ExportCaller = { scope: (model: ReadModel) => Sql[]; readable: (type: string, field: string) => boolean };

/** The permissions any one of which lets a caller search the mapping's entity. */
export const viewPermissions = (mapping: Pick<SearchMapping, 'permission'>): readonly Permission[] =>
  typeof mapping.permission === 'string' ? [mapping.permission] : mapping.permission;

/** A search refused for want of every one of these permissions, naming the first (`extensions.permission`). */
export const missingViewPermission = (permissions: readonly Permission[]) =>
  new AppError('FORBIDDEN', `This needs the ${permissions.join(' or ')} permission.`, { permission: permissions[0] });

/** A document row as `documentsSql` returns it. */
export type DocumentRow = { id: string; doc: Omit<SearchDocument, 'entity' | 'id'> };

/** `select ... from x t` + ` where <condition>`. */
export const withWhere = (select: string, where: Sql): Sql => ({ text: `${select} where ${where.text}`, params: where.params });

/** SQL for an instant as the ISO 8601 text documents hold (sortable as text, a date to OpenSearch). */
export const isoInstant = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** SQL for a text array of these expressions, without nulls or empty strings. */
export const textArray = (...expressions: string[]) => `array_remove(array_remove(array[${expressions.join(', ')}]::text[], null), '')`;
