import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobActor, runAsActor } from '../../src/audit/actor.js';
import { advisersWithFeature, createFeatureFlagService, isFeatureEnabled } from '../../src/modules/feature-flag/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { cliOf } from '../helpers/cli.js';
import { createCaller, type Caller } from '../helpers/callers.js';

let app: TestApp;
let admin: Caller;
let pilot: Caller;
let other: Caller;
let cliRun: ReturnType<typeof cliOf>;
const cli = (...argv: string[]) => cliRun.cli(...argv);

beforeAll(async () => {
  app = await createTestApp();
  admin = await createCaller(app, { groups: ['Administrator'], name: 'Flag Admin' });
  pilot = await createCaller(app, { name: 'Pilot User' });
  other = await createCaller(app, { groups: ['DIT_staff'], name: 'Other User' });
  cliRun = cliOf(app, 'crm-flags-');
  // Embedded, the first command creates and migrates the CLI's own data dir: done here, within the hook's time.
  expect((await cli('migrate')).code).toBe(0);
}, 120_000);
afterAll(async () => {
  await app?.close();
  cliRun?.remove();
});


const FEATURES = '{ viewer { features } }';
const features = async (caller: Caller): Promise<string[]> => (await caller.gql(FEATURES)).body.data.viewer.features;
const SET_FLAG = 'mutation($code: String!, $enabled: Boolean!, $description: String) { setFeatureFlag(code: $code, enabled: $enabled, description: $description) { code enabled declared description groups advisers } }';
const SET_GROUP = 'mutation($code: String!, $flags: [String!]!) { setFeatureFlagGroup(code: $code, flags: $flags) { code flags advisers } }';
const SET_ADVISER =
  'mutation($adviserId: UUID!, $flags: [String!]!, $groups: [String!]!) { setAdviserFeatureFlags(adviserId: $adviserId, flags: $flags, groups: $groups) { flags groups features } }';

