import type { EntityManager } from '@mikro-orm/core';

type Row = Record<string, unknown>;

/** A PostgreSQL array literal for a text[] column ("{"a","b"}"), since `?` placeholders expand arrays into lists. */
export function pgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

function toParam(value: unknown): unknown {
  if (value === undefined) return null;
  if (Array.isArray(value)) return pgTextArray(value as string[]);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) return JSON.stringify(value);
  return value;
}

/**
 * Inserts rows in multi-row statements of `batchSize`, optionally upserting on `conflict`. The way to
 * load reference data and generated demo data: one statement per batch instead of one per row.
 */
export async function insertRows(
  em: EntityManager,
  table: string,
  columns: readonly string[],
  rows: readonly Row[],
  options: { conflict?: 'update' | 'ignore'; batchSize?: number } = {},
): Promise<void> {
  const batchSize = options.batchSize ?? 500;
  const conn = em.getConnection();
  const tx = em.getTransactionContext();
  const columnList = columns.map((c) => `"${c}"`).join(', ');
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  let onConflict = '';
  if (options.conflict === 'update') {
    const updates = columns.filter((c) => c !== 'id').map((c) => `"${c}" = excluded."${c}"`);
    onConflict = updates.length ? ` on conflict ("id") do update set ${updates.join(', ')}` : ' on conflict ("id") do nothing';
  } else if (options.conflict === 'ignore') {
    onConflict = ' on conflict do nothing';
  }
  for (let i = 0; i < rows.length; i += batchSize) {
    const batch = rows.slice(i, i + batchSize);
    const params = batch.flatMap((row) => columns.map((c) => toParam(row[c])));
    const values = batch.map(() => tuple).join(', ');
    await conn.execute(`insert into "${table}" (${columnList}) values ${values}${onConflict}`, params, 'run', tx);
  }
}
