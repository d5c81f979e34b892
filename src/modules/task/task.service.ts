import { isDeepStrictEqual } from 'node:util';
import type { EntityManager } from '@mikro-orm/core';
import { isVisible } from '../../auth/row-rules.js';
import type { Viewer } from '../../auth/viewer.js';
import { query } from '../../db/read-model.js';
import { idOf, uniqueIds } from '../../db/values.js';
import { adviserOf, archiveActions, assertNotArchived, referenceOrNull, stampCreated, stampModified, writeTransaction } from '../../db/write.js';
import { conflict, Issues, notFound } from '../../errors.js';
import { Adviser } from '../adviser/index.js';
import { Company } from '../company/index.js';
import { Interaction } from '../interaction/index.js';
import { InvestmentProject } from '../investment/index.js';
import { Task, TaskEvent, TaskStatus } from './task.entity.js';
import { loadTaskFacts } from './task.facts.js';
import type { TaskCreateInput, TaskUpdateInput } from './task.input.js';
import { taskModel } from './task.model.js';
import { checkTask, reminderDateOf, taskEvents, type TaskEventDraft, type TaskState } from './task.rules.js';

const EMPTY: TaskState = {
  title: null,
  description: '',
  dueDate: null,
  reminderDays: null,
  emailRemindersEnabled: false,
  adviserIds: [],
  companyId: null,
  investmentProjectId: null,
  interactionId: null,
};

function stateOf(t: Task): TaskState {
  return {
    title: t.title,
    description: t.description,
    dueDate: t.dueDate ?? null,
    reminderDays: t.reminderDays ?? null,
    emailRemindersEnabled: t.emailRemindersEnabled,
    adviserIds: t.advisers.getItems().map((a) => a.id),
    companyId: idOf(t.company),
    investmentProjectId: idOf(t.investmentProject),
    interactionId: idOf(t.interaction),
  };
}

const NULLABLE_KEYS = ['dueDate', 'reminderDays', 'companyId', 'investmentProjectId', 'interactionId'] as const;

/** The state after applying the input's given fields (undefined leaves a field, null clears it), normalised. */
function merge(before: TaskState, input: TaskCreateInput | TaskUpdateInput): TaskState {
  const next: TaskState = { ...before };
  for (const key of NULLABLE_KEYS) if (input[key] !== undefined) (next[key] as unknown) = input[key] ?? null;
  // The title keeps its blank value so the REQUIRED rule sees it; a description is optional, blank is none.
  if (input.title !== undefined) next.title = input.title?.trim() ?? null;
  if (input.description !== undefined) next.description = input.description?.trim() ?? '';
  if (input.emailRemindersEnabled !== undefined) next.emailRemindersEnabled = input.emailRemindersEnabled ?? false;
  if (input.adviserIds !== undefined) next.adviserIds = uniqueIds(input.adviserIds);
  return next;
}

/** Writes the state onto the entity, the reminder date derived from it; the advisers only where they changed. */
function apply(tx: EntityManager, t: Task, next: TaskState, before: TaskState | undefined): void {
  t.title = next.title!;
  t.description = next.description;
  t.dueDate = next.dueDate;
  t.reminderDays = next.reminderDays;
  t.reminderDate = reminderDateOf(next.dueDate, next.reminderDays);
  t.emailRemindersEnabled = next.emailRemindersEnabled;
  t.company = referenceOrNull(tx, Company, next.companyId);
  t.investmentProject = referenceOrNull(tx, InvestmentProject, next.investmentProjectId);
  t.interaction = referenceOrNull(tx, Interaction, next.interactionId);
  if (next.adviserIds.join() !== before?.adviserIds.join()) t.advisers.set(next.adviserIds.map((id) => tx.getReference(Adviser, id)));
}

async function validate(tx: EntityManager, viewer: Viewer, next: TaskState, before: TaskState | undefined): Promise<void> {
  const facts = await loadTaskFacts(tx, viewer, next, before);
  const issues = new Issues();
  checkTask(next, before, facts, issues);
  issues.throwIfAny();
}

/** A task the caller may see, with its advisers; one its row rules hide is NOT_FOUND, as a missing one. */
async function load(tx: EntityManager, viewer: Viewer, id: string): Promise<Task> {
  const task = await tx.findOne(Task, { id }, { populate: ['advisers'] });
  if (!task || !(await isVisible(tx, viewer, taskModel, id))) throw notFound('Task', id);
  return task;
}

