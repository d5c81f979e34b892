import { defineAccess, type CodenamesOf, type ScopesOf } from '../../auth/access.js';
import { can, type ReadRules, type RuleTree } from '../../graphql/rules.js';
import { interactionReaders } from '../interaction/index.js';
import { viewInvestmentProjects } from '../investment/index.js';

/**
 * Tasks' permission codenames, and the groups that have them. A task is an adviser's own: `view_task` reads the
 * tasks the caller created or is assigned to (task.row-rules.ts), and `view_all_task` lifts that for those who
 * oversee or analyse the work (analysts, administrators). No partner scope: a partner client is no adviser, so
 * it has no tasks of its own.
 */
export const taskAccess = defineAccess({
  permissions: {
    view_task: 'Read the tasks the caller created or is assigned to.',
    view_all_task: "Read every task, not only the caller's own (with view_task): for analysts and administrators, who oversee the work rather than do it.",
    add_task: 'Create tasks.',
    change_task: 'Change, complete, reopen, archive and unarchive the tasks the caller may read.',
    export_task: 'Export tasks in bulk: the CSV of a task search (exportUrl), up to 5,000 rows, of the tasks the caller may read.',
  },
  grants: {
    DIT_staff: ['view_task', 'add_task', 'change_task'],
    DA: ['view_task', 'add_task', 'change_task'],
    LEP: ['view_task', 'add_task', 'change_task'],
    // Exports are analysts' only, as for every other record: a bulk copy is granted apart from reading.
    'Read-only analyst': ['view_task', 'view_all_task', 'export_task'],
  },
});

// The codenames as types, for `can(...)` and the rules everywhere (src/auth/access.ts).
declare module '../../auth/access.js' {
  interface PermissionCodenames extends CodenamesOf<typeof taskAccess> {}
  interface ScopeNames extends ScopesOf<typeof taskAccess> {}
}

/** Who may read tasks, wherever they appear (a mutation's result included); the row rule narrows which. */
export const taskReaders: ReadRules = { Task: can('view_task') };

/** Who may read and write tasks, and the fields that lead from them to other entities. */
export const taskPermissions: RuleTree = {
  Query: {
    task: can('view_task'),
    tasks: can('view_task'),
  },
  Mutation: {
    createTask: can('add_task'),
    updateTask: can('change_task'),
    completeTask: can('change_task'),
    reopenTask: can('change_task'),
    archiveTask: can('change_task'),
    unarchiveTask: can('change_task'),
  },
  Company: { tasks: can('view_task') },
  InvestmentProject: { tasks: can('view_task') },
  Interaction: { tasks: can('view_task') },
  Task: {
    company: can('view_company'),
    investmentProject: viewInvestmentProjects,
    interaction: interactionReaders.Interaction,
  },
};
