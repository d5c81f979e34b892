import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { currentBudget, RequestBudget, withRequestBudget } from '../../src/db/request-budget.js';
import { asQueryTimeout, asServiceUnavailable, isQueryCanceled } from '../../src/db/unavailable.js';

describe('RequestBudget', () => {
  it('is spent at its deadline, by its own clock', () => {
    let now = 1_000;
    const budget = new RequestBudget(500, () => now);
    expect(budget.end).toBeUndefined();
    expect(budget.remainingMs()).toBe(500);
    now += 499;
    expect(() => budget.throwIfSpent()).not.toThrow();
    now += 1;
    expect(budget.end).toBe('REQUEST_TIME_BUDGET');
    expect(budget.remainingMs()).toBe(0);
    expect(() => budget.throwIfSpent()).toThrow(expect.objectContaining({ code: 'QUERY_TIMEOUT', extensions: { reason: 'REQUEST_TIME_BUDGET', limitMs: 500 } }));
  });

  it('stops what it watches when the request is over, once, and keeps the first reason', () => {
    const budget = new RequestBudget(60_000);
    const stopped: string[] = [];
    const done = budget.watch(() => stopped.push('a'));
    budget.watch(() => stopped.push('b'))();
    budget.stop('CLIENT_DISCONNECTED');
    budget.stop('ANSWERED');
    expect(stopped).toEqual(['a']);
    expect(budget.end).toBe('CLIENT_DISCONNECTED');
    done();
    // Watching a spent budget stops at once.
    budget.watch(() => stopped.push('c'));
    expect(stopped).toEqual(['a', 'c']);
  });

  it('stops what it watches at the deadline, on a real timer', async () => {
    const budget = new RequestBudget(20);
    const stopped = await new Promise<string | undefined>((resolve) => {
      budget.watch(() => resolve(budget.end));
    });
    expect(stopped).toBe('REQUEST_TIME_BUDGET');
  });

  it('is found by the code a request runs, and only there', async () => {
    const budget = new RequestBudget(1_000);
    expect(currentBudget()).toBeUndefined();
    await withRequestBudget(budget, async () => {
      await Promise.resolve();
      expect(currentBudget()).toBe(budget);
    });
    expect(currentBudget()).toBeUndefined();
  });
});

describe('a cancelled statement (SQLSTATE 57014)', () => {
  const canceled = Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });

  it('is QUERY_TIMEOUT, not SERVICE_UNAVAILABLE nor an internal error, through wrappers', () => {
    const wrapped = Object.assign(new Error('driver said no'), { cause: canceled });
    expect(isQueryCanceled(wrapped)).toBe(true);
    expect(asQueryTimeout(wrapped)).toMatchObject({ code: 'QUERY_TIMEOUT', extensions: { reason: 'STATEMENT_TIMEOUT' } });
    expect(asServiceUnavailable(wrapped)).toBeUndefined();
  });

  it('leaves other errors alone', () => {
    expect(asQueryTimeout(Object.assign(new Error('Connection terminated'), { code: '57P01' }))).toBeUndefined();
    expect(asQueryTimeout(new AppError('NOT_FOUND', 'no'))).toBeUndefined();
    const coded = new AppError('QUERY_TIMEOUT', 'slow', { reason: 'REQUEST_TIME_BUDGET' });
    expect(asQueryTimeout(coded)).toBe(coded);
  });
});
