import net from 'node:net';
import { ConnectionException, DriverException, UniqueConstraintViolationException } from '@mikro-orm/core';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { asServiceUnavailable, isConnectionLost, retryWhileUnavailable } from '../../src/db/unavailable.js';
import { AppError } from '../../src/errors.js';

/** A real refused connection: a port that was listening a moment ago and is closed now. */
async function refusedConnectError(): Promise<unknown> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'nobody', database: 'none' });
  return client.connect().then(
    () => new Error('connected?'),
    (error: unknown) => error,
  );
}

/** pg's error for a server message, with its SQLSTATE, as the driver builds it. */
const serverError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });

describe('isConnectionLost', () => {
  it('recognises a refused connection, also as MikroORM wraps it', async () => {
    const refused = await refusedConnectError();
    expect((refused as { code?: string }).code).toBe('ECONNREFUSED');
    expect(isConnectionLost(refused)).toBe(true);
    expect(isConnectionLost(new DriverException(refused as Error))).toBe(true);
  });

  it('recognises a server going away by SQLSTATE, by pg and pg-pool messages, through causes and aggregates', () => {
    for (const code of ['57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']) {
      expect(isConnectionLost(new DriverException(serverError(code, 'whatever the server said'))), code).toBe(true);
    }
    for (const message of [
      'Connection terminated unexpectedly',
      'Client has encountered a connection error and is not queryable',
      'timeout exceeded when trying to connect',
      'database "crm" is not currently accepting connections',
    ]) {
      expect(isConnectionLost(new Error(message)), message).toBe(true);
    }
    expect(isConnectionLost(new ConnectionException(new Error('anything')))).toBe(true);
    expect(isConnectionLost(new Error('commit failed', { cause: Object.assign(new Error('read'), { code: 'ECONNRESET' }) }))).toBe(true);
    expect(isConnectionLost(new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })], 'connect'))).toBe(true);
  });

  it('leaves every other failure alone', () => {
    expect(isConnectionLost(new UniqueConstraintViolationException(serverError('23505', 'duplicate key value')))).toBe(false);
    expect(isConnectionLost(new DriverException(serverError('42601', 'syntax error at or near "selec"')))).toBe(false);
    expect(isConnectionLost(new AppError('NOT_FOUND', 'Company x was not found.'))).toBe(false);
    expect(isConnectionLost(new Error('Cannot read properties of undefined'))).toBe(false);
    expect(isConnectionLost(undefined)).toBe(false);
  });
});

describe('asServiceUnavailable', () => {
  it('maps a lost connection to a coded SERVICE_UNAVAILABLE, keeps one that already is, and nothing else', () => {
    expect(asServiceUnavailable(new Error('Connection terminated unexpectedly'))).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      extensions: { reason: 'DATABASE_UNAVAILABLE', retryAfterSeconds: 2 },
    });
    const search = new AppError('SERVICE_UNAVAILABLE', 'Search is unavailable just now.');
    expect(asServiceUnavailable(search)).toBe(search);
    expect(asServiceUnavailable(new AppError('BAD_USER_INPUT', 'no'))).toBeUndefined();
    expect(asServiceUnavailable(new Error('boom'))).toBeUndefined();
  });
});

describe('retryWhileUnavailable', () => {
  const lost = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  /** A clock that moves only when the retry sleeps. */
  const fakeTime = () => {
    let now = 0;
    const pauses: number[] = [];
    return { pauses, now: () => now, sleep: async (ms: number) => void (pauses.push(ms), (now += ms)) };
  };

  it('retries while the database is away, with growing pauses, and returns the first success', async () => {
    const time = fakeTime();
    let calls = 0;
    const value = await retryWhileUnavailable(async () => (++calls < 4 ? Promise.reject(lost()) : 'written'), time);
    expect(value).toBe('written');
    expect(time.pauses).toEqual([250, 500, 1000]);
  });

  it('throws any other failure at once, and the last one when the database stays away too long', async () => {
    const time = fakeTime();
    await expect(retryWhileUnavailable(async () => Promise.reject(new Error('check constraint')), time)).rejects.toThrow('check constraint');
    expect(time.pauses).toEqual([]);
    await expect(retryWhileUnavailable(async () => Promise.reject(lost()), { ...time, giveUpAfterMs: 10_000 })).rejects.toThrow('ECONNREFUSED');
    expect(time.pauses).toEqual([250, 500, 1000, 2000, 4000]);
  });
});
