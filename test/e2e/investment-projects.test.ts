import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCaller, createClientCaller, type Caller } from '../helpers/callers.js';
import { createCompany, createContact, REFS } from '../helpers/factories.js';

/** Data Hub's ids (seeds/reference-data). */
const STAGE = {
  prospect: '8a320cc9-ae2e-443e-9d26-2f36452c2ced',
  assignPm: 'c9864359-fb1a-4646-a4c1-97d10189fc03',
  active: '7606cc19-20da-4b74-aba1-2cec0d753ad8',
  verifyWin: '49b8f6f3-0c50-4150-a965-2c974f3149e3',
  won: '945ea6d1-eee3-4f5b-9144-84a75b71b8e6',
};
const FDI = '3e143372-496c-4d1e-8278-6fdd3da9b48b';
const NON_FDI = '9c364e64-2b28-401b-b2df-50e08b0bca44';
const EXPANSION = 'd08a2f07-c366-4133-9a7e-35b6c88a3270';
const DIRECT_ENQUIRY = '7d98f3a6-3e3f-40ac-a6f3-3f0c251ec1d2';
const EVENT_ACTIVITY = '3816a95b-6a76-4ad0-8ae9-b0d7e7d2b79c';
const MANUFACTURING = '77be20b3-05bf-4e06-a517-6989f8b9b922';
const HIGH = '90531272-fc9c-4403-9320-b69e51fbec06';

let app: TestApp;
let investor: { id: string };
let contactId: string;
let sectorId: string;
let regionId: string;
let driverId: string;
let ivt: Caller;
beforeAll(async () => {
  app = await createTestApp({ debugSql: true });
  investor = await createCompany(app, { address: { line1: '1 Rue de Rivoli', town: 'Paris', countryId: REFS.france }, ukRegionId: null });
  contactId = (await createContact(app, investor.id)).id;
  // A sector with a capital GVA multiplier, so the value can be checked.
  [{ id: sectorId }] = await app.sql(`select sector_id as id from metadata_gva_multiplier where sector_classification_gva_multiplier = 'capital' order by financial_year desc, id limit 1`);
  [{ id: regionId }] = await app.sql('select id from metadata_uk_region where disabled_on is null order by id limit 1');
  [{ id: driverId }] = await app.sql('select id from metadata_investment_strategic_driver where disabled_on is null order by id limit 1');
  ivt = await createCaller(app, { groups: ['DIT_staff', 'Investment Verification Team'], name: 'Vera Verifier' });
});
afterAll(() => app?.close());

const FIELDS = `id projectCode name stage { id name } status incompleteFields investmentType { id } fdiType { id }
  investorCompany { id } clientContacts { id } countryInvestmentOriginatesFrom { id } grossValueAdded
  projectManager { id } projectManagerFirstAssignedOn projectManagerFirstAssignedBy { id }
  stageLog { stage { id } adviser { id } } teamMembers { role adviser { id } }`;
const CREATE = `mutation($input: InvestmentProjectCreateInput!) { createInvestmentProject(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: UUID!, $input: InvestmentProjectUpdateInput!) { updateInvestmentProject(id: $id, input: $input) { ${FIELDS} } }`;
const SET_STAGE = `mutation($id: UUID!, $stageId: UUID!) { setInvestmentProjectStage(id: $id, stageId: $stageId) { ${FIELDS} } }`;

const input = (over: Record<string, unknown> = {}) => ({
  name: 'New plant in the Midlands',
  description: 'A battery plant',
  investmentTypeId: FDI,
  fdiTypeId: EXPANSION,
  estimatedLandDate: '2027-06-01',
  investorCompanyId: investor.id,
  clientContactIds: [contactId],
  clientRelationshipManagerId: app.adminId,
  referralSourceAdviserId: app.adminId,
  referralSourceActivityId: DIRECT_ENQUIRY,
  sectorId,
  businessActivityIds: [MANUFACTURING],
  ...over,
});

const ok = (res: { body: any }) => {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
};
const projectRows = async () => (await app.sql('select (select count(*)::int from investment_project) + (select count(*)::int from investment_project_stage_log) as n'))[0].n;

/** A write that must be refused: its first error, after checking nothing was written. */
async function refused(query: string, variables: Record<string, unknown>, token?: string) {
  const before = await projectRows();
  const res = await app.gql(query, variables, token);
  expect(res.body.errors, JSON.stringify(res.body)).toBeDefined();
  expect(await projectRows()).toBe(before);
  return res.body.errors[0];
}

