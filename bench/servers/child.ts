/**
 * What every server process shares: it counts the statements its `pg` clients send (by wrapping
 * `pg.Client.prototype.query`, which the gateway's MikroORM, PostGraphile's adaptor and the raw
 * handler all go through), tells the parent its URL once listening, and answers the parent's
 * requests over the IPC channel.
 */
import pg from 'pg';

export type ChildRequest = { id: number; type: string; [key: string]: unknown };
export type ChildReply = { id: number; ok: boolean; result?: unknown; error?: string };
export type ReadyMessage = { type: 'ready'; url: string; info?: Record<string, unknown> };

let statements = 0;
let recording: string[] | null = null;

/** Must run before the first query; it patches the prototype, so pools made later are counted too. */
export function countPgStatements(): void {
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as any).query = function (this: pg.Client, ...args: unknown[]) {
    statements++;
    if (recording) {
      const q = args[0] as string | { text?: string; name?: string };
      const text = typeof q === 'string' ? q : (q?.text ?? `(prepared ${q?.name})`);
      recording.push(text.replace(/\s+/g, ' ').trim().slice(0, 300));
    }
    return original.apply(this, args);
  };
}

type Handler = (message: ChildRequest) => unknown | Promise<unknown>;

/** Serves the parent's requests: `count-start` / `count-stop` here, plus the server's own. */
export function serveParent(url: string, handlers: Record<string, Handler> = {}, info?: Record<string, unknown>): void {
  const all: Record<string, Handler> = {
    'count-start': () => {
      statements = 0;
      recording = [];
      return null;
    },
    'count-stop': () => {
      const result = { statements, texts: recording ?? [] };
      recording = null;
      return result;
    },
    ...handlers,
  };
  process.on('message', async (message: ChildRequest) => {
    const handler = all[message.type];
    try {
      if (!handler) throw new Error(`unknown request ${message.type}`);
      const result = await handler(message);
      process.send!({ id: message.id, ok: true, result } satisfies ChildReply);
    } catch (error) {
      process.send!({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) } satisfies ChildReply);
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send!({ type: 'ready', url, info } satisfies ReadyMessage);
}

export function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

export function fail(error: unknown): never {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
}
