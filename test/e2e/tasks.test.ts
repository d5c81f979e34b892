import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCaller, type Caller } from '../helpers/callers.js';
import { jobActor, runAsActor } from '../../src/audit/actor.js';
import { writeTransaction } from '../../src/db/write.js';
import { InputError } from '../../src/errors.js';
import { InvestmentProject } from '../../src/modules/investment/index.js';
import { Task } from '../../src/modules/task/index.js';
import { createCompany, createContact, interactionInput, refId } from '../helpers/factories.js';

/**
 * Tasks: their rules, "own tasks" visibility with advisers who created, are assigned to or have nothing to do
 * with a task, the task events a write records for the advisers to be told, the audit, and a page of tasks with
 * its relations in one statement (test/search/task-search.test.ts has search).
 */
let app: TestApp;
let ana: Caller; // trade adviser, creates
let ben: Caller; // trade adviser, assigned
let cal: Caller; // trade adviser, unrelated
let analyst: Caller;
let lep: Caller;
let company: { id: string };
let projectId: string;
let interactionId: string;
let contactId: string;

const ok = (res: { body: any }) => {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
};

const CREATE = 'mutation($input: TaskCreateInput!) { createTask(input: $input) { id title status dueDate reminderDays reminderDate emailRemindersEnabled advisers { id } } }';
const UPDATE = 'mutation($id: UUID!, $input: TaskUpdateInput!) { updateTask(id: $id, input: $input) { id title description dueDate reminderDate } }';
const LIST = 'query($ids: [UUID!]) { tasks(filter: { id: { in: $ids } }, orderBy: [{ field: TITLE, direction: ASC }]) { totalCount edges { node { title } } } }';

async function createTask(caller: Caller, input: Record<string, unknown>): Promise<string> {
  return ok(await caller.gql(CREATE, { input: { title: 'A task', adviserIds: [caller.id], ...input } })).createTask.id;
}

const taskCount = async () => (await app.sql('select count(*)::int as n from task'))[0].n as number;
const events = (taskId: string) => app.sql('select adviser_id as "adviserId", kind, actor_id as "actorId" from task_event where task_id = ? order by created_on, kind, adviser_id', [taskId]);

beforeAll(async () => {
  app = await createTestApp({ debugSql: true });
  ana = await createCaller(app, { teamRole: 'International Trade Team', name: 'Ana Ash' });
  ben = await createCaller(app, { teamRole: 'International Trade Team', name: 'Ben Birch' });
  cal = await createCaller(app, { teamRole: 'International Trade Team', name: 'Cal Cedar' });
  analyst = await createCaller(app, { groups: ['Read-only analyst'] });
  lep = await createCaller(app, { groups: ['LEP'] });
  company = await createCompany(app);
  contactId = (await createContact(app, company.id)).id;
  const project = {
    name: 'Project',
    description: 'A project',
    investmentTypeId: '9c364e64-2b28-401b-b2df-50e08b0bca44', // Non-FDI: no FDI type needed
    estimatedLandDate: '2027-01-01',
    investorCompanyId: company.id,
    clientContactIds: [contactId],
    clientRelationshipManagerId: app.adminId,
    referralSourceAdviserId: app.adminId,
    referralSourceActivityId: '7d98f3a6-3e3f-40ac-a6f3-3f0c251ec1d2',
    sectorId: await refId(app, 'metadata_sector'),
    businessActivityIds: ['77be20b3-05bf-4e06-a517-6989f8b9b922'],
  };
  projectId = ok(await app.gql('mutation($input: InvestmentProjectCreateInput!) { createInvestmentProject(input: $input) { id } }', { input: project })).createInvestmentProject.id;
  interactionId = ok(await app.gql('mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { id } }', { input: await interactionInput(app, company.id, contactId) })).createInteraction.id;
});
afterAll(() => app?.close());

