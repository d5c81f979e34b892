import { randomBytes } from 'node:crypto';
import { Client } from '@opensearch-project/opensearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAPPING_VERSION, clientOptions, createOpenSearchBackend, type OpenSearchBackend } from '../../src/search/opensearch-backend.js';
import type { SearchDocument } from '../../src/search/search.types.js';
import { searchCatalog } from '../../src/system.js';
import { CONTRACT_DOCUMENTS, describeSearchBackendContract, q, uid } from './backend-contract.js';

/**
 * The OpenSearch backend against a real node: `eval "$(scripts/opensearch.sh start)"` then
 * `OPENSEARCH_URL=http://127.0.0.1:9200 npx vitest run test/search/opensearch-backend.test.ts`.
 * Without OPENSEARCH_URL only the tests that need no node run (errors when it is unreachable, options).
 */

const url = process.env.OPENSEARCH_URL;

/** A prefix of our own per run, so runs (and files) never share indices. */
const uniquePrefix = (label: string) => `crm_test_${label}_${process.pid}_${randomBytes(3).toString('hex')}_`;

/** Deletes every index under the prefix (by concrete name: wildcard deletes may be disabled on a cluster). */
async function dropIndices(prefix: string): Promise<void> {
  const client = new Client(clientOptions({ url: url! }));
  try {
    const { body } = await client.indices.get({ index: `${prefix}*`, allow_no_indices: true, ignore_unavailable: true });
    const names = Object.keys(body);
    if (names.length) await client.indices.delete({ index: names.join(',') });
  } finally {
    await client.close();
  }
}

async function makeBackend(label: string) {
  const prefix = uniquePrefix(label);
  const backend = createOpenSearchBackend({ url: url!, indexPrefix: prefix, entities: searchCatalog.entities });
  const cleanup = async () => {
    await backend.close();
    await dropIndices(prefix);
  };
  return { backend, prefix, cleanup };
}

describe.runIf(Boolean(url))('OpenSearch backend (a real node at OPENSEARCH_URL)', () => {
  describeSearchBackendContract('opensearch', async () => {
    const { backend, cleanup } = await makeBackend('contract');
    return { backend, cleanup };
  });

  describe('index design and writes', () => {
    let backend: OpenSearchBackend;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      ({ backend, cleanup } = await makeBackend('design'));
      await backend.migrate();
      await backend.write(CONTRACT_DOCUMENTS, []);
      await backend.refresh();
    }, 60_000);
    afterAll(async () => cleanup?.());

    it('puts each entity in a versioned index behind its alias', async () => {
      const { body } = await backend.client.indices.getAlias({ name: backend.aliasName('company') });
      expect(Object.keys(body)).toEqual([backend.indexName('company', MAPPING_VERSION)]);
      expect(backend.indexName('company')).toMatch(new RegExp(`company_v${MAPPING_VERSION}$`));
    });

    it('maps fields dynamically: dates, numbers as doubles, booleans, strings as keywords', async () => {
      const index = backend.indexName('company');
      const { body } = await backend.client.indices.getMapping({ index });
      const fields = (body[index].mappings.properties as Record<string, { properties: Record<string, { type: string }> }>).fields.properties;
      expect(fields.modifiedOn.type).toBe('date');
      expect(fields.latestInteractionDate.type).toBe('date');
      expect(fields.numberOfEmployees.type).toBe('double');
      expect(fields.archived.type).toBe('boolean');
      expect(fields.town.type).toBe('keyword');
      expect(fields.sectorIds.type).toBe('keyword');
    });

    it('maps guarded text one field per guarding field: identifiers with exact and compact forms, text as words', async () => {
      const index = backend.indexName('contact');
      const { body } = await backend.client.indices.getMapping({ index });
      type Mapped = { type?: string; fields?: Record<string, { normalizer: string }>; properties?: Record<string, Mapped> };
      const properties = body[index].mappings.properties as Record<string, Mapped>;
      const email = properties.guarded_identifiers.properties!.Contact.properties!.email;
      expect(email).toMatchObject({ type: 'text', fields: { exact: { normalizer: 'folded' }, compact: { normalizer: 'folded_compact' } } });
      expect(properties.guarded_text.properties!.Contact.properties!.company).toEqual({ type: 'text', analyzer: 'folded_words' });
      expect(properties).not.toHaveProperty('personal');
    });

    it('reports rejected documents as an error, and keeps the others', async () => {
      const bad: SearchDocument = { ...CONTRACT_DOCUMENTS[0], id: uid(900), fields: { numberOfEmployees: 'many' } };
      const good: SearchDocument = { ...CONTRACT_DOCUMENTS[0], id: uid(901), names: ['Zanzibar Spice Imports'] };
      await expect(backend.write([bad, good], [])).rejects.toThrow(/OpenSearch rejected 1 of 2 writes: index company:0+-0000-4000-8000-000000000900: mapper_parsing_exception/);
      await backend.refresh();
      expect((await backend.search(q('Zanzibar Spice'))).hits.map((h) => h.id)).toEqual([uid(901)]);
    });

    it('deleting a document that is not there is not an error', async () => {
      await expect(backend.write([], [{ entity: 'contact', id: uid(999) }])).resolves.toBeUndefined();
    });

    it('a write before migrate fails instead of creating an index in place of the alias', async () => {
      const other = await makeBackend('unmigrated');
      try {
        await expect(other.backend.write([CONTRACT_DOCUMENTS[0]], [])).rejects.toThrow(/OpenSearch rejected 1 of 1 writes: .*index_not_found_exception/);
        const { body } = await other.backend.client.indices.exists({ index: other.backend.aliasName('company') });
        expect(body).toBe(false);
        expect(await other.backend.status()).toMatchObject({ healthy: false, detail: expect.stringMatching(/run migrate/) });
      } finally {
        await other.cleanup();
      }
    });

    it('a new index version can be created and the alias swapped to it and back', async () => {
      const v2 = await backend.createIndexVersion('adviser', MAPPING_VERSION + 1);
      expect(await backend.createIndexVersion('adviser', MAPPING_VERSION + 1)).toBe(v2); // idempotent
      await backend.swapAlias('adviser', MAPPING_VERSION, MAPPING_VERSION + 1);
      expect((await backend.search(q('Alan Turing', { only: ['adviser'] }))).total).toBe(0); // not backfilled
      // (status notes an alias that is not on the code's mapping version)
      expect((await backend.status()).detail).toMatch(new RegExp(`adviser not on mapping v${MAPPING_VERSION} yet`));
      await backend.swapAlias('adviser', MAPPING_VERSION + 1, MAPPING_VERSION);
      expect((await backend.search(q('Alan Turing', { only: ['adviser'] }))).hits[0]?.id).toBe(uid(301));
      await backend.client.indices.delete({ index: v2 });
    });

    it('never asks past the result window', async () => {
      const { total } = await backend.search(q(''));
      expect(total).toBeGreaterThanOrEqual(CONTRACT_DOCUMENTS.length);
      expect(await backend.search(q('', { offset: 9_990, limit: 100 }))).toMatchObject({ hits: [], total });
      await expect(backend.search(q('', { offset: 20_000, limit: 100 }))).resolves.toMatchObject({ hits: [] });
    });
  });
});

