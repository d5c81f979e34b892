import type { Sql } from '../../db/read-model.js';
import { ARCHIVED_FILTER, guardedJson, isoInstant, textArray, withWhere, type SearchMapping } from '../../search/mapping.js';
import { adviserModel } from '../adviser/index.js';
import { companyModel } from '../company/index.js';
import { TaskStatus } from './task.entity.js';
import { taskModel } from './task.model.js';
import { TaskType } from './task.types.js';

/**
 * A task's search document: its title, and its description as text. Its fields are Data Hub's task filters
 * (advisers assigned, company, status, due date, archived) and sorts (title, due date, created on); and
 * `visibleToAdviserId`, the advisers the "own tasks" row rule tests (task.row-rules.ts), from the same view
 * as the rule's, so a search finds what a list shows. Nothing in it is guarded: whoever may find a task may
 * read every field it shows.
 */
export const taskSearch: SearchMapping = {
  entity: 'task',
  position: 70,
  typeName: 'Task',
  nodeType: TaskType,
  query: 'searchTasks',
  readModel: taskModel,
  permission: 'view_task',
  documentsSql: (where: Sql) =>
    withWhere(
      `select t.id, json_build_object(
         'names', array[t.title],
         'identifiers', array[]::text[],
         'text', ${textArray('t.description')},
         'guarded', ${guardedJson([])},
         'fields', json_build_object(
           'title', lower(t.title),
           'archived', t.archived,
           'status', t.status,
           'dueDate', to_char(t.due_date, 'YYYY-MM-DD'),
           'companyId', t.company_id,
           'adviserIds', array(select ta.adviser_id from task_adviser ta where ta.task_id = t.id order by ta.adviser_id),
           'createdOn', ${isoInstant('t.created_on')},
           'modifiedOn', ${isoInstant('t.modified_on')},
           'visibleToAdviserId', array(select v.adviser_id from task_visible_adviser v where v.task_id = t.id order by v.adviser_id))
       ) as doc
       from task t`,
      where,
    ),
  guarded: [],
  sources: [
    { table: 'task', documentIds: 'select changed.id' },
    { table: 'task_adviser', documentIds: 'select changed.task_id' },
  ],
  filters: {
    statuses: { kind: 'terms', field: 'status', description: 'In any of these statuses.', values: { enum: TaskStatus } },
    adviserIds: { kind: 'terms', field: 'adviserIds', description: 'Assigned to any of these advisers.', values: { record: adviserModel, permission: 'view_advisor' } },
    companyIds: { kind: 'terms', field: 'companyId', description: 'About any of these companies.', values: { record: companyModel, permission: 'view_company' } },
    dueDate: { kind: 'dateRange', field: 'dueDate', description: 'Due in this range.' },
    archived: { kind: 'boolean', field: 'archived', description: ARCHIVED_FILTER },
  },
  sorts: { TITLE: 'title', DUE_DATE: 'dueDate', CREATED_ON: 'createdOn', MODIFIED_ON: 'modifiedOn' },
  shows: {
    title: 'title',
    archived: 'archived',
    status: 'status',
    dueDate: 'dueDate',
    companyId: 'company',
    adviserIds: 'advisers',
    createdOn: 'createdOn',
    modifiedOn: 'modifiedOn',
  },
};