describe('task rules', () => {
  it('creates an active task with its reminder date counted back from the due date, and its advisers', async () => {
    const res = await ana.gql(CREATE, { input: { title: '  Call the company ', dueDate: '2027-03-01', reminderDays: 3, emailRemindersEnabled: true, adviserIds: [ana.id, ben.id], companyId: company.id } });
    const task = ok(res).createTask;
    expect(task).toMatchObject({ title: 'Call the company', status: 'ACTIVE', dueDate: '2027-03-01', reminderDays: 3, reminderDate: '2027-02-26', emailRemindersEnabled: true });
    expect(task.advisers.map((a: any) => a.id).sort()).toEqual([ana.id, ben.id].sort());
  });

  it('refuses bad input with every issue at once, and writes nothing', async () => {
    const before = await taskCount();
    const res = await ana.gql(CREATE, {
      input: { title: ' ', adviserIds: [], reminderDays: 400, companyId: company.id, investmentProjectId: projectId },
    });
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const issues = res.body.errors[0].extensions.issues.map((i: any) => [i.field.join('.'), i.reason]);
    expect(issues).toEqual([
      ['title', 'REQUIRED'],
      ['reminderDays', 'OUT_OF_RANGE'],
      ['reminderDays', 'REMINDER_WITHOUT_DUE_DATE'],
      ['adviserIds', 'REQUIRED'],
      ['companyId', 'ONE_RELATED_RECORD'],
      ['investmentProjectId', 'ONE_RELATED_RECORD'],
    ]);
    const unknown = await ana.gql(CREATE, { input: { title: 'T', adviserIds: ['00000000-0000-4000-8000-000000000000'], interactionId: '00000000-0000-4000-8000-000000000001' } });
    expect(unknown.body.errors[0].extensions.issues.map((i: any) => [i.field.join('.'), i.reason])).toEqual([
      ['adviserIds.0', 'NOT_FOUND'],
      ['interactionId', 'NOT_FOUND'],
    ]);
    expect(await taskCount()).toBe(before);
    expect(await app.sql('select 1 from task_event where task_id not in (select id from task)')).toEqual([]);
  });

  it('a second related record that reaches the database (two updates at once) is refused as bad input, not a server error', async () => {
    // The service refuses it first (above), so this writes as the service does, past its check: a flush in a write's transaction.
    const id = await createTask(ana, { companyId: company.id });
    const error = await runAsActor(jobActor('tasks test'), () =>
      writeTransaction(app.orm.em.fork(), async (tx) => {
        const task = await tx.findOneOrFail(Task, { id });
        task.investmentProject = tx.getReference(InvestmentProject, projectId);
        await tx.flush();
      }),
    ).catch((e: unknown) => e);
    expect(error, String(error)).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('BAD_USER_INPUT');
    expect((error as InputError).extensions).toMatchObject({ reason: 'ONE_RELATED_RECORD', field: [] });
    expect((await app.sql('select company_id, investment_project_id from task where id = ?', [id]))[0]).toEqual({ company_id: company.id, investment_project_id: null });
  });

  it('is about an interaction or a project; a project the caller may not see is as missing as an unknown one', async () => {
    const onInteraction = await createTask(ana, { interactionId });
    expect(ok(await ana.gql('query($id: UUID!) { task(id: $id) { interaction { id } company { id } } }', { id: onInteraction })).task).toEqual({ interaction: { id: interactionId }, company: null });
    // An LEP adviser without a team sees no associated project.
    const hidden = await lep.gql(CREATE, { input: { title: 'T', adviserIds: [lep.id], investmentProjectId: projectId } });
    expect(hidden.body.errors[0].extensions.issues).toEqual([{ field: ['investmentProjectId'], reason: 'NOT_FOUND', message: `No investment project with id ${projectId}.` }]);
  });

  it('updates only the fields given; null clears; the same values write nothing', async () => {
    const id = await createTask(ana, { dueDate: '2027-05-10', reminderDays: 10, description: 'Notes' });
    const updated = ok(await ana.gql(UPDATE, { id, input: { title: 'Renamed', reminderDays: null } })).updateTask;
    expect(updated).toEqual({ id, title: 'Renamed', description: 'Notes', dueDate: '2027-05-10', reminderDate: null });
    const audited = async () => (await app.sql('select count(*)::int as n from audit_event where record_id = ?', [id]))[0].n;
    const n = await audited();
    ok(await ana.gql(UPDATE, { id, input: { title: 'Renamed', description: 'Notes' } }));
    expect(await audited()).toBe(n);
    // Clearing the due date while a reminder counts back from it is refused.
    const refused = await ana.gql(UPDATE, { id, input: { reminderDays: 2, dueDate: null } });
    expect(refused.body.errors[0].extensions.issues.map((i: any) => i.reason)).toEqual(['REMINDER_WITHOUT_DUE_DATE']);
  });

  it('completes and reopens, refusing to do either twice; an archived task is read-only until unarchived', async () => {
    const id = await createTask(ana, {});
    const status = async (mutation: string, caller = ana) => caller.gql(`mutation($id: UUID!) { ${mutation}(id: $id) { status archived } }`, { id });
    expect(ok(await status('completeTask')).completeTask.status).toBe('COMPLETE');
    expect((await status('completeTask')).body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_COMPLETE' });
    expect(ok(await status('reopenTask')).reopenTask.status).toBe('ACTIVE');
    expect((await status('reopenTask')).body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_COMPLETE' });
    const archived = ok(await ana.gql('mutation($id: UUID!) { archiveTask(id: $id, reason: "Done elsewhere") { archived archivedReason } }', { id })).archiveTask;
    expect(archived).toEqual({ archived: true, archivedReason: 'Done elsewhere' });
    expect((await ana.gql(UPDATE, { id, input: { title: 'X' } })).body.errors[0].extensions.reason).toBe('ARCHIVED_READ_ONLY');
    expect((await status('completeTask')).body.errors[0].extensions.reason).toBe('ARCHIVED_READ_ONLY');
    expect(ok(await status('unarchiveTask')).unarchiveTask.archived).toBe(false);
  });
});

describe('own tasks', () => {
  let mine: string;
  let bens: string;
  let other: string;
  let theirs: { id: string };

  beforeAll(async () => {
    theirs = await createCompany(app);
    mine = await createTask(ana, { title: 'Ana own', companyId: theirs.id });
    bens = await createTask(ana, { title: 'Ana for Ben', adviserIds: [ben.id], companyId: theirs.id });
    other = await createTask(cal, { title: 'Cal own', companyId: theirs.id });
  });

  const titles = async (caller: Caller) => {
    const { tasks } = ok(await caller.gql(LIST, { ids: [mine, bens, other] }));
    expect(tasks.totalCount).toBe(tasks.edges.length);
    return tasks.edges.map((e: any) => e.node.title);
  };

  it('lists and counts the tasks the caller created or is assigned to; view_all_task sees every one', async () => {
    expect(await titles(ana)).toEqual(['Ana for Ben', 'Ana own']);
    expect(await titles(ben)).toEqual(['Ana for Ben']);
    expect(await titles(cal)).toEqual(['Cal own']);
    expect(await titles(analyst)).toEqual(['Ana for Ben', 'Ana own', 'Cal own']);
  });

  it("answers another's task as a missing one, in a lookup and in a write", async () => {
    const hidden = await cal.gql('query($id: UUID!) { task(id: $id) { id } }', { id: mine });
    const missing = await cal.gql('query($id: UUID!) { task(id: $id) { id } }', { id: '00000000-0000-4000-8000-000000000000' });
    expect(hidden.body.errors[0].extensions).toEqual({ code: 'NOT_FOUND', entity: 'Task' });
    expect(missing.body.errors[0].extensions).toEqual(hidden.body.errors[0].extensions);
    const write = await cal.gql(UPDATE, { id: mine, input: { title: 'Taken over' } });
    expect(write.body.errors[0].extensions).toEqual({ code: 'NOT_FOUND', entity: 'Task' });
    expect((await app.sql('select title from task where id = ?', [mine]))[0].title).toBe('Ana own');
  });

  it("counts only the caller's tasks in a company's nested list, in one statement", async () => {
    // The caller's token is looked up first, so the counted request finds it in the gateway's cache.
    ok(await ben.gql('{ viewer { isSuperuser } }'));
    const res = await ben.gql('query($id: UUID!) { company(id: $id) { tasks(first: 10) { totalCount edges { node { title } } } } }', { id: theirs.id });
    expect(ok(res).company.tasks).toEqual({ totalCount: 1, edges: [{ node: { title: 'Ana for Ben' } }] });
    expect(res.body.extensions.sqlStatements).toBe(1);
  });

  it('refuses tasks to a caller without view_task and to a partner-less adviser without groups', async () => {
    const none = await createCaller(app);
    const res = await none.gql('{ tasks(first: 1) { totalCount } }');
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'view_task' });
    const create = await analyst.gql(CREATE, { input: { title: 'T', adviserIds: [analyst.id] } });
    expect(create.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'add_task' });
  });
});

