import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startDrainer, type Drainer } from '../../src/search/drainer.js';
import { searchCatalog } from '../../src/system.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { companyInput } from '../helpers/factories.js';

const run = promisify(execFile);
const SCRIPT = path.resolve(import.meta.dirname, '../../scripts/opensearch.sh');

/**
 * OpenSearch goes down: writes still succeed, the outbox grows, and when the node is back the outbox drains
 * and every change is searchable. The node is this test's own (scripts/opensearch.sh with a state directory
 * of its own), so stopping it disturbs no other test. Runs with the OpenSearch suite (OPENSEARCH_URL set).
 */
describe.runIf(Boolean(process.env.OPENSEARCH_URL))('search when OpenSearch is down', () => {
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-outage-'));
  const env = { ...process.env, OPENSEARCH_STATE_DIR: state, OPENSEARCH_DATA_DIR: path.join(state, 'data'), OPENSEARCH_HEAP: '512m' };
  let url: string;
  let app: TestApp;
  let drainer: Drainer;

  const node = async (...args: string[]) => (await run('bash', [SCRIPT, ...args], { env, timeout: 240_000 })).stdout.trim();

  beforeAll(async () => {
    url = (await node('start', 'auto')).replace(/^OPENSEARCH_URL=/, '');
    const unlimited = { maxDepth: 12, maxCost: 10_000, maxAliases: 30, ratePerMinute: 0, rateBurst: 1 };
    app = await createTestApp({ search: { opensearchUrl: url, indexPrefix: 'outage_', inlineDrain: false }, limits: { adviser: unlimited, client: unlimited } });
    drainer = startDrainer(app.orm, app.search.backend, searchCatalog, createLogger('silent'), { idleMs: 100 });
  }, 300_000);

  afterAll(async () => {
    await drainer?.stop();
    await app?.close();
    await node('stop').catch(() => undefined);
    fs.rmSync(state, { recursive: true, force: true });
  }, 120_000);

  it('1,000 changes made while the node is stopped all become searchable once it is back', async () => {
    const port = new URL(url).port;
    await node('stop');
    const inputs = await Promise.all(Array.from({ length: 1000 }, (_, i) => companyInput(app, { name: `Outage Survivor ${String(i).padStart(4, '0')}` })));
    // Eight at a time: every write succeeds though search is down.
    for (let i = 0; i < inputs.length; i += 8) {
      const results = await Promise.all(inputs.slice(i, i + 8).map((input) => app.gql('mutation($input: CompanyCreateInput!) { createCompany(input: $input) { id } }', { input })));
      for (const r of results) expect(r.body.errors).toBeUndefined();
    }
    const [{ n: waiting }] = await app.sql("select count(*)::int as n from search_outbox where entity = 'company'");
    expect(waiting).toBeGreaterThanOrEqual(1000);
    expect(drainer.stats().failures).toBeGreaterThan(0);
    // Searching meanwhile is a coded error, not a 500.
    const down = await app.gql('{ searchCompanies(term: "outage survivor") { totalCount } }');
    expect(down.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');

    await node('start', port);
    const deadline = Date.now() + 120_000;
    for (;;) {
      const [{ n }] = await app.sql('select count(*)::int as n from search_outbox');
      if (n === 0) break;
      if (Date.now() > deadline) throw new Error(`the outbox did not drain: ${n} rows left`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await app.search.backend.refresh();
    const found = await app.gql('{ searchCompanies(term: "outage survivor", first: 1) { totalCount } }');
    expect(found.body.errors).toBeUndefined();
    expect(found.body.data.searchCompanies.totalCount).toBe(1000);
    const one = await app.gql('{ searchCompanies(term: "Outage Survivor 0737", first: 1) { edges { node { name } } } }');
    expect(one.body.data.searchCompanies.edges[0].node.name).toBe('Outage Survivor 0737');
  }, 400_000);
});
