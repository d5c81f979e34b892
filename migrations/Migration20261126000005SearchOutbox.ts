import { Migration } from '@mikro-orm/migrations';

/**
 * The search outbox, filled by triggers in the writing transaction itself, so a change is never lost to
 * search: whoever writes (a mutation, a job, a bulk seed, psql) enqueues the record and the documents that
 * show it (renaming a company enqueues its contacts and interactions, which carry its name). A worker drains
 * the outbox into the search backend (src/search/outbox.ts); several rows for one record collapse into one
 * document write. `job_run` records each run of a scheduled job.
 */
const TRIGGERS: Array<[table: string, fn: string, body: string]> = [
  [
    'company',
    'search_enqueue_company',
    `insert into search_outbox (entity, record_id) values ('company', coalesce(new.id, old.id));
     if tg_op = 'UPDATE' and (new.name, new.trading_names, new.archived) is distinct from (old.name, old.trading_names, old.archived) then
       insert into search_outbox (entity, record_id) select 'contact', c.id from contact c where c.company_id = new.id;
       insert into search_outbox (entity, record_id)
         select 'interaction', i.id from interaction i where i.company_id = new.id
         union select 'interaction', ic.interaction_id from interaction_company ic where ic.company_id = new.id;
     end if;`,
  ],
  [
    'contact',
    'search_enqueue_contact',
    `insert into search_outbox (entity, record_id) values ('contact', coalesce(new.id, old.id));
     if tg_op = 'UPDATE' and (new.first_name, new.last_name) is distinct from (old.first_name, old.last_name) then
       insert into search_outbox (entity, record_id) select 'interaction', ic.interaction_id from interaction_contact ic where ic.contact_id = new.id;
     end if;`,
  ],
  ['interaction', 'search_enqueue_interaction', `insert into search_outbox (entity, record_id) values ('interaction', coalesce(new.id, old.id));`],
  ['interaction_contact', 'search_enqueue_interaction_contact', `insert into search_outbox (entity, record_id) values ('interaction', coalesce(new.interaction_id, old.interaction_id));`],
  ['interaction_company', 'search_enqueue_interaction_company', `insert into search_outbox (entity, record_id) values ('interaction', coalesce(new.interaction_id, old.interaction_id));`],
  [
    'interaction_dit_participant',
    'search_enqueue_interaction_participant',
    `insert into search_outbox (entity, record_id) values ('interaction', coalesce(new.interaction_id, old.interaction_id));`,
  ],
  [
    'adviser',
    'search_enqueue_adviser',
    `insert into search_outbox (entity, record_id) values ('adviser', coalesce(new.id, old.id));
     if tg_op = 'UPDATE' and (new.first_name, new.last_name) is distinct from (old.first_name, old.last_name) then
       insert into search_outbox (entity, record_id) select distinct 'interaction', p.interaction_id from interaction_dit_participant p where p.adviser_id = new.id;
     end if;`,
  ],
];

export class Migration20261126000005SearchOutbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "search_outbox" (
         "id" bigserial primary key,
         "entity" text not null,
         "record_id" uuid not null,
         "enqueued_on" timestamptz not null default clock_timestamp(),
         "available_on" timestamptz not null default clock_timestamp(),
         "attempts" int not null default 0,
         "last_error" text null)`,
    );
    this.addSql('create index "search_outbox_available_index" on "search_outbox" ("available_on", "id")');
    for (const [table, fn, body] of TRIGGERS) {
      this.addSql(`create function "${fn}"() returns trigger language plpgsql as $fn$ begin ${body} return null; end $fn$`);
      this.addSql(`create trigger "${fn}" after insert or update or delete on "${table}" for each row execute function "${fn}"()`);
    }
    this.addSql(
      `create table "job_run" (
         "id" uuid not null primary key,
         "job" text not null,
         "started_on" timestamptz not null,
         "finished_on" timestamptz null,
         "outcome" text not null default 'running',
         "counts" jsonb not null default '{}',
         "error" text null,
         constraint "job_run_outcome_check" check ("outcome" in ('running', 'succeeded', 'failed', 'skipped')))`,
    );
    this.addSql('create index "job_run_job_index" on "job_run" ("job", "started_on")');
  }

  override async down(): Promise<void> {
    this.addSql('drop table "job_run"');
    for (const [table, fn] of TRIGGERS) {
      this.addSql(`drop trigger "${fn}" on "${table}"`);
      this.addSql(`drop function "${fn}"()`);
    }
    this.addSql('drop table "search_outbox"');
  }
}
