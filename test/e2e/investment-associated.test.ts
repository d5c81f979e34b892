import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCaller, type Caller } from '../helpers/callers.js';
import { createCompany, createContact, interactionInput, refId } from '../helpers/factories.js';

/**
 * "Associated" access, tried with advisers of different teams at every place a project or a project's
 * interaction appears outside search (test/search/investment-project-search.test.ts has search and export):
 * lists and their counts, lookups, nested lists, relations, and writes.
 */
let app: TestApp;
let teamA: string;
let teamB: string;
let lepA: Caller;
let lepB: Caller;
let lepNoTeam: Caller;
let colleagueA: Caller;
let investor: { id: string };
let contactId: string;
const projects: Record<'a' | 'b' | 'both' | 'none', string> = { a: '', b: '', both: '', none: '' };
const interactions: Record<'a' | 'b' | 'plain', string> = { a: '', b: '', plain: '' };
let investmentInteraction: Record<string, unknown>;

const ok = (res: { body: any }) => {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
};

/** An adviser with the LEP group's permissions in a team of our choosing (null: none). */
async function lepIn(teamId: string | null): Promise<Caller> {
  const caller = await createCaller(app, { groups: ['LEP'] });
  await app.sql('update adviser set dit_team_id = ? where id = ?', [teamId, caller.id]);
  return caller;
}

async function createProject(over: Record<string, unknown>): Promise<string> {
  const input = {
    name: 'Project',
    description: 'A project',
    investmentTypeId: '9c364e64-2b28-401b-b2df-50e08b0bca44', // Non-FDI: no FDI type needed
    estimatedLandDate: '2027-01-01',
    investorCompanyId: investor.id,
    clientContactIds: [contactId],
    clientRelationshipManagerId: app.adminId,
    referralSourceAdviserId: app.adminId,
    referralSourceActivityId: '7d98f3a6-3e3f-40ac-a6f3-3f0c251ec1d2',
    sectorId: await refId(app, 'metadata_sector'),
    businessActivityIds: ['77be20b3-05bf-4e06-a517-6989f8b9b922'],
    ...over,
  };
  return ok(await app.gql('mutation($input: InvestmentProjectCreateInput!) { createInvestmentProject(input: $input) { id } }', { input })).createInvestmentProject.id;
}

const SET_TEAM = 'mutation($id: UUID!, $m: [InvestmentProjectTeamMemberInput!]!) { setInvestmentProjectTeamMembers(id: $id, teamMembers: $m) { id } }';

beforeAll(async () => {
  app = await createTestApp({ debugSql: true });
  // Two LEP teams: their role grants the LEP group only, so their members have associated access alone.
  [teamA, teamB] = (
    await app.sql(`select t.id from metadata_team t join metadata_team_role r on r.id = t.role_id
                    where r.name = 'Local Enterprise Partnership (LEP)' and t.disabled_on is null order by t.id limit 2`)
  ).map((r) => r.id);
  lepA = await lepIn(teamA);
  lepB = await lepIn(teamB);
  lepNoTeam = await lepIn(null);
  colleagueA = await lepIn(teamA);
  const memberB = await lepIn(teamB);
  investor = await createCompany(app);
  contactId = (await createContact(app, investor.id)).id;
  // Associated with team A by its client relationship manager, with B by a team member, with both, with neither.
  projects.a = await createProject({ name: 'Alpha', clientRelationshipManagerId: colleagueA.id });
  projects.b = await createProject({ name: 'Bravo' });
  ok(await app.gql(SET_TEAM, { id: projects.b, m: [{ adviserId: memberB.id, role: 'Specialist' }] }));
  projects.both = await createProject({ name: 'Both', projectManagerId: colleagueA.id });
  ok(await app.gql(SET_TEAM, { id: projects.both, m: [{ adviserId: memberB.id, role: 'Specialist' }] }));
  projects.none = await createProject({ name: 'Nobody' });

  const serviceId = await refId(
    app,
    'metadata_service',
    `disabled_on is null and 'investment_interaction' = any(contexts) and not exists (select 1 from metadata_service c where c.parent_id = metadata_service.id)
       and not exists (select 1 from metadata_service_question q where q.service_id = metadata_service.id)`,
  );
  investmentInteraction = { ...(await interactionInput(app, investor.id, contactId)), theme: 'INVESTMENT', serviceId };
  const CREATE = 'mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { id } }';
  interactions.a = ok(await app.gql(CREATE, { input: { ...investmentInteraction, investmentProjectId: projects.a } })).createInteraction.id;
  interactions.b = ok(await app.gql(CREATE, { input: { ...investmentInteraction, investmentProjectId: projects.b } })).createInteraction.id;
  interactions.plain = ok(await app.gql(CREATE, { input: await interactionInput(app, investor.id, contactId) })).createInteraction.id;
});
afterAll(() => app?.close());

