import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGE } from '../../src/modules/investment/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCaller, createClientCaller, teamWithRole, type Caller } from '../helpers/callers.js';
import { createCompany, createContact, refId } from '../helpers/factories.js';

/**
 * Investment project search (issue 14): found by name, by code and by the code's digits, and by its investor
 * company's name for callers who may read it; Data Hub's filters and sorts; counts per stage (the summary); and
 * "associated" access: a caller with view_associated_investmentproject finds only their team's projects, in the
 * project search, in global search and its counts, and in the export. On whichever backend this run has.
 */
let app: TestApp;
const FDI = '3e143372-496c-4d1e-8278-6fdd3da9b48b';
const NON_FDI = '9c364e64-2b28-401b-b2df-50e08b0bca44';
const EXPANSION = 'd08a2f07-c366-4133-9a7e-35b6c88a3270';
const DIRECT_ENQUIRY = '7d98f3a6-3e3f-40ac-a6f3-3f0c251ec1d2';
const MANUFACTURING = '77be20b3-05bf-4e06-a517-6989f8b9b922';
const LEP_ROLE = 'Local Enterprise Partnership (LEP)';

const ids: Record<string, string> = {};
const codes: Record<string, string> = {};
let lep: Caller;
let lepTeamId: string;
let teammate: Caller;
let outsiders: Caller[];
let parentSector: string;
let likelihood: string;
let region: string;

const ok = (res: { body: any }) => {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
};

beforeAll(async () => {
  app = await createTestApp();
  lepTeamId = await teamWithRole(app, LEP_ROLE);
  lep = await createCaller(app, { teamRole: LEP_ROLE, permissions: ['export_investmentproject'], name: 'Lena Partnership' });
  teammate = await createCaller(app, { teamRole: LEP_ROLE, name: 'Tom Teammate' });
  outsiders = [await createCaller(app, { teamRole: 'International Trade Team', name: 'Olive Outsider' }), await createCaller(app, { teamRole: 'International Trade Team', name: 'Oscar Outsider' })];

  // A sector with a parent: a filter on the parent finds the child's project; the others are in another tree.
  let childSector: string;
  [{ id: childSector, parent_id: parentSector }] = await app.sql('select id, parent_id from metadata_sector where parent_id is not null and disabled_on is null order by id limit 1');
  const [{ id: otherSector }] = await app.sql(
    `with recursive up(id, parent_id) as (select id, parent_id from metadata_sector where id = ? union all select s.id, s.parent_id from metadata_sector s join up on s.id = up.parent_id)
     select id from metadata_sector where parent_id is null and disabled_on is null and id not in (select id from up) order by id limit 1`,
    [childSector],
  );
  likelihood = await refId(app, 'metadata_likelihood_to_land');
  region = await refId(app, 'metadata_uk_region');

  const moorland = await createCompany(app, { name: 'Moorland Capital Ltd' });
  const trident = await createCompany(app, { name: 'Trident Ventures Ltd' });
  const contacts = { [moorland.id]: (await createContact(app, moorland.id)).id, [trident.id]: (await createContact(app, trident.id)).id };
  ids.moorland = moorland.id;
  ids.trident = trident.id;

  const create = async (key: string, investorId: string, over: Record<string, unknown>) => {
    const input = {
      description: 'A new site',
      investmentTypeId: FDI,
      fdiTypeId: EXPANSION,
      investorCompanyId: investorId,
      clientContactIds: [contacts[investorId]],
      referralSourceAdviserId: app.adminId,
      referralSourceActivityId: DIRECT_ENQUIRY,
      sectorId: otherSector,
      businessActivityIds: [MANUFACTURING],
      ...over,
    };
    const made = ok(await app.gql('mutation($input: InvestmentProjectCreateInput!) { createInvestmentProject(input: $input) { id projectCode } }', { input }));
    ids[key] = made.createInvestmentProject.id;
    codes[key] = made.createInvestmentProject.projectCode;
  };
  // The battery plant is the LEP team's (its client relationship manager is in it); the others are not.
  await create('battery', moorland.id, { name: 'Kelpie Battery Plant', clientRelationshipManagerId: teammate.id, estimatedLandDate: '2027-03-01', sectorId: childSector, status: 'DELAYED', reasonDelayed: 'Funding' });
  await create('port', moorland.id, {
    name: 'Kelpie Wind Port',
    clientRelationshipManagerId: outsiders[0].id,
    projectManagerId: outsiders[0].id,
    estimatedLandDate: '2028-09-30',
    likelihoodToLandId: likelihood,
    ukRegionLocationIds: [region],
  });
  await create('campus', trident.id, {
    name: 'Kelpie Data Campus',
    clientRelationshipManagerId: outsiders[1].id,
    investmentTypeId: NON_FDI,
    fdiTypeId: null,
    estimatedLandDate: '2026-05-15',
    actualLandDate: '2026-06-20',
  });
  const stage = 'mutation($id: UUID!, $stageId: UUID!) { setInvestmentProjectStage(id: $id, stageId: $stageId) { id } }';
  ok(await app.gql(stage, { id: ids.port, stageId: STAGE.active.id }));
  ok(await app.gql(stage, { id: ids.campus, stageId: STAGE.verifyWin.id }));
  ok(await app.gql('mutation($id: UUID!) { archiveInvestmentProject(id: $id, reason: "Duplicate") { id } }', { id: ids.campus }));
  await app.settleSearch();
}, 120_000);
afterAll(() => app?.close());