const create = async (over: Record<string, unknown> = {}) => ok(await app.gql(CREATE, { input: input(over) })).createInvestmentProject;
const update = async (id: string, values: Record<string, unknown>, token?: string) => app.gql(UPDATE, { id, input: values }, token);

/** Everything Assign PM and Active need. */
const ACTIVE_FIELDS = () => ({
  clientCannotProvideTotalInvestment: false,
  totalInvestment: 5_000_000,
  strategicDriverIds: [driverId],
  clientRequirements: 'Near a port',
  clientConsideringOtherCountries: false,
  ukRegionLocationIds: [regionId],
  projectManagerId: app.adminId,
  projectAssuranceAdviserId: app.adminId,
  likelihoodToLandId: HIGH,
});

describe('investment projects', () => {
  it('creates a project at Prospect with a DHP- code, a stage log entry and the investor country, and says what Assign PM needs', async () => {
    const made = await create();
    expect(made).toMatchObject({
      projectCode: expect.stringMatching(/^DHP-\d{8}$/),
      stage: { id: STAGE.prospect, name: 'Prospect' },
      status: 'ONGOING',
      investorCompany: { id: investor.id },
      clientContacts: [{ id: contactId }],
      countryInvestmentOriginatesFrom: { id: REFS.france },
      stageLog: [{ stage: { id: STAGE.prospect }, adviser: { id: app.adminId } }],
      projectManager: null,
    });
    expect(made.incompleteFields).toEqual(['clientCannotProvideTotalInvestment', 'strategicDriverIds', 'clientRequirements', 'clientConsideringOtherCountries', 'ukRegionLocationIds']);
  });

  it('gives each project the next code from a sequence, never reusing one', async () => {
    const a = await create();
    await refused(CREATE, { input: input({ sectorId: null }) });
    const b = await create();
    const digits = (code: string) => Number(code.slice(4));
    expect(digits(b.projectCode)).toBeGreaterThan(digits(a.projectCode));
  });

  it('reports every missing and wrong field at once, with its path, and writes nothing', async () => {
    const other = await createCompany(app);
    const stranger = (await createContact(app, other.id)).id;
    const error = await refused(CREATE, {
      input: input({ fdiTypeId: null, sectorId: null, businessActivityIds: [], clientContactIds: [stranger], referralSourceActivityId: EVENT_ACTIVITY }),
    });
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    const issues = error.extensions.issues.map((i: any) => [i.field.join('.'), i.reason]);
    expect(issues).toEqual(
      expect.arrayContaining([
        ['fdiTypeId', 'REQUIRED'],
        ['sectorId', 'REQUIRED'],
        ['businessActivityIds', 'REQUIRED'],
        ['clientContactIds.0', 'CONTACT_NOT_OF_INVESTOR'],
        ['referralSourceActivityEvent', 'REQUIRED'],
      ]),
    );
    expect((await refused(CREATE, { input: input({ investmentTypeId: NON_FDI }) })).extensions).toMatchObject({ reason: 'FDI_TYPE_ONLY_FOR_FDI', field: ['fdiTypeId'] });
  });

  it('moves through the stages checking every field up to each, and logs each move', async () => {
    const p = await create();
    const missing = (await refused(UPDATE, { id: p.id, input: { stageId: STAGE.active } })).extensions.issues.map((i: any) => i.field[0]);
    expect(missing).toEqual([
      'clientCannotProvideTotalInvestment',
      'strategicDriverIds',
      'clientRequirements',
      'clientConsideringOtherCountries',
      'ukRegionLocationIds',
      'projectManagerId',
      'projectAssuranceAdviserId',
      'likelihoodToLandId',
    ]);
    const moved = ok(await update(p.id, { ...ACTIVE_FIELDS(), stageId: STAGE.active })).updateInvestmentProject;
    expect(moved.stage.id).toBe(STAGE.active);
    expect(moved.stageLog.map((e: any) => e.stage.id)).toEqual([STAGE.prospect, STAGE.active]);
    // The first project manager is stamped with who assigned them.
    expect(moved.projectManagerFirstAssignedBy).toEqual({ id: app.adminId });
    expect(moved.projectManagerFirstAssignedOn).toEqual(expect.any(String));
    expect(moved.incompleteFields).toContain('numberNewJobs');
  });

  it('checks only the fields a partial edit touches', async () => {
    const p = await create();
    ok(await app.gql(SET_STAGE, { id: p.id, stageId: STAGE.active }, ivt.token));
    // Active without its fields (set without checking): an edit of the description still saves...
    expect(ok(await update(p.id, { description: 'Changed', clientRequirements: 'Near a port' })).updateInvestmentProject.stage.id).toBe(STAGE.active);
    // ...but clearing a field Active needs is refused.
    expect((await refused(UPDATE, { id: p.id, input: { clientRequirements: '  ' } })).extensions).toMatchObject({ reason: 'REQUIRED', field: ['clientRequirements'] });
  });

  it('lets only the PM or PAA move a project to Verify win, and only the verification team to Won; Won sets the status', async () => {
    const pm = await createCaller(app, { teamRole: 'International Trade Team', name: 'Pat Manager' });
    const p = await create();
    const verifyFields = {
      ...ACTIVE_FIELDS(),
      projectManagerId: pm.id,
      clientCannotProvideForeignInvestment: false,
      foreignEquityInvestment: 2_000_000,
      governmentAssistance: false,
      numberNewJobs: 0,
      numberSafeguardedJobs: 0,
      rAndDBudget: false,
      nonFdiRAndDBudget: false,
      newTechToUk: true,
      exportRevenue: true,
      siteAddressIsCompanyAddress: false,
      address1: '1 Dock Road',
      addressTown: 'Hull',
      addressPostcode: 'HU1 1AA',
      actualUkRegionIds: [regionId],
      deliveryPartnerIds: [(await app.sql('select id from metadata_investment_delivery_partner where disabled_on is null order by id limit 1'))[0].id],
      specificProgrammeIds: [(await app.sql('select id from metadata_specific_programme where disabled_on is null order by id limit 1'))[0].id],
      actualLandDate: '2027-05-01',
      ukCompanyId: (await createCompany(app)).id,
      investorTypeId: (await app.sql('select id from metadata_investor_type order by id limit 1'))[0].id,
      levelOfInvolvementId: (await app.sql('select id from metadata_involvement where disabled_on is null order by id limit 1'))[0].id,
    };
    ok(await update(p.id, { ...verifyFields, stageId: STAGE.active }));
    // The PAA is the admin, but another staff member is neither.
    const other = await createCaller(app, { teamRole: 'International Trade Team' });
    expect((await refused(UPDATE, { id: p.id, input: { stageId: STAGE.verifyWin } }, other.token)).extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ONLY_PM_OR_PAA' });
    const verified = ok(await update(p.id, { stageId: STAGE.verifyWin }, pm.token)).updateInvestmentProject;
    expect(verified.stage.id).toBe(STAGE.verifyWin);
    // GVA: the sector's capital multiplier times the foreign equity investment.
    const [{ multiplier }] = await app.sql('select multiplier from metadata_gva_multiplier where sector_id = ? order by financial_year desc, id limit 1', [sectorId]);
    expect(verified.grossValueAdded).toBe(Math.round(multiplier * 2_000_000));
    expect((await refused(UPDATE, { id: p.id, input: { stageId: STAGE.won } }, pm.token)).extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ONLY_VERIFICATION_TEAM' });
    const won = ok(await update(p.id, { stageId: STAGE.won }, ivt.token)).updateInvestmentProject;
    expect(won).toMatchObject({ stage: { id: STAGE.won }, status: 'WON', incompleteFields: [] });
    // Won only with the Won stage; leaving Won makes it ongoing again.
    expect((await refused(UPDATE, { id: p.id, input: { status: 'DELAYED' } })).extensions).toMatchObject({ reason: 'REQUIRED', field: ['reasonDelayed'] });
    const back = ok(await app.gql(SET_STAGE, { id: p.id, stageId: STAGE.active }, ivt.token)).setInvestmentProjectStage;
    expect(back).toMatchObject({ stage: { id: STAGE.active }, status: 'ONGOING' });
    expect(back.stageLog.map((e: any) => e.stage.id)).toEqual([STAGE.prospect, STAGE.active, STAGE.verifyWin, STAGE.won, STAGE.active]);
    expect((await refused(UPDATE, { id: p.id, input: { status: 'WON' } })).extensions).toMatchObject({ reason: 'WON_ONLY_AT_WON_STAGE' });
  });

  it('refuses setting any stage without change_to_any_stage_investmentproject', async () => {
    const p = await create();
    const staff = await createCaller(app, { teamRole: 'International Trade Team' });
    expect((await refused(SET_STAGE, { id: p.id, stageId: STAGE.won }, staff.token)).extensions.code).toBe('FORBIDDEN');
  });

  it('keeps a team of advisers with roles, each once', async () => {
    const p = await create();
    const a = await createCaller(app, { name: 'Tom Member' });
    const SET = `mutation($id: UUID!, $m: [InvestmentProjectTeamMemberInput!]!) { setInvestmentProjectTeamMembers(id: $id, teamMembers: $m) { teamMembers { role adviser { id } } } }`;
    const res = ok(await app.gql(SET, { id: p.id, m: [{ adviserId: a.id, role: 'Sector specialist' }, { adviserId: app.adminId, role: 'Adviser' }] }));
    expect(res.setInvestmentProjectTeamMembers.teamMembers).toEqual([
      { role: 'Adviser', adviser: { id: app.adminId } },
      { role: 'Sector specialist', adviser: { id: a.id } },
    ]);
    const twice = await app.gql(SET, { id: p.id, m: [{ adviserId: a.id, role: 'x' }, { adviserId: a.id, role: 'y' }] });
    expect(twice.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TEAM_MEMBER_TWICE', field: ['teamMembers', '1', 'adviserId'] });
    const cleared = ok(await app.gql(SET, { id: p.id, m: [] }));
    expect(cleared.setInvestmentProjectTeamMembers.teamMembers).toEqual([]);
  });

  it('archives with a reason, read-only until unarchived', async () => {
    const p = await create();
    ok(await app.gql('mutation($id: UUID!) { archiveInvestmentProject(id: $id, reason: "Duplicate") { archived } }', { id: p.id }));
    expect((await refused(UPDATE, { id: p.id, input: { name: 'x' } })).extensions.reason).toBe('ARCHIVED_READ_ONLY');
    expect(ok(await app.gql('mutation($id: UUID!) { unarchiveInvestmentProject(id: $id) { archived } }', { id: p.id })).unarchiveInvestmentProject.archived).toBe(false);
  });

  it('reads a project page — companies, contacts, team and stage log — in one statement, and a company its projects', async () => {
    const p = await create();
    const res = await app.gql(
      `query($id: UUID!) { investmentProject(id: $id) { ${FIELDS} sector { name } businessActivities { name } clientRelationshipManager { name team { name } }
         investorCompany { name address { country { name } } } ukCompany { name } } }`,
      { id: p.id },
    );
    expect(ok(res).investmentProject).toMatchObject({ id: p.id, stageLog: [{ stage: { id: STAGE.prospect } }], businessActivities: [{ name: 'Manufacturing' }] });
    expect(res.body.extensions.sqlStatements).toBe(1);
    const list = await app.gql(`query($id: UUID!) { company(id: $id) { investmentProjects(first: 50) { totalCount edges { node { ${FIELDS} } } } } }`, { id: investor.id });
    const page = ok(list).company.investmentProjects;
    expect(page.edges.map((e: any) => e.node.id)).toContain(p.id);
    expect(page.totalCount).toBe(page.edges.length);
    expect(list.body.extensions.sqlStatements).toBe(1);
  });

  it('audits every write with its actor: creation, field changes, stage moves and team edits', async () => {
    const p = await create();
    ok(await update(p.id, { ...ACTIVE_FIELDS(), stageId: STAGE.active }));
    const member = await createCaller(app, { name: 'Audit Member' });
    ok(await app.gql('mutation($id: UUID!, $m: [InvestmentProjectTeamMemberInput!]!) { setInvestmentProjectTeamMembers(id: $id, teamMembers: $m) { id } }', { id: p.id, m: [{ adviserId: member.id, role: 'Adviser' }] }));
    const events = await app.sql<{ actor_id: string; action: string; changes: Record<string, [unknown, unknown]> }>(
      'select actor_id, action, changes from audit_event where record_id = ? order by occurred_on, id',
      [p.id],
    );
    expect(events.map((e) => e.action)).toEqual(['create', 'update', 'update']);
    expect(events.every((e) => e.actor_id === app.adminId)).toBe(true);
    expect(events[1].changes.stage).toEqual([STAGE.prospect, STAGE.active]);
    expect(events[1].changes.clientRequirements).toEqual([null, 'Near a port']);
    expect(Object.keys(events[2].changes)).toContain('teamMembers');
    // An update that changes nothing writes nothing: no event, no stage log entry.
    const before = await projectRows();
    ok(await update(p.id, { description: 'A battery plant' }));
    expect(await projectRows()).toBe(before);
    expect((await app.sql('select count(*)::int as n from audit_event where record_id = ?', [p.id]))[0].n).toBe(3);
  });

  it('serves partners with investment:read live projects only, their contacts with contact:read, and no personal data without contact:pii', async () => {
    const live = await create({ name: 'Partner visible' });
    const archived = await create({ name: 'Partner hidden' });
    ok(await app.gql('mutation($id: UUID!) { archiveInvestmentProject(id: $id, reason: "Withdrawn") { id } }', { id: archived.id }));
    const reader = await createClientCaller(app, { scopes: ['investment:read'] });
    const LIST = 'query($ids: [UUID!]) { investmentProjects(filter: { id: { in: $ids } }) { totalCount edges { node { name projectCode } } } }';
    expect(ok(await reader.gql(LIST, { ids: [live.id, archived.id] })).investmentProjects).toEqual({ totalCount: 1, edges: [{ node: { name: 'Partner visible', projectCode: live.projectCode } }] });
    expect((await reader.gql('query($id: UUID!) { investmentProject(id: $id) { id } }', { id: archived.id })).body.errors[0].extensions).toEqual({ code: 'NOT_FOUND', entity: 'InvestmentProject' });
    const withContacts = await reader.gql('query($id: UUID!) { investmentProject(id: $id) { name clientContacts { id } } }', { id: live.id });
    expect(withContacts.body.data.investmentProject).toEqual({ name: 'Partner visible', clientContacts: null });
    expect(withContacts.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'view_contact' });
    const contactReader = await createClientCaller(app, { scopes: ['investment:read', 'contact:read'] });
    const pii = await contactReader.gql('query($id: UUID!) { investmentProject(id: $id) { clientContacts { id email } } }', { id: live.id });
    expect(pii.body.data.investmentProject.clientContacts).toEqual([{ id: contactId, email: null }]);
    expect(pii.body.errors[0]).toMatchObject({ path: ['investmentProject', 'clientContacts', 0, 'email'], extensions: { code: 'FORBIDDEN' } });
    // A contact of an archived company is hidden from partners, embedded in the project's statement or not.
    const closed = await createCompany(app);
    const closedContact = (await createContact(app, closed.id)).id;
    const ofClosed = await create({ investorCompanyId: closed.id, clientContactIds: [closedContact] });
    ok(await app.gql('mutation($id: UUID!) { archiveCompany(id: $id, reason: "Closed") { id } }', { id: closed.id }));
    const embedded = await contactReader.gql('query($id: UUID!) { investmentProject(id: $id) { clientContacts { id } } }', { id: ofClosed.id });
    expect(ok(embedded).investmentProject.clientContacts).toEqual([]);
    expect(embedded.body.extensions.sqlStatements).toBe(1);
    const loaded = await contactReader.gql('query($id: UUID!) { investmentProject(id: $id) { clientContacts @include(if: true) { id } } }', { id: ofClosed.id });
    expect(ok(loaded).investmentProject.clientContacts).toEqual([]);
    // No scope writes projects.
    expect((await reader.gql(CREATE, { input: input() })).body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'add_investmentproject' });
  });

  it('writes in a handful of statements: reading the project before a change is one statement, whatever its lists', async () => {
    const C = 'mutation($input: InvestmentProjectCreateInput!) { createInvestmentProject(input: $input) { id } }';
    const U = 'mutation($id: UUID!, $input: InvestmentProjectUpdateInput!) { updateInvestmentProject(id: $id, input: $input) { id } }';
    const created = await app.gql(C, { input: input() });
    const id = ok(created).createInvestmentProject.id;
    // The facts, the project, its two lists, its stage log, the audit row, and the result.
    expect(created.body.extensions.sqlStatements).toBe(7);
    // The project, its lists, the facts, the update, the audit row, and the result.
    const edited = await app.gql(U, { id, input: { description: 'Edited' } });
    expect(edited.body.extensions.sqlStatements).toBe(6);
    // A stage move that fills two lists reads and writes those two besides.
    const moved = await app.gql(U, { id, input: { ...ACTIVE_FIELDS(), stageId: STAGE.active } });
    ok(moved);
    expect(moved.body.extensions.sqlStatements).toBeLessThanOrEqual(11);
  });
});
