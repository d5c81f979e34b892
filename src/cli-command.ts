import type { ParseArgsConfig } from 'node:util';
import type { Config } from './config/config.js';
import type { Orm } from './db/orm-type.js';
import { AppError } from './errors.js';

/** One command of `npm run cli`: src/cli.ts holds the system's own, and each module's manifest may add its `commands`. */
export type Command = {
  usage: string;
  summary: string;
  options?: ParseArgsConfig['options'];
  /** Commands that do not touch the database get no ORM. */
  needsDb?: boolean;
  run: (args: { values: Record<string, any>; orm: Orm; config: Config; out: (line: string) => void }) => Promise<void>;
};

/** "a, b,,c" → ["a", "b", "c"]. */
export const splitList = (value: string | undefined): string[] => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/** `--days D`, or the configured default; a whole number from 1 to 3650. */
export function parseDays(value: string | undefined, config: Config): number {
  const days = value === undefined ? config.tokenDays : Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new AppError('BAD_USER_INPUT', '--days must be a whole number from 1 to 3650.');
  return days;
}
