import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertNoPendingMigrations, migrateDown, migrateUp, pendingMigrations, PendingMigrationsError } from '../../src/db/migrations.js';
import { migrationsList } from '../../migrations/index.js';
import { seedMetadata } from '../../seeds/metadata.seed.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
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
    const columns = async () =>
      ((await db.orm.em.fork().getConnection().execute("select count(*)::int as n from information_schema.columns where table_schema = 'public'", [], 'all')) as any[])[0].n;
    const counts = [await columns()];
    for (const name of [...ALL_MIGRATIONS].reverse().slice(0, -1)) {
      expect(await migrateDown(db.orm)).toEqual([name]);
      counts.push(await columns());
    }
    // Every step removed something: no down() is a no-op.
    for (let i = 1; i < counts.length; i++) expect(counts[i], ALL_MIGRATIONS[ALL_MIGRATIONS.length - i]).toBeLessThan(counts[i - 1]);
    expect(await migrateUp(db.orm)).toEqual(ALL_MIGRATIONS.slice(1));
    expect(await columns()).toBe(counts[0]);
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
