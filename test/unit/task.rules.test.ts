import { describe, expect, it } from 'vitest';
import { TaskEventKind } from '../../src/modules/task/task.entity.js';
import { checkTask, reminderDateOf, taskEvents, type TaskFacts, type TaskState } from '../../src/modules/task/task.rules.js';
import { issuesOf } from '../helpers/rules.js';

const ANA = 'adviser-ana';
const BEN = 'adviser-ben';
const GONE = 'adviser-gone';

const facts = (over: Partial<TaskFacts> = {}): TaskFacts => ({
  advisers: new Map([
    [ANA, { isActive: true }],
    [BEN, { isActive: true }],
    [GONE, { isActive: false }],
  ]),
  found: { companyId: true, investmentProjectId: true, interactionId: true },
  ...over,
});

const task = (over: Partial<TaskState> = {}): TaskState => ({
  title: 'Call the company',
  description: '',
  dueDate: '2027-03-01',
  reminderDays: 3,
  emailRemindersEnabled: true,
  adviserIds: [ANA],
  companyId: 'company-1',
  investmentProjectId: null,
  interactionId: null,
  ...over,
});

const check = (next: TaskState, before?: TaskState, f = facts()) => issuesOf((issues) => checkTask(next, before, f, issues));

describe('task rules', () => {
  it('accepts a complete task, and one with only a title and an adviser', () => {
    expect(check(task())).toEqual([]);
    expect(check(task({ dueDate: null, reminderDays: null, companyId: null }))).toEqual([]);
  });

  it('needs a title of at most 255 characters and at least one adviser', () => {
    expect(check(task({ title: '  ', adviserIds: [] }))).toEqual([
      'title:REQUIRED',
      'adviserIds:REQUIRED',
    ]);
    expect(check(task({ title: 'x'.repeat(256) }))).toEqual(['title:TOO_LONG']);
  });

  it('counts a reminder back from a due date: 1 to 365 days, and only with a due date', () => {
    expect(check(task({ reminderDays: 0 }))).toEqual(['reminderDays:OUT_OF_RANGE']);
    expect(check(task({ reminderDays: 366 }))).toEqual(['reminderDays:OUT_OF_RANGE']);
    expect(check(task({ dueDate: null }))).toEqual(['reminderDays:REMINDER_WITHOUT_DUE_DATE']);
  });

  it('is about at most one company, investment project or interaction, each one the caller may see', () => {
    expect(check(task({ investmentProjectId: 'project-1', interactionId: 'interaction-1' }))).toEqual([
      'companyId:ONE_RELATED_RECORD',
      'investmentProjectId:ONE_RELATED_RECORD',
      'interactionId:ONE_RELATED_RECORD',
    ]);
    const hidden = facts({ found: { companyId: true, investmentProjectId: false, interactionId: true } });
    expect(check(task({ companyId: null, investmentProjectId: 'project-1' }), undefined, hidden)).toEqual(['investmentProjectId:NOT_FOUND']);
    // The project it was about already is not looked up again.
    const before = task({ companyId: null, investmentProjectId: 'project-1' });
    expect(check({ ...before, title: 'Renamed' }, before, hidden)).toEqual([]);
  });

  it('assigns advisers who exist; a new one must be active, one already on the task stays', () => {
    expect(check(task({ adviserIds: [ANA, 'nobody', GONE] }))).toEqual([
      'adviserIds.1:NOT_FOUND',
      'adviserIds.2:ADVISER_NOT_ACTIVE',
    ]);
    const before = task({ adviserIds: [GONE] });
    expect(check(task({ adviserIds: [GONE], title: 'Renamed' }), before)).toEqual([]);
  });
});

describe('the reminder date', () => {
  it('is the due date less the reminder days, across months and years; none without both', () => {
    expect(reminderDateOf('2027-03-01', 3)).toBe('2027-02-26');
    expect(reminderDateOf('2027-01-05', 10)).toBe('2026-12-26');
    expect(reminderDateOf('2028-03-01', 1)).toBe('2028-02-29');
    expect(reminderDateOf(null, 3)).toBeNull();
    expect(reminderDateOf('2027-03-01', null)).toBeNull();
  });
});

describe('task events', () => {
  const { ASSIGNED, AMENDED, COMPLETED, ARCHIVED } = TaskEventKind;

  it('tells the advisers assigned by someone else, not the one who assigned themselves', () => {
    expect(taskEvents({ kind: 'saved', before: undefined, next: task({ adviserIds: [ANA, BEN] }) }, ANA)).toEqual([{ adviserId: BEN, kind: ASSIGNED }]);
  });

  it('on a change tells the new advisers they were assigned and the others it was amended', () => {
    const before = task({ adviserIds: [ANA, BEN] });
    expect(taskEvents({ kind: 'saved', before, next: { ...before, title: 'New' } }, BEN)).toEqual([{ adviserId: ANA, kind: AMENDED }]);
    expect(taskEvents({ kind: 'saved', before, next: { ...before, adviserIds: [BEN, GONE] } }, ANA)).toEqual([
      { adviserId: GONE, kind: ASSIGNED },
      { adviserId: BEN, kind: AMENDED },
    ]);
  });

  it('tells every other adviser of a completion or an archive; a partner client (no adviser) tells them all', () => {
    expect(taskEvents({ kind: 'completed', adviserIds: [ANA, BEN] }, ANA)).toEqual([{ adviserId: BEN, kind: COMPLETED }]);
    expect(taskEvents({ kind: 'archived', adviserIds: [ANA, BEN] }, null)).toEqual([
      { adviserId: ANA, kind: ARCHIVED },
      { adviserId: BEN, kind: ARCHIVED },
    ]);
  });
});
