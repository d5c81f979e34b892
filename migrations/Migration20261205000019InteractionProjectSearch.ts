import { Migration } from '@mikro-orm/migrations';

/**
 * Interaction documents carry the teams of their investment project (the associated-projects rule,
 * src/modules/interaction/interaction.row-rules.ts), so they are refreshed when those teams change: a project's
 * advisers or team members, or an adviser's team (src/modules/interaction/interaction.search.ts `sources`). The
 * adviser trigger, which already refreshed the interactions an adviser took part in, also watches the team and
 * refreshes the interactions of the projects the adviser has a role on. The bodies are those
 * src/search/source-triggers.ts writes (test/search/search-sources.test.ts compares them).
 */
type Source = { table: string; documentIds: string; columns?: string[] };

const PARTICIPANT_OF = 'select p.interaction_id from interaction_dit_participant p where p.adviser_id = changed.id';

const ADVISER_BEFORE: Source = { table: 'adviser', columns: ['id', 'first_name', 'last_name'], documentIds: PARTICIPANT_OF };
const ADVISER: Source = {
  table: 'adviser',
  columns: ['id', 'first_name', 'last_name', 'dit_team_id'],
  documentIds: `${PARTICIPANT_OF}
                    union select i.id from interaction i join investment_project ip on ip.id = i.investment_project_id
                     where changed.id in (ip.created_by_id, ip.client_relationship_manager_id, ip.project_manager_id, ip.project_assurance_adviser_id)
                    union select i.id from interaction i join investment_project_team_member m on m.investment_project_id = i.investment_project_id
                     where m.adviser_id = changed.id`,
};
const NEW_SOURCES: Source[] = [
  {
    table: 'investment_project',
    columns: ['id', 'created_by_id', 'client_relationship_manager_id', 'project_manager_id', 'project_assurance_adviser_id'],
    documentIds: 'select i.id from interaction i where i.investment_project_id = changed.id',
  },
  { table: 'investment_project_team_member', documentIds: 'select i.id from interaction i where i.investment_project_id = changed.investment_project_id' },
];

const name = (s: Source) => `search_interaction_from_${s.table}`;

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
  insert into search_outbox (entity, record_id) select distinct 'interaction', d.id from unnest(document_ids) d(id) where d.id is not null;
  return null;
end
`;
}

const replaceFunction = (s: Source) => `create or replace function "${name(s)}"() returns trigger language plpgsql as $fn$${body(s)}$fn$`;

export class Migration20261205000019InteractionProjectSearch extends Migration {
  override async up(): Promise<void> {
    this.addSql(replaceFunction(ADVISER));
    for (const s of NEW_SOURCES) {
      this.addSql(replaceFunction(s));
      this.addSql(`create trigger "${name(s)}" after insert or update or delete on "${s.table}" for each row execute function "${name(s)}"()`);
    }
  }

  override async down(): Promise<void> {
    for (const s of NEW_SOURCES) this.addSql(`drop function if exists "${name(s)}"() cascade`);
    this.addSql(replaceFunction(ADVISER_BEFORE));
  }
}
