import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { Orm } from '../../src/db/orm.js';
import { openOrm } from '../../src/system.js';
import { withDatabase } from './pg-url.js';

export type TestDatabase = { orm: Orm; url?: string; drop: () => Promise<void> };

async function cloneTemplate(url: string, template: string, name: string): Promise<void> {
  // Two files cloning the template at the same instant can collide ("being accessed by other users"): retry.
  for (let attempt = 0; ; attempt++) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`create database "${name}" template "${template}"`);
      return;
    } catch (error) {
      if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    } finally {
      await client.end();
    }
  }
}

/**
 * A database of this test file's own: migrated, with reference data, and nothing else. `statementTimeoutMs`
 * is the read pool's statement_timeout on a server (STATEMENT_TIMEOUT_MS; none by default).
 */
export async function createTestDatabase({ statementTimeoutMs }: { statementTimeoutMs?: number } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  const template = inject('templateDatabase');
  if (serverUrl && template) {
    const name = `crm_test_${randomBytes(6).toString('hex')}`;
    await cloneTemplate(serverUrl, template, name);
    const url = withDatabase(serverUrl, name);
    const orm = await openOrm({ kind: 'server', url, poolSize: 5, statementTimeoutMs });
    return {
      orm,
      url,
      drop: async () => {
        await orm.close();
        const client = new pg.Client({ connectionString: serverUrl });
        await client.connect();
        // pg's Pool.end() resolves before its clients have finished closing; a forced drop that kills one
        // of them then surfaces as an unhandled 57P01 error in the test run. Give them a moment to go.
        for (let i = 0; i < 50; i++) {
          const { rows } = await client.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
          if (!rows[0].n) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        await client.query(`drop database if exists "${name}" with (force)`);
        await client.end();
      },
    };
  }
  const dump = inject('embeddedDump');
  if (!dump) throw new Error('The global setup provided no database: run the tests with `npm test`.');
  const orm = await openOrm({ kind: 'embedded', dataDir: 'memory://', loadDataDir: new Blob([fs.readFileSync(dump)]) });
  return { orm, drop: () => orm.close() };
}
