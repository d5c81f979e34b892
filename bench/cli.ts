/** What the bench scripts share for their options and their output (bench/run.ts, bench/search.ts). */
import { readFileSync } from 'node:fs';

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

/** A process's resident memory in MB (Linux /proc), or NaN when it cannot be read (the process is gone). */
export function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * A process's CPU time so far (user + system, all its threads) in ms, from /proc (Linux: fields 14 and 15 of
 * /proc/<pid>/stat, in clock ticks of 1/100 s), or NaN when it cannot be read. On a busy machine it varies far
 * less than the wall time.
 */
export function cpuMs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Samples a process's RSS every 200 ms until stopped; `stop()` gives the peak in MB (NaN if never read). */
export function sampleRss(pid: number | undefined): { stop: () => number } {
  let peak = NaN;
  const read = () => {
    const mb = pid === undefined ? NaN : rssMb(pid);
    if (!Number.isNaN(mb)) peak = Number.isNaN(peak) ? mb : Math.max(peak, mb);
  };
  read();
  const timer = setInterval(read, 200);
  return {
    stop: () => {
      clearInterval(timer);
      read();
      return round(peak, 1);
    },
  };
}
