import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCaller, createClientCaller, type Caller } from '../helpers/callers.js';
import { createCompany, expectRefused, REFS } from '../helpers/factories.js';

let app: TestApp;
let staff: Caller;
let analyst: Caller;
beforeAll(async () => {
  app = await createTestApp({ debugSql: true });
  staff = await createCaller(app, { teamRole: 'International Trade Team', name: 'Trade Adviser' });
  analyst = await createCaller(app, { groups: ['Read-only analyst'], name: 'Read Only' });
});
afterAll(() => app?.close());

const ok = (res: { body: any }) => {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
};

const VIEWER_CAN = 'query($id: UUID!) { company(id: $id) { id viewerCan { edit archive unarchive lockedFields } } }';

describe('Company.viewerCan', () => {
  it('tells each caller which buttons work on this company, as the mutations decide', async () => {
    const company = await createCompany(app);
    const as = async (caller?: Caller) => ok(await app.gql(VIEWER_CAN, { id: company.id }, caller?.token ?? app.token)).company.viewerCan;
    expect(await as(staff)).toEqual({ edit: true, archive: true, unarchive: false, lockedFields: [] });
    expect(await as(analyst)).toEqual({ edit: false, archive: false, unarchive: false, lockedFields: [] });

    ok(await app.gql('mutation($id: UUID!) { archiveCompany(id: $id, reason: "Closed") { id } }', { id: company.id }));
    expect(await as(staff)).toEqual({ edit: false, archive: false, unarchive: true, lockedFields: [] });
    expect(await as(analyst)).toEqual({ edit: false, archive: false, unarchive: false, lockedFields: [] });
    // What viewerCan says is what the mutations do.
    const update = await staff.gql('mutation($id: UUID!) { updateCompany(id: $id, input: { website: "x.example" }) { id } }', { id: company.id });
    expect(update.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ARCHIVED_READ_ONLY' });
  });

  it("follows a partner client's scopes: company:write edits, and no scope archives", async () => {
    const company = await createCompany(app, { dunsNumber: '975318642' });
    const reader = await createClientCaller(app, { scopes: ['company:read'] });
    const writer = await createClientCaller(app, { scopes: ['company:read', 'company:write'] });
    const as = async (caller: { gql: Caller['gql'] }) => ok(await caller.gql(VIEWER_CAN, { id: company.id })).company.viewerCan;
    expect(await as(reader)).toMatchObject({ edit: false, archive: false, unarchive: false });
    expect(await as(writer)).toMatchObject({ edit: true, archive: false, unarchive: false, lockedFields: expect.arrayContaining(['name', 'address']) });
    const archive = await writer.gql('mutation($id: UUID!) { archiveCompany(id: $id, reason: "Closed") { id } }', { id: company.id });
    expect(archive.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});

const TIER_A = 'b91bf800-8d53-e311-aef3-441ea13961e2';
const TIER_B = 'bb1bf800-8d53-e311-aef3-441ea13961e2';

/** Puts a company on the One List as Data Hub's One List tools would (they are not part of the API yet). */
async function putOnOneList(companyId: string, tierId: string, ownerId: string | null, coreTeam: string[]) {
  await app.sql('update company set one_list_tier_id = ?, one_list_account_owner_id = ? where id = ?', [tierId, ownerId, companyId]);
  for (const adviserId of coreTeam) {
    await app.sql('insert into company_one_list_core_team_member (id, company_id, adviser_id) values (gen_random_uuid(), ?, ?)', [companyId, adviserId]);
  }
}

const GROUP = `oneListTier { id } oneListAccountOwner { id } oneListGroupTier { id name } oneListGroupGlobalAccountManager { id name team { id } }
  oneListGroupCoreTeam { isGlobalAccountManager adviser { id name } }`;

describe('the One List group', () => {
  let ghq: { id: string };
  let subsidiary: { id: string };
  let gam: Caller;
  let zara: Caller;
  let adam: Caller;
  beforeAll(async () => {
    gam = await createCaller(app, { name: 'Gina Manager', teamRole: 'International Trade Team' });
    zara = await createCaller(app, { name: 'Zara Core' });
    adam = await createCaller(app, { name: 'Adam Core' });
    ghq = await createCompany(app, { headquarterTypeId: REFS.ghq });
    subsidiary = await createCompany(app, { globalHeadquartersId: ghq.id });
    // The account manager is also a core team member: listed once, first.
    await putOnOneList(ghq.id, TIER_A, gam.id, [zara.id, gam.id, adam.id]);
    // A subsidiary's own One List values are not its group's.
    await putOnOneList(subsidiary.id, TIER_B, zara.id, [zara.id]);
  });

  it("shows a subsidiary its global headquarters' tier, account manager and core team, in one statement", async () => {
    const res = await app.gql(`query($id: UUID!) { company(id: $id) { id name ${GROUP} viewerCan { edit } globalHeadquarters { id } } }`, { id: subsidiary.id });
    const { company } = ok(res);
    expect(company).toMatchObject({
      oneListTier: { id: TIER_B },
      oneListAccountOwner: { id: zara.id },
      oneListGroupTier: { id: TIER_A, name: 'Tier A - SRM Programme Accounts' },
      oneListGroupGlobalAccountManager: { id: gam.id, name: 'Gina Manager', team: { id: expect.any(String) } },
    });
    expect(company.oneListGroupCoreTeam).toEqual([
      { isGlobalAccountManager: true, adviser: { id: gam.id, name: 'Gina Manager' } },
      { isGlobalAccountManager: false, adviser: { id: adam.id, name: 'Adam Core' } },
      { isGlobalAccountManager: false, adviser: { id: zara.id, name: 'Zara Core' } },
    ]);
    expect(res.body.extensions.sqlStatements).toBe(1);
  });

  it('shows a global headquarters its own, and a company in no group its own', async () => {
    const { company } = ok(await app.gql(`query($id: UUID!) { company(id: $id) { ${GROUP} } }`, { id: ghq.id }));
    expect(company.oneListGroupTier.id).toBe(TIER_A);
    expect(company.oneListGroupCoreTeam.map((m: any) => m.adviser.id)).toEqual([gam.id, adam.id, zara.id]);
    const alone = await createCompany(app);
    expect(ok(await app.gql(`query($id: UUID!) { company(id: $id) { ${GROUP} } }`, { id: alone.id })).company).toMatchObject({
      oneListGroupTier: null,
      oneListGroupGlobalAccountManager: null,
      oneListGroupCoreTeam: [],
    });
  });

  it('gives the same answers in a list, in one statement, and after a write (loaded, not embedded)', async () => {
    const res = await app.gql(`query($ids: [UUID!]) { companies(filter: { id: { in: $ids } }, orderBy: [{ field: NAME, direction: ASC }]) { edges { node { id ${GROUP} } } } }`, {
      ids: [ghq.id, subsidiary.id],
    });
    const nodes = ok(res).companies.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.oneListGroupGlobalAccountManager.id)).toEqual([gam.id, gam.id]);
    expect(res.body.extensions.sqlStatements).toBe(1);
    const nested = await app.gql(`query($id: UUID!) { company(id: $id) { subsidiaries { edges { node { id ${GROUP} } } } } }`, { id: ghq.id });
    expect(ok(nested).company.subsidiaries.edges).toEqual([{ node: expect.objectContaining({ id: subsidiary.id, oneListGroupTier: { id: TIER_A, name: expect.any(String) } }) }]);
    expect(nested.body.extensions.sqlStatements).toBe(1);
    const updated = ok(await app.gql(`mutation($id: UUID!) { updateCompany(id: $id, input: { website: "sub.example" }) { ${GROUP} } }`, { id: subsidiary.id })).updateCompany;
    expect(updated).toMatchObject({ oneListGroupTier: { id: TIER_A }, oneListGroupGlobalAccountManager: { id: gam.id } });
    expect(updated.oneListGroupCoreTeam).toHaveLength(3);
  });

  it("lists an adviser's managed companies (account owner), filtered and ordered, in one statement", async () => {
    const query = `query($id: UUID!, $filter: CompanyFilter) { adviser(id: $id) { id managedCompanies(filter: $filter, orderBy: [{ field: NAME, direction: ASC }]) { totalCount edges { node { id oneListGroupTier { id } } } } } }`;
    const res = await app.gql(query, { id: zara.id });
    expect(ok(res).adviser.managedCompanies).toEqual({ totalCount: 1, edges: [{ node: { id: subsidiary.id, oneListGroupTier: { id: TIER_A } } }] });
    expect(res.body.extensions.sqlStatements).toBe(1);
    const none = ok(await app.gql(query, { id: zara.id, filter: { archived: { eq: true } } })).adviser.managedCompanies;
    expect(none.totalCount).toBe(0);
    // Companies need view_company wherever they are listed.
    const adviserViewer = await createCaller(app, { permissions: ['view_advisor'] });
    const refused = await adviserViewer.gql(`query($id: UUID!) { adviser(id: $id) { id managedCompanies { totalCount } } }`, { id: zara.id });
    expect(refused.body.errors[0]).toMatchObject({ path: ['adviser', 'managedCompanies'], extensions: { code: 'FORBIDDEN', permission: 'view_company' } });
  });
});

describe('D&B-linked companies', () => {
  const UPDATE = 'mutation($id: UUID!, $input: CompanyUpdateInput!) { updateCompany(id: $id, input: $input) { id name website turnover viewerCan { lockedFields } } }';
  const issuesOf = (error: any) => error.extensions.issues.map((i: any) => `${i.field.join('.')}:${i.reason}`);

  it('refuses a change to a field D&B keeps, naming each one, and writes nothing', async () => {
    const linked = await createCompany(app, { dunsNumber: '246813579', turnover: 1000 });
    const one = await expectRefused(app, UPDATE, { id: linked.id, input: { name: 'Renamed Ltd' } });
    expect(one.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DNB_READ_ONLY', field: ['name'] });
    const many = await expectRefused(app, UPDATE, {
      id: linked.id,
      input: { tradingNames: ['Other'], turnover: 2000, dunsNumber: null, address: { line1: '2 Low Street', town: 'Leeds', postcode: 'LS1 1AA', countryId: REFS.uk } },
    });
    expect(issuesOf(many)).toEqual(['tradingNames:DNB_READ_ONLY', 'dunsNumber:DNB_READ_ONLY', 'turnover:DNB_READ_ONLY', 'address:DNB_READ_ONLY']);
  });

  it("lets the same values through (a form sends the whole record), and the fields D&B does not keep", async () => {
    const linked = await createCompany(app, { dunsNumber: '135792468', turnover: 1000, tradingNames: ['Acme'] });
    const same = { name: linked.name, turnover: 1000, tradingNames: [' Acme '], dunsNumber: '135792468', address: { line1: '1 High Street', town: 'London', postcode: 'sw1a 1aa', countryId: REFS.uk } };
    const updated = ok(await app.gql(UPDATE, { id: linked.id, input: { ...same, website: 'acme.example' } })).updateCompany;
    expect(updated).toMatchObject({ name: linked.name, website: 'acme.example', turnover: 1000 });
    expect(updated.viewerCan.lockedFields).toEqual(expect.arrayContaining(['name', 'tradingNames', 'companyNumber', 'address', 'registeredAddress', 'turnover']));
  });

  it('leaves a company without a DUNS number editable', async () => {
    const plain = await createCompany(app);
    const updated = ok(await app.gql(UPDATE, { id: plain.id, input: { name: 'Renamed Ltd' } })).updateCompany;
    expect(updated).toMatchObject({ name: 'Renamed Ltd', viewerCan: { lockedFields: [] } });
  });
});

describe('merged companies', () => {
  it('show where they were merged into, by whom and why, and stay archived', async () => {
    const kept = await createCompany(app);
    const duplicate = await createCompany(app);
    ok(await app.gql('mutation($id: UUID!) { archiveCompany(id: $id, reason: "Duplicate record") { id } }', { id: duplicate.id }));
    // Data Hub's merge tool sets these; the API reads them.
    await app.sql(`update company set transferred_to_id = ?, transfer_reason = 'duplicate', transferred_on = now(), transferred_by_id = ? where id = ?`, [kept.id, staff.id, duplicate.id]);
    const res = await app.gql(
      'query($id: UUID!) { company(id: $id) { archived transferReason transferredOn transferredTo { id name } transferredBy { id } viewerCan { unarchive } } }',
      { id: duplicate.id },
    );
    expect(ok(res).company).toMatchObject({
      archived: true,
      transferReason: 'DUPLICATE',
      transferredOn: expect.any(String),
      transferredTo: { id: kept.id, name: kept.name },
      transferredBy: { id: staff.id },
      viewerCan: { unarchive: false },
    });
    expect(res.body.extensions.sqlStatements).toBe(1);
    const e = await expectRefused(app, 'mutation($id: UUID!) { unarchiveCompany(id: $id) { id } }', { id: duplicate.id });
    expect(e.extensions).toMatchObject({ code: 'CONFLICT', reason: 'TRANSFERRED' });
    expect(ok(await app.gql('query($id: UUID!) { company(id: $id) { transferredTo { id } transferReason } }', { id: kept.id })).company).toEqual({ transferredTo: null, transferReason: null });
  });
});
