import { createHash } from 'node:crypto';
import { Migration } from '@mikro-orm/migrations';

/**
 * The search triggers of investment project documents (src/modules/investment/investment-project.search.ts
 * `sources`): a change to a project, its possible UK regions or its team members, to the order of a stage, to
 * a sector's parent, to its investor company's name, or to the team of an adviser with a role on it (which
 * changes the teams the project is associated with) enqueues the project's document. The bodies are those
 * src/search/source-triggers.ts writes (test/search/search-sources.test.ts compares them).
 *
 * Projects made before this have no document: every one is queued, and the outbox (the worker, or the embedded
 * api) writes them. With OpenSearch the new entity's index is created when the api or the worker starts (as by
 * `npm run cli -- search:migrate`).
 */
type Source = { table: string; documentIds: string; columns?: string[] };

const SOURCES: Source[] = [
  { table: 'investment_project', documentIds: 'select changed.id' },
  { table: 'metadata_investment_project_stage', columns: ['id', 'order'], documentIds: 'select p.id from investment_project p where p.stage_id = changed.id' },
  { table: 'company', columns: ['id', 'name'], documentIds: 'select p.id from investment_project p where p.investor_company_id = changed.id' },
  {
    table: 'metadata_sector',
    columns: ['id', 'parent_id'],
    documentIds: `with recursive down(id) as (select changed.id union select s.id from metadata_sector s join down on s.parent_id = down.id)
                    select p.id from investment_project p where p.sector_id in (select down.id from down)`,
  },
  { table: 'investment_project_uk_region_location', documentIds: 'select changed.investment_project_id' },
  { table: 'investment_project_team_member', documentIds: 'select changed.investment_project_id' },
  {
    table: 'adviser',
    columns: ['id', 'dit_team_id'],
    documentIds: `select p.id from investment_project p
                     where changed.id in (p.created_by_id, p.client_relationship_manager_id, p.project_manager_id, p.project_assurance_adviser_id)
                    union select m.investment_project_id from investment_project_team_member m where m.adviser_id = changed.id`,
  },
];

/**
 * `search_investmentproject_from_<table>`, as src/search/source-triggers.ts names it: past PostgreSQL's 63
 * characters, cut and ended with 8 hex digits of its md5.
 */
function name(s: Source): string {
  const full = `search_investmentproject_from_${s.table}`;
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
  insert into search_outbox (entity, record_id) select distinct 'investmentproject', d.id from unnest(document_ids) d(id) where d.id is not null;
  return null;
end
`;
}

export class Migration20261205000018InvestmentProjectSearch extends Migration {
  override async up(): Promise<void> {
    for (const s of SOURCES) {
      this.addSql(`create or replace function "${name(s)}"() returns trigger language plpgsql as $fn$${body(s)}$fn$`);
      this.addSql(`create trigger "${name(s)}" after insert or update or delete on "${s.table}" for each row execute function "${name(s)}"()`);
    }
    this.addSql(`insert into "search_outbox" ("entity", "record_id") select 'investmentproject', "id" from "investment_project" order by "id"`);
  }

  override async down(): Promise<void> {
    for (const s of SOURCES) this.addSql(`drop function if exists "${name(s)}"() cascade`);
    this.addSql(`delete from "search_outbox" where "entity" = 'investmentproject'`);
    this.addSql(`delete from "search_document" where "entity" = 'investmentproject'`);
  }
}
