import { createHash } from 'node:crypto';
import { Migration } from '@mikro-orm/migrations';

/**
 * The search triggers of task documents (src/modules/task/task.search.ts `sources`): a change to a task or to
 * its advisers enqueues the task's document. The bodies are those src/search/source-triggers.ts writes
 * (test/search/search-sources.test.ts compares them).
 *
 * Tasks made before this have no document: every one is queued, and the outbox (the worker, or the embedded
 * api) writes them. With OpenSearch the new entity's index is created when the api or the worker starts (as by
 * `npm run cli -- search:migrate`).
 */
type Source = { table: string; documentIds: string; columns?: string[] };

const SOURCES: Source[] = [
  { table: 'task', documentIds: 'select changed.id' },
  { table: 'task_adviser', documentIds: 'select changed.task_id' },
];

/** `search_task_from_<table>`, as src/search/source-triggers.ts names it (cut with an md5 past 63 characters). */
function name(s: Source): string {
  const full = `search_task_from_${s.table}`;
  return full.length <= 63 ? full : `${full.slice(0, 54)}_${createHash('md5').update(full).digest('hex').slice(0, 8)}`;
}

function body(s: Source): string {
  const unchanged = s.columns?.length
    ? `
  if tg_op = 'UPDATE' and (${s.columns.map((c) => `new.${c}`).join(', ')}) is not distinct from (${s.columns.map((c) => `old.${c}`).join(', ')}) then return null; end if;`
    : '';
  return `
declare
  changed "${s.table}"%rowtype;
  document_ids uuid[] := '{}';
begin${unchanged}
  if tg_op <> 'DELETE' then changed := new; document_ids := document_ids || array(${s.documentIds}); end if;
  if tg_op <> 'INSERT' then changed := old; document_ids := document_ids || array(${s.documentIds}); end if;
  insert into search_outbox (entity, record_id) select distinct 'task', d.id from unnest(document_ids) d(id) where d.id is not null;
  return null;
end
`;
}

export class Migration20261205000021TaskSearch extends Migration {
  override async up(): Promise<void> {
    for (const s of SOURCES) {
      this.addSql(`create or replace function "${name(s)}"() returns trigger language plpgsql as $fn$${body(s)}$fn$`);
      this.addSql(`create trigger "${name(s)}" after insert or update or delete on "${s.table}" for each row execute function "${name(s)}"()`);
    }
    this.addSql(`insert into "search_outbox" ("entity", "record_id") select 'task', "id" from "task" order by "id"`);
  }

  override async down(): Promise<void> {
    for (const s of SOURCES) this.addSql(`drop function if exists "${name(s)}"() cascade`);
    this.addSql(`delete from "search_outbox" where "entity" = 'task'`);
    this.addSql(`delete from "search_document" where "entity" = 'task'`);
  }
}
