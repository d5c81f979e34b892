import { createHash } from 'node:crypto';
import type { SearchMapping, SearchSource } from './mapping.js';
import type { SearchEntity } from './search.types.js';

/** A trigger that enqueues an entity's documents when a row of one of its source tables changes. */
export type SourceTrigger = {
  entity: SearchEntity;
  table: string;
  /** The name of the trigger and of its function: `search_<entity>_from_<table>` (sourceTriggerName). */
  name: string;
  /** The function's PL/pgSQL body, as `pg_proc.prosrc` holds it. */
  body: string;
  /** The statements that create (or replace) the function and create the trigger, for a migration. */
  createSql: string[];
};

/**
 * The body of a source's trigger function: nothing when an update leaves the columns the documents read as
 * they were; otherwise the documents that read the new row and those that read the old one (both when the
 * row moved), once each. Migrations write the same text, so a test can compare it with the catalogue.
 */
export function sourceTriggerBody(entity: SearchEntity, source: SearchSource): string {
  const unchanged = source.columns?.length
    ? `
  if tg_op = 'UPDATE' and (${source.columns.map((c) => `new.${c}`).join(', ')}) is not distinct from (${source.columns.map((c) => `old.${c}`).join(', ')}) then return null; end if;`
    : '';
  return `
declare
  changed "${source.table}"%rowtype;
  document_ids uuid[] := '{}';
begin${unchanged}
  if tg_op <> 'DELETE' then changed := new; document_ids := document_ids || array(${source.documentIds}); end if;
  if tg_op <> 'INSERT' then changed := old; document_ids := document_ids || array(${source.documentIds}); end if;
  insert into search_outbox (entity, record_id) select distinct '${entity}', d.id from unnest(document_ids) d(id) where d.id is not null;
  return null;
end
`;
}

/** PostgreSQL's longest name (NAMEDATALEN - 1): it cuts a longer one silently. */
const MAX_NAME = 63;

/**
 * `search_<entity>_from_<table>`; a longer name than PostgreSQL keeps is cut and ends with 8 hex digits of
 * its md5 instead, so two long names cut alike never become one function.
 */
export function sourceTriggerName(entity: SearchEntity, table: string): string {
  const name = `search_${entity}_from_${table}`;
  return name.length <= MAX_NAME ? name : `${name.slice(0, MAX_NAME - 9)}_${createHash('md5').update(name).digest('hex').slice(0, 8)}`;
}

/** The trigger of one source of an entity's documents. */
export function sourceTrigger(entity: SearchEntity, source: SearchSource): SourceTrigger {
  const name = sourceTriggerName(entity, source.table);
  const body = sourceTriggerBody(entity, source);
  return {
    entity,
    table: source.table,
    name,
    body,
    createSql: [
      `create or replace function "${name}"() returns trigger language plpgsql as $fn$${body}$fn$`,
      `create trigger "${name}" after insert or update or delete on "${source.table}" for each row execute function "${name}"()`,
    ],
  };
}

/** The triggers every mapping's sources need. */
export const sourceTriggers = (mappings: Iterable<SearchMapping>): SourceTrigger[] =>
  [...mappings].flatMap((m) => m.sources.map((source) => sourceTrigger(m.entity, source)));