describe('a page of tasks', () => {
  it('comes with its advisers, company, project and interaction in one statement', async () => {
    const a = await createTask(ana, { title: 'Page A', companyId: company.id, adviserIds: [ana.id, ben.id] });
    const b = await createTask(ana, { title: 'Page B', investmentProjectId: projectId });
    const c = await createTask(ana, { title: 'Page C', interactionId });
    ok(await ana.gql('{ viewer { isSuperuser } }'));
    const res = await ana.gql(
      `query($ids: [UUID!]) { tasks(filter: { id: { in: $ids } }, orderBy: [{ field: TITLE, direction: ASC }], first: 10) {
         totalCount edges { node { title advisers { firstName } company { id } investmentProject { id } interaction { id } } } } }`,
      { ids: [a, b, c] },
    );
    expect(ok(res).tasks.edges.map((e: any) => e.node)).toEqual([
      { title: 'Page A', advisers: [{ firstName: 'Ana' }, { firstName: 'Ben' }], company: { id: company.id }, investmentProject: null, interaction: null},
      { title: 'Page B', advisers: [{ firstName: 'Ana' }], company: null, investmentProject: { id: projectId }, interaction: null},
      { title: 'Page C', advisers: [{ firstName: 'Ana' }], company: null, investmentProject: null, interaction: { id: interactionId }},
    ]);
    expect(res.body.extensions.sqlStatements).toBe(1);
    const project = await ana.gql('query($id: UUID!) { investmentProject(id: $id) { tasks { totalCount edges { node { title } } } } }', { id: projectId });
    expect(ok(project).investmentProject.tasks).toEqual({ totalCount: 1, edges: [{ node: { title: 'Page B' } }] });
  });
});

