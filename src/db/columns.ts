/**
 * The columns of a read model, each with the value a row carries for it, so that a model's rows have a
 * type of their own (RowOf in src/db/model.ts) instead of `Record<string, any>`.
 *
 * The JavaScript values are those every connection gives (the read pool, MikroORM's, embedded PGlite), and
 * those a row built as JSON in SQL gives (an embedded list or object, a write's facts: src/db/lookups.ts):
 * - dates and timestamps stay text (src/db/time-types.ts): `2026-11-26 09:30:00.123+00` from a statement
 *   of its own, `2026-11-26T09:30:00.123+00:00` from JSON; a `date` is `2026-11-26` either way;
 * - a numeric is text from a statement of its own (`1500.00`) and a number from JSON;
 * - int4 and float8 are numbers, arrays arrays, jsonb its parsed value.
 *
 * Each column also says its PostgreSQL type (udt_name in information_schema.columns) and whether it may be
 * null: test/unit/read-model-columns.test.ts compares both with the migrated database, so a type that says
 * more than the table guarantees fails a test.
 */

export type Column<T = unknown, Name extends string = string> = {
  /** The column in the table. */
  readonly name: Name;
  /** Its PostgreSQL type as information_schema.columns.udt_name names it; none for an untyped column. */
  readonly udt?: string;
  readonly nullable: boolean;
  /** The same column where the table allows null. */
  orNull(): Column<T | null, Name>;
  /** Type only, never set: the value a row carries for the column. */
  readonly value?: T;
};

function column<T, Name extends string>(name: Name, udt: string | undefined, nullable = false): Column<T, Name> {
  return { name, udt, nullable, orNull: () => column<T | null, Name>(name, udt, true) };
}

/** A column of this PostgreSQL type, whose rows carry a T. */
const typed =
  <T>(udt: string) =>
  <Name extends string>(name: Name): Column<T, Name> =>
    column<T, Name>(name, udt);

export const uuid = typed<string>('uuid');
export const text = typed<string>('text');
export const bool = typed<boolean>('bool');
export const int = typed<number>('int4');
export const float = typed<number>('float8');
/** A bigint: text from a statement of its own, a number from JSON (as a numeric). */
export const int8 = typed<string | number>('int8');
/** Text from a statement of its own, a number from JSON (see above). */
export const numeric = typed<string | number>('numeric');
/** `YYYY-MM-DD`. */
export const date = typed<string>('date');
/** PostgreSQL's text of a timestamptz, or ISO 8601 from JSON (see above); never a Date. */
export const timestamp = typed<string>('timestamptz');
export const textArray = typed<string[]>('_text');
export const jsonb = <T = unknown, Name extends string = string>(name: Name): Column<T, Name> => column<T, Name>(name, 'jsonb');
/** A column of a PostgreSQL enum type (`udt`), whose values are T's. */
export const enumColumn = <T extends string, Name extends string = string>(name: Name, udt: string): Column<T, Name> => column<T, Name>(name, udt);

/** A column given by its name only (the plain `{ key: 'column' }` form): its rows' value is untyped. */
export const untyped = <Name extends string>(name: Name): Column<any, Name> => column<any, Name>(name, undefined);

/** What a read model's `columns` may hold for each row key: a typed column, or a column's name alone. */
export type ColumnSpec = Column<any> | string;
export type ColumnSpecs = Readonly<Record<string, ColumnSpec>>;

/** The value a row carries for a column spec: its type, or `any` for a name alone. */
export type ValueOf<S> = S extends Column<infer T, string> ? T : any;

/** The row a set of columns gives: `{ id: uuid('id'), jobTitle: text('job_title').orNull() }` → `{ id: string; jobTitle: string | null }`. */
export type RowOfColumns<C> = { -readonly [K in keyof C]: ValueOf<C[K]> };

/**
 * The names of the table columns a set of typed columns reads; any name at all when some are given by name
 * alone (that form is checked by test/unit/read-model-columns.test.ts only).
 */
export type ColumnNameOf<C> = C[keyof C] extends Column<any> ? { [K in keyof C]: C[K] extends Column<any, infer Name> ? Name : never }[keyof C] : string;

export const columnOf = (spec: ColumnSpec): Column<any> => (typeof spec === 'string' ? untyped(spec) : spec);
