import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Polls `check` until it returns something truthy, or fails after `timeoutMs` with the last error seen and
 * whatever `context` says then (e.g. a process's output, so a crash shows its cause).
 */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  { timeoutMs = 10_000, everyMs = 50, context }: { timeoutMs?: number; everyMs?: number; context?: () => string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const error = last ? ` (last error: ${last instanceof Error ? last.message : String(last)})` : '';
      throw new Error(`${what}: not within ${timeoutMs} ms${error}${context ? `\n${context()}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export type GatewayProcess = {
  child: ChildProcess;
  /** Everything the process wrote (stdout and stderr), for the failure message. */
  output: () => string;
  alive: () => boolean;
  /** Stops it by its own handle: SIGTERM, then SIGKILL. */
  stop: () => Promise<void>;
};

/**
 * One of the gateway's processes (`src/main.ts`, `src/worker.ts`) run from the TypeScript sources, compiled
 * on the fly by swc (test/helpers/ts-hooks.mjs), with its arguments (`src/cli.ts job:run …`) and only the
 * environment given (plus PATH). Resolves once
 * its output matches `ready`.
 */
export async function startProcess(
  script: string,
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 60_000,
  args: string[] = [],
): Promise<GatewayProcess & { match: RegExpMatchArray }> {
  const child = spawn(process.execPath, ['--import', path.join(root, 'test/helpers/ts-hooks.mjs'), path.join(root, script), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const stop = async () => {
    if (!alive()) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${script} was not ready within ${timeoutMs} ms:\n${output}`)), timeoutMs);
      const check = () => {
        const found = ready.exec(output);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      };
      child.stdout!.on('data', check);
      child.stderr!.on('data', check);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${script} exited (${code ?? signal}) before it was ready:\n${output}`));
      });
    });
    return { child, output: () => output, alive, stop, match };
  } catch (error) {
    await stop();
    throw error;
  }
}