const PROJECTS = `query($term: String, $filter: InvestmentProjectSearchFilter, $orderBy: [InvestmentProjectSearchOrderBy!]) {
  searchInvestmentProjects(term: $term, filter: $filter, orderBy: $orderBy) { totalCount edges { score node { id name projectCode } } }
}`;

/** The names a search finds, in its order, for the admin or for `caller`. */
async function found(variables: Record<string, unknown>, caller?: { gql: TestApp['gql'] }): Promise<string[]> {
  const data = ok(await (caller ?? app).gql(PROJECTS, { term: 'Kelpie', ...variables }));
  expect(data.searchInvestmentProjects.totalCount).toBe(data.searchInvestmentProjects.edges.length);
  return data.searchInvestmentProjects.edges.map((e: any) => e.node.name);
}
const setTeamMembers = async (id: string, members: Array<{ adviserId: string; role: string }>) =>
  ok(await app.gql('mutation($id: UUID!, $m: [InvestmentProjectTeamMemberInput!]!) { setInvestmentProjectTeamMembers(id: $id, teamMembers: $m) { id } }', { id, m: members }));
const sorted = async (variables: Record<string, unknown>) => (await found(variables)).sort();

const refusal = async (variables: Record<string, unknown>, caller?: { gql: TestApp['gql'] }) => {
  const res = await (caller ?? app).gql(PROJECTS, variables);
  expect(res.body.data?.searchInvestmentProjects ?? null).toBeNull();
  return res.body.errors[0].extensions;
};

