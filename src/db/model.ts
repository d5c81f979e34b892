/**
 * What a read model is: a table's row keys and columns, and what of it lists may filter and sort on. Types and
 * pure definitions only (src/db/read-model.ts is the read side's entry point and re-exports this).
 */

export type FieldType = 'id' | 'string' | 'int' | 'float' | 'boolean' | 'date' | 'datetime' | 'enum';

export type FieldSpec = {
  column: string;
  type: FieldType;
  /** Appears in the filter input (default true). */
  filter?: boolean;
  /** Appears in the orderBy enum. */
  sort?: boolean;
  /**
   * The field of the model's GraphQL type that shows this value (default: the key, less a trailing `Id`:
   * `companyId` is shown by `company`). Filtering or sorting on it needs the right to read that field.
   */
  reveals?: string;
  /**
   * An SQL expression over the row (alias `t`) in place of the column, for a field the row-level rules test
   * that is not a column of the table (a contact's company being archived). Such a field is `internal`.
   */
  sql?: string;
  /** For row-level rules only: in no filter input or sort enum a client sees. */
  internal?: boolean;
};

/** The GraphQL field that shows a read-model field's value (see FieldSpec.reveals). */
export const revealedBy = (key: string, spec: FieldSpec): string => spec.reveals ?? key.replace(/Id$/, '');

export type ReadModel = {
  name: string;
  table: string;
  /** Every column the row carries: row key → column. */
  columns: Record<string, string>;
  fields: Record<string, FieldSpec>;
  defaultOrder: OrderTerm[];
  /** A precomputed `select` list: `t."col" as "key"`. */
  selectList: string;
};

export type Direction = 'ASC' | 'DESC';
export type OrderTerm = { field: string; direction: Direction };
export type Row = Record<string, any>;

export function defineReadModel(spec: {
  name: string;
  table: string;
  columns: Record<string, string>;
  fields: Record<string, FieldSpec>;
  defaultOrder: OrderTerm[];
}): ReadModel {
  const selectList = Object.entries(spec.columns)
    .map(([key, column]) => `t."${column}" as "${key}"`)
    .join(', ');
  return { ...spec, selectList };
}

/** The columns every archivable record has: created, modified and archived, on and by. */
export const ARCHIVABLE_COLUMNS = {
  archived: 'archived',
  archivedOn: 'archived_on',
  archivedById: 'archived_by_id',
  archivedReason: 'archived_reason',
  createdOn: 'created_on',
  createdById: 'created_by_id',
  modifiedOn: 'modified_on',
  modifiedById: 'modified_by_id',
} as const;

/** ...and what of them lists filter and sort on. */
export const ARCHIVABLE_FIELDS: Record<string, FieldSpec> = {
  archived: { column: 'archived', type: 'boolean', sort: true },
  archivedOn: { column: 'archived_on', type: 'datetime', sort: true },
  createdOn: { column: 'created_on', type: 'datetime', sort: true },
  modifiedOn: { column: 'modified_on', type: 'datetime', sort: true },
};

/**
 * A row of `model` as one JSON value built in SQL (`json_build_object('key', alias."col", ...)`), null when
 * the joined row is missing: a way to fetch related rows in the same statement as their parent's.
 */
export function jsonRowSql(model: ReadModel, alias: string): string {
  const pairs = Object.entries(model.columns).map(([key, column]) => `'${key}', ${alias}."${column}"`);
  return `case when ${alias}."id" is null then null else json_build_object(${pairs.join(', ')}) end`;
}

