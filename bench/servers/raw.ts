/**
 * The ceiling for Node + PostgreSQL here: a plain node http server that answers each operation with ONE
 * hand-written, prepared SQL statement that builds the whole JSON response in the database.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { OPERATION, RAW_PARAMS, RAW_SQL, type QueryName } from '../queries.js';
import { countPgStatements, env, fail, serveParent } from './child.js';

const byOperation = new Map(
  (Object.keys(OPERATION) as QueryName[]).map((q) => [OPERATION[q], { name: `bench_${q.replace('-', '_')}`, text: RAW_SQL[q], params: RAW_PARAMS[q] }]),
);

function send(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function main(): Promise<void> {
  countPgStatements();
  const poolSize = Number(env('BENCH_POOL_SIZE'));
  const pool = new pg.Pool({ connectionString: env('BENCH_DATABASE_URL'), max: poolSize });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let request: { operationName?: string; variables?: Record<string, unknown> };
      try {
        request = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return send(res, 400, '{"errors":[{"message":"The body is not JSON."}]}');
      }
      const statement = byOperation.get(request.operationName ?? '');
      if (!statement) return send(res, 400, '{"errors":[{"message":"Unknown operation."}]}');
      pool
        .query({ name: statement.name, text: statement.text, values: statement.params(request.variables ?? {}), rowMode: 'array' })
        .then(
          (result) => send(res, 200, result.rows[0][0] as string),
          (error: Error) => send(res, 500, JSON.stringify({ errors: [{ message: error.message }] })),
        );
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  serveParent(`http://127.0.0.1:${port}`, {}, { poolSize });
}

main().catch(fail);
