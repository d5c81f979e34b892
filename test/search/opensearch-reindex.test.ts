import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createAdviser } from '../../src/modules/adviser/index.js';
import { MAPPING_VERSION, createOpenSearchBackend, type BackfillWrite, type OpenSearchBackend } from '../../src/search/opensearch-backend.js';
import { searchCommands } from '../../src/search/search-commands.js';
import type { SearchDocument } from '../../src/search/search.types.js';
import { searchCatalog } from '../../src/system.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { q } from './backend-contract.js';

/**
 * The zero-downtime reindex against a real node (OPENSEARCH_URL): a new index version is backfilled while
 * writes (from this process and from another one, e.g. the worker) go to both indices and searches keep
 * using the old one; then the alias moves. A backend with a higher `mappingVersion` stands for the code
 * after a mapping change. Each reindex waits REINDEX_SETTLE_MS (3 s) before its backfill.
 */

const url = process.env.OPENSEARCH_URL;
const uniquePrefix = (label: string) => `crm_test_${label}_${process.pid}_${randomBytes(3).toString('hex')}_`;

async function dropIndices(backend: OpenSearchBackend, prefix: string): Promise<void> {
  const { body } = await backend.client.indices.get({ index: `${prefix}*`, allow_no_indices: true, ignore_unavailable: true });
  if (Object.keys(body).length) await backend.client.indices.delete({ index: Object.keys(body).join(',') });
}

