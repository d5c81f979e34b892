import { hasPermission } from '../../auth/permissions.js';
import type { RowRule } from '../../auth/row-rules.js';

/** No row at all: "visible to no adviser" rather than "id is null", so the search backends can apply it too. */
const NONE = { visibleToAdviserId: { in: [] } };

/**
 * "Own tasks": a caller without `view_all_task` sees only the tasks they created or are assigned to. A filter on
 * the task read model's `visibleToAdviserId` (the task_visible_adviser view), so it goes inside every statement.
 */
export const taskRowRules: readonly RowRule[] = [
  {
    name: 'ownTasks',
    description:
      'A caller without view_all_task sees only the tasks they created or are assigned to, in lists, counts, nested lists, relations, lookups, searches and writes (another adviser\'s task answers NOT_FOUND, as a missing one).',
    filter: (viewer, model) => {
      if (model.name !== 'Task' || hasPermission(viewer, 'view_all_task')) return null;
      return viewer.kind === 'adviser' ? { visibleToAdviserId: { eq: viewer.adviserId } } : NONE;
    },
  },
];
