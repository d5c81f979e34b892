import type { EntityManager } from '@mikro-orm/core';
import { madeBy, type DemoStep } from '../../../seeds/demo/step.js';
import { archiveFields, demoRows, iso, isoDate, ownSeed, writeRows, type DemoContext, type Row, type TableSpec } from '../../../seeds/demo/context.js';
import { DAY_MS, Rng } from '../../../seeds/demo/random.js';
import type { AdviserRef } from '../adviser/index.js';
import type { CompanyRef } from '../company/index.js';
import { TaskStatus } from './task.entity.js';
import { taskModel } from './task.model.js';
import { reminderDateOf } from './task.rules.js';

const TASK: TableSpec = { table: 'task', columns: Object.values(taskModel.columns).map((c) => c.name) };
const TASK_ADVISER: TableSpec = { table: 'task_adviser', columns: ['task_id', 'adviser_id'] };

/**
 * The demo role advisers (src/modules/adviser/adviser.demo-roles.ts) whose groups hold tasks, and how many each
 * gets: the trade adviser most, so signing in as them shows a full task list.
 */
const HOLDERS: ReadonlyArray<readonly [email: string, count: number]> = [
  ['demo.trade.adviser@example.gov.uk', 8],
  ['demo.lep@example.gov.uk', 3],
  ['demo.da@example.gov.uk', 3],
];
const TITLES = ['Call {company} about their export plans', 'Send {company} the market report', 'Follow up the meeting with {company}', 'Book a visit to {company}', 'Check the grant application of {company}', 'Introduce {company} to the post team'];
const PROJECT_TITLES = ['Update the land date of the project', 'Find a site for the project', 'Chase the investor for the business plan'];
const REMINDER_DAYS = [1, 2, 3, 5, 7, 14];
/** Where the due date falls from today (days): overdue, due this week, later, or none. */
const DUE = [
  [-20, -1],
  [0, 7],
  [8, 60],
] as const;

type Holder = { id: string; email: string };

/**
 * A few tasks for the demo advisers — some overdue, some due this week, some later, some without a due date —
 * with reminder days and email reminders on for most; some created by a colleague who assigned them. They draw
 * from streams of their own, seeded by the run's first company, so no other demo value moves.
 */
async function seedTasks(tx: EntityManager, ctx: DemoContext, companies: readonly CompanyRef[], staff: readonly AdviserRef[]): Promise<number> {
  const seed = ownSeed(companies[0].id);
  const rng = new Rng(seed, 41);
  const ids = new Rng(seed, 42);
  const emails = HOLDERS.map(([email]) => email);
  const holders = new Map(
    (await demoRows<Holder>(tx, `select id, email from adviser where email in (${emails.map(() => '?').join(', ')})`, emails)).map((h) => [h.email, h]),
  );
  const [{ names }] = await demoRows<{ names: Record<string, string> }>(
    tx,
    `select coalesce(json_object_agg(id, name), '{}') as names from company where id in (${companies.slice(0, 200).map(() => '?').join(', ')})`,
    companies.slice(0, 200).map((c) => c.id),
  );
  const live = companies.slice(0, 200).filter((c) => c.archivedMs === null && names[c.id]);
  const projects = (await demoRows<{ id: string }>(tx, 'select id from investment_project where not archived order by id limit 50')).map((p) => p.id);
  const tasks: Row[] = [];
  const links: Row[] = [];
  for (const [email, count] of HOLDERS) {
    const holder = holders.get(email);
    for (let i = 0; i < count; i++) {
      const id = ids.uuid(); // drawn even when the adviser is missing, so ids do not depend on who is there
      // Each adviser's first task is overdue and their second due this week; after that, any (every fourth without a due date).
      const due = i < 2 ? DUE[i] : i % 4 === 3 ? null : rng.pick(DUE);
      const dueMs = due ? ctx.nowMs + rng.int(due[0], due[1]) * DAY_MS : null;
      const reminderDays = dueMs !== null && rng.chance(0.8) ? rng.pick(REMINDER_DAYS) : null;
      const byColleague = rng.chance(0.4);
      const colleague = rng.pick(staff).id;
      // The trade adviser's tasks are also about projects (every project is theirs to see); the partners' about companies only.
      const aboutProject = email === HOLDERS[0][0] && projects.length > 0 && rng.chance(0.25);
      const company = rng.pick(live);
      const projectId = rng.pick(projects.length ? projects : [null]);
      const createdMs = ctx.nowMs - rng.int(1, 60) * DAY_MS;
      const complete = i > 0 && dueMs !== null && dueMs < ctx.nowMs && rng.chance(0.3);
      const archived = i === count - 1 && email === HOLDERS[0][0];
      const shared = rng.chance(0.25);
      if (!holder) continue;
      const createdById = byColleague ? colleague : holder.id;
      const dueDate = dueMs === null ? null : isoDate(dueMs);
      tasks.push({
        id,
        title: aboutProject ? rng.pick(PROJECT_TITLES) : rng.pick(TITLES).replace('{company}', names[company.id]),
        description: rng.chance(0.6) ? 'Notes for the task: what was agreed, and what is needed next.' : '',
        due_date: dueDate,
        reminder_days: reminderDays,
        reminder_date: reminderDateOf(dueDate, reminderDays),
        email_reminders_enabled: reminderDays !== null && rng.chance(0.75),
        status: complete ? TaskStatus.COMPLETE : TaskStatus.ACTIVE,
        company_id: aboutProject ? null : company.id,
        investment_project_id: aboutProject ? projectId : null,
        interaction_id: null,
        ...archiveFields(archived ? { onMs: ctx.nowMs - DAY_MS, byId: holder.id, reason: 'No longer needed' } : null),
        created_on: iso(createdMs),
        created_by_id: createdById,
        // Archiving was the last change.
        modified_on: iso(archived ? ctx.nowMs - DAY_MS : createdMs),
        modified_by_id: archived ? holder.id : createdById,
      });
      links.push({ task_id: id, adviser_id: holder.id });
      if (shared && colleague !== holder.id) links.push({ task_id: id, adviser_id: colleague });
    }
  }
  await writeRows(tx, TASK, tasks);
  await writeRows(tx, TASK_ADVISER, links);
  return tasks.length;
}

export const taskDemo: readonly DemoStep[] = [
  {
    name: 'tasks',
    phase: 'extras',
    run: async (tx, ctx, made) => seedTasks(tx, ctx, madeBy(made, 'companies'), madeBy(made, 'advisers')),
  },
];
