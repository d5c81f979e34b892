import type http from 'node:http';
import { pendingMigrations } from '../db/migrations.js';
import type { Orm } from '../db/orm-type.js';
import { sendJson } from './respond.js';

/** GET /healthz: the process is up and answering; it asks nothing of the database. */
export function healthz(_req: http.IncomingMessage, res: http.ServerResponse): void {
  sendJson(res, 200, { status: 'ok' });
}

/** GET /readyz: ready once the database answers and has no migration left to run; 503 otherwise. */
export function readiness({ orm }: { orm: Orm }) {
  return async (_req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    try {
      const pending = await pendingMigrations(orm);
      if (pending.length) return sendJson(res, 503, { status: 'not ready', pendingMigrations: pending });
      sendJson(res, 200, { status: 'ready' });
    } catch {
      sendJson(res, 503, { status: 'not ready', reason: 'database unreachable' });
    }
  };
}
