import { Field, InputType, Int, registerEnumType } from 'type-graphql';
import { LocalDateScalar, UUIDScalar } from '../../graphql/scalars.js';
import { TaskStatus } from './task.entity.js';

registerEnumType(TaskStatus, { name: 'TaskStatus', description: 'ACTIVE until completed (completeTask), ACTIVE again when reopened (reopenTask).' });

/** The fields a task's create and update share; on update every field is optional and null clears it. */
@InputType('TaskFieldsBaseInput')
abstract class TaskFieldsInput {
  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  dueDate?: string | null;

  @Field(() => Int, { nullable: true, description: 'Days before the due date to remind on (1 to 365); needs a due date.' })
  reminderDays?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the advisers are reminded by email too (default false).' })
  emailRemindersEnabled?: boolean | null;

  @Field(() => UUIDScalar, { nullable: true, description: 'The company it is about; at most one of companyId, investmentProjectId and interactionId.' })
  companyId?: string | null;

  @Field(() => UUIDScalar, { nullable: true, description: 'The investment project it is about (one the caller may see).' })
  investmentProjectId?: string | null;

  @Field(() => UUIDScalar, { nullable: true, description: 'The interaction it is about (one the caller may see).' })
  interactionId?: string | null;
}

@InputType('TaskCreateInput')
export class TaskCreateInput extends TaskFieldsInput {
  @Field()
  title!: string;

  @Field(() => [UUIDScalar], { description: 'The advisers assigned: at least one.' })
  adviserIds!: string[];
}

@InputType('TaskUpdateInput', { description: 'Only the fields given change; null clears a field.' })
export class TaskUpdateInput extends TaskFieldsInput {
  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => [UUIDScalar], { nullable: true, description: 'Replaces the list: at least one.' })
  adviserIds?: string[] | null;
}
