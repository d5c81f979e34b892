import type { EntityManager } from '@mikro-orm/core';
import type { Faker } from '@faker-js/faker';
import { insertRows } from '../../src/db/bulk.js';
import type { DemoReference } from './reference.js';
import { Rng } from './random.js';
import { ukPlacesFor, type UkRegionPlaces } from './uk-places.js';

/** Everything a generator needs: seeded randomness, the reference ids, and the fixed "now" of the run. */
export interface DemoContext {
  /** Structural choices (counts, picks, dates). */
  readonly rng: Rng;
  /** UUIDs only: a stream of its own, so ids do not depend on how names and text are generated. */
  readonly ids: Rng;
  /** British names, streets and text. */
  readonly text: Faker;
  /** Overseas towns and postcodes. */
  readonly intl: Faker;
  /** A stream of British names, streets and text of its own, as `text` is with `seed` (for a step's own streams). */
  readonly britishText: (seed: number) => Faker;
  readonly ref: DemoReference;
  /** Every date is relative to this instant, so a run is reproducible. */
  readonly nowMs: number;
  readonly ukPlaces: Array<readonly [UkRegionPlaces, number]>;
}

export async function createContext(seed: number, ref: DemoReference, nowMs: number): Promise<DemoContext> {
  // Loaded here rather than at the top: every module's manifest imports its demo steps, so a static import
  // made each api start load faker (86 modules, about 0.4 s of CPU), which only demo seeding uses.
  const { Faker, base, en, en_GB } = await import('@faker-js/faker');
  const britishText = (s: number) => new Faker({ locale: [en_GB, en, base], seed: s });
  return {
    rng: new Rng(seed, 1),
    ids: new Rng(seed, 2),
    text: britishText(seed),
    intl: new Faker({ locale: [en, base], seed: seed + 1 }),
    britishText,
    ref,
    nowMs,
    ukPlaces: ukPlacesFor(ref.ukRegions),
  };
}

export type Row = Record<string, unknown>;

/** Rows of a statement inside the demo's transaction (on its connection: embedded PGlite has only that one). */
export const demoRows = async <T = Row>(tx: EntityManager, text: string, params: unknown[] = []): Promise<T[]> =>
  (await tx.getConnection().execute(text, params, 'all', tx.getTransactionContext())) as T[];

/**
 * The seed of a step's own random streams, from an id the run generated (its first company's): a step that
 * draws only from streams of its own moves no value the shared streams give, whatever runs before or after it.
 */
export const ownSeed = (id: string | null | undefined): number => parseInt((id ?? '0').replace(/-/g, '').slice(0, 8), 16) || 0;

export interface TableSpec {
  readonly table: string;
  readonly columns: readonly string[];
}

/**
 * MikroORM inlines parameters into the SQL text, so this bounds the size of one statement (about 1,000
 * interaction rows, more for narrow link tables) rather than a protocol limit: big enough to amortise
 * round trips, small enough to keep each statement a few megabytes at most.
 */
const PARAMS_PER_STATEMENT = 30_000;

export async function writeRows(em: EntityManager, spec: TableSpec, rows: readonly Row[]): Promise<void> {
  if (!rows.length) return;
  const batchSize = Math.max(1, Math.floor(PARAMS_PER_STATEMENT / spec.columns.length));
  await insertRows(em, spec.table, spec.columns, rows, { batchSize });
}

/**
 * Writes the chunks in order, generating each one while the previous is still being inserted, so that
 * node (generating) and PostgreSQL (inserting) work at the same time instead of taking turns.
 * The generator never reads the database, so the data does not depend on this overlap.
 */
export async function generateAndWrite<T>(chunks: number, generate: (index: number) => T, write: (chunk: T) => Promise<void>): Promise<void> {
  let writing: Promise<void> = Promise.resolve();
  for (let i = 0; i < chunks; i++) {
    const chunk = generate(i);
    await writing;
    writing = write(chunk);
  }
  await writing;
}

/** Counts generated records against the total and reports after each written batch. */
export class Progress {
  private done = 0;

  constructor(
    readonly total: number,
    private readonly onProgress?: (done: number, total: number, label: string) => void,
  ) {}

  advance(count: number, label: string): void {
    this.done += count;
    this.onProgress?.(this.done, this.total, label);
  }
}

/** Created/modified stamps: modified at or after creation, by the creator or another adviser. */
export function trackedFields(ctx: DemoContext, createdMs: number, createdById: string, adviserIds: readonly string[]): Row {
  const modifiedMs = ctx.rng.chance(0.3) ? ctx.rng.between(createdMs, ctx.nowMs) : createdMs;
  return {
    created_on: iso(createdMs),
    created_by_id: createdById,
    modified_on: iso(modifiedMs),
    modified_by_id: modifiedMs === createdMs ? createdById : ctx.rng.pick(adviserIds),
  };
}

/** Archive fields, all set or all clear. */
export function archiveFields(archive: { onMs: number; byId: string; reason: string } | null): Row {
  return archive
    ? { archived: true, archived_on: iso(archive.onMs), archived_by_id: archive.byId, archived_reason: archive.reason }
    : { archived: false, archived_on: null, archived_by_id: null, archived_reason: null };
}

/** ISO strings carry their offset, so timestamptz values do not depend on the session's time zone. */
export const iso = (ms: number) => new Date(ms).toISOString();
export const isoDate = (ms: number) => iso(ms).slice(0, 10);

/** Lowercase letters and digits only: for email local parts and domains made from names. */
export const slug = (value: string) => value.toLowerCase().replace(/[^a-z0-9]+/g, '');

/** `base`, or `base` with the first free numeric suffix, registering the result in `taken`. */
export function unique(base: (suffix: string) => string, taken: Set<string>): string {
  let candidate = base('');
  for (let n = 2; taken.has(candidate); n++) candidate = base(String(n));
  taken.add(candidate);
  return candidate;
}