describe("an interaction's tasks", () => {
  it('lists the tasks about the interaction that the caller may see, with the interaction, in one statement', async () => {
    const input = { ...(await interactionInput(app, company.id, contactId)), subject: 'Follow-up meeting' };
    const id = ok(await app.gql('mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { id } }', { input })).createInteraction.id;
    await createTask(ana, { title: 'Send the minutes', dueDate: '2027-04-01', interactionId: id });
    await createTask(ana, { title: 'Book the follow-up', dueDate: '2027-04-02', adviserIds: [ben.id], interactionId: id });
    const PAGE = 'query($id: UUID!) { interaction(id: $id) { subject tasks(first: 10) { totalCount edges { node { title advisers { firstName } } } } } }';
    const page = async (caller: Caller) => {
      // The caller's token is looked up first, so the counted request finds it in the gateway's cache.
      ok(await caller.gql('{ viewer { isSuperuser } }'));
      const res = await caller.gql(PAGE, { id });
      expect(res.body.extensions.sqlStatements).toBe(1);
      const { interaction } = ok(res);
      expect(interaction.subject).toBe('Follow-up meeting');
      expect(interaction.tasks.totalCount).toBe(interaction.tasks.edges.length);
      return interaction.tasks.edges.map((e: any) => [e.node.title, e.node.advisers.map((a: any) => a.firstName)]);
    };
    const both = [
      ['Send the minutes', ['Ana']],
      ['Book the follow-up', ['Ben']],
    ];
    expect(await page(ana)).toEqual(both);
    expect(await page(ben)).toEqual([['Book the follow-up', ['Ben']]]);
    expect(await page(cal)).toEqual([]);
    expect(await page(analyst)).toEqual(both);
    // Without look-ahead (a directive turns it off) the field's own loader answers, under the same rule.
    const loaded = ok(await ben.gql('query($id: UUID!) { interaction(id: $id) { tasks(first: 10) @include(if: true) { edges { node { title } } } } }', { id }));
    expect(loaded.interaction.tasks.edges).toEqual([{ node: { title: 'Book the follow-up' } }]);
  });

  it('refuses the tasks, not the interaction, to a caller without view_task', async () => {
    const reader = await createCaller(app, { permissions: ['view_all_interaction'] });
    const res = await reader.gql('query($id: UUID!) { interaction(id: $id) { id tasks { totalCount } } }', { id: interactionId });
    expect(res.body.data.interaction).toEqual({ id: interactionId, tasks: null });
    expect(res.body.errors[0]).toMatchObject({ path: ['interaction', 'tasks'], extensions: { code: 'FORBIDDEN', permission: 'view_task' } });
  });
});

