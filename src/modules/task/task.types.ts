import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, Field, FieldResolver, Info, Int, ObjectType, Resolver, Root } from 'type-graphql';
import type { RowOf } from '../../db/read-model.js';
import { connectionType, enumFilter, listArgsFor } from '../../graphql/connection.js';
import type { Context } from '../../graphql/context.js';
import { childConnection } from '../../graphql/list.js';
import { linkedRows, registerLinkedList, type LinkTable } from '../../graphql/links.js';
import { embeddedList, manyToOne, registerEmbed } from '../../graphql/lookahead.js';
import { LocalDateScalar } from '../../graphql/scalars.js';
import { adviserModel, AdviserType, ArchivableType } from '../adviser/index.js';
import { companyModel, CompanyType } from '../company/index.js';
import { interactionModel, InteractionType } from '../interaction/index.js';
import { investmentProjectModel, InvestmentProjectType } from '../investment/index.js';
import { TaskStatus } from './task.entity.js';
import { taskModel, type TaskRow } from './task.model.js';

@ObjectType('Task', { simpleResolvers: true, description: 'Something advisers are to do by a due date, about at most one company, investment project or interaction.' })
export class TaskType extends ArchivableType {
  @Field() title!: string;
  @Field({ description: 'Empty when there is none.' }) description!: string;
  @Field(() => LocalDateScalar, { nullable: true }) dueDate!: string | null;
  @Field(() => Int, { nullable: true, description: 'Days before the due date to remind on.' }) reminderDays!: number | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'The due date less the reminder days; none without both.' }) reminderDate!: string | null;
  @Field({ description: 'Whether the advisers are reminded by email too.' }) emailRemindersEnabled!: boolean;
  @Field(() => TaskStatus) status!: TaskStatus;
}

export const TaskConnection = connectionType('Task', TaskType);
export const TaskListArgs = listArgsFor(taskModel, { status: enumFilter(TaskStatus, 'TaskStatus') }).ListArgs;
type ListArgs = InstanceType<typeof TaskListArgs>;

const ADVISERS: LinkTable = { table: 'task_adviser', owner: 'task_id', target: 'adviser_id', model: adviserModel };

// Look-ahead: a page of tasks comes with its advisers and related records in its own statement when asked for.
registerLinkedList('Task', 'advisers', ADVISERS);

const refs = {
  company: manyToOne('Task', 'company', companyModel, 'companyId'),
  investmentProject: manyToOne('Task', 'investmentProject', investmentProjectModel, 'investmentProjectId'),
  interaction: manyToOne('Task', 'interaction', interactionModel, 'interactionId'),
};

@Resolver(() => TaskType)
export class TaskFields {
  @FieldResolver(() => [AdviserType], { description: 'The advisers assigned: at least one.' })
  advisers(@Root() row: TaskRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return embeddedList(row, info) ?? linkedRows(ctx, ADVISERS, row.id);
  }

  @FieldResolver(() => CompanyType, { nullable: true, description: 'The company it is about, if it is about a company.' })
  company(@Root() row: TaskRow, @Ctx() ctx: Context) {
    return refs.company(ctx, row);
  }

  @FieldResolver(() => InvestmentProjectType, { nullable: true, description: 'The investment project it is about; none when the caller may not see it.' })
  investmentProject(@Root() row: TaskRow, @Ctx() ctx: Context) {
    return refs.investmentProject(ctx, row);
  }

  @FieldResolver(() => InteractionType, { nullable: true, description: 'The interaction it is about; none when the caller may not see it.' })
  interaction(@Root() row: TaskRow, @Ctx() ctx: Context) {
    return refs.interaction(ctx, row);
  }
}

/** How a company's, a project's and an interaction's tasks are found. */
const COMPANY_LINK = 'company_id';
const PROJECT_LINK = 'investment_project_id';
const INTERACTION_LINK = 'interaction_id';
registerEmbed('Company', 'tasks', { kind: 'connection', model: taskModel, link: COMPANY_LINK, nodeType: 'Task' });
registerEmbed('InvestmentProject', 'tasks', { kind: 'connection', model: taskModel, link: PROJECT_LINK, nodeType: 'Task' });
registerEmbed('Interaction', 'tasks', { kind: 'connection', model: taskModel, link: INTERACTION_LINK, nodeType: 'Task' });

/** Company → tasks lives here so the company module does not depend on tasks. */
@Resolver(() => CompanyType)
export class CompanyTasksField {
  @FieldResolver(() => TaskConnection, { nullable: true, description: 'The tasks about the company (those the caller may see), soonest due first by default.' })
  tasks(@Root() row: RowOf<typeof companyModel>, @Args(() => TaskListArgs) args: ListArgs, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return childConnection(ctx, taskModel, COMPANY_LINK, row, args, info);
  }
}

/** Investment project → tasks, likewise. */
@Resolver(() => InvestmentProjectType)
export class InvestmentProjectTasksField {
  @FieldResolver(() => TaskConnection, { nullable: true, description: 'The tasks about the project (those the caller may see), soonest due first by default.' })
  tasks(@Root() row: RowOf<typeof investmentProjectModel>, @Args(() => TaskListArgs) args: ListArgs, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return childConnection(ctx, taskModel, PROJECT_LINK, row, args, info);
  }
}

/** Interaction → tasks (the follow-ups of a meeting), likewise. */
@Resolver(() => InteractionType)
export class InteractionTasksField {
  @FieldResolver(() => TaskConnection, { nullable: true, description: 'The tasks about the interaction (those the caller may see), soonest due first by default.' })
  tasks(@Root() row: RowOf<typeof interactionModel>, @Args(() => TaskListArgs) args: ListArgs, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return childConnection(ctx, taskModel, INTERACTION_LINK, row, args, info);
  }
}
