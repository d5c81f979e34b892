import type { EntityManager } from '@mikro-orm/core';
import { demoSteps } from '../src/system.js';
import { createContext, Progress } from './demo/context.js';
import { DAY_MS } from './demo/random.js';
import { loadDemoReference } from './demo/reference.js';
import type { DemoRecords, DemoScale } from './demo/step.js';

export type { DemoScale } from './demo/step.js';

/** How many records each counted step makes at each scale, from the modules' steps (e.g. `small.companies`). */
export const DEMO_SCALES: Record<DemoScale, Record<string, number>> = Object.fromEntries(
  (['small', 'medium', 'large'] as const).map((scale) => [scale, Object.fromEntries(demoSteps.flatMap((step) => (step.counts ? [[step.name, step.counts[scale]]] : [])))]),
) as Record<DemoScale, Record<string, number>>;

export interface SeedDemoOptions {
  scale: DemoScale;
  seed: number;
  onProgress?: (done: number, total: number, label: string) => void;
  /**
   * The "now" every generated date is relative to (interactions fall in the three years before it).
   * Defaults to the start of the current UTC day, so runs with the same seed on the same day are
   * identical; pass a fixed instant for data that is identical on any day.
   */
  referenceDate?: Date;
}

export class DemoDataExistsError extends Error {
  constructor(companies: number) {
    super(`The database already has companies (${companies}); demo data is only generated into a database without any. Use a fresh database.`);
    this.name = 'DemoDataExistsError';
  }
}

async function companyCount(em: EntityManager): Promise<number> {
  const [row] = (await em.getConnection().execute('select count(*)::int as n from company', [], 'all', em.getTransactionContext())) as Array<{ n: number }>;
  return Number(row.n);
}

/**
 * Generates a deterministic demo data set into a migrated database whose reference data is loaded: each
 * module's steps (its manifest's `demo`, in src/system.ts's order: advisers, companies, contacts, interactions,
 * then the named advisers in realistic roles and the export countries). Everything is written in one
 * transaction with multi-row inserts, so a failure leaves the database as it was. Answers how many records
 * each counted step wrote.
 */
export async function seedDemo(em: EntityManager, options: SeedDemoOptions): Promise<Record<string, number>> {
  const counts = DEMO_SCALES[options.scale];
  if (!counts) throw new Error(`Unknown demo scale "${options.scale}" (expected ${Object.keys(DEMO_SCALES).join(', ')})`);
  if (!Number.isFinite(options.seed)) throw new Error(`The demo seed must be a number, got ${options.seed}`);
  const nowMs = options.referenceDate?.getTime() ?? Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const progress = new Progress(
    Object.values(counts).reduce((sum, n) => sum + n, 0),
    options.onProgress,
  );
  const written: Record<string, number> = {};
  await em.transactional(async (tx) => {
    const existing = await companyCount(tx);
    if (existing > 0) throw new DemoDataExistsError(existing);
    const ctx = await createContext(options.seed, await loadDemoReference(tx), nowMs);
    const made: Partial<DemoRecords> = {};
    for (const step of demoSteps) {
      const n = await step.run(tx, ctx, made, { count: step.counts?.[options.scale] ?? 0, progress });
      if (n !== undefined) written[step.name] = n;
    }
  });
  return written;
}