describe('feature flags in GraphQL', () => {
  it('creates a flag only with a description, switches it for the environment, and viewer.features follows', async () => {
    const unknown = await admin.gql(SET_FLAG, { code: 'new-dashboard', enabled: true });
    expect(unknown.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_FEATURE_FLAG', field: ['code'] });
    const bad = await admin.gql(SET_FLAG, { code: 'New Dashboard', enabled: true, description: 'x' });
    expect(bad.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_FEATURE_CODE' });

    const created = await admin.gql(SET_FLAG, { code: 'new-dashboard', enabled: false, description: 'The new dashboard' });
    expect(created.body.data.setFeatureFlag).toEqual({ code: 'new-dashboard', enabled: false, declared: false, description: 'The new dashboard', groups: [], advisers: 0 });
    expect(await features(pilot)).toEqual([]);
    expect(await isFeatureEnabled(app.orm.em.fork(), 'new-dashboard')).toBe(false);

    await admin.gql(SET_FLAG, { code: 'new-dashboard', enabled: true });
    expect(await features(pilot)).toEqual(['new-dashboard']);
    expect(await features(other)).toEqual(['new-dashboard']);
    expect(await isFeatureEnabled(app.orm.em.fork(), 'new-dashboard')).toBe(true);
    expect(await isFeatureEnabled(app.orm.em.fork(), 'no-such-flag', pilot.id)).toBe(false);
    await admin.gql(SET_FLAG, { code: 'new-dashboard', enabled: false });
    expect(await features(other)).toEqual([]);

    // Each change is audited, by the adviser who made it.
    const events = await app.sql("select a.action, a.actor_id, a.changes from audit_event a join feature_flag f on f.id = a.record_id where f.code = 'new-dashboard' order by a.occurred_on, a.id");
    expect(events.map((e) => [e.action, e.actor_id])).toEqual([['create', admin.id], ['update', admin.id], ['update', admin.id]]);
  });

  it('turns a flag on for one adviser, directly or through a group, and not for the others', async () => {
    await admin.gql(SET_FLAG, { code: 'beta-search', enabled: false, description: 'Search, the new way' });
    await admin.gql(SET_FLAG, { code: 'beta-export', enabled: false, description: 'Exports, the new way' });
    const group = await admin.gql(SET_GROUP, { code: 'beta-testers', flags: ['beta-search', 'beta-export'] });
    expect(group.body.data.setFeatureFlagGroup).toEqual({ code: 'beta-testers', flags: ['beta-export', 'beta-search'], advisers: 0 });

    const direct = await admin.gql(SET_ADVISER, { adviserId: pilot.id, flags: ['beta-search'], groups: [] });
    expect(direct.body.data.setAdviserFeatureFlags).toEqual({ flags: ['beta-search'], groups: [], features: ['beta-search'] });
    expect(await features(pilot)).toEqual(['beta-search']);
    expect(await features(other)).toEqual([]);

    await admin.gql(SET_ADVISER, { adviserId: pilot.id, flags: [], groups: ['beta-testers'] });
    expect(await features(pilot)).toEqual(['beta-export', 'beta-search']);
    const em = app.orm.em.fork();
    expect(await isFeatureEnabled(em, 'beta-export', pilot.id)).toBe(true);
    expect(await isFeatureEnabled(em, 'beta-export', other.id)).toBe(false);
    expect(await isFeatureEnabled(em, 'beta-export')).toBe(false);
    expect([...(await advisersWithFeature(em, 'beta-export', [pilot.id, other.id, admin.id]))]).toEqual([pilot.id]);

    const listed = await admin.gql('{ featureFlags { code groups } featureFlagGroups { code advisers } }');
    expect(listed.body.data.featureFlags).toEqual(expect.arrayContaining([{ code: 'beta-search', groups: ['beta-testers'] }]));
    expect(listed.body.data.featureFlagGroups).toEqual([{ code: 'beta-testers', advisers: 1 }]);

    // Unknown codes are reported together, and nothing is written.
    const wrong = await admin.gql(SET_ADVISER, { adviserId: pilot.id, flags: ['nope'], groups: ['nobody'] });
    expect(wrong.body.errors[0].extensions.issues).toEqual([
      expect.objectContaining({ field: ['groups', '0'], reason: 'UNKNOWN_FEATURE_FLAG_GROUP' }),
      expect.objectContaining({ field: ['flags', '0'], reason: 'UNKNOWN_FEATURE_FLAG' }),
    ]);
    expect(await features(pilot)).toEqual(['beta-export', 'beta-search']);
    const missing = await admin.gql(SET_ADVISER, { adviserId: '00000000-0000-4000-8000-000000000000', flags: [], groups: [] });
    expect(missing.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('refuses the administration to advisers without manage_feature_flag, writing nothing', async () => {
    for (const [query, variables] of [
      ['{ featureFlags { code } }', {}],
      ['{ featureFlagGroups { code } }', {}],
      ['query($id: UUID!) { adviserFeatureFlags(adviserId: $id) { flags } }', { id: other.id }],
      [SET_FLAG, { code: 'beta-search', enabled: true }],
      [SET_GROUP, { code: 'beta-testers', flags: [] }],
      [SET_ADVISER, { adviserId: other.id, flags: ['beta-search'], groups: [] }],
    ] as const) {
      const res = await other.gql(query, variables);
      expect(res.body.errors[0].extensions, query).toMatchObject({ code: 'FORBIDDEN', permission: 'manage_feature_flag' });
    }
    expect(await features(other)).toEqual([]);
    expect(await isFeatureEnabled(app.orm.em.fork(), 'beta-search')).toBe(false);
  });

  it('knows the flags modules declare before they are stored: listed off, settable, with their description', async () => {
    const service = createFeatureFlagService({ 'auto-archive-companies': 'Archive companies nobody has touched for years.' });
    const em = app.orm.em.fork();
    expect((await service.list(em)).find((f) => f.code === 'auto-archive-companies')).toMatchObject({ enabled: false, declared: true });
    expect(await isFeatureEnabled(em, 'auto-archive-companies')).toBe(false);
    // As a job would, with its actor for the audit.
    const set = await runAsActor(jobActor('flags test'), () => service.setFlag(em, { code: 'auto-archive-companies', enabled: true, description: 'ignored: the module says' }, null));
    expect(set).toMatchObject({ enabled: true, declared: true, description: 'Archive companies nobody has touched for years.' });
    expect(await isFeatureEnabled(em, 'auto-archive-companies')).toBe(true);
    // Off again: on the server run the CLI's test shares this database.
    await runAsActor(jobActor('flags test'), () => service.setFlag(em, { code: 'auto-archive-companies', enabled: false }, null));
    expect(await isFeatureEnabled(em, 'auto-archive-companies')).toBe(false);
  });
});

describe('feature flags from the CLI', () => {
  // Thirteen commands, and on the embedded run each opens its own PGlite (about 2 s apiece on a busy 2-core
  // machine, where 30 s ran out in CI): a budget for that, not a wait.
  it('sets, groups, grants, revokes and lists, with clear errors', { timeout: 120_000 }, async () => {
    await cli('adviser:create', '--email', 'flag.cli@example.gov.uk', '--name', 'Flag Cli');
    expect(await cli('feature:set', '--flag', 'cli-flag', '--on')).toMatchObject({ code: 1, err: expect.stringMatching(/No flag has the code cli-flag: give a description/) });
    expect(await cli('feature:set', '--flag', 'cli-flag')).toMatchObject({ code: 1, err: expect.stringMatching(/one of --on or --off/) });
    expect(await cli('feature:set', '--flag', 'cli-flag', '--off', '--description', 'A flag from the CLI')).toMatchObject({ code: 0, out: ['cli-flag is off for the environment.'] });
    expect(await cli('feature:group', '--group', 'cli-group', '--flags', 'cli-flag')).toMatchObject({ code: 0, out: ['group cli-group: cli-flag.'] });
    expect(await cli('feature:grant', '--adviser', 'nobody@example.gov.uk', '--flag', 'cli-flag')).toMatchObject({ code: 1, err: expect.stringMatching(/No adviser has the email/) });
    expect(await cli('feature:grant', '--adviser', 'flag.cli@example.gov.uk', '--flag', 'cli-flag', '--group', 'cli-group')).toMatchObject({ code: 1, err: expect.stringMatching(/one of --flag CODE or --group CODE/) });
    expect(await cli('feature:grant', '--adviser', 'flag.cli@example.gov.uk', '--flag', 'nope')).toMatchObject({ code: 1, err: expect.stringMatching(/No flag has the code nope/) });

    const granted = await cli('feature:grant', '--adviser', 'flag.cli@example.gov.uk', '--group', 'cli-group');
    expect(granted).toMatchObject({ code: 0, out: ['flag.cli@example.gov.uk: flags none; groups cli-group; on for them: cli-flag.'] });
    expect((await cli('feature:list')).out).toEqual(expect.arrayContaining(['cli-flag  off; 0 adviser(s); groups cli-group: A flag from the CLI', 'group cli-group: cli-flag; 1 adviser(s)']));
    const revoked = await cli('feature:revoke', '--adviser', 'flag.cli@example.gov.uk', '--group', 'cli-group');
    expect(revoked).toMatchObject({ code: 0, out: ['flag.cli@example.gov.uk: flags none; groups none; on for them: none.'] });
    expect(await cli('feature:set', '--flag', 'cli-flag', '--on')).toMatchObject({ code: 0, out: ['cli-flag is on for the environment.'] });
    if (app.databaseUrl) {
      // The same database: the API sees what the CLI set, and the audit names the command.
      expect(await features(other)).toContain('cli-flag');
      const [event] = await app.sql("select a.* from audit_event a join feature_flag f on f.id = a.record_id where f.code = 'cli-flag' order by a.occurred_on desc limit 1");
      expect(event).toMatchObject({ actor_kind: 'job', actor_name: 'cli feature:set', action: 'update' });
    }
  });
});
