import net from 'node:net';
import type pg from 'pg';

/** The CancelRequest message code of PostgreSQL's protocol (1234 in the high 16 bits, 5678 in the low). */
const CANCEL_REQUEST_CODE = 80877102;

/** What a connected pg client knows about its server process and how it reached it (pg sets these). */
type Backend = { processID: number | null; secretKey: number | null; host?: string; port?: number };

/**
 * Asks the server to cancel whatever the client's connection is running, the way psql's Ctrl-C does: a
 * CancelRequest with the backend's process id and secret, on a connection of its own. pg has no AbortSignal,
 * and `pg_cancel_backend(pid)` would need a pooled connection, which a pool full of hostile statements does
 * not have; a cancel request takes no connection slot and needs no authentication (the secret is the proof).
 *
 * Best effort and asynchronous: the statement fails with SQLSTATE 57014 once the server acts on it. A cancel
 * can also arrive after the statement has finished and hit the next one on that connection, so a client it
 * was sent for must not be reused (the reader discards it).
 */
export function sendCancelRequest(client: pg.ClientBase): void {
  const { processID, secretKey, host, port } = client as unknown as Backend;
  if (processID == null || secretKey == null) return;
  const packet = Buffer.alloc(16);
  packet.writeInt32BE(16, 0);
  packet.writeInt32BE(CANCEL_REQUEST_CODE, 4);
  packet.writeInt32BE(processID, 8);
  packet.writeInt32BE(secretKey, 12);
  const socket = host?.startsWith('/') ? net.connect(`${host}/.s.PGSQL.${port ?? 5432}`) : net.connect(port ?? 5432, host ?? 'localhost');
  // The server closes the connection once it has read the request; a server that is away is not our problem here.
  socket.setTimeout(5_000, () => socket.destroy());
  socket.on('error', () => undefined);
  socket.on('connect', () => socket.end(packet));
}
