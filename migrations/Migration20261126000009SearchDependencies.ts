import { Migration } from '@mikro-orm/migrations';

/**
 * One search trigger per table a search document is built from, as the mappings declare them (`sources` in
 * src/modules/<module>/<module>.search.ts), in place of the hand-written triggers of 0005 and 0007. Those
 * enqueued the changed record and some of the documents that show it, but not a company when one of its
 * interactions changed: its document's `latestInteractionDate` stayed wrong until the nightly resync.
 *
 * The trigger `search_<entity>_from_<table>` enqueues the documents that read the changed row: those found
 * from the new row and from the old one, so an interaction moved to another company refreshes both; an update
 * that leaves the columns the documents read as they were enqueues nothing. Reference tables are sources too
 * where a document reads more than their id (a team's name, a sector's parent).
 *
 * The bodies are those src/search/source-triggers.ts writes, and test/search/search-sources.test.ts compares
 * them with the mappings: a source added or changed later needs a migration of its own.
 */
type Source = { entity: string; table: string; documentIds: string; columns?: string[] };

const SOURCES: Source[] = [
  { entity: 'company', table: 'company', documentIds: 'select changed.id' },
  { entity: 'company', table: 'interaction', columns: ['company_id', 'date', 'archived'], documentIds: 'select changed.company_id' },
  { entity: 'company', table: 'company_export_country', documentIds: 'select changed.company_id' },
  {
    entity: 'company',
    table: 'metadata_sector',
    columns: ['id', 'parent_id'],
    documentIds: `with recursive down(id) as (select changed.id union select s.id from metadata_sector s join down on s.parent_id = down.id)
                  select c.id from company c where c.sector_id in (select down.id from down)`,
  },
  { entity: 'contact', table: 'contact', documentIds: 'select changed.id' },
  { entity: 'contact', table: 'company', columns: ['id', 'name'], documentIds: 'select c.id from contact c where c.company_id = changed.id' },
  { entity: 'interaction', table: 'interaction', documentIds: 'select changed.id' },
  { entity: 'interaction', table: 'interaction_company', documentIds: 'select changed.interaction_id' },
  { entity: 'interaction', table: 'interaction_contact', documentIds: 'select changed.interaction_id' },
  { entity: 'interaction', table: 'interaction_dit_participant', documentIds: 'select changed.interaction_id' },
  {
    entity: 'interaction',
    table: 'company',
    columns: ['id', 'name'],
    documentIds: `select i.id from interaction i where i.company_id = changed.id
                  union select ic.interaction_id from interaction_company ic where ic.company_id = changed.id`,
  },
  { entity: 'interaction', table: 'contact', columns: ['id', 'first_name', 'last_name'], documentIds: 'select ic.interaction_id from interaction_contact ic where ic.contact_id = changed.id' },
  { entity: 'interaction', table: 'adviser', columns: ['id', 'first_name', 'last_name'], documentIds: 'select p.interaction_id from interaction_dit_participant p where p.adviser_id = changed.id' },
  { entity: 'adviser', table: 'adviser', documentIds: 'select changed.id' },
  { entity: 'adviser', table: 'metadata_team', columns: ['id', 'name'], documentIds: 'select a.id from adviser a where a.dit_team_id = changed.id' },
];

const name = (s: Source) => `search_${s.entity}_from_${s.table}`;

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
  insert into search_outbox (entity, record_id) select distinct '${s.entity}', d.id from unnest(document_ids) d(id) where d.id is not null;
  return null;
end
`;
}

/** The triggers of 0005 and 0007 this replaces: [table, trigger and function, body] (for `down`). */
const REPLACED: Array<[table: string, fn: string, body: string]> = [
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
  ['company_export_country', 'search_enqueue_company_export_country', `insert into search_outbox (entity, record_id) values ('company', coalesce(new.company_id, old.company_id));`],
];

export class Migration20261126000009SearchDependencies extends Migration {
  override async up(): Promise<void> {
    for (const [table, fn] of REPLACED) {
      this.addSql(`drop trigger "${fn}" on "${table}"`);
      this.addSql(`drop function "${fn}"()`);
    }
    for (const s of SOURCES) {
      this.addSql(`create function "${name(s)}"() returns trigger language plpgsql as $fn$${body(s)}$fn$`);
      this.addSql(`create trigger "${name(s)}" after insert or update or delete on "${s.table}" for each row execute function "${name(s)}"()`);
    }
  }

  override async down(): Promise<void> {
    for (const s of SOURCES) {
      this.addSql(`drop trigger "${name(s)}" on "${s.table}"`);
      this.addSql(`drop function "${name(s)}"()`);
    }
    for (const [table, fn, fnBody] of REPLACED) {
      this.addSql(`create function "${fn}"() returns trigger language plpgsql as $fn$ begin ${fnBody} return null; end $fn$`);
      this.addSql(`create trigger "${fn}" after insert or update or delete on "${table}" for each row execute function "${fn}"()`);
    }
  }
}