/** Records the task events of a write in its transaction (flushed with it). */
function record(tx: EntityManager, viewer: Viewer, task: Task, drafts: readonly TaskEventDraft[]): void {
  const actor = adviserOf(tx, viewer);
  const now = new Date();
  for (const d of drafts) {
    tx.create(TaskEvent, { task, adviser: tx.getReference(Adviser, d.adviserId), kind: d.kind, actor, createdOn: now });
  }
}

const actorIdOf = (viewer: Viewer) => (viewer.kind === 'adviser' ? viewer.adviserId : null);

/** Completes (true) or reopens (false) a task, in one transaction; completing tells the other advisers. */
function setComplete(em: EntityManager, viewer: Viewer, id: string, complete: boolean): Promise<string> {
  return writeTransaction(em, async (tx) => {
    const task = await load(tx, viewer, id);
    assertNotArchived(task, 'task');
    if (complete && task.status === TaskStatus.COMPLETE) throw conflict('ALREADY_COMPLETE', 'This task is already complete.');
    if (!complete && task.status !== TaskStatus.COMPLETE) throw conflict('NOT_COMPLETE', 'This task is not complete.');
    task.status = complete ? TaskStatus.COMPLETE : TaskStatus.ACTIVE;
    stampModified(tx, task, viewer);
    if (complete) record(tx, viewer, task, taskEvents({ kind: 'completed', adviserIds: stateOf(task).adviserIds }, actorIdOf(viewer)));
    await tx.flush();
    return task.id;
  });
}

const archiving = archiveActions(Task, 'task', (tx, viewer) => (id) => isVisible(tx, viewer, taskModel, id));

/** Task writes: each runs in one transaction and returns the task's id. */
export function createTaskService() {
  return {
    async create(em: EntityManager, viewer: Viewer, input: TaskCreateInput): Promise<string> {
      return writeTransaction(em, async (tx) => {
        const next = merge(EMPTY, input);
        await validate(tx, viewer, next, undefined);
        const task = tx.create(Task, { title: next.title! } as never);
        apply(tx, task, next, undefined);
        stampCreated(tx, task, viewer);
        record(tx, viewer, task, taskEvents({ kind: 'saved', before: undefined, next }, actorIdOf(viewer)));
        await tx.flush();
        return task.id;
      });
    },

    async update(em: EntityManager, viewer: Viewer, id: string, input: TaskUpdateInput): Promise<string> {
      return writeTransaction(em, async (tx) => {
        const task = await load(tx, viewer, id);
        assertNotArchived(task, 'task');
        const before = stateOf(task);
        const next = merge(before, input);
        // The values it has already: no change, so nothing is written (no modified_on bump, no audit row, no event).
        if (isDeepStrictEqual(next, before)) return task.id;
        await validate(tx, viewer, next, before);
        apply(tx, task, next, before);
        stampModified(tx, task, viewer);
        record(tx, viewer, task, taskEvents({ kind: 'saved', before, next }, actorIdOf(viewer)));
        await tx.flush();
        return task.id;
      });
    },

    complete: (em: EntityManager, viewer: Viewer, id: string) => setComplete(em, viewer, id, true),
    reopen: (em: EntityManager, viewer: Viewer, id: string) => setComplete(em, viewer, id, false),

    /** Archived with a reason as every archivable record is (src/db/write.ts), telling the other advisers in the same transaction. */
    archive: (em: EntityManager, viewer: Viewer, id: string, reason: string): Promise<string> =>
      writeTransaction(em, async (tx) => {
        await archiving.archive(tx, viewer, id, reason);
        const advisers = await query(tx, { text: 'select adviser_id as "adviserId" from task_adviser where task_id = ? order by adviser_id', params: [id] });
        record(tx, viewer, tx.getReference(Task, id), taskEvents({ kind: 'archived', adviserIds: advisers.map((a) => a.adviserId as string) }, actorIdOf(viewer)));
        await tx.flush();
        return id;
      }),
    unarchive: archiving.unarchive,
  };
}

export type TaskService = ReturnType<typeof createTaskService>;
