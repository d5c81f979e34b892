import { describe, expect, it } from 'vitest';
import { openOrm } from '../../src/system.js';
import { aliased, HOSTILE_FILTER, hostile, post, serveAlso, useSlowSqlApp, STOPPED_WITHIN_MS, timed, until } from '../helpers/slow-sql.js';

/**
 * Issue 11, items 10 and 11, on a PostgreSQL server only (it runs when DATABASE_URL is set; vitest.config.ts):
 * statements are stopped while they run (statement_timeout, cancel requests), and one caller's connections are
 * limited. PGlite runs in the process and blocks it while a statement runs: nothing can stop one there.
 */

const slow = useSlowSqlApp();

// PGlite runs in this process and blocks it while a statement runs: statement_timeout is ignored there
// (measured) and nothing can cancel a running statement. Its bounds are the length caps and the budget above.
describe('the server stops slow statements and statements nobody waits for', () => {
  it('the hostile filter is slow here without a timeout (what the tests below stop)', async () => {
    const { ms } = await timed(() => slow.app.sql(`select count(*) from company t where t.name ilike ? or t.name ilike ?`, [hostile('b'), hostile('c')]));
    expect(ms).toBeGreaterThan(1_000);
  });

  it('stops a statement past STATEMENT_TIMEOUT_MS with QUERY_TIMEOUT, while another caller is served', async () => {
    const orm = await openOrm({ kind: 'server', url: slow.app.databaseUrl!, poolSize: 5, statementTimeoutMs: 200 });
    const timing = await serveAlso(slow.app, { statementTimeoutMs: 200 }, orm);
    try {
      const hostileRequest = timed(() => timing.gql(aliased(10), { f: HOSTILE_FILTER }, slow.partner.token));
      await until(async () => (await slow.running()) > 0, 10_000);
      // While the hostile statements hold the pool and both CPUs, another caller's requests are answered.
      const [company] = await slow.app.sql('select id from company limit 1');
      for (let i = 0; i < 3; i++) {
        const other = await timed(() => timing.gql('query($id: UUID!) { company(id: $id) { id name } }', { id: company.id }));
        expect(other.result.body).toEqual({ data: { company: { id: company.id, name: expect.any(String) } }, extensions: expect.anything() });
        expect(other.ms).toBeLessThan(STOPPED_WITHIN_MS);
      }
      const { result: res, ms } = await hostileRequest;
      expect(res.status).toBe(504);
      expect(Object.values(res.body.data ?? {}).filter((v) => v !== null)).toEqual([]); // no alias answered
      expect(res.body.errors[0].extensions).toEqual({ code: 'QUERY_TIMEOUT', reason: 'STATEMENT_TIMEOUT', limitMs: 200 });
      // Unstopped, minutes.
      expect(ms).toBeLessThan(STOPPED_WITHIN_MS);
      // Its other statements were stopped with it: the request was answered.
      await until(async () => (await slow.running()) === 0, STOPPED_WITHIN_MS);
    } finally {
      await timing.close();
      await orm.close();
    }
  });

  it('holds at most READ_CONNECTIONS_PER_CALLER connections for one caller, so the rest of the pool serves others', async () => {
    const orm = await openOrm({ kind: 'server', url: slow.app.databaseUrl!, poolSize: 5, statementTimeoutMs: 60_000, connectionsPerCaller: 2 });
    const gated = await serveAlso(slow.app, { readConnectionsPerCaller: 2, timeBudgetMs: { adviser: 10_000, client: 10_000 } }, orm);
    try {
      let hostileAnswered = false;
      const hostileRequest = gated.gql(aliased(10), { f: HOSTILE_FILTER }, slow.partner.token).finally(() => (hostileAnswered = true));
      await until(async () => (await slow.running(100)) > 0, 10_000);
      // Ten aliases, each a statement of seconds: without the gate they take the whole pool of five.
      let most = 0;
      for (let i = 0; i < 10; i++) most = Math.max(most, await slow.running());
      expect(most).toBeLessThanOrEqual(2);
      const [company] = await slow.app.sql('select id from company limit 1');
      // Another caller is served while the hostile request still runs (without the gate it would wait for a
      // connection until the hostile request's budget ended).
      const other = await gated.gql('query($id: UUID!) { company(id: $id) { id } }', { id: company.id });
      expect(other.body.data).toEqual({ company: { id: company.id } });
      expect(hostileAnswered).toBe(false);
      // The statements that waited for the caller's lane are refused when its budget ends.
      const res = await hostileRequest;
      expect(res.status).toBe(504);
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TIMEOUT', reason: 'REQUEST_TIME_BUDGET' });
      await until(async () => (await slow.running()) === 0, STOPPED_WITHIN_MS);
    } finally {
      await gated.close();
      await orm.close();
    }
  });

  it("cancels a request's running statement when its client disconnects, and the pool carries on", async () => {
    const client = new AbortController();
    const request = post(slow.app.url, aliased(1), { f: HOSTILE_FILTER }, slow.partner.token, client.signal).catch((error: unknown) => error);
    // The hostile statement, running for a while (the request's short ones before it are done by then).
    await until(async () => (await slow.running(300)) === 1, 10_000);
    client.abort();
    expect(await request).toBeInstanceOf(Error);
    // Unstopped it would run for half a minute or more (its timeout here is 60 s); cancelled, it is gone at once.
    await until(async () => (await slow.running(300)) === 0, STOPPED_WITHIN_MS);
    const next = await slow.app.gql('{ companies(first: 1) { edges { node { id } } } }');
    expect(next.body.errors).toBeUndefined();
  });
});
