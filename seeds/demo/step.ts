import type { EntityManager } from '@mikro-orm/core';
import type { DemoContext, Progress } from './context.js';

export type DemoScale = 'small' | 'medium' | 'large';

/**
 * What earlier demo steps made, for later ones (the advisers companies are assigned to, the companies
 * contacts work at). Each module adds what its steps make by declaration merging:
 * `declare module '…/seeds/demo/step.js' { interface DemoRecords { companies: CompanyRef[] } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DemoRecords {}

/**
 * One module's part of the demo data (its manifest's `demo`). `records` steps run first and `extras` steps
 * after every `records` one, each phase in the modules' order: an `extras` step (named advisers in roles,
 * export countries, a new module's records) draws from the seeded randomness only after everything before it,
 * so adding one moves no value generated before.
 */
export type DemoStep = {
  /** The key of its count in seedDemo's result; a step with none is not counted. */
  name: string;
  phase: 'records' | 'extras';
  /** How many records it makes at each scale (its progress and the CLI's summary); absent for extras that count themselves. */
  counts?: Readonly<Record<DemoScale, number>>;
  /** Writes its records with `tx` (one transaction for the whole demo) and says how many it wrote. */
  run: (tx: EntityManager, ctx: DemoContext, made: Partial<DemoRecords>, run: { count: number; progress: Progress }) => Promise<number | undefined>;
};

/** A step's record of what it made, checked: a step that needs another's output says so if it is missing. */
export function madeBy<K extends keyof DemoRecords>(made: Partial<DemoRecords>, key: K): DemoRecords[K] {
  const value = made[key];
  if (value === undefined) throw new Error(`A demo step needs ${String(key)}, which no earlier step made: check the modules' order.`);
  return value as DemoRecords[K];
}
