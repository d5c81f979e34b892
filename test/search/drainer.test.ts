import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startDrainer } from '../../src/search/drainer.js';
import { searchCatalog } from '../../src/system.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCompany } from '../helpers/factories.js';
import { until } from '../helpers/processes.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app?.close());

const waiting = async () => (await app.sql('select count(*)::int as n from search_outbox'))[0].n as number;

describe('the search outbox drainer', () => {
  // Embedded PGlite answers in promises that never reach the event loop, so a drainer that went from one full
  // batch straight to the next held the process until the outbox was empty: a first `npm start` did not
  // listen until the demo data's whole outbox was drained (31 of its 44 s), and an api draining a backlog
  // answered no request meanwhile.
  it('gives the event loop a turn between batches, so the process serves requests while a backlog drains', async () => {
    await app.settleSearch();
    for (let i = 0; i < 4; i++) await createCompany(app, { name: `Drainer Turn ${i} Ltd` });
    const backlog = await waiting();
    expect(backlog).toBeGreaterThanOrEqual(4);
    let batchesWhenTheLoopRan: number | undefined;
    const drainer = startDrainer(app.orm, app.search.backend, searchCatalog, createLogger('silent'), { batchSize: 1, idleMs: 10 });
    // Runs at the event loop's next turn: what an incoming request or a timer gets.
    setImmediate(() => (batchesWhenTheLoopRan = drainer.stats().batches));
    try {
      await until('the outbox drained', async () => (await waiting()) === 0, { timeoutMs: 60_000 });
      expect(batchesWhenTheLoopRan).toBeDefined();
      expect(batchesWhenTheLoopRan!).toBeLessThan(backlog);
    } finally {
      await drainer.stop();
    }
  });
});
