import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { uncaughtOutcome } from '../../src/process-guard.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs test/helpers/scripts/uncaught.ts in a real Node process: its exit code and what it wrote. */
function runGuarded(kind: string) {
  const result = spawnSync(process.execPath, ['--import', path.join(root, 'test/helpers/ts-hooks.mjs'), path.join(root, 'test/helpers/scripts/uncaught.ts'), kind], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the last line of defence of the api and the worker', () => {
  it('tells a lost database connection (carry on) from a bug (exit)', () => {
    expect(uncaughtOutcome(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe('continue');
    expect(uncaughtOutcome(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe('continue');
    expect(uncaughtOutcome(new Error('Connection terminated unexpectedly'))).toBe('continue');
    expect(uncaughtOutcome(new TypeError("Cannot read properties of null (reading 'name')"))).toBe('exit');
    expect(uncaughtOutcome('a string')).toBe('exit');
  });

  it('survives a terminated connection emitted as an unlistened error event, logging it', () => {
    const run = runGuarded('lost');
    expect(run.stdout).toBe('still alive\n');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/database connection lost outside any request; carrying on.*57P01|administrator command/);
  });

  it('survives the same error as an unhandled rejection', () => {
    const run = runGuarded('lost-rejection');
    expect(run.stdout).toBe('still alive\n');
    expect(run.code).toBe(0);
  });

  it('exits with code 1 on anything else, with the stack in its log', () => {
    const run = runGuarded('bug');
    expect(run.stdout).toBe('');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/uncaught error; exiting.*TypeError/);
  });
});
