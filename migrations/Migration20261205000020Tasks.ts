import { Migration } from '@mikro-orm/migrations';

const adviser = (column: string) => `"${column}" uuid null references "adviser" ("id") on delete set null`;

/**
 * Tasks (Data Hub's `task.Task`): a title, a description, a due date with the reminder date counted back from
 * it, the advisers assigned (`task_adviser`), active or complete, archivable, and at most one of a company, an
 * investment project or an interaction (a check, as the service refuses more than one first). The view of the
 * advisers a task is visible to (its creator and its advisers), which the "own tasks" row rule tests; and
 * `task_event`, the task events a later job acts on (an adviser assigned or a task amended by someone else,
 * completed, archived), each for the adviser to tell.
 */
export class Migration20261205000020Tasks extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "task" (
         "id" uuid not null primary key,
         "created_on" timestamptz not null,
         ${adviser('created_by_id')},
         "modified_on" timestamptz not null,
         ${adviser('modified_by_id')},
         "archived" boolean not null default false,
         "archived_on" timestamptz null,
         ${adviser('archived_by_id')},
         "archived_reason" text null,
         "title" text not null,
         "description" text not null default '',
         "due_date" date null,
         "reminder_days" integer null,
         "reminder_date" date null,
         "email_reminders_enabled" boolean not null default false,
         "status" text not null default 'active' check ("status" in ('active', 'complete')),
         "company_id" uuid null references "company" ("id"),
         "investment_project_id" uuid null references "investment_project" ("id"),
         "interaction_id" uuid null references "interaction" ("id"),
         constraint "task_one_related_record" check (num_nonnulls("company_id", "investment_project_id", "interaction_id") <= 1)
       )`,
    );
    for (const column of ['company_id', 'investment_project_id', 'interaction_id', 'created_by_id', 'due_date']) {
      this.addSql(`create index "task_${column}_index" on "task" ("${column}")`);
    }
    this.addSql(
      `create table "task_adviser" (
         "task_id" uuid not null references "task" ("id") on delete cascade,
         "adviser_id" uuid not null references "adviser" ("id"),
         primary key ("task_id", "adviser_id")
       )`,
    );
    this.addSql('create index "task_adviser_adviser_id_index" on "task_adviser" ("adviser_id")');
    this.addSql(
      `create view "task_visible_adviser" as
         select t.id as task_id, t.created_by_id as adviser_id from task t where t.created_by_id is not null
         union
         select a.task_id, a.adviser_id from task_adviser a`,
    );
    this.addSql(
      `create table "task_event" (
         "id" uuid not null primary key,
         "task_id" uuid not null references "task" ("id") on delete cascade,
         "adviser_id" uuid not null references "adviser" ("id"),
         "kind" text not null check ("kind" in ('assigned', 'amended', 'completed', 'archived')),
         ${adviser('actor_id')},
         "created_on" timestamptz not null
       )`,
    );
    this.addSql('create index "task_event_adviser_id_created_on_index" on "task_event" ("adviser_id", "created_on")');
    this.addSql('create index "task_event_task_id_index" on "task_event" ("task_id")');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "task_event"');
    this.addSql('drop view if exists "task_visible_adviser"');
    this.addSql('drop table if exists "task_adviser"');
    this.addSql('drop table if exists "task"');
  }
}
