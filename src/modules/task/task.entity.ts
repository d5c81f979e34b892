import { Collection } from '@mikro-orm/core';
import { Entity, Enum, ManyToMany, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { randomUUID } from 'node:crypto';
import { ArchivableEntity } from '../../db/base.entity.js';
import { Adviser } from '../adviser/index.js';
import { Company } from '../company/index.js';
import { Interaction } from '../interaction/index.js';
import { InvestmentProject } from '../investment/index.js';

/** Whether a task is still to do (Data Hub's values). */
export enum TaskStatus {
  ACTIVE = 'active',
  COMPLETE = 'complete',
}

/** What happened to a task that an adviser may be told of (task_event.kind). */
export enum TaskEventKind {
  /** Assigned to the adviser by someone else. */
  ASSIGNED = 'assigned',
  /** Changed by someone other than the adviser. */
  AMENDED = 'amended',
  COMPLETED = 'completed',
  ARCHIVED = 'archived',
}

/**
 * A task (Data Hub's `task.Task`): something advisers are to do by a due date, reminded `reminderDays` before
 * it (`reminderDate`, stored so a reminders job can find the tasks due a reminder by an index), about at most
 * one company, investment project or interaction.
 */
@Entity({ tableName: 'task' })
export class Task extends ArchivableEntity {
  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text', default: '' })
  description: string = '';

  @Property({ type: 'date', nullable: true })
  dueDate?: string | null;

  @Property({ type: 'integer', nullable: true })
  reminderDays?: number | null;

  @Property({ type: 'date', nullable: true })
  reminderDate?: string | null;

  @Property({ type: 'boolean', default: false })
  emailRemindersEnabled: boolean = false;

  @Enum({ items: () => TaskStatus, default: TaskStatus.ACTIVE })
  status: TaskStatus = TaskStatus.ACTIVE;

  @ManyToMany({ entity: () => Adviser, pivotTable: 'task_adviser', joinColumn: 'task_id', inverseJoinColumn: 'adviser_id' })
  advisers = new Collection<Adviser>(this);

  @ManyToOne(() => Company, { nullable: true })
  company?: Company | null;

  @ManyToOne(() => InvestmentProject, { nullable: true })
  investmentProject?: InvestmentProject | null;

  @ManyToOne(() => Interaction, { nullable: true })
  interaction?: Interaction | null;
}

/**
 * Something that happened to a task that `adviser` may be told of (a reminders job reads them): written in the
 * same transaction as the change, so a task event exists exactly when the change does.
 */
@Entity({ tableName: 'task_event' })
export class TaskEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Task, { deleteRule: 'cascade' })
  task!: Task;

  @ManyToOne(() => Adviser)
  adviser!: Adviser;

  @Enum({ items: () => TaskEventKind })
  kind!: TaskEventKind;

  @ManyToOne(() => Adviser, { nullable: true })
  actor?: Adviser | null;

  @Property({ type: 'timestamptz' })
  createdOn: Date = new Date();
}
