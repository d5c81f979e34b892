import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCaller, type Caller } from '../helpers/callers.js';
import { createCompany, createContact, interactionInput } from '../helpers/factories.js';

/**
 * Task search: by title and description, Data Hub's filters and sorts, the "own tasks" rule applied to the
 * documents (an adviser finds the tasks they created or are assigned to, view_all_task finds all), in global
 * search too, and refreshed when a task's advisers change; and its CSV export, under the same rule. On both
 * backends (OPENSEARCH_URL picks OpenSearch).
 */
let app: TestApp;
let ana: Caller;
let ben: Caller;
let cal: Caller;
let analyst: Caller;
let company: { id: string };
const ids: Record<'visit' | 'report' | 'done', string> = { visit: '', report: '', done: '' };

const ok = (res: { body: any }) => {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
};

const CREATE = 'mutation($input: TaskCreateInput!) { createTask(input: $input) { id } }';
const SEARCH = `query($term: String, $filter: TaskSearchFilter, $orderBy: [TaskSearchOrderBy!]) {
  searchTasks(term: $term, filter: $filter, orderBy: $orderBy) { totalCount edges { node { ... on Task { title } } } }
}`;

async function found(caller: Caller, variables: Record<string, unknown> = {}): Promise<string[]> {
  const { searchTasks } = ok(await caller.gql(SEARCH, { term: 'Wombat', ...variables }));
  expect(searchTasks.totalCount).toBe(searchTasks.edges.length);
  return searchTasks.edges.map((e: any) => e.node.title);
}

beforeAll(async () => {
  app = await createTestApp();
  ana = await createCaller(app, { teamRole: 'International Trade Team', name: 'Ana Ash' });
  ben = await createCaller(app, { teamRole: 'International Trade Team', name: 'Ben Birch' });
  cal = await createCaller(app, { teamRole: 'International Trade Team' });
  analyst = await createCaller(app, { groups: ['Read-only analyst'] });
  company = await createCompany(app);
  const create = async (caller: Caller, input: Record<string, unknown>) => ok(await caller.gql(CREATE, { input })).createTask.id as string;
  ids.visit = await create(ana, { title: 'Wombat visit', description: 'Book the trip to the factory', dueDate: '2027-02-01', adviserIds: [ana.id, ben.id], companyId: company.id });
  ids.report = await create(ana, { title: 'Wombat report', dueDate: '2027-01-10', adviserIds: [ana.id] });
  ids.done = await create(cal, { title: 'Wombat follow-up', dueDate: '2027-03-01', adviserIds: [cal.id] });
  ok(await cal.gql('mutation($id: UUID!) { completeTask(id: $id) { id } }', { id: ids.done }));
  await app.settleSearch();
}, 120_000);
afterAll(() => app?.close());

describe('task search', () => {
  it('finds by title and description; filters by status, due date, company and adviser; sorts by due date', async () => {
    const byDue = { orderBy: [{ field: 'DUE_DATE', direction: 'ASC' }] };
    expect(await found(analyst, byDue)).toEqual(['Wombat report', 'Wombat visit', 'Wombat follow-up']);
    expect(await found(analyst, { term: 'factory trip' })).toEqual(['Wombat visit']);
    expect(await found(analyst, { ...byDue, filter: { statuses: ['ACTIVE'] } })).toEqual(['Wombat report', 'Wombat visit']);
    expect(await found(analyst, { filter: { dueDate: { from: '2027-01-15', to: '2027-02-15' } } })).toEqual(['Wombat visit']);
    expect(await found(analyst, { filter: { companyIds: [company.id] } })).toEqual(['Wombat visit']);
    expect(await found(analyst, { ...byDue, filter: { adviserIds: [ana.id] } })).toEqual(['Wombat report', 'Wombat visit']);
  });

  it('finds only the tasks the caller created or is assigned to, in its own search and in global search', async () => {
    const byTitle = { orderBy: [{ field: 'TITLE', direction: 'ASC' }] };
    expect(await found(ana, byTitle)).toEqual(['Wombat report', 'Wombat visit']);
    expect(await found(ben, byTitle)).toEqual(['Wombat visit']);
    expect(await found(cal, byTitle)).toEqual(['Wombat follow-up']);
    const { search } = ok(await ben.gql('{ search(term: "Wombat") { aggregations { entity count } edges { entity node { ... on Task { title } } } } }'));
    expect(search.aggregations.find((a: any) => a.entity === 'TASK')?.count).toBe(1);
    expect(search.edges.filter((e: any) => e.entity === 'TASK').map((e: any) => e.node.title)).toEqual(['Wombat visit']);
  });

  it("follows a change of the task's advisers", async () => {
    ok(await ana.gql('mutation($id: UUID!, $input: TaskUpdateInput!) { updateTask(id: $id, input: $input) { id } }', { id: ids.report, input: { adviserIds: [ana.id, ben.id] } }));
    await app.settleSearch();
    expect((await found(ben, { orderBy: [{ field: 'TITLE', direction: 'ASC' }] }))).toEqual(['Wombat report', 'Wombat visit']);
  });

  it('is refused to a caller without view_task', async () => {
    const none = await createCaller(app);
    const res = await none.gql(SEARCH, { term: 'Wombat' });
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'view_task' });
  });
});