const company = (n: number, name = `Quokka Holdings ${n}`): SearchDocument => ({
  entity: 'company',
  id: `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  names: [name],
  identifiers: [String(70_000_000 + n)],
  text: ['1 High Street', 'Leeds'],
  guarded: [],
  fields: { archived: false, numberOfEmployees: n },
});

/** The "database": what the filler reads, batch by batch in id order (keyset, as writeEntityDocuments does). */
function table(docs: SearchDocument[]) {
  const rows = new Map(docs.map((d) => [d.id, d]));
  return {
    rows,
    fill(hooks: { beforeWrite?: (batch: number) => Promise<void>; afterWrite?: (batch: number) => Promise<void> } = {}) {
      return async (write: BackfillWrite) => {
        let after = '';
        let done = 0;
        for (let batch = 0; ; batch++) {
          const ids = [...rows.keys()].filter((id) => id > after).sort().slice(0, 10);
          if (!ids.length) return done;
          const read = ids.map((id) => rows.get(id)!); // a snapshot: changes after this are not in it
          await hooks.beforeWrite?.(batch);
          await write(read);
          done += read.length;
          after = ids[ids.length - 1];
          await hooks.afterWrite?.(batch);
        }
      };
    },
  };
}

/** The entity's index contents through its alias, id → first name. */
async function contents(backend: OpenSearchBackend): Promise<Map<string, string>> {
  await backend.refresh();
  const { body } = await backend.client.search({ index: backend.aliasName('company'), body: { size: 1000, _source: ['id', 'names'] } as never });
  return new Map((body.hits.hits as Array<{ _source: { id: string; names: string[] } }>).map((h) => [h._source.id, h._source.names[0]]));
}

const exists = async (backend: OpenSearchBackend, index: string) => (await backend.client.indices.exists({ index })).body;

describe.runIf(Boolean(url))('OpenSearch reindex (a real node at OPENSEARCH_URL)', () => {
  const prefix = uniquePrefix('reindex');
  // The backend is given its entities: these four, whatever the modules declare.
  const make = (mappingVersion: number) => createOpenSearchBackend({ url: url!, indexPrefix: prefix, mappingVersion, entities: ['company', 'contact', 'interaction', 'adviser'] });
  // The worker: another process, on the mapping version the indices were created with.
  const worker = make(1);
  // The CLI after a mapping change.
  const cli = make(2);
  const db = table(Array.from({ length: 40 }, (_, i) => company(i + 10)));
  const expected = () => new Map([...db.rows.values()].map((d) => [d.id, d.names[0]]));

  beforeAll(async () => {
    await worker.migrate();
    await worker.write([...db.rows.values()], []);
    await worker.refresh();
  }, 60_000);
  afterAll(async () => {
    await dropIndices(worker, prefix).catch(() => undefined);
    await Promise.all([worker.close(), cli.close()]);
  });

  it('backfills a new version while writes go to both indices and searches keep working, then swaps the alias', async () => {
    expect((await cli.status()).detail).toMatch(/company, contact, interaction, adviser not on mapping v2 yet/);
    const searchFailures: unknown[] = [];
    const totals: number[] = [];
    const search = async () => {
      for (const backend of [worker, cli]) {
        await backend.search(q('Quokka', { only: ['company'] })).then((r) => totals.push(r.total), (e) => searchFailures.push(e));
      }
    };
    const set = async (doc: SearchDocument, via: OpenSearchBackend) => (db.rows.set(doc.id, doc), via.write([doc], []));
    const remove = async (n: number, via: OpenSearchBackend) => (db.rows.delete(company(n).id), via.write([], [{ entity: 'company', id: company(n).id }]));

    const steps: string[] = [];
    const fill = db.fill({
      beforeWrite: async (batch) => {
        // Batch 0 was read; these change right after, so the batch about to be written is stale for them.
        if (batch === 0) await Promise.all([set(company(12, 'Renamed Wombat Traders'), worker), remove(15, cli)]);
      },
      afterWrite: async (batch) => {
        if (batch === 1) {
          await set(company(25, 'Platypus Renamed Ltd'), worker); // backfilled already: the dual-write replaces it
          await set(company(5, 'Late Arrival Numbat'), cli); // behind the backfill's cursor: only the dual-write has it
          await remove(33, worker); // not backfilled yet, and read no more
        }
        await search();
      },
    });
    const result = await cli.reindex('company', { fill, onStep: ({ step, index }) => steps.push(`${step} ${index.slice(prefix.length)}`) });

    expect(searchFailures).toEqual([]);
    expect(totals.length).toBe(8);
    // Searches saw (nearly) everything at every step: the alias never pointed at an empty or half-filled
    // index. Not an exact count: deletions made meanwhile show up with the index's 1 s refresh, or not yet.
    expect(Math.min(...totals)).toBeGreaterThanOrEqual(30);
    expect(steps).toEqual(['created company_v2', 'backfill company_v2', 'swapped company_v2', 'deleted company_v1']);
    expect(result).toMatchObject({
      outcome: 'reindexed',
      from: { index: `${prefix}company_v1`, version: 1 },
      to: { index: `${prefix}company_v2`, version: 2 },
      documents: 39,
      skipped: 2, // the stale copies of company 12 (renamed meanwhile) and 15 (deleted meanwhile) were refused
      resumed: false,
      oldIndex: 'deleted',
    });
    expect(await cli.aliasState('company')).toEqual({ live: { index: `${prefix}company_v2`, version: 2 }, pending: null });
    expect(await exists(cli, `${prefix}company_v1`)).toBe(false);
    expect(await contents(cli)).toEqual(expected());
    expect((await worker.search(q('Late Arrival Numbat', { only: ['company'] }))).hits.map((h) => h.id)).toEqual([company(5).id]);
    // The other entities were not touched; status no longer notes company.
    expect((await cli.aliasState('contact')).live?.version).toBe(1);
    expect((await cli.status()).detail).toMatch(/contact, interaction, adviser not on mapping v2 yet/);

    // Writes after the swap (from either backend) go to the new index only.
    await set(company(40, 'After Swap Bilby'), worker);
    expect(await contents(worker)).toEqual(expected());
  }, 60_000);

  it('a second run is a no-op', async () => {
    const fill = vi.fn(async () => 0);
    expect(await cli.reindex('company', { fill })).toMatchObject({ outcome: 'up-to-date', to: { index: `${prefix}company_v2` } });
    expect(fill).not.toHaveBeenCalled();
  });

  it('resumes a run that died during the backfill, the dual-write having kept the new index up to date', async () => {
    const v3 = make(3);
    try {
      const dying = db.fill({ afterWrite: async (batch) => void (batch === 1 && (await Promise.reject(new Error('killed')))) });
      await expect(v3.reindex('company', { fill: dying })).rejects.toThrow('killed');
      expect(await v3.aliasState('company')).toEqual({ live: { index: `${prefix}company_v2`, version: 2 }, pending: { index: `${prefix}company_v3`, version: 3 } });
      expect((await worker.status()).detail).toMatch(new RegExp(`reindex in progress or interrupted: company → ${prefix}company_v3`));
      db.rows.set(company(11).id, company(11, 'Changed While Down Dingo'));
      await worker.write([db.rows.get(company(11).id)!], []);

      const steps: string[] = [];
      const result = await v3.reindex('company', { fill: db.fill(), onStep: ({ step }) => steps.push(step) });
      expect(steps).toEqual(['resumed', 'backfill', 'swapped', 'deleted']);
      expect(result).toMatchObject({ outcome: 'reindexed', resumed: true, to: { index: `${prefix}company_v3`, version: 3 }, skipped: 20 });
      expect(await contents(v3)).toEqual(expected());

      // An older code version (the worker, v1) leaves a newer alias alone; --force rebuilds (here: v3 again).
      expect(await worker.reindex('company', { fill: db.fill() })).toMatchObject({ outcome: 'ahead', from: { version: 3 } });
      const rebuilt = await v3.reindex('company', { fill: db.fill(), force: true, keepOld: true });
      expect(rebuilt).toMatchObject({ outcome: 'reindexed', from: { version: 3 }, to: { index: `${prefix}company_v3_r1`, version: 3 }, oldIndex: 'kept' });
      expect(await exists(v3, `${prefix}company_v3`)).toBe(true);
      expect(await contents(v3)).toEqual(expected());
      expect(await v3.reindex('company', { fill: db.fill() })).toMatchObject({ outcome: 'up-to-date' });
    } finally {
      await v3.close();
    }
  }, 60_000);
});

describe.runIf(Boolean(url))('search:migrate (CLI) on OpenSearch', () => {
  const prefix = uniquePrefix('cli');
  let database: TestDatabase;
  let backend: OpenSearchBackend;
  let advisers: number;
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }, { search: { opensearchUrl: url, indexPrefix: prefix, inlineDrain: false } });
  const migrate = async (values: Record<string, unknown> = {}, search = config.search) => {
    const lines: string[] = [];
    await searchCommands(searchCatalog)['search:migrate'].run({ orm: database.orm, config: { ...config, search }, values, out: (l) => lines.push(l) });
    return lines;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    backend = createOpenSearchBackend({ url: url!, indexPrefix: prefix, entities: searchCatalog.entities });
    const em = database.orm.em.fork();
    for (const n of [1, 2, 3]) await createAdviser(em, { email: `reindex${n}@test.example`, name: `Reindex Adviser ${n}` });
    [{ advisers }] = (await em.getConnection().execute('select count(*)::int as advisers from adviser', [], 'all')) as Array<{ advisers: number }>;
  }, 120_000);
  afterAll(async () => {
    await dropIndices(backend, prefix).catch(() => undefined);
    await backend?.close();
    await database?.drop();
  });

  it('creates missing indices, reindexes an outdated one from the database, rebuilds with --force', async () => {
    const v = MAPPING_VERSION;
    expect(await migrate()).toEqual(searchCatalog.entities.map((e) => `${e}: on mapping v${v} (${prefix}${e}_v${v}), up to date.`));
    // Simulate an alias on an older mapping version.
    await backend.createIndexVersion('adviser', v - 1);
    await backend.swapAlias('adviser', v, v - 1);
    const [line] = await migrate({ model: ['adviser'] });
    expect(line).toMatch(new RegExp(`^adviser: v${v - 1} → v${v}, ${advisers} documents, alias swapped to ${prefix}adviser_v${v}, ${prefix}adviser_v${v - 1} deleted \\(`));
    await backend.refresh();
    expect((await backend.search(q('Reindex Adviser', { only: ['adviser'] }))).total).toBe(3);
    const rebuilt = new RegExp(`^adviser: v${v} → v${v}, ${advisers} documents, alias swapped to ${prefix}adviser_v${v}_r1, ${prefix}adviser_v${v} deleted`);
    expect(await migrate({ model: ['adviser'], force: true })).toEqual([expect.stringMatching(rebuilt)]);
    expect(await migrate({}, { ...config.search, opensearchUrl: undefined })).toEqual([expect.stringMatching(/^Search backend postgres is ready: nothing to migrate/)]);
  }, 60_000);
});
