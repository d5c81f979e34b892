import type { EntityManager } from '@mikro-orm/core';
import { seedAdvisers } from './demo/advisers.js';
import { seedCompanies } from './demo/companies.js';
import { seedContacts } from './demo/contacts.js';
import { seedExportCountries } from './demo/export-countries.js';
import { createContext, Progress } from './demo/context.js';
import { seedInteractions } from './demo/interactions.js';
import { DAY_MS } from './demo/random.js';
import { loadDemoReference } from './demo/reference.js';
import { seedRoleAdvisers } from './demo/roles.js';

export type DemoScale = 'small' | 'medium' | 'large';

export const DEMO_SCALES: Record<DemoScale, { companies: number; contacts: number; interactions: number; advisers: number }> = {
  small: { companies: 1_000, contacts: 3_000, interactions: 10_000, advisers: 50 },
  medium: { companies: 20_000, contacts: 60_000, interactions: 200_000, advisers: 500 },
  large: { companies: 100_000, contacts: 300_000, interactions: 1_000_000, advisers: 2_000 },
};

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
 * Generates a deterministic demo data set (advisers, companies, contacts, interactions with their links,
 * and a few named advisers in realistic roles: seeds/demo/roles.ts) into a migrated database whose
 * reference data is loaded. Everything is written in one transaction with multi-row inserts, so a failure
 * leaves the database as it was.
 */
export async function seedDemo(
  em: EntityManager,
  options: SeedDemoOptions,
): Promise<{ advisers: number; companies: number; contacts: number; interactions: number; exportCountries: number }> {
  const counts = DEMO_SCALES[options.scale];
  if (!counts) throw new Error(`Unknown demo scale "${options.scale}" (expected ${Object.keys(DEMO_SCALES).join(', ')})`);
  if (!Number.isFinite(options.seed)) throw new Error(`The demo seed must be a number, got ${options.seed}`);
  const nowMs = options.referenceDate?.getTime() ?? Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const progress = new Progress(counts.advisers + counts.companies + counts.contacts + counts.interactions, options.onProgress);

  let exportCountries = 0;
  await em.transactional(async (tx) => {
    const existing = await companyCount(tx);
    if (existing > 0) throw new DemoDataExistsError(existing);
    const ctx = createContext(options.seed, await loadDemoReference(tx), nowMs);
    const advisers = await seedAdvisers(tx, ctx, counts.advisers, progress);
    const companies = await seedCompanies(tx, ctx, counts.companies, advisers, progress);
    const contactIds = await seedContacts(tx, ctx, counts.contacts, companies, advisers, progress);
    await seedInteractions(tx, ctx, counts.interactions, companies, contactIds, advisers, progress);
    // Last, so that adding them moved no generated value.
    await seedRoleAdvisers(tx, ctx);
    exportCountries = await seedExportCountries(tx, ctx, companies, advisers);
  });
  return { ...counts, exportCountries };
}
