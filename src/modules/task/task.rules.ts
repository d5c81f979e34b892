import type { Issues } from '../../errors.js';
import { TaskEventKind } from './task.entity.js';

/**
 * The task rules (Data Hub's task serializer and validators, written anew): pure functions of the state a
 * task would have after a write, the state before it, and the facts the service loads first (task.facts.ts),
 * so they are tested on plain objects.
 */

/** A task as the rules see it: the values it would have after the write, references by id. */
export type TaskState = {
  title: string | null;
  description: string;
  dueDate: string | null;
  reminderDays: number | null;
  emailRemindersEnabled: boolean;
  adviserIds: string[];
  companyId: string | null;
  investmentProjectId: string | null;
  interactionId: string | null;
};

/** What the task rules read besides the task: the advisers it names, and whether its related record is one the caller may see. */
export type TaskFacts = {
  /** The advisers named, by id: whether each is active. */
  advisers: ReadonlyMap<string, { isActive: boolean }>;
  /** The related records named that exist and the caller may see, by field. */
  found: { companyId: boolean; investmentProjectId: boolean; interactionId: boolean };
};

/** The fields that name the record a task is about; a task names at most one. */
export const RELATED_FIELDS = ['companyId', 'investmentProjectId', 'interactionId'] as const;
const RELATED_NAMES = { companyId: 'company', investmentProjectId: 'investment project', interactionId: 'interaction' } as const;

export const MAX_REMINDER_DAYS = 365;

const blank = (s: string | null | undefined) => !s || !s.trim();

/**
 * The date to remind on: the due date less the reminder days (Data Hub's `reminder_date`); none without both.
 * ISO dates are counted in UTC, so the result does not depend on the server's time zone.
 */
export function reminderDateOf(dueDate: string | null, reminderDays: number | null): string | null {
  if (!dueDate || !reminderDays) return null;
  const ms = Date.parse(`${dueDate}T00:00:00Z`) - reminderDays * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

function checkText(next: TaskState, issues: Issues): void {
  if (blank(next.title)) issues.add('title', 'REQUIRED', 'The title is required.');
  else if (next.title!.length > 255) issues.add('title', 'TOO_LONG', 'The title is at most 255 characters.');
  if (next.description.length > 10_000) issues.add('description', 'TOO_LONG', 'The description is at most 10,000 characters.');
}

/** A reminder counts back from the due date: whole days from 1 to a year, and only with a due date. */
function checkReminder(next: TaskState, issues: Issues): void {
  if (next.reminderDays == null) return;
  if (!Number.isInteger(next.reminderDays) || next.reminderDays < 1 || next.reminderDays > MAX_REMINDER_DAYS) {
    issues.add('reminderDays', 'OUT_OF_RANGE', `Reminder days are a whole number from 1 to ${MAX_REMINDER_DAYS}.`);
  }
  if (!next.dueDate) issues.add('reminderDays', 'REMINDER_WITHOUT_DUE_DATE', 'A reminder counts back from the due date: give a due date too.');
}

/** At least one adviser, each an adviser, and one newly assigned active (one already on the task stays). */
function checkAdvisers(next: TaskState, before: TaskState | undefined, facts: TaskFacts, issues: Issues): void {
  if (!next.adviserIds.length) issues.add('adviserIds', 'REQUIRED', 'At least one adviser is required.');
  for (const [i, id] of next.adviserIds.entries()) {
    const adviser = facts.advisers.get(id);
    if (!adviser) issues.add(['adviserIds', String(i)], 'NOT_FOUND', `No adviser with id ${id}.`);
    else if (!adviser.isActive && !before?.adviserIds.includes(id)) issues.add(['adviserIds', String(i)], 'ADVISER_NOT_ACTIVE', 'This adviser is inactive and cannot be assigned.');
  }
}

/** At most one related record (Data Hub's validate_single_task_relationship), each one the caller may see. */
function checkRelated(next: TaskState, before: TaskState | undefined, facts: TaskFacts, issues: Issues): void {
  const given = RELATED_FIELDS.filter((f) => next[f]);
  if (given.length > 1) {
    for (const f of given) issues.add(f, 'ONE_RELATED_RECORD', 'A task is about a company, an investment project or an interaction: give only one of them.');
  }
  for (const f of given) {
    if (next[f] !== before?.[f] && !facts.found[f]) issues.add(f, 'NOT_FOUND', `No ${RELATED_NAMES[f]} with id ${next[f]}.`);
  }
}

/** Every rule of a task, on the state it would have after the write; `before` is the stored state on an update. */
export function checkTask(next: TaskState, before: TaskState | undefined, facts: TaskFacts, issues: Issues): void {
  checkText(next, issues);
  checkReminder(next, issues);
  checkAdvisers(next, before, facts, issues);
  checkRelated(next, before, facts, issues);
}

/** A task event to write: the adviser to tell, and what happened. */
export type TaskEventDraft = { adviserId: string; kind: TaskEventKind };

/**
 * Whom a write tells what (task_event): nobody is told of their own doing (`actorId`, null for a partner
 * client, tells every adviser). A newly assigned adviser is told they were assigned; on a change, the advisers
 * who stay are told it was amended; completing and archiving tell every adviser on the task.
 */
export function taskEvents(
  change: { kind: 'saved'; before: TaskState | undefined; next: TaskState } | { kind: 'completed' | 'archived'; adviserIds: readonly string[] },
  actorId: string | null,
): TaskEventDraft[] {
  const others = (ids: readonly string[]) => ids.filter((id) => id !== actorId);
  if (change.kind !== 'saved') {
    const kind = change.kind === 'completed' ? TaskEventKind.COMPLETED : TaskEventKind.ARCHIVED;
    return others(change.adviserIds).map((adviserId) => ({ adviserId, kind }));
  }
  const previous = change.before?.adviserIds ?? [];
  const added = others(change.next.adviserIds.filter((id) => !previous.includes(id))).map((adviserId) => ({ adviserId, kind: TaskEventKind.ASSIGNED }));
  const stayed = change.before ? others(change.next.adviserIds.filter((id) => previous.includes(id))).map((adviserId) => ({ adviserId, kind: TaskEventKind.AMENDED })) : [];
  return [...added, ...stayed];
}
