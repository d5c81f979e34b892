import { randomBytes } from 'node:crypto';
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerName } from './queries.js';
import type { ChildReply, ReadyMessage } from './servers/child.js';

/** A throwaway cursor-sealing key for the servers of one bench run. */
const BENCH_SECRET_KEY = randomBytes(32).toString('hex');

const here = path.dirname(fileURLToPath(import.meta.url));

/** A server in a process of its own, so it shares an event loop with neither autocannon nor the others. */
export class ServerProcess {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();

  private constructor(
    readonly name: ServerName,
    private readonly child: ChildProcess,
    readonly url: string,
    readonly info: Record<string, unknown>,
  ) {
    child.on('message', (message: ChildReply) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new Error(`${name}: ${message.error}`));
    });
  }

  static start(name: ServerName, env: Record<string, string>, options: { execArgv?: string[]; timeoutMs?: number } = {}): Promise<ServerProcess> {
    const timeoutMs = options.timeoutMs ?? 180_000;
    const child = fork(path.join(here, 'servers', `${name}.js`), [], {
      // Production mode needs a SECRET_KEY: a throwaway one per bench run unless one is set.
      env: { SECRET_KEY: BENCH_SECRET_KEY, ...process.env, ...env, NODE_ENV: 'production', GRAPHILE_ENV: 'production' },
      execArgv: options.execArgv ?? [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${name} did not start within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      const onExit = (code: number | null) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited with code ${code} before it was ready`));
      };
      child.once('exit', onExit);
      child.on('message', function onReady(message: ReadyMessage) {
        if (message?.type !== 'ready') return;
        clearTimeout(timer);
        child.off('exit', onExit);
        child.off('message', onReady);
        resolve(new ServerProcess(name, child, message.url, message.info ?? {}));
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  request<T = unknown>(type: string, extra: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, type, ...extra });
    });
  }

  /**
   * Stops this child (by its own handle, never by name): closing the IPC channel makes it exit
   * normally (so --cpu-prof writes its profile); SIGTERM, then SIGKILL, if it does not.
   */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const term = setTimeout(() => this.child.kill('SIGTERM'), 10_000);
      const kill = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
      this.child.once('exit', () => {
        clearTimeout(term);
        clearTimeout(kill);
        resolve();
      });
      if (this.child.connected) this.child.disconnect();
      else this.child.kill('SIGTERM');
    });
  }
}
