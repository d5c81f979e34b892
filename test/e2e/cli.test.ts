import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { cliOf } from '../helpers/cli.js';

/**
 * The CLI against a database of its own: on the server run, the test app's database; embedded, a fresh
 * PGlite data dir (the CLI migrates it as the quick start does). The tokens it prints are then used
 * against the test app, which shares the server database; embedded, only their shape is checked there.
 */
let app: TestApp;
let cliRun: ReturnType<typeof cliOf>;
const cli = (...argv: string[]) => cliRun.cli(...argv);
beforeAll(async () => {
  app = await createTestApp({ authCacheTtlMs: 0 });
  cliRun = cliOf(app, 'crm-cli-');
  // Embedded, the first command creates and migrates the data dir: done here, within the hook's time, so
  // that no test's own time depends on how busy the machine is.
  expect((await cli('migrate')).code).toBe(0);
}, 120_000);
afterAll(async () => {
  await app?.close();
  cliRun?.remove();
});


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

describe('npm run cli: partner clients', () => {
  const COMPANIES = '{ companies(first: 1) { totalCount } }';
  let token: string;

  it('creates a client, refusing bad scopes, a bad CIDR, a duplicate name and missing options', async () => {
    const created = await cli('client:create', '--name', 'Cli Partner', '--scopes', 'company:read, metadata', '--ip', '127.0.0.1/32,::1');
    expect(created).toMatchObject({ code: 0, err: '' });
    expect(created.out).toHaveLength(1);
    expect(created.out[0]).toMatch(/^Created client Cli Partner \(bearer, id [0-9a-f-]{36}\): scopes company:read, metadata; IP allowlist 127\.0\.0\.1\/32, ::1\.$/);
    expect(await cli('client:create', '--name', 'Bad Scope', '--scopes', 'company:read,company:delete')).toMatchObject({ code: 1, out: [], err: expect.stringMatching(/Unknown scope company:delete/) });
    expect(await cli('client:create', '--name', 'Bad CIDR', '--scopes', 'metadata', '--ip', '10.0.0.0/99')).toMatchObject({ code: 1, err: expect.stringMatching(/ipAllowlist/) });
    expect(await cli('client:create', '--name', 'Cli Partner', '--scopes', 'metadata')).toMatchObject({ code: 1, err: expect.stringMatching(/already a client named Cli Partner/) });
    expect(await cli('client:create', '--name', 'No Scopes')).toMatchObject({ code: 1, err: expect.stringMatching(/--scopes/) });
    const listed = (await cli('client:list')).out.join('\n');
    expect(listed).not.toMatch(/Bad Scope|Bad CIDR|No Scopes/);
    if (app.databaseUrl) {
      // The CLI records its changes as a job named after the command.
      const [event] = await app.sql("select a.* from audit_event a join api_client c on c.id = a.record_id where c.name = 'Cli Partner'");
      expect(event).toMatchObject({ actor_kind: 'job', actor_name: 'cli client:create', operation: 'cli client:create', action: 'create' });
    }
  });

  it('issues a bearer token that prints alone and works, and refuses an unknown client or bad days', async () => {
    const issued = await cli('client:token', '--client', 'Cli Partner', '--days', '3');
    expect(issued).toMatchObject({ code: 0, err: '' });
    expect(issued.out).toHaveLength(1);
    token = issued.out[0];
    expect(token).toMatch(/^crm_cli_[A-Za-z0-9_-]{40,}$/);
    if (app.databaseUrl) {
      const res = await app.gql(COMPANIES, {}, token);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.companies.totalCount).toEqual(expect.any(Number));
      expect((await app.gql('{ contacts(first: 1) { totalCount } }', {}, token)).body.errors[0].extensions.code).toBe('FORBIDDEN');
    }
    expect(await cli('client:token', '--client', 'Nobody Ltd')).toMatchObject({ code: 1, err: expect.stringMatching(/No client named Nobody Ltd/) });
    expect(await cli('client:token', '--client', 'Cli Partner', '--days', '0')).toMatchObject({ code: 1, err: expect.stringMatching(/--days/) });
    expect(await cli('client:token')).toMatchObject({ code: 1, err: expect.stringMatching(/--client/) });
  });

  it('issues Hawk credentials as one HAWK_ID=... HAWK_KEY=... line', async () => {
    const created = await cli('client:create', '--name', 'Cli Hawk', '--scopes', 'metadata', '--hawk');
    expect(created.out[0]).toMatch(/^Created client Cli Hawk \(hawk, id [0-9a-f-]{36}\): scopes metadata; IP allowlist any address\.$/);
    const issued = await cli('client:token', '--client', 'Cli Hawk');
    expect(issued).toMatchObject({ code: 0, err: '' });
    expect(issued.out).toHaveLength(1);
    expect(issued.out[0]).toMatch(/^HAWK_ID=crm_hawk_\S+ HAWK_KEY=\S+$/);
    const [, hawkId, hawkKey] = /^HAWK_ID=(\S+) HAWK_KEY=(\S+)$/.exec(issued.out[0])!;
    const listed = (await cli('client:list')).out.join('\n');
    expect(listed).not.toContain(hawkId);
    expect(listed).not.toContain(hawkKey);
    if (app.databaseUrl) {
      const res = await app.gql(COMPANIES, {}, hawkId);
      expect(res.status).toBe(401);
      expect(res.body.errors[0].extensions.reason).toBe('WRONG_SCHEME');
    }
  });

  it('lists clients with their credentials by hint, never the secrets', async () => {
    await cli('client:create', '--name', 'Cli Idle', '--scopes', 'metadata');
    const listed = await cli('client:list');
    expect(listed).toMatchObject({ code: 0, err: '' });
    const text = listed.out.join('\n');
    expect(text).toContain('Cli Partner  (bearer, id ');
    expect(text).toContain('scopes: company:read, metadata');
    expect(text).toContain('IP allowlist: 127.0.0.1/32, ::1');
    expect(text).toContain(`${token.slice(0, 12)}…`);
    expect(text).not.toContain(token);
    expect(text).toMatch(/CREDENTIAL\s+HINT\s+CREATED\s+EXPIRES\s+STATUS/);
    expect(text).toMatch(/crm_cli_\S+…\s+\d{4}-\d\d-\d\d \d\d:\d\dZ\s+\d{4}-\d\d-\d\d \d\d:\d\dZ\s+active/);
    const idle = text.split('\n\n').find((block) => block.startsWith('Cli Idle'))!;
    expect(idle).toMatch(/IP allowlist: any address\n {2}no credentials/);
  });

  // Ten commands, each opening the embedded data dir anew: seconds each on a busy machine.
  it("revokes a client's token by the token, and an adviser's; refuses bad options", async () => {
    const revoked = await cli('token:revoke', '--token', token);
    expect(revoked).toMatchObject({ code: 0, err: '' });
    expect(revoked.out[0]).toMatch(new RegExp(`^Revoked client credential ([0-9a-f-]{36}) \\(${token.slice(0, 12)}…\\) on \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\dZ\\.$`));
    const id = /credential ([0-9a-f-]{36})/.exec(revoked.out[0])![1];
    expect((await cli('client:list')).out.join('\n')).toMatch(new RegExp(`${id}\\s+crm_cli_\\S+…\\s+\\S+ \\S+\\s+\\S+ \\S+\\s+revoked \\d{4}-`));
    if (app.databaseUrl) {
      const [row] = await app.sql('select revoked_on as "revokedOn" from api_token where id = ?', [id]);
      expect(row.revokedOn).not.toBeNull();
      const res = await app.gql(COMPANIES, {}, token);
      expect(res.status).toBe(401);
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'REVOKED' });
    }
    expect((await cli('token:revoke', '--id', id.toUpperCase())).out[0]).toMatch(/^Already revoked client credential/);

    await cli('adviser:create', '--email', 'revoked.adviser@example.gov.uk', '--name', 'Rev Oked');
    const adviserToken = (await cli('token:create', '--adviser', 'revoked.adviser@example.gov.uk')).out[0];
    expect((await cli('token:revoke', '--token', adviserToken)).out[0]).toMatch(/^Revoked adviser credential [0-9a-f-]{36} \(crm_adv_\S+…\)/);

    expect(await cli('token:revoke')).toMatchObject({ code: 1, err: expect.stringMatching(/--id UUID or --token TOKEN/) });
    expect(await cli('token:revoke', '--id', id, '--token', token)).toMatchObject({ code: 1, err: expect.stringMatching(/one of --id/) });
    expect(await cli('token:revoke', '--id', 'not-a-uuid')).toMatchObject({ code: 1, err: expect.stringMatching(/--id must be/) });
    expect(await cli('token:revoke', '--token', 'crm_cli_neverIssued')).toMatchObject({ code: 1, err: expect.stringMatching(/Token crm_cli_neve.* was not found/) });
  }, 120_000);
});