describe('OpenSearch backend without a node', () => {
  it('says OpenSearch is unreachable when the connection is refused, and status says unhealthy', async () => {
    const backend = createOpenSearchBackend({ url: 'http://127.0.0.1:1', indexPrefix: 'crm_unreachable_', entities: searchCatalog.entities });
    try {
      await expect(backend.search(q('acme'))).rejects.toThrow(/^OpenSearch is unreachable \(search: /);
      await expect(backend.write(CONTRACT_DOCUMENTS, [])).rejects.toMatchObject({ name: 'SearchUnavailableError', code: 'SEARCH_UNAVAILABLE' });
      await expect(backend.migrate()).rejects.toThrow(/OpenSearch is unreachable/);
      const status = await backend.status();
      expect(status).toMatchObject({ backend: 'opensearch', healthy: false, documents: {} });
      expect(status.detail).toMatch(/OpenSearch is unreachable/);
    } finally {
      await backend.close();
    }
  });

  it('takes credentials from the options or the URL, never leaving them in the node URL', () => {
    const fromUrl = clientOptions({ url: 'https://admin:s%3Acret@search.example:9200' });
    expect(fromUrl.node).toBe('https://search.example:9200/');
    expect(fromUrl.auth).toEqual({ username: 'admin', password: 's:cret' });
    const explicit = clientOptions({ url: 'https://search.example:9200', username: 'svc', password: 'pw', rejectUnauthorized: false });
    expect(explicit.auth).toEqual({ username: 'svc', password: 'pw' });
    expect(explicit.ssl).toEqual({ rejectUnauthorized: false });
    expect(clientOptions({ url: 'http://127.0.0.1:9200' }).auth).toBeUndefined();
  });

  it('refuses an index prefix OpenSearch would refuse', () => {
    expect(() => createOpenSearchBackend({ url: 'http://127.0.0.1:1', indexPrefix: 'CRM_', entities: searchCatalog.entities })).toThrow(/indexPrefix/);
  });
});
