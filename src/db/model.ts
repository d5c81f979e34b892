/**
 * What a read model is: a table's row keys and columns, and what of it lists may filter and sort on. Types and
 * pure definitions only (src/db/read-model.ts is the read side's entry point and re-exports this).
 */
import { bool, columnOf, text, timestamp, uuid, type Column, type ColumnNameOf, type ColumnSpecs, type RowOfColumns } from './columns.js';

export type FieldType = 'id' | 'string' | 'int' | 'float' | 'boolean' | 'date' | 'datetime' | 'enum';

/**
 * A field lists filter or sort on. Its `column` is one of the model's columns (a type error otherwise, when the
 * model is defined), unless it has `sql`.
 */
export type FieldSpec<ColumnName extends string = string> = FieldOptions &
  (
    | { column: ColumnName; sql?: undefined }
    | {
        column: string;
        /**
         * An SQL expression over the row (alias `t`) in place of the column, for a field the row-level rules
         * test that is not a column of the table (a contact's company being archived). Such a field is `internal`.
         */
        sql: string;
      }
  );

type FieldOptions = {
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
  /** For row-level rules only: in no filter input or sort enum a client sees. */
  internal?: boolean;
  /**
   * A value of the rows linked to this one (an interaction's participants' advisers): `column` of `table`,
   * whose `owner` column holds this row's id. A condition holds when some linked row meets it (eq, in, ...),
   * `ne`/`notIn` when none has the value, `isNull: true` when there is no linked row. Never sorted on.
   * `on` is the column of this row the owner column matches, when it is not the row's id (an interaction's
   * investment project's rows: `on: 'investment_project_id'`).
   */
  some?: { table: string; owner: string; on?: string };
};

/** The GraphQL field that shows a read-model field's value (see FieldSpec.reveals). */
export const revealedBy = (key: string, spec: FieldSpec): string => spec.reveals ?? key.replace(/Id$/, '');

/**
 * A row as the read side returns it: camelCase keys, the values of src/db/columns.ts. `Row` is any row at
 * all, for code that serves every model (src/db, src/graphql); a model's own rows are `RowOf<typeof model>`.
 */
export type Row = Record<string, any>;

/** A read model whose rows are `R`. */
export type ReadModel<R extends Row = Row> = {
  name: string;
  table: string;
  /** Every column the row carries: row key → column. */
  columns: { readonly [K in keyof R]: Column<R[K]> };
  fields: Record<string, FieldSpec>;
  defaultOrder: OrderTerm[];
  /** A precomputed `select` list: `t."col" as "key"`. */
  selectList: string;
};

/** The rows of a read model: `RowOf<typeof contactModel>` is `{ id: string; jobTitle: string | null; ... }`. */
export type RowOf<M> = M extends ReadModel<infer R> ? R : never;

export type Direction = 'ASC' | 'DESC';
export type OrderTerm = { field: string; direction: Direction };

/**
 * A read model from its columns (typed, `{ jobTitle: text('job_title').orNull() }`, or by name alone,
 * `{ jobTitle: 'job_title' }`, whose rows are then untyped), the fields lists filter and sort on, each over
 * one of those columns, and the default order, over those fields.
 */
export function defineReadModel<const C extends ColumnSpecs, const F extends Record<string, FieldSpec<ColumnNameOf<C>>>>(spec: {
  name: string;
  table: string;
  columns: C;
  fields: F;
  defaultOrder: ReadonlyArray<{ field: keyof F & string; direction: Direction }>;
}): ReadModel<RowOfColumns<C>> {
  const columns = Object.fromEntries(Object.entries(spec.columns).map(([key, column]) => [key, columnOf(column)]));
  const selectList = Object.entries(columns)
    .map(([key, column]) => `t."${column.name}" as "${key}"`)
    .join(', ');
  const { name, table, fields, defaultOrder } = spec;
  return { name, table, columns: columns as ReadModel<RowOfColumns<C>>['columns'], fields, defaultOrder: [...defaultOrder], selectList };
}

const selectLists = new WeakMap<ReadModel, Map<string, string>>();

/**
 * The select list of some of a model's row keys (`t."first_name" as "firstName", ...`), in the model's
 * column order; every column when `keys` is null or undefined. Keys that are not columns are ignored;
 * `also` (the keys an order sorts by) are added. Made once per model and set of keys.
 */
export function selectListOf(model: ReadModel, keys: ReadonlySet<string> | null | undefined, also: readonly string[] = []): string {
  if (!keys) return model.selectList;
  const chosen = Object.keys(model.columns).filter((key) => keys.has(key) || also.includes(key));
  const cacheKey = chosen.join(',');
  let byKeys = selectLists.get(model);
  if (!byKeys) selectLists.set(model, (byKeys = new Map()));
  let list = byKeys.get(cacheKey);
  if (list === undefined) {
    list = chosen.map((key) => `t."${(model.columns as Record<string, Column>)[key]!.name}" as "${key}"`).join(', ');
    // Bounded: selections are the client's to choose, and each distinct one would stay otherwise.
    if (byKeys.size < 256) byKeys.set(cacheKey, list);
  }
  return list;
}

/** The columns every archivable record has: created, modified and archived, on and by. */
export const ARCHIVABLE_COLUMNS = {
  archived: bool('archived'),
  archivedOn: timestamp('archived_on').orNull(),
  archivedById: uuid('archived_by_id').orNull(),
  archivedReason: text('archived_reason').orNull(),
  createdOn: timestamp('created_on'),
  createdById: uuid('created_by_id').orNull(),
  modifiedOn: timestamp('modified_on'),
  modifiedById: uuid('modified_by_id').orNull(),
};

/** The archivable part of a row (what the createdBy, modifiedBy and archivedBy resolvers read). */
export type ArchivableRow = RowOfColumns<typeof ARCHIVABLE_COLUMNS>;

/** ...and what of them lists filter and sort on. */
export const ARCHIVABLE_FIELDS = {
  archived: { column: 'archived', type: 'boolean', sort: true },
  archivedOn: { column: 'archived_on', type: 'datetime', sort: true },
  createdOn: { column: 'created_on', type: 'datetime', sort: true },
  modifiedOn: { column: 'modified_on', type: 'datetime', sort: true },
} as const satisfies Record<string, FieldSpec<ColumnNameOf<typeof ARCHIVABLE_COLUMNS>>>;

/**
 * A row of `model` as one JSON value built in SQL (`json_build_object('key', alias."col", ...)`), null when
 * the joined row is missing: a way to fetch related rows in the same statement as their parent's.
 */
export function jsonRowSql(model: ReadModel, alias: string): string {
  const pairs = Object.entries<Column>(model.columns).map(([key, column]) => `'${key}', ${alias}."${column.name}"`);
  return `case when ${alias}."id" is null then null else json_build_object(${pairs.join(', ')}) end`;
}

