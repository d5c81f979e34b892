import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCaller, type Caller } from '../helpers/callers.js';
import { createCompany } from '../helpers/factories.js';

/**
 * Task search: by title and description, Data Hub's filters and sorts, the "own tasks" rule applied to the
 * documents (an adviser finds the tasks they created or are assigned to, view_all_task finds all), in global
 * search too, and refreshed when a task's advisers change. On both backends (OPENSEARCH_URL picks OpenSearch).
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
  ana = await createCaller(app, { teamRole: 'International Trade Team' });
  ben = await createCaller(app, { teamRole: 'International Trade Team' });
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
