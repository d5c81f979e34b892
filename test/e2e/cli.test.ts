import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

/**
 * The CLI against a database of its own: on the server run, the test app's database; embedded, a fresh
 * PGlite data dir (the CLI migrates it as the quick start does). The tokens it prints are then used
 * against the test app, which shares the server database; embedded, only their shape is checked there.
 */
let app: TestApp;
let env: NodeJS.ProcessEnv;
let dataDir: string;
beforeAll(async () => {
  app = await createTestApp({ authCacheTtlMs: 0 });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-cli-'));
  env = app.databaseUrl ? { DATABASE_URL: app.databaseUrl } : { DATA_DIR: dataDir };
}, 120_000);
afterAll(async () => {
  await app?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  let err = '';
  const code = await runCli(argv, env, { out: (l) => out.push(l), err: (t) => (err += t) });
  return { code, out, err };
}

describe('npm run cli', () => {
  it('creates an adviser, then a token that prints alone and works', async () => {
    const created = await cli('adviser:create', '--email', 'Cli.User@Example.gov.uk', '--name', 'Cli User', '--superuser');
    expect(created).toMatchObject({ code: 0, err: '' });
    expect(created.out[0]).toMatch(/Created adviser Cli.User@Example.gov.uk .* as a superuser/);
    const token = await cli('token:create', '--adviser', 'cli.user@example.gov.uk', '--days', '2');
    expect(token.code).toBe(0);
    expect(token.out).toHaveLength(1);
    expect(token.out[0]).toMatch(/^crm_adv_[A-Za-z0-9_-]{40,}$/);
    if (app.databaseUrl) {
      const res = await app.gql('{ viewer { adviser { email } isSuperuser } }', {}, token.out[0]);
      expect(res.body.data.viewer).toEqual({ adviser: { email: 'Cli.User@Example.gov.uk' }, isSuperuser: true });
    }
  });

  it('refuses a duplicate adviser, an unknown one, bad days, and unknown commands or options', async () => {
    expect(await cli('adviser:create', '--email', 'CLI.USER@example.gov.uk', '--name', 'Again')).toMatchObject({ code: 1, err: expect.stringMatching(/already exists/) });
    expect(await cli('token:create', '--adviser', 'nobody@example.gov.uk')).toMatchObject({ code: 1, err: expect.stringMatching(/No adviser/) });
    expect(await cli('token:create', '--adviser', 'cli.user@example.gov.uk', '--days', '0')).toMatchObject({ code: 1, err: expect.stringMatching(/--days/) });
    expect(await cli('frobnicate')).toMatchObject({ code: 2, err: expect.stringMatching(/Unknown command: frobnicate[\s\S]*token:create/) });
    expect(await cli('token:create', '--colour', 'red')).toMatchObject({ code: 2, err: expect.stringMatching(/Usage: npm run cli -- token:create/) });
  });

  it("sets an adviser's groups, refusing unknown ones", async () => {
    const created = await cli('adviser:create', '--email', 'analyst@example.gov.uk', '--name', 'Ann Alyst', '--groups', 'Read-only analyst');
    expect(created.out[0]).toMatch(/in Read-only analyst\.$/);
    expect(await cli('adviser:groups', '--adviser', 'analyst@example.gov.uk', '--groups', 'DA, LEP')).toMatchObject({ code: 0, out: ['analyst@example.gov.uk: DA, LEP.'] });
    expect(await cli('adviser:groups', '--adviser', 'analyst@example.gov.uk', '--groups', 'Wizards')).toMatchObject({ code: 1, err: expect.stringMatching(/Unknown group\(s\): Wizards/) });
    expect(await cli('adviser:groups', '--adviser', 'analyst@example.gov.uk', '--groups', '')).toMatchObject({ code: 0, out: ['analyst@example.gov.uk: no groups of their own.'] });
  });

  it('reports migrations and seeds reference data idempotently', async () => {
    expect(await cli('migrate')).toMatchObject({ code: 0, out: ['Nothing to migrate: the database is up to date.'] });
    const first = await cli('seed:metadata');
    expect(first.code).toBe(0);
    expect(first.out.find((l) => l.startsWith('metadata_team '))).toMatch(/ 1126$/);
    expect((await cli('seed:metadata')).out).toEqual(first.out);
  });
});