describe('finding a project', () => {
  it('by its code, whole or by its digits, first', async () => {
    const digits = codes.port.slice('DHP-'.length);
    for (const term of [codes.port, codes.port.toLowerCase(), digits, String(Number(digits))]) {
      const [first] = ok(await app.gql(PROJECTS, { term })).searchInvestmentProjects.edges;
      expect(first?.node, term).toMatchObject({ id: ids.port, projectCode: codes.port });
    }
    // In global search too, as an identifier is: above a mere word match.
    const global = ok(await app.gql('query($term: String!) { search(term: $term) { edges { entity score node { ... on InvestmentProject { id } } } } }', { term: String(Number(digits)) }));
    expect(global.search.edges[0]).toMatchObject({ entity: 'INVESTMENTPROJECT', node: { id: ids.port } });
    expect(global.search.edges[0].score).toBeGreaterThanOrEqual(100);
  });

  it("by its name, and by its investor company's name only for a caller who may read the investor company", async () => {
    expect(await found({ term: 'Kelpie Wind Port' })).toEqual(['Kelpie Wind Port']);
    expect(await sorted({ term: 'Moorland Capital' })).toEqual(['Kelpie Battery Plant', 'Kelpie Wind Port']);
    const projectsOnly = await createClientCaller(app, { scopes: ['investment:read', 'search:read'] });
    expect(await found({ term: 'Moorland Capital' }, projectsOnly)).toEqual([]);
    expect(await found({ term: codes.port }, projectsOnly)).toEqual(['Kelpie Wind Port']);
    const withCompanies = await createClientCaller(app, { scopes: ['investment:read', 'company:read', 'search:read'] });
    expect(await sorted({ term: 'Moorland Capital' })).toEqual(await (await found({ term: 'Moorland Capital' }, withCompanies)).sort());
  });
});

describe('filters', () => {
  it("Data Hub's: stage, status, investment type, investor company, sector with its sub-sectors, possible region, likelihood, archived", async () => {
    expect(await found({ filter: { stageIds: [STAGE.active.id] } })).toEqual(['Kelpie Wind Port']);
    expect(await sorted({ filter: { stageIds: [STAGE.prospect.id, STAGE.verifyWin.id] } })).toEqual(['Kelpie Battery Plant', 'Kelpie Data Campus']);
    expect(await found({ filter: { statuses: ['DELAYED'] } })).toEqual(['Kelpie Battery Plant']);
    expect(await found({ filter: { investmentTypeIds: [NON_FDI] } })).toEqual(['Kelpie Data Campus']);
    expect(await found({ filter: { investorCompanyIds: [ids.trident] } })).toEqual(['Kelpie Data Campus']);
    expect(await found({ filter: { sectorIds: [parentSector] } })).toEqual(['Kelpie Battery Plant']);
    expect(await found({ filter: { ukRegionLocationIds: [region] } })).toEqual(['Kelpie Wind Port']);
    expect(await found({ filter: { likelihoodToLandIds: [likelihood] } })).toEqual(['Kelpie Wind Port']);
    expect(await found({ filter: { archived: true } })).toEqual(['Kelpie Data Campus']);
    expect(await sorted({ filter: { archived: false } })).toEqual(['Kelpie Battery Plant', 'Kelpie Wind Port']);
  });

  it('an adviser in any role: client relationship manager, project manager, creator, team member', async () => {
    expect(await found({ filter: { adviserIds: [teammate.id] } })).toEqual(['Kelpie Battery Plant']);
    expect(await found({ filter: { adviserIds: [outsiders[0].id] } })).toEqual(['Kelpie Wind Port']);
    expect(await found({ filter: { adviserIds: [app.adminId] } })).toHaveLength(3);
    const member = await createCaller(app, { name: 'Mia Member' });
    expect(await found({ filter: { adviserIds: [member.id] } })).toEqual([]);
    await setTeamMembers(ids.port, [{ adviserId: member.id, role: 'Sector specialist' }]);
    await app.settleSearch();
    expect(await found({ filter: { adviserIds: [member.id] } })).toEqual(['Kelpie Wind Port']);
  });

  it('estimated and actual land dates, inclusive', async () => {
    expect(await found({ filter: { estimatedLandDate: { from: '2027-01-01', to: '2027-03-01' } } })).toEqual(['Kelpie Battery Plant']);
    expect(await sorted({ filter: { estimatedLandDate: { from: '2027-01-01' } } })).toEqual(['Kelpie Battery Plant', 'Kelpie Wind Port']);
    expect(await found({ filter: { actualLandDate: { to: '2026-06-20' } } })).toEqual(['Kelpie Data Campus']);
    expect(await found({ filter: { actualLandDate: { to: '2026-06-19' } } })).toEqual([]);
  });

  it('a value that can never match, or a range that ends before it starts, is a coded error naming it', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(await refusal({ filter: { stageIds: [STAGE.won.id, missing] } })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_FOUND', field: ['filter', 'stageIds', '1'] });
    expect(await refusal({ filter: { estimatedLandDate: { from: '2028-01-01', to: '2027-01-01' } } })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'EMPTY_RANGE', field: ['filter', 'estimatedLandDate'] });
    expect(await refusal({ filter: { statuses: ['delayed'] } })).toMatchObject({ code: 'BAD_USER_INPUT' });
    // A partner who may not read the investor company may not filter on it either.
    const projectsOnly = await createClientCaller(app, { scopes: ['investment:read', 'search:read'] });
    expect(await refusal({ filter: { investorCompanyIds: [ids.trident] } }, projectsOnly)).toMatchObject({ code: 'FORBIDDEN', argument: ['filter', 'investorCompanyIds'] });
  });
});

