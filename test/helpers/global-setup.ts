import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { migrateUp } from '../../src/db/migrations.js';
import { openOrm } from '../../src/system.js';
import { seedMetadata } from '../../seeds/metadata.seed.js';
import { withDatabase } from './pg-url.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Server runs: the migrated, seeded template database each test file clones. */
    templateDatabase?: string;
    /** Embedded runs: a tarball of a migrated, seeded PGlite data dir each test file loads. */
    embeddedDump?: string;
  }
}

/**
 * Migrates and seeds reference data once per run; each test file then gets its own copy (a database cloned
 * from the template on the server, a fresh PGlite loaded from a dump embedded), so files never share state.
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = `crm_test_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists "${template}"`);
    await admin.query(`create database "${template}"`);
    await admin.end();
    const orm = await openOrm({ kind: 'server', url: withDatabase(url, template), poolSize: 2 });
    await migrateUp(orm);
    await seedMetadata(orm.em.fork());
    await orm.close();
    project.provide('templateDatabase', template);
    return async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop database if exists "${template}" with (force)`);
      await client.end();
    };
  }
  const orm = await openOrm({ kind: 'embedded', dataDir: 'memory://' });
  await migrateUp(orm);
  await seedMetadata(orm.em.fork());
  const pglite = await (orm.em.getConnection() as any).getNativeClient();
  const dump: Blob = await pglite.dumpDataDir('none');
  await orm.close();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'crm-test-')), 'template.tar');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('embeddedDump', file);
  return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