const ALL = () => Object.values(projects);
const LIST = 'query($ids: [UUID!]) { investmentProjects(filter: { id: { in: $ids } }, orderBy: [{ field: NAME, direction: ASC }]) { totalCount edges { node { name } } } }';
const names = async (caller: Caller) => {
  const { investmentProjects } = ok(await caller.gql(LIST, { ids: ALL() }));
  expect(investmentProjects.totalCount).toBe(investmentProjects.edges.length);
  return investmentProjects.edges.map((e: any) => e.node.name);
};

describe('associated investment projects', () => {
  it("lists and counts only the caller's team's projects; an adviser without a team sees none", async () => {
    expect(await names(lepA)).toEqual(['Alpha', 'Both']);
    expect(await names(lepB)).toEqual(['Both', 'Bravo']);
    expect(await names(lepNoTeam)).toEqual([]);
    const staff = await createCaller(app, { teamRole: 'International Trade Team' });
    expect(await names(staff)).toEqual(['Alpha', 'Both', 'Bravo', 'Nobody']);
  });

  it("answers another team's project as a missing one, in a lookup and in a relation", async () => {
    const hidden = await lepA.gql('query($id: UUID!) { investmentProject(id: $id) { id } }', { id: projects.b });
    expect(hidden.body.errors[0].extensions).toEqual({ code: 'NOT_FOUND', entity: 'InvestmentProject' });
    const missing = await lepA.gql('query($id: UUID!) { investmentProject(id: $id) { id } }', { id: '00000000-0000-4000-8000-000000000000' });
    expect(missing.body.errors[0].extensions).toEqual(hidden.body.errors[0].extensions);
    expect(ok(await lepA.gql('query($id: UUID!) { investmentProject(id: $id) { name } }', { id: projects.a })).investmentProject.name).toBe('Alpha');
  });

  it("counts only the team's projects in a company's nested list, in one statement", async () => {
    const res = await lepA.gql('query($id: UUID!) { company(id: $id) { investmentProjects(first: 10) { totalCount edges { node { name } } } } }', { id: investor.id });
    expect(ok(res).company.investmentProjects).toEqual({ totalCount: 2, edges: [{ node: { name: 'Both' } }, { node: { name: 'Alpha' } }] });
    expect(res.body.extensions.sqlStatements).toBe(1);
  });

  it('follows the project team: adding a colleague of the team makes the project theirs', async () => {
    const project = await createProject({ name: 'Zulu' });
    expect(ok(await lepA.gql(LIST, { ids: [project] })).investmentProjects.totalCount).toBe(0);
    ok(await app.gql(SET_TEAM, { id: project, m: [{ adviserId: colleagueA.id, role: 'Adviser' }] }));
    expect(ok(await lepA.gql(LIST, { ids: [project] })).investmentProjects.totalCount).toBe(1);
  });

  it("changes the team's projects only: another's is NOT_FOUND, or FORBIDDEN to a caller who may read it", async () => {
    const UPDATE = 'mutation($id: UUID!, $input: InvestmentProjectUpdateInput!) { updateInvestmentProject(id: $id, input: $input) { name } }';
    expect(ok(await lepA.gql(UPDATE, { id: projects.a, input: { description: 'Changed by A' } })).updateInvestmentProject.name).toBe('Alpha');
    expect((await lepA.gql(UPDATE, { id: projects.b, input: { description: 'x' } })).body.errors[0].extensions.code).toBe('NOT_FOUND');
    const reader = await createCaller(app, { permissions: ['view_all_investmentproject', 'change_associated_investmentproject'] });
    await app.sql('update adviser set dit_team_id = ? where id = ?', [teamA, reader.id]);
    expect((await reader.gql(UPDATE, { id: projects.b, input: { description: 'x' } })).body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_ASSOCIATED' });
    const [{ description }] = await app.sql('select description from investment_project where id = ?', [projects.b]);
    expect(description).toBe('A project');
  });
});

describe("interactions of associated projects (view/add/change_associated_investmentproject_interaction)", () => {
  const INTERACTIONS = 'query($ids: [UUID!]) { interactions(filter: { id: { in: $ids } }) { totalCount edges { node { id investmentProject { name } } } } }';

  it("shows only the interactions of the team's projects, in lists, counts, nested lists and lookups", async () => {
    const ids = Object.values(interactions);
    const page = ok(await lepA.gql(INTERACTIONS, { ids })).interactions;
    expect(page).toEqual({ totalCount: 1, edges: [{ node: { id: interactions.a, investmentProject: { name: 'Alpha' } } }] });
    expect(ok(await lepB.gql(INTERACTIONS, { ids })).interactions.edges.map((e: any) => e.node.id)).toEqual([interactions.b]);
    expect(ok(await lepNoTeam.gql(INTERACTIONS, { ids })).interactions.totalCount).toBe(0);
    const nested = ok(await lepA.gql('query($id: UUID!) { company(id: $id) { interactions { totalCount } } }', { id: investor.id })).company.interactions;
    expect(nested.totalCount).toBe(1);
    const viaProject = ok(await lepA.gql('query($id: UUID!) { investmentProject(id: $id) { interactions { totalCount edges { node { id } } } } }', { id: projects.a }));
    expect(viaProject.investmentProject.interactions.edges).toEqual([{ node: { id: interactions.a } }]);
    expect((await lepA.gql('query($id: UUID!) { interaction(id: $id) { id } }', { id: interactions.plain })).body.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it("finds only the team's projects' interactions in search, and follows a change of the project's team", async () => {
    await app.settleSearch();
    const SEARCH = 'query($ids: [UUID!]) { searchInteractions(filter: { companyIds: $ids }) { totalCount edges { node { id } } } }';
    const found = async (caller: Caller) => ok(await caller.gql(SEARCH, { ids: [investor.id] })).searchInteractions.edges.map((e: any) => e.node.id);
    expect(await found(lepA)).toEqual([interactions.a]);
    expect(await found(lepB)).toEqual([interactions.b]);
    expect(await found(lepNoTeam)).toEqual([]);
    // A colleague of team A joins project B's team: its interaction becomes team A's, in search too.
    ok(await app.gql(SET_TEAM, { id: projects.b, m: [{ adviserId: colleagueA.id, role: 'Adviser' }] }));
    await app.settleSearch();
    expect((await found(lepA)).sort()).toEqual([interactions.a, interactions.b].sort());
    const memberB = (await app.sql("select adviser_id as id from investment_project_team_member where investment_project_id = ?", [projects.both]))[0].id;
    ok(await app.gql(SET_TEAM, { id: projects.b, m: [{ adviserId: memberB, role: 'Specialist' }] }));
    await app.settleSearch();
    expect(await found(lepA)).toEqual([interactions.a]);
  });

  it("records interactions only about the team's projects", async () => {
    const CREATE = 'mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { id investmentProject { id } } }';
    const withoutProject = await lepA.gql(CREATE, { input: investmentInteraction });
    expect(withoutProject.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REQUIRED', field: ['investmentProjectId'] });
    const hidden = await lepA.gql(CREATE, { input: { ...investmentInteraction, investmentProjectId: projects.b } });
    expect(hidden.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_FOUND', field: ['investmentProjectId'] });
    const made = ok(await lepA.gql(CREATE, { input: { ...investmentInteraction, investmentProjectId: projects.a } })).createInteraction;
    expect(made.investmentProject).toEqual({ id: projects.a });
  });

  it('links a project only to an interaction with the investment theme', async () => {
    const res = await app.gql('mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { id } }', {
      input: { ...(await interactionInput(app, investor.id, contactId)), investmentProjectId: projects.a },
    });
    expect(res.body.errors[0].extensions).toMatchObject({ reason: 'PROJECT_NEEDS_INVESTMENT_THEME', field: ['investmentProjectId'] });
  });
});