describe('sorts', () => {
  it('by name, land date, stage (in the stages’ order) and creation, either way', async () => {
    expect(await found({ orderBy: [{ field: 'NAME', direction: 'ASC' }] })).toEqual(['Kelpie Battery Plant', 'Kelpie Data Campus', 'Kelpie Wind Port']);
    expect(await found({ orderBy: [{ field: 'NAME', direction: 'DESC' }] })).toEqual(['Kelpie Wind Port', 'Kelpie Data Campus', 'Kelpie Battery Plant']);
    expect(await found({ orderBy: [{ field: 'ESTIMATED_LAND_DATE', direction: 'ASC' }] })).toEqual(['Kelpie Data Campus', 'Kelpie Battery Plant', 'Kelpie Wind Port']);
    expect(await found({ orderBy: [{ field: 'STAGE', direction: 'ASC' }] })).toEqual(['Kelpie Battery Plant', 'Kelpie Wind Port', 'Kelpie Data Campus']);
    expect(await found({ orderBy: [{ field: 'STAGE', direction: 'DESC' }] })).toEqual(['Kelpie Data Campus', 'Kelpie Wind Port', 'Kelpie Battery Plant']);
    expect(await found({ orderBy: [{ field: 'CREATED_ON', direction: 'DESC' }] })).toEqual(['Kelpie Data Campus', 'Kelpie Wind Port', 'Kelpie Battery Plant']);
  });
});

const SUMMARY = `query($filter: InvestmentProjectSearchFilter) {
  searchInvestmentProjects(term: "Kelpie", filter: $filter, first: 1) { totalCount summary { count stage { id name } } }
}`;
const summaryOf = async (variables: Record<string, unknown> = {}, caller?: { gql: TestApp['gql'] }) =>
  ok(await (caller ?? app).gql(SUMMARY, variables)).searchInvestmentProjects.summary.map((s: any) => [s.stage.name, s.count]);

describe('the summary: projects per stage', () => {
  it("counts the whole result, whatever the page, every stage listed in order (Data Hub's show_summary)", async () => {
    expect(await summaryOf()).toEqual([
      ['Prospect', 1],
      ['Assign PM', 0],
      ['Active', 1],
      ['Verify win', 1],
      ['Won', 0],
    ]);
    expect(await summaryOf({ filter: { archived: false } })).toEqual([
      ['Prospect', 1],
      ['Assign PM', 0],
      ['Active', 1],
      ['Verify win', 0],
      ['Won', 0],
    ]);
  });
});

