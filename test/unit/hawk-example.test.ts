import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNonceStore, isHawkHeader, parseHawkHeader, signHawkResponse, verifyHawkRequest } from '../../src/auth/hawk.js';
import { AppError } from '../../src/errors.js';

// Runs examples/hawk-client.mjs, as a partner would, against a tiny server that uses src/auth/hawk.ts:
// the example and the verifier are two independent implementations of the same normalized strings.

const SCRIPT = fileURLToPath(new URL('../../examples/hawk-client.mjs', import.meta.url));
const KEYS: Record<string, string> = { 'partner-1': 'k3y-for-partner-1-9f8a7d6c5b4a' };

let server: Server;
let url: string;
// Set by a test to make the server sign with a key the client does not have (an impostor server).
let signingKeyOverride: string | undefined;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

beforeAll(async () => {
  const nonces = createNonceStore();
  server = createServer(async (req, res) => {
    const payload = await readBody(req);
    try {
      const header = req.headers.authorization;
      if (!isHawkHeader(header)) throw new AppError('UNAUTHENTICATED', 'Hawk required.', { reason: 'NO_CREDENTIAL' });
      const attrs = parseHawkHeader(header!);
      const key = KEYS[attrs.id];
      if (!key) throw new AppError('UNAUTHENTICATED', 'Unknown id.', { reason: 'UNKNOWN_CREDENTIAL' });
      const host = new URL(`http://${req.headers.host}`);
      const artifacts = await verifyHawkRequest(
        {
          method: req.method!,
          resource: req.url!,
          host: host.hostname,
          port: Number(host.port || 80),
          contentType: (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase(),
          payload,
        },
        attrs,
        key,
        { nowMs: Date.now(), nonces },
      );
      const { query } = JSON.parse(payload) as { query: string };
      const body = JSON.stringify({ data: { echo: query, café: 'ünïcode' } });
      const contentType = 'application/graphql-response+json; charset=utf-8';
      res.writeHead(200, {
        'content-type': contentType,
        'server-authorization': signHawkResponse(artifacts, signingKeyOverride ?? key, { contentType, payload: body }),
      });
      res.end(body);
    } catch (error) {
      const reason = error instanceof AppError ? error.extensions.reason : 'INTERNAL';
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: String(error), extensions: { code: 'UNAUTHENTICATED', reason } }] }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql?from=example`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function runExample(env: Record<string, string>, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Async, not execFileSync: the server lives in this process and must keep serving meanwhile.
    execFile(process.execPath, [SCRIPT, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('examples/hawk-client.mjs', () => {
  it('signs a request the verifier accepts, checks the signed response and prints the JSON', async () => {
    const result = await runExample({ HAWK_ID: 'partner-1', HAWK_KEY: KEYS['partner-1']!, GRAPHQL_URL: url }, [
      '{ metadataCountries { name } }',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ data: { echo: '{ metadataCountries { name } }', café: 'ünïcode' } });
  });

  it('sends { __typename } by default', async () => {
    const result = await runExample({ HAWK_ID: 'partner-1', HAWK_KEY: KEYS['partner-1']!, GRAPHQL_URL: url });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ data: { echo: '{ __typename }' } });
  });

  it('exits non-zero with a wrong key: the server refuses it and sends no Server-Authorization', async () => {
    const result = await runExample({ HAWK_ID: 'partner-1', HAWK_KEY: 'wrong-key', GRAPHQL_URL: url });
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('without a Server-Authorization header');
    expect(result.stderr).toContain('HAWK_BAD_MAC');
  });

  it('exits non-zero when the response is signed with another key', async () => {
    signingKeyOverride = 'an-impostor-key';
    try {
      const result = await runExample({ HAWK_ID: 'partner-1', HAWK_KEY: KEYS['partner-1']!, GRAPHQL_URL: url });
      expect(result.code).not.toBe(0);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('does not match the response');
    } finally {
      signingKeyOverride = undefined;
    }
  });

  it('also satisfies the reference server (@hapi/hawk), so both sides match hawk.1, not just each other', async () => {
    type Credentials = { id: string; key: string; algorithm: 'sha256' };
    const Hawk = createRequire(import.meta.url)('@hapi/hawk') as {
      server: {
        authenticate(
          req: IncomingMessage,
          credentialsFunc: (id: string) => Credentials | undefined,
          options: { payload: string },
        ): Promise<{ credentials: Credentials; artifacts: unknown }>;
        header(credentials: Credentials, artifacts: unknown, options: { payload: string; contentType: string }): string;
      };
    };
    const reference = createServer(async (req, res) => {
      const payload = await readBody(req);
      try {
        const { credentials, artifacts } = await Hawk.server.authenticate(
          req,
          (id) => (KEYS[id] ? { id, key: KEYS[id], algorithm: 'sha256' } : undefined),
          { payload },
        );
        const body = JSON.stringify({ data: { __typename: 'Query' } });
        res.writeHead(200, {
          'content-type': 'application/json',
          'server-authorization': Hawk.server.header(credentials, artifacts, { payload: body, contentType: 'application/json' }),
        });
        res.end(body);
      } catch (error) {
        res.writeHead(401, { 'content-type': 'text/plain' });
        res.end(String(error));
      }
    });
    await new Promise<void>((resolve) => reference.listen(0, '127.0.0.1', resolve));
    try {
      const referenceUrl = `http://127.0.0.1:${(reference.address() as AddressInfo).port}/graphql`;
      const result = await runExample({ HAWK_ID: 'partner-1', HAWK_KEY: KEYS['partner-1']!, GRAPHQL_URL: referenceUrl });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({ data: { __typename: 'Query' } });
    } finally {
      await new Promise((resolve) => reference.close(resolve));
    }
  });

  it('exits non-zero without credentials', async () => {
    const result = await runExample({ GRAPHQL_URL: url });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('HAWK_ID');
  });
});
