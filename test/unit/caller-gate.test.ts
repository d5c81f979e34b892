import { describe, expect, it } from 'vitest';
import { CallerGate } from '../../src/db/caller-gate.js';
import { RequestBudget } from '../../src/db/request-budget.js';

describe('CallerGate: read connections per caller', () => {
  it('lets a caller in up to its limit, queues the rest in order, and leaves other callers alone', async () => {
    const gate = new CallerGate(2);
    const a1 = await gate.enter('a');
    const a2 = await gate.enter('a');
    const order: string[] = [];
    const a3 = gate.enter('a').then((leave) => (order.push('a3'), leave));
    const a4 = gate.enter('a').then((leave) => (order.push('a4'), leave));
    // Another caller is not held up by a's queue.
    const b1 = await gate.enter('b');
    await Promise.resolve();
    expect(order).toEqual([]);
    a1();
    a1(); // leaving twice gives back one place only
    (await a3)();
    a2();
    (await a4)();
    expect(order).toEqual(['a3', 'a4']);
    b1();
  });

  it("refuses a waiting statement with its request's QUERY_TIMEOUT when the budget ends first", async () => {
    const gate = new CallerGate(1);
    const leave = await gate.enter('a');
    const budget = new RequestBudget(60_000);
    const waiting = gate.enter('a', budget);
    budget.stop('CLIENT_DISCONNECTED');
    await expect(waiting).rejects.toMatchObject({ code: 'QUERY_TIMEOUT', extensions: { reason: 'CLIENT_DISCONNECTED' } });
    // The refused one took no place: the next caller in line gets it.
    leave();
    const again = await gate.enter('a');
    again();
  });

  it('0 turns it off', async () => {
    const gate = new CallerGate(0);
    await Promise.all(Array.from({ length: 50 }, () => gate.enter('a')));
  });
});