describe('CSV export', () => {
  let lena: Caller; // LEP adviser without a team, may export: sees her own tasks, but no interaction
  const quokka: Record<'call' | 'minutes' | 'plan', string> = { call: '', minutes: '', plan: '' };
  const EXPORT = `query($term: String) { searchTasks(term: $term, orderBy: [{ field: DUE_DATE, direction: ASC }]) { totalCount exportUrl } }`;
  const HEADER = 'ID,Title,Due date,Status,Advisers,Company,Investment project,Interaction,Created by,Created on,Modified on,Archived';
  const download = (path: string, token: string) => fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  /** The caller's export of the Quokka tasks, each row as header → value (no value here has a comma or a quote). */
  async function exported(caller: Caller): Promise<Record<string, string>[]> {
    const { exportUrl, totalCount } = ok(await caller.gql(EXPORT, { term: 'Quokka' })).searchTasks;
    expect(exportUrl).toMatch(/^\/export\/task\.csv\?q=/);
    const csv = await download(exportUrl, caller.token);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="tasks-\d{4}-\d{2}-\d{2}\.csv"/);
    const [header, ...lines] = (await csv.text()).trim().split('\r\n');
    expect(header).toBe(HEADER);
    expect(lines.length).toBe(totalCount);
    const names = header.split(',');
    return lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [names[i], value])));
  }

  beforeAll(async () => {
    lena = await createCaller(app, { groups: ['LEP'], permissions: ['export_task'], name: 'Lena Lake' });
    const zoo = await createCompany(app, { name: 'Quokka Zoo Ltd' });
    const input = { ...(await interactionInput(app, zoo.id, (await createContact(app, zoo.id)).id)), subject: 'Quokka meeting' };
    const interactionId = ok(await app.gql('mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { id } }', { input })).createInteraction.id;
    const create = async (caller: Caller, input: Record<string, unknown>) => ok(await caller.gql(CREATE, { input })).createTask.id as string;
    quokka.call = await create(ana, { title: 'Quokka call', dueDate: '2027-05-01', adviserIds: [ben.id, ana.id], companyId: zoo.id });
    quokka.minutes = await create(ana, { title: 'Quokka minutes', dueDate: '2027-05-02', adviserIds: [lena.id], interactionId });
    quokka.plan = await create(cal, { title: 'Quokka plan', dueDate: '2027-05-03', adviserIds: [cal.id] });
    await app.settleSearch();
  }, 120_000);

  it('an analyst exports every task found, in the search order, with its advisers and what it is about', async () => {
    const rows = await exported(analyst);
    expect(rows.map((r) => r.ID)).toEqual([quokka.call, quokka.minutes, quokka.plan]);
    expect(rows[0]).toMatchObject({
      Title: 'Quokka call',
      'Due date': '2027-05-01',
      Status: 'Active',
      Advisers: 'Ana Ash; Ben Birch',
      Company: 'Quokka Zoo Ltd',
      'Investment project': '',
      Interaction: '',
      'Created by': 'Ana Ash',
      Archived: 'false',
    });
    expect(rows[0]['Created on']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(rows[1]).toMatchObject({ Title: 'Quokka minutes', Advisers: 'Lena Lake', Company: '', Interaction: 'Quokka meeting' });
    const [event] = await app.sql("select data from user_event where type = 'search_export' and actor_id = ? order by occurred_on limit 1", [analyst.id]);
    expect(event.data).toMatchObject({ entity: 'task', term: 'Quokka', rows: 3 });
  });

  it("holds only the tasks the caller may see, and none of a related record it may not (the interaction of a project not its team's)", async () => {
    const rows = await exported(lena);
    expect(rows.map((r) => [r.Title, r.Advisers, r.Interaction])).toEqual([['Quokka minutes', 'Lena Lake', '']]);
    // The same task read through GraphQL: its interaction is hidden there too (null, answered as a missing one).
    const read = await lena.gql('query($id: UUID!) { task(id: $id) { title interaction { id } } }', { id: quokka.minutes });
    expect(read.body.data.task).toEqual({ title: 'Quokka minutes', interaction: null });
    expect(read.body.errors[0]).toMatchObject({ path: ['task', 'interaction'], extensions: { code: 'NOT_FOUND' } });
    // Every task, but no permission to read companies or interactions: those columns are empty, as the fields are refused.
    const tasksOnly = await createCaller(app, { permissions: ['view_task', 'view_all_task', 'export_task'] });
    expect((await exported(tasksOnly)).map((r) => [r.Title, r.Company, r.Interaction])).toEqual([
      ['Quokka call', '', ''],
      ['Quokka minutes', '', ''],
      ['Quokka plan', '', ''],
    ]);
  });

  it('without export_task: no URL, and the endpoint refuses the URL of someone who has it', async () => {
    const res = await ben.gql(EXPORT, { term: 'Quokka' });
    expect(res.body.data.searchTasks).toMatchObject({ totalCount: 1, exportUrl: null });
    expect(res.body.errors[0]).toMatchObject({ path: ['searchTasks', 'exportUrl'], extensions: { code: 'FORBIDDEN', permission: 'export_task' } });
    const analystUrl = ok(await analyst.gql(EXPORT, { term: 'Quokka' })).searchTasks.exportUrl;
    const refused = await download(analystUrl, ben.token);
    expect(refused.status).toBe(403);
    expect((await refused.json()).errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'export_task' });
  });
});
