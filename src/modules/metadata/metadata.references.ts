import type { EntityManager } from '@mikro-orm/core';
import { byId, byIdPart, queryEach, type ReadModel, type Row, type Sql } from '../../db/read-model.js';
import { presentIds } from '../../db/values.js';
import type { Issues } from '../../errors.js';
import { metadataModels, type MetadataTable } from './metadata.models.js';

/**
 * The rules for references chosen on a write, as pure functions over the rows the service loaded first
 * (loadWithReferences): the rules name the ids they read (ReferenceIds), the service loads them in the
 * statement of the write's other facts, and the rules check them (checkReference, checkReferences).
 */

/** The reference ids a write's rules read, by table; null and undefined name none. */
export type ReferenceIds = { [T in MetadataTable]?: ReadonlyArray<string | null | undefined> };

/** The rows of the references a write names, by table and id; an id without a row names none. */
export type References = { [T in MetadataTable]?: ReadonlyMap<string, Row> };

/** Whether the ids name any reference (and so loading them takes a statement). */
export const namesAny = (ids: ReferenceIds): boolean => Object.values(ids).some((list) => presentIds(list).length > 0);

const PART = 'reference:';

/**
 * A write's facts in one statement: the references `ids` names, and the write's own `lookups` by name
 * (null: not needed). Nothing named and nothing looked up, no statement.
 */
export async function loadWithReferences<K extends string>(
  em: EntityManager,
  ids: ReferenceIds,
  lookups: Record<K, Sql | null>,
): Promise<{ references: References; rows: Record<K, Row[]> }> {
  const parts: Record<string, Sql | null> = { ...lookups };
  for (const [table, list] of Object.entries(ids) as Array<[MetadataTable, ReferenceIds[MetadataTable]]>) {
    const part = byIdPart(metadataModels[table], list ?? []);
    if (part) parts[PART + table] = part;
  }
  const rows = await queryEach(em, parts);
  const references: References = {};
  for (const [name, list] of Object.entries(rows)) if (name.startsWith(PART)) references[name.slice(PART.length) as MetadataTable] = byId(list);
  return { references, rows: rows as Record<K, Row[]> };
}

/** The references `ids` names, in one statement (none when it names none). */
export async function loadReferences(em: EntityManager, ids: ReferenceIds): Promise<References> {
  return (await loadWithReferences(em, ids, {})).references;
}

function rowsOf(references: References, table: MetadataTable): ReadonlyMap<string, Row> {
  const rows = references[table];
  // A rule reads only what it named; a table missing here is a loader's mistake, not a missing reference.
  if (!rows) throw new Error(`The ${table} references were not loaded.`);
  return rows;
}

/**
 * Each reference must exist, and a disabled one is accepted only when the record already had it
 * (`current`). Adds an issue at `fieldOf(index)` for each that fails; returns the rows that pass, by id.
 * `rows` are the loaded rows of the table `name` names for people (a model's name: "Country").
 */
function checkChosen(
  rows: ReadonlyMap<string, Row>,
  name: string,
  ids: readonly string[],
  fieldOf: (index: number) => string[],
  issues: Issues,
  current: readonly string[],
): Map<string, Row> {
  const passed = new Map<string, Row>();
  for (const [i, id] of ids.entries()) {
    const row = rows.get(id);
    if (!row) issues.add(fieldOf(i), 'NOT_FOUND', `No ${name} with id ${id}.`);
    else if (row.disabledOn && !current.includes(id)) issues.add(fieldOf(i), 'DISABLED', `${name} "${row.name}" is disabled and cannot be chosen for new records.`);
    else passed.set(id, row);
  }
  return passed;
}

/** The loaded rows of a metadata table, when the write names any of it. */
const chosenIn = (references: References, table: MetadataTable, ids: readonly string[]): ReadonlyMap<string, Row> =>
  ids.length ? rowsOf(references, table) : new Map();

/**
 * checkReferences and checkReference for a reference table of another module (an event's type, its
 * programmes, its teams): `rows` are the rows its service loaded by id (byIdSql), `model` names the table.
 */
export function checkReferenceRows(
  rows: ReadonlyMap<string, Row>,
  model: ReadModel,
  ids: readonly string[],
  field: string[],
  issues: Issues,
  current: readonly string[] = [],
): Map<string, Row> {
  return checkChosen(rows, model.name, ids, (i) => [...field, String(i)], issues, current);
}

export function checkReferenceRow(
  rows: ReadonlyMap<string, Row>,
  model: ReadModel,
  id: string | null | undefined,
  field: string[],
  issues: Issues,
  current?: string | null,
): Row | null {
  if (!id) return null;
  return checkChosen(rows, model.name, [id], () => field, issues, current ? [current] : []).get(id) ?? null;
}

/** A list of references chosen on a write (see checkChosen); an issue at `[...field, index]` for each that fails. */
export function checkReferences(
  references: References,
  table: MetadataTable,
  ids: readonly string[],
  field: string[],
  issues: Issues,
  current: readonly string[] = [],
): Map<string, Row> {
  return checkReferenceRows(chosenIn(references, table, ids), metadataModels[table], ids, field, issues, current);
}

/** One reference chosen on a write (see checkChosen); adds an issue at `field` and returns null when it fails. */
export function checkReference(
  references: References,
  table: MetadataTable,
  id: string | null | undefined,
  field: string[],
  issues: Issues,
  current?: string | null,
): Row | null {
  return checkReferenceRow(chosenIn(references, table, id ? [id] : []), metadataModels[table], id, field, issues, current);
}
