/** What the bench scripts share for their options and their output (bench/run.ts, bench/search.ts). */

/** A refusal to run, printed without a stack. */
export class UsageError extends Error {}

/** "a,b" → ["a", "b"], each one of `allowed`. */
export function list<T extends string>(value: string, allowed: readonly T[], flag: string): T[] {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of items) if (!allowed.includes(item as T)) throw new UsageError(`${flag}: unknown "${item}" (expected ${allowed.join(', ')})`);
  return items as T[];
}

export function positive(value: string, flag: string, integer = true): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new UsageError(`${flag}: expected a positive ${integer ? 'integer' : 'number'}, got "${value}"`);
  return n;
}

export const log = (line: string) => process.stdout.write(`${line}\n`);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
/** A database URL with its password hidden, for the log. */
export const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
