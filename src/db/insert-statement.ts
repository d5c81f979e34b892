import { isRaw, ReferenceKind, wrap, type Collection, type EntityManager, type EntityMetadata, type EntityProperty } from '@mikro-orm/core';
import type { Sql } from './sql.js';

/**
 * New records written by one statement instead of a flush (one `insert` per table, each its own round
 * trip, between `begin` and `commit`): a single statement is atomic by itself, so it needs no transaction.
 * The rows are the ORM's own: built with `em.create` as for a flush, read through its metadata and snapshot,
 * so a column, default or relation declared on an entity is written here as a flush would write it.
 */

/** Columns of the record's own row: scalars and owned to-one relations. */
const isColumn = (p: EntityProperty<any>): boolean =>
  p.persist !== false && !!p.fieldNames?.length && (p.kind === ReferenceKind.SCALAR || p.kind === ReferenceKind.MANY_TO_ONE || (p.kind === ReferenceKind.ONE_TO_ONE && !!p.owner));

const TO_ONE: ReadonlySet<ReferenceKind> = new Set([ReferenceKind.MANY_TO_ONE, ReferenceKind.ONE_TO_ONE]);

const metaOf = (em: EntityManager, entity: object): EntityMetadata<any> => em.getMetadata().get(entity.constructor as never);

/**
 * A new record's values by property, as a flush computes its insert (ChangeSetComputer): property defaults
 * applied to what is unset, then the ORM's snapshot (relations by primary key, custom types in database form).
 */
export function newRecordValues(em: EntityManager, entity: object): Record<string, unknown> {
  const meta = metaOf(em, entity);
  const record = entity as Record<string, unknown>;
  for (const prop of meta.hydrateProps) {
    if (prop.onCreate && record[prop.name] == null) record[prop.name] = prop.onCreate(entity, em);
    else if (prop.default != null && !isRaw(prop.default) && !TO_ONE.has(prop.kind) && record[prop.name] === undefined) record[prop.name] = prop.default;
  }
  return em.getComparator().prepareEntity(entity) as Record<string, unknown>;
}

/** A parameter as the database takes it for its column: times as ISO strings, JSON as its text. */
function param(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}

type Rows = { columns: string[]; rows: Array<Map<string, unknown>> };

function addRow(tables: Map<string, Rows>, table: string, row: Map<string, unknown>): void {
  const rows = tables.get(table) ?? { columns: [], rows: [] };
  for (const column of row.keys()) if (!rows.columns.includes(column)) rows.columns.push(column);
  rows.rows.push(row);
  tables.set(table, rows);
}

/**
 * One statement inserting `entities` (each new, with its owned many-to-many links): one multi-row `insert`
 * per table, in the order the tables first appear, joined as data-modifying CTEs. A column a row leaves
 * unset takes its default. Foreign keys are checked at the statement's end, when every row is there, and
 * the tables' row triggers (the search outbox) fire then as they would after a flush.
 */
export function insertStatement(em: EntityManager, entities: readonly object[]): Sql {
  const tables = new Map<string, Rows>();
  const links: Array<[string, Map<string, unknown>]> = [];
  for (const entity of entities) {
    const meta = metaOf(em, entity);
    const values = newRecordValues(em, entity);
    const row = new Map<string, unknown>();
    for (const prop of meta.props.filter(isColumn)) if (values[prop.name] !== undefined) row.set(prop.fieldNames[0]!, param(values[prop.name]));
    addRow(tables, meta.tableName, row);
    const id = wrap(entity, true).getPrimaryKey();
    for (const prop of meta.props.filter((p) => p.kind === ReferenceKind.MANY_TO_MANY && p.owner)) {
      for (const item of ((entity as Record<string, unknown>)[prop.name] as Collection<object>).getItems(false)) {
        links.push([prop.pivotTable, new Map([[prop.joinColumns[0]!, id], [prop.inverseJoinColumns[0]!, wrap(item, true).getPrimaryKey()]])]);
      }
    }
  }
  for (const [table, row] of links) addRow(tables, table, row);
  const inserts = [...tables].map(([table, { columns, rows }]) => ({
    text: `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${rows.map((r) => `(${columns.map((c) => (r.has(c) ? '?' : 'default')).join(', ')})`).join(', ')}`,
    params: rows.flatMap((r) => columns.filter((c) => r.has(c)).map((c) => r.get(c))),
  }));
  if (inserts.length === 1) return inserts[0]!;
  return {
    text: `with ${inserts.map((insert, i) => `"w${i}" as (${insert.text})`).join(', ')} select 1`,
    params: inserts.flatMap((insert) => insert.params),
  };
}
