import { defineModule } from '../../module.js';
import { trackedFieldResolvers } from '../adviser/index.js';
import { taskDemo as demo } from './task.demo.js';
import { Task, TaskEvent } from './task.entity.js';
import { taskAccess as access, taskPermissions as rules, taskReaders as readers } from './task.permissions.js';
import { taskReasons as reasons } from './task.reasons.js';
import { TaskResolver } from './task.resolver.js';
import { taskRowRules as rowRules } from './task.row-rules.js';
import { taskSearch as search } from './task.search.js';
import { createTaskService } from './task.service.js';
import { CompanyTasksField, InteractionTasksField, InvestmentProjectTasksField, TaskFields, TaskType } from './task.types.js';

export { Task, TaskEvent, TaskEventKind, TaskStatus } from './task.entity.js';
export { taskModel, type TaskRow } from './task.model.js';
export { TaskConnection, TaskListArgs, TaskType } from './task.types.js';
export { createTaskService, type TaskService } from './task.service.js';

// The module's service, as every request's context offers it (src/graphql/context.ts `Services`).
declare module '../../graphql/context.js' {
  interface Services {
    task: import('./task.service.js').TaskService;
  }
}

/** Tasks: advisers' to-dos with due dates and reminders, seen by those they concern, and the events a reminders job reads (src/module.ts). */
export const taskModule = defineModule({
  name: 'task',
  entities: [Task, TaskEvent],
  resolvers: [TaskResolver, TaskFields, CompanyTasksField, InvestmentProjectTasksField, InteractionTasksField, trackedFieldResolvers(TaskType, true)],
  access,
  reasons,
  rules,
  readers,
  rowRules,
  // Its advisers are named by their ids in `changes`; task_event rows are the task's own record of whom to tell, not audited.
  audited: [{ entity: Task }],
  search,
  demo,
  services: () => ({ task: createTaskService() }),
});
