import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertNoPendingMigrations, migrateDown, migrateUp, pendingMigrations, PendingMigrationsError } from '../../src/db/migrations.js';
import { migrationsList } from '../../migrations/index.js';
import { seedMetadata } from '../../seeds/metadata.seed.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createPostgresBackend } from '../../src/search/postgres-backend.js';
import type { SearchDocument, SearchQuery } from '../../src/search/search.types.js';
import { createApp, listen } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logger.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

const ALL_MIGRATIONS = migrationsList.map((m) => m.name);

const tables = async () =>
  ((await db.orm.em.fork().getConnection().execute("select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name <> 'mikro_orm_migrations'", [], 'all')) as any[])[0].n;

describe('migrations', () => {
  it('go down to nothing and up again', async () => {
    const before = await tables();
    expect(before).toBeGreaterThan(20);
    await migrateDown(db.orm, { to: 0 });
    expect(await tables()).toBe(0);
    expect(await pendingMigrations(db.orm)).toEqual(ALL_MIGRATIONS);
    await expect(assertNoPendingMigrations(db.orm)).rejects.toThrow(PendingMigrationsError);
    await expect(assertNoPendingMigrations(db.orm)).rejects.toThrow(/npm run migrate/);
    await migrateUp(db.orm);
    expect(await tables()).toBe(before);
  });

  it('each migration goes down on its own, newest first, and all come up again', async () => {
    // The schema's shape: columns, indexes, triggers and function bodies (a migration may only add triggers,
    // as 0009, or only change what a trigger function does, as 0012).
    const shape = async () =>
      ((await db.orm.em.fork().getConnection().execute(
        `select md5(coalesce((select string_agg(table_name || '.' || column_name, ',' order by table_name, column_name) from information_schema.columns where table_schema = 'public'), '')
               || coalesce((select string_agg(indexname, ',' order by indexname) from pg_indexes where schemaname = 'public'), '')
               || coalesce((select string_agg(t.tgname, ',' order by t.tgname) from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace where not t.tgisinternal and n.nspname = 'public'), '')
               || coalesce((select string_agg(p.proname || p.prosrc, ',' order by p.proname) from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public'), '')) as shape`,
        [], 'all')) as any[])[0].shape as string;
    const shapes = [await shape()];
    for (const name of [...ALL_MIGRATIONS].reverse().slice(0, -1)) {
      expect(await migrateDown(db.orm)).toEqual([name]);
      shapes.push(await shape());
    }
    // Every step changed the schema: no down() is a no-op.
    for (let i = 1; i < shapes.length; i++) expect(shapes[i], ALL_MIGRATIONS[ALL_MIGRATIONS.length - i]).not.toBe(shapes[i - 1]);
    expect(await migrateUp(db.orm)).toEqual(ALL_MIGRATIONS.slice(1));
    expect(await shape()).toBe(shapes[0]);
  });

  it('/readyz reports pending migrations as not ready', async () => {
    await migrateDown(db.orm, { to: 0 });
    const app = await createApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), orm: db.orm, logger: createLogger('silent') });
    const server = await listen(app, '127.0.0.1', 0);
    try {
      const res = await fetch(`${server.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'not ready', pendingMigrations: ALL_MIGRATIONS });
    } finally {
      await server.close();
      await migrateUp(db.orm);
    }
  });
});

describe('search documents across 0008 (name words and filter keys)', () => {
  it('documents written before it are found after it as they were: typos and filters answered by the new columns', async () => {
    const backend = createPostgresBackend(db.orm);
    const doc = (id: string, name: string, fields: SearchDocument['fields']): SearchDocument =>
      ({ entity: 'company', id, names: [name], identifiers: [], text: [], guarded: [], fields }) as SearchDocument;
    await backend.write(
      [
        doc('00000000-0000-4000-8000-0000000000a1', 'Marigold Lanterns Ltd', { archived: false, sectorIds: ['s1', 's2'], ukBased: true }),
        doc('00000000-0000-4000-8000-0000000000a2', 'Marigold Lamps Ltd', { archived: true, sectorIds: ['s3'], ukBased: false }),
      ],
      [],
    );
    const ask = (term: string, filters: SearchQuery['entities'][number]['filters']) =>
      backend.search({ term, entities: [{ entity: 'company', filters }], sort: [], offset: 0, limit: 10, readable: [] });
    const questions = () =>
      Promise.all([
        ask('marigold lantrens', []),
        ask('marigold', [{ field: 'sectorIds', op: 'in', value: ['s2', 's9'] }]),
        ask('marigold', [{ field: 'ukBased', op: 'eq', value: false }]),
        ask('marigold', [{ field: 'archived', op: 'eq', value: false }, { field: 'sectorIds', op: 'eq', value: 's3' }]),
      ]);
    const before = await questions();
    expect(before.map((r) => r.total)).toEqual([1, 1, 1, 0]);
    // Back to 0007 (the columns gone), then up: the migration fills them from the documents' own columns.
    const since0008 = ALL_MIGRATIONS.slice(ALL_MIGRATIONS.indexOf('Migration20261126000008SearchIndexKeys')).reverse();
    expect(await migrateDown(db.orm, { to: 'Migration20261126000007CompanyExportCountries' })).toEqual(since0008);
    await migrateUp(db.orm);
    expect(await questions()).toEqual(before);
    await backend.write([], [{ entity: 'company', id: '00000000-0000-4000-8000-0000000000a1' }, { entity: 'company', id: '00000000-0000-4000-8000-0000000000a2' }]);
  });
});

describe('reference data', () => {
  it('loads idempotently: a second run changes nothing, and disabled rows stay disabled', async () => {
    const count = async () => ((await db.orm.em.fork().getConnection().execute('select (select count(*) from metadata_sector)::int as s, (select count(*) from metadata_team)::int as t, (select count(*) from metadata_country where disabled_on is not null)::int as d', [], 'all')) as any[])[0];
    const first = await seedMetadata(db.orm.em.fork());
    const after1 = await count();
    const second = await seedMetadata(db.orm.em.fork());
    expect(second).toEqual(first);
    expect(await count()).toEqual(after1);
    expect(after1.t).toBe(1126);
    expect(after1.d).toBeGreaterThan(0);
  });
});
