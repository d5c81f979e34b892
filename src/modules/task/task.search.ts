import { andSql, sqlJoin, type ReadModel, type Sql } from '../../db/read-model.js';
import { ARCHIVED_FILTER, guardedJson, isoInstant, textArray, withWhere, type ExportCaller, type SearchMapping } from '../../search/mapping.js';
import { adviserModel } from '../adviser/index.js';
import { companyModel } from '../company/index.js';
import { interactionModel } from '../interaction/index.js';
import { investmentProjectModel } from '../investment/index.js';
import { TaskStatus } from './task.entity.js';
import { taskModel } from './task.model.js';
import { TaskType } from './task.types.js';

const adviserName = (alias: string) => `nullif(trim(${alias}.first_name || ' ' || ${alias}.last_name), '')`;

/**
 * The name of the record a task is about, as the export shows it: none where `Task.<field>` is null to the
 * caller (its rule refuses, or the record's row rules hide it: a project of another team). The row rules are
 * SQL over the record as `t`, so the task's key is compared one level out (`rel`), where `t` is the task.
 */
function relatedName(caller: ExportCaller, field: string, model: ReadModel, foreignKey: string, name: string): Sql {
  if (!caller.readable('Task', field)) return { text: 'null', params: [] };
  const scope = caller.scope(model);
  const visible = scope.length ? sqlJoin([` and exists (select 1 from "${model.table}" t where t.id = rel.id and `, andSql(scope), ')']) : '';
  return sqlJoin([`(select rel.${name} from "${model.table}" rel where rel.id = t.${foreignKey}`, visible, ')']);
}

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
  // Data Hub has no task export; this one is its own permission, as every export is (task.permissions.ts).
  export: {
    permission: 'export_task',
    fileName: 'tasks',
    rowsSql: (where: Sql, caller: ExportCaller) =>
      sqlJoin([
        `select t.id as "ID", t.title as "Title", to_char(t.due_date, 'YYYY-MM-DD') as "Due date", initcap(t.status) as "Status",
                (select string_agg(${adviserName('a')}, '; ' order by a.first_name, a.last_name)
                   from task_adviser ta join adviser a on a.id = ta.adviser_id where ta.task_id = t.id) as "Advisers", `,
        relatedName(caller, 'company', companyModel, 'company_id', 'name'),
        ' as "Company", ',
        relatedName(caller, 'investmentProject', investmentProjectModel, 'investment_project_id', 'name'),
        ' as "Investment project", ',
        relatedName(caller, 'interaction', interactionModel, 'interaction_id', 'subject'),
        ` as "Interaction", ${adviserName('creator')} as "Created by", ${isoInstant('t.created_on')} as "Created on",
                ${isoInstant('t.modified_on')} as "Modified on", t.archived as "Archived"
           from task t left join adviser creator on creator.id = t.created_by_id where `,
        where,
      ]),
  },
};
