import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWithSqlStats, type SqlStats } from '../../src/db/sql-stats.js';
import { createPostgresBackend, editDistance, filterSql, fold, nameKey, normaliseTerm, oneEditPattern } from '../../src/search/postgres-backend.js';
import type { SearchBackend, SearchDocument } from '../../src/search/search.types.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { CONTRACT_DOCUMENTS, describeSearchBackendContract, NOT_PERSONAL, PERSONAL, q, uid } from './backend-contract.js';

/**
 * The PostgreSQL search backend, on this run's database (embedded PGlite, or a server with DATABASE_URL).
 */

describeSearchBackendContract('postgres', async () => {
  const db = await createTestDatabase();
  return { backend: createPostgresBackend(db.orm), cleanup: () => db.drop() };
});

describe('normalisation and typos', () => {
  it('folds case and accents, and keys names apart from punctuation', () => {
    expect(fold('Café Müller Straße Øre')).toBe('cafe muller strasse ore');
    expect(nameKey('  A.B.C.  Ltd ')).toBe('a b c ltd');
  });

  it('keeps whitespace-separated words with a letter or digit, at most 16, once each', () => {
    expect(normaliseTerm(' Acme  "Widgets" & * ')).toEqual({ term: 'acme "widgets" & *', words: ['acme', '"widgets"'] });
    expect(normaliseTerm('&|!<>')).toEqual({ term: '', words: [] });
    expect(normaliseTerm('acme '.repeat(40)).words).toEqual(['acme']);
    expect(normaliseTerm(Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ')).words).toHaveLength(16);
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('bakrey', 'bakery')).toBe(1);
    expect(editDistance('acne', 'acme')).toBe(1);
    expect(editDistance('sevrn', 'severn')).toBe(1);
    expect(editDistance('brightwatter', 'brightwater')).toBe(1);
    expect(editDistance('abc', 'xyz')).toBe(3);
  });

  it('finds words one edit away with a regular expression', () => {
    const re = (core: string, prefix: boolean) => new RegExp(oneEditPattern(core, prefix));
    for (const word of ['acme', 'acne', 'acm', 'acmes', 'amce', 'xacme']) expect(re('acme', false).test(word), word).toBe(true);
    for (const word of ['acmess', 'ac', 'abce', 'acmex1']) expect(re('acme', false).test(word), word).toBe(false);
    expect(re('kastr', true).test('kestrel')).toBe(true);
    expect(re('kastr', true).test('kettle')).toBe(false);
  });

  it('puts field names and values in parameters, never in the SQL text', () => {
    // A keyword goes to the filter tokens (a text[] literal), a range to a jsonpath: data either way.
    const token = filterSql({ field: "x') or true --", op: 'eq', value: "'; drop table x" });
    const range = filterSql({ field: "x') or true --", op: 'gte', value: "'; drop table x" });
    for (const sql of [token, range]) {
      expect(sql.text).not.toContain('drop');
      expect(sql.text).not.toContain('or true');
    }
    expect(token.params).toEqual([`{"x') or true --='; drop table x"}`]);
    expect(range.params.join(' ')).toContain('drop table x');
  });
});

describe('postgres backend', () => {
  let db: TestDatabase;
  let backend: SearchBackend;
  const run = (sql: string) => db.orm.em.fork().getConnection().execute(sql, [], 'all') as Promise<Array<Record<string, any>>>;
  const ids = async (term: string, over: Parameters<typeof q>[1] = {}) => (await backend.search(q(term, over))).hits.map((h) => h.id);

  beforeAll(async () => {
    db = await createTestDatabase();
    backend = createPostgresBackend(db.orm);
    await backend.migrate();
    await backend.write(CONTRACT_DOCUMENTS, []);
  });
  afterAll(() => db?.drop());

  it('has pg_trgm, from the migration', async () => {
    expect((await run("select extname from pg_extension where extname = 'pg_trgm'")).length).toBe(1);
  });

  it('writes a batch in one statement, and a rewrite of unchanged documents touches no row', async () => {
    const stats: SqlStats = { statements: 0 };
    await runWithSqlStats(stats, () => backend.write(CONTRACT_DOCUMENTS, []));
    expect(stats.statements).toBe(1);
    const [before] = await run('select max(xmin::text::bigint) as x from search_document');
    await backend.write(CONTRACT_DOCUMENTS, []);
    const [after] = await run('select max(xmin::text::bigint) as x from search_document');
    expect(after.x).toBe(before.x);
  });

  it('writes 1,200 documents and deletes 600 in batches of 500, one statement each', async () => {
    const docs: SearchDocument[] = Array.from({ length: 1200 }, (_, i) => ({
      entity: 'interaction',
      id: `batch-${i}`,
      names: [`Batch meeting ${i}`],
      identifiers: [],
      text: [],
      guarded: [],
      fields: { n: i },
    }));
    const stats: SqlStats = { statements: 0 };
    await runWithSqlStats(stats, () => backend.write(docs, []));
    expect(stats.statements).toBe(3);
    expect((await backend.status()).documents.interaction).toBe(1201);
    await backend.write(docs.slice(0, 600), docs.slice(600).map((d) => ({ entity: d.entity, id: d.id })));
    expect((await backend.status()).documents.interaction).toBe(601);
    await backend.write([], docs.map((d) => ({ entity: d.entity, id: d.id })));
    expect((await backend.status()).documents.interaction).toBe(1);
  });

  it('the last of two versions of a document in one write wins, and a deletion wins over a write', async () => {
    const doc: SearchDocument = { entity: 'adviser', id: 'twice', names: ['First Version'], identifiers: [], text: [], guarded: [], fields: {} };
    await backend.write([doc, { ...doc, names: ['Second Version'] }], []);
    expect(await ids('second version')).toEqual(['twice']);
    await backend.write([doc], [{ entity: 'adviser', id: 'twice' }]);
    expect(await ids('first version')).toEqual([]);
  });

  it('accents and case do not matter, in documents or terms', async () => {
    await backend.write([{ entity: 'company', id: 'cafe', names: ['Café Ångström'], identifiers: [], text: ['Zürich'], guarded: [], fields: {} }], []);
    expect(await ids('cafe angstrom')).toEqual(['cafe']);
    expect(await ids('CAFÉ ÅNGSTRÖM')).toEqual(['cafe']);
    expect(await ids('zurich')).toEqual(['cafe']);
    await backend.write([], [{ entity: 'company', id: 'cafe' }]);
  });

  it('a telephone number matches with or without spaces, only with personal data allowed', async () => {
    expect(await ids('+44 20 7946 0001')).toEqual([]);
    expect((await ids('+44 20 7946 0001', { readable: ['Contact.fullTelephoneNumber'] }))[0]).toBe(uid(101));
    expect((await ids('+442079460001', { readable: ['Contact.fullTelephoneNumber'] }))[0]).toBe(uid(101));
    expect(await ids('+442079460001', { readable: ['Contact.email'] })).toEqual([]);
  });

  it('keeps guarded text out of the tsvector and the plain keys: it is tagged with its field', async () => {
    const [row] = await run(`select document::text as document, keys, guarded_words from search_document where id = '${uid(101)}'`);
    expect(row.document).not.toMatch(/acme|lovelace@|7946/);
    expect(row.keys).toEqual(expect.arrayContaining(['n:ada lovelace', 'g:Contact.email:ada.lovelace@acme.example', 'g:Contact.fullTelephoneNumber:+442079460001']));
    expect(row.keys.filter((k: string) => !/^[ng]:/.test(k))).toEqual([]);
    expect(row.guarded_words).toEqual(expect.arrayContaining(['Contact.company:acme', 'Contact.company:widgets', 'Contact.email:lovelace', 'Contact.fullTelephoneNumber:7946']));
  });

  it('a typo in a short word (four letters) is found, and unrelated words are not', async () => {
    expect((await ids('Acne', { only: ['company'] })).sort()).toEqual([uid(1), uid(2)]);
    expect(await ids('Zzzzzz', { only: ['company'] })).toEqual([]);
  });

  it('no input, however odd, is an error', async () => {
    const odd = ['\'', "'':*", "\\'", 'a\'b\\c', '::', '!a', "a' & 'b", '<-> <2>', '$$', '?', '??', '%_', '{}', '[1]', 'null', '\u0000x', '🙂 acme', '½', '½ acme', 'x'.repeat(300), 'ok:*A'];
    for (const term of odd) {
      await expect(backend.search(q(term)), term).resolves.toBeTruthy();
      await expect(backend.search(q(term, { readable: [...PERSONAL, ...NOT_PERSONAL] })), term).resolves.toBeTruthy();
      await expect(backend.autocomplete({ entity: 'company', prefix: term, filters: [], limit: 5 }), term).resolves.toBeTruthy();
    }
  });

  it('an odd field name or value in a filter or sort is data too', async () => {
    const field = "x\"') or 1=1 --";
    for (const op of ['eq', 'gte', 'lte'] as const) {
      expect(await ids('', { only: ['company'], filters: [{ field, op, value: "'\\\"" }] })).toEqual([]);
    }
    expect(await ids('', { only: ['company'], filters: [{ field, op: 'in', value: ['a', 1, true] }] })).toEqual([]);
    expect((await ids('', { only: ['company'], filters: [{ field, op: 'exists', value: false }], limit: 100 })).length).toBe(30);
    expect((await ids('', { only: ['company'], sort: [{ field, direction: 'DESC' }], limit: 100 })).length).toBe(30);
  });

  it('sorts numbers numerically and puts documents without the field last, either way', async () => {
    const asc = await ids('', { only: ['company'], sort: [{ field: 'numberOfEmployees', direction: 'ASC' }], limit: 5 });
    expect(asc).toEqual([uid(3), uid(4), uid(1), uid(2), uid(17)]); // then by name: atlantic seafood…
    const desc = await ids('', { only: ['company'], sort: [{ field: 'numberOfEmployees', direction: 'DESC' }], limit: 5 });
    expect(desc).toEqual([uid(2), uid(1), uid(4), uid(3), uid(17)]);
  });

  it('without a term and a sort, lists by name', async () => {
    const names = await ids('', { only: ['company'], limit: 3 });
    expect(names).toEqual([uid(2), uid(1), uid(17)]); // acme widgets holdings plc, acme widgets ltd, atlantic…
  });

  it('an empty prefix lists names alphabetically; a typo in a prefix of four letters is forgiven', async () => {
    const listed = await backend.autocomplete({ entity: 'company', prefix: '', filters: [], limit: 3 });
    expect(listed.map((h) => h.id)).toEqual([uid(2), uid(1), uid(17)]);
    expect((await backend.autocomplete({ entity: 'company', prefix: 'kestr', filters: [], limit: 5 }))[0]?.id).toBe(uid(13));
    expect((await backend.autocomplete({ entity: 'company', prefix: 'kastr', filters: [], limit: 5 }))[0]?.id).toBe(uid(13));
    expect((await backend.autocomplete({ entity: 'company', prefix: 'brightwatr', filters: [], limit: 5 }))[0]?.id).toBe(uid(8));
  });

  it('status counts documents per entity; migrate checks the table is there', async () => {
    await expect(backend.migrate()).resolves.toBeUndefined();
    expect(await backend.status()).toMatchObject({ backend: 'postgres', healthy: true, documents: { company: 30, contact: 2, interaction: 1, adviser: 1 } });
  });
});