describe("associated access: a caller with view_associated_investmentproject finds their team's projects only", () => {
  const GLOBAL = `{ search(term: "Kelpie") { totalCount aggregations { entity count } edges { entity node { ... on InvestmentProject { name } } } } }`;
  const globalOf = async (caller: Caller) => {
    const { search } = ok(await caller.gql(GLOBAL));
    return {
      count: search.aggregations.find((a: any) => a.entity === 'INVESTMENTPROJECT')?.count,
      names: search.edges.filter((e: any) => e.entity === 'INVESTMENTPROJECT').map((e: any) => e.node.name).sort(),
    };
  };
  const exported = async (caller: Caller) => {
    const { exportUrl } = ok(await caller.gql('{ searchInvestmentProjects(term: "Kelpie", orderBy: [{ field: NAME }]) { exportUrl } }')).searchInvestmentProjects;
    const csv = await fetch(`${app.url}${exportUrl}`, { headers: { authorization: `Bearer ${caller.token}` } });
    expect(csv.status).toBe(200);
    const [header, ...rows] = (await csv.text()).trim().split('\r\n');
    expect(header.split(',').slice(0, 4)).toEqual(['ID', 'Project reference', 'Project name', 'Investor company']);
    return rows.map((r) => r.split(',')[2]);
  };

  it("in the project search and its totalCount, global search and its count, the summary and the export; without a team, none", async () => {
    expect(await found({}, lep)).toEqual(['Kelpie Battery Plant']);
    expect(await globalOf(lep)).toEqual({ count: 1, names: ['Kelpie Battery Plant'] });
    expect(await summaryOf({}, lep)).toEqual([
      ['Prospect', 1],
      ['Assign PM', 0],
      ['Active', 0],
      ['Verify win', 0],
      ['Won', 0],
    ]);
    expect(await exported(lep)).toEqual(['Kelpie Battery Plant']);

    const teamless = await createCaller(app, { groups: ['LEP'], permissions: ['export_investmentproject'], name: 'Nora Noteam' });
    expect(await found({}, teamless)).toEqual([]);
    expect(await globalOf(teamless)).toEqual({ count: 0, names: [] });
    expect(await exported(teamless)).toEqual([]);

    // view_all_investmentproject sees every one (a read-only analyst exports them all).
    const analyst = await createCaller(app, { groups: ['Read-only analyst'] });
    expect(await exported(analyst)).toEqual(['Kelpie Battery Plant', 'Kelpie Data Campus', 'Kelpie Wind Port']);
  });

  it('follows the teams: a team member from the team, and an adviser with a role who joins it, bring their projects', async () => {
    await setTeamMembers(ids.port, [{ adviserId: teammate.id, role: 'Regional lead' }]);
    await app.settleSearch();
    expect(await found({ orderBy: [{ field: 'NAME', direction: 'ASC' }] }, lep)).toEqual(['Kelpie Battery Plant', 'Kelpie Wind Port']);
    // The archived campus's client relationship manager joins the team (archived projects are found too).
    await app.sql('update adviser set dit_team_id = ? where id = ?', [lepTeamId, outsiders[1].id]);
    await app.settleSearch();
    expect(await globalOf(lep)).toEqual({ count: 3, names: ['Kelpie Battery Plant', 'Kelpie Data Campus', 'Kelpie Wind Port'] });
    // And back: the adviser leaves the team.
    await app.sql('update adviser set dit_team_id = null where id = ?', [outsiders[1].id]);
    await app.settleSearch();
    expect(await globalOf(lep)).toEqual({ count: 2, names: ['Kelpie Battery Plant', 'Kelpie Wind Port'] });
  });

  it("renaming the investor company refreshes its projects' documents", async () => {
    ok(await app.gql('mutation($id: UUID!) { updateCompany(id: $id, input: { name: "Trireme Holdings Ltd" }) { id } }', { id: ids.trident }));
    await app.settleSearch();
    expect(await found({ term: 'Trireme Holdings' })).toEqual(['Kelpie Data Campus']);
    expect(await found({ term: 'Trident Ventures' })).toEqual([]);
  });

  it('a caller with neither view permission is refused, naming view_all_investmentproject', async () => {
    const nobody = await createCaller(app, { permissions: ['view_company'] });
    expect(await refusal({ term: 'Kelpie' }, nobody)).toMatchObject({ code: 'FORBIDDEN', permission: 'view_all_investmentproject' });
    expect(await globalOf(nobody)).toEqual({ count: undefined, names: [] });
  });
});