describe('task events and audit', () => {
  it('tells the advisers of what others did: assigned, amended, completed, archived; never the actor', async () => {
    const id = await createTask(ana, { title: 'Shared', adviserIds: [ana.id, ben.id] });
    expect(await events(id)).toEqual([{ adviserId: ben.id, kind: 'assigned', actorId: ana.id }]);
    await app.sql('delete from task_event where task_id = ?', [id]);

    ok(await ben.gql(UPDATE, { id, input: { title: 'Shared, renamed' } }));
    expect(await events(id)).toEqual([{ adviserId: ana.id, kind: 'amended', actorId: ben.id }]);
    await app.sql('delete from task_event where task_id = ?', [id]);

    ok(await ana.gql('mutation($id: UUID!, $input: TaskUpdateInput!) { updateTask(id: $id, input: $input) { id } }', { id, input: { adviserIds: [ana.id, ben.id, cal.id] } }));
    expect(await events(id)).toEqual(
      [
        { adviserId: cal.id, kind: 'assigned', actorId: ana.id },
        { adviserId: ben.id, kind: 'amended', actorId: ana.id },
      ].sort((x, y) => x.kind.localeCompare(y.kind) || x.adviserId.localeCompare(y.adviserId)),
    );
    await app.sql('delete from task_event where task_id = ?', [id]);

    ok(await cal.gql('mutation($id: UUID!) { completeTask(id: $id) { id } }', { id }));
    expect((await events(id)).map((e) => [e.adviserId, e.kind]).sort()).toEqual([[ana.id, 'completed'], [ben.id, 'completed']].sort());
    await app.sql('delete from task_event where task_id = ?', [id]);

    ok(await ana.gql('mutation($id: UUID!) { archiveTask(id: $id, reason: "Obsolete") { id } }', { id }));
    expect((await events(id)).map((e) => [e.adviserId, e.kind]).sort()).toEqual([[ben.id, 'archived'], [cal.id, 'archived']].sort());
  });

  it('audits every write with its actor, the advisers by their ids', async () => {
    const id = await createTask(ana, { title: 'Audited', adviserIds: [ana.id] });
    ok(await ana.gql(UPDATE, { id, input: { title: 'Audited again' } }));
    ok(await ana.gql('mutation($id: UUID!) { completeTask(id: $id) { id } }', { id }));
    ok(await ana.gql('mutation($id: UUID!) { archiveTask(id: $id, reason: "Done") { id } }', { id }));
    const rows = await app.sql('select action, actor_id, changes from audit_event where entity = ? and record_id = ? order by occurred_on, id', ['task', id]);
    expect(rows.map((r) => [r.action, r.actor_id])).toEqual([
      ['create', ana.id],
      ['update', ana.id],
      ['update', ana.id],
      ['update', ana.id],
    ]);
    expect(rows[0].changes.advisers).toEqual([[], [ana.id]]);
    expect(rows[1].changes.title).toEqual(['Audited', 'Audited again']);
    expect(rows[2].changes.status).toEqual(['active', 'complete']);
  });
});
