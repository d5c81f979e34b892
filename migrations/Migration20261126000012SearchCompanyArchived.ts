import { Migration } from '@mikro-orm/migrations';

/**
 * Partners no longer see the contacts and interactions of an archived company (issue 11, item 5): their
 * search documents carry `companyArchived`, so archiving or unarchiving a company must refresh them. The
 * triggers of 0009 on `company` for contact and interaction documents listened to `id` and `name` only; they
 * now listen to `archived` too. The bodies are those src/search/source-triggers.ts writes (and
 * test/search/search-sources.test.ts compares); `down` puts 0009's back.
 *
 * The stored documents gain the field when they are rebuilt: 0011 queues every contact and interaction
 * document on PostgreSQL search, and OpenSearch's v2 indices are filled by `search:migrate`. Until then a
 * document without the field is left out of a partner's searches (the filter fails closed), never shown.
 */
type Source = { entity: string; documentIds: string };

const SOURCES: Source[] = [
  { entity: 'contact', documentIds: 'select c.id from contact c where c.company_id = changed.id' },
  {
    entity: 'interaction',
    documentIds: `select i.id from interaction i where i.company_id = changed.id
                    union select ic.interaction_id from interaction_company ic where ic.company_id = changed.id`,
  },
];

function body(s: Source, columns: string[]): string {
  return `
declare
  changed "company"%rowtype;
  document_ids uuid[] := '{}';
begin
  if tg_op = 'UPDATE' and (${columns.map((c) => `new.${c}`).join(', ')}) is not distinct from (${columns.map((c) => `old.${c}`).join(', ')}) then return null; end if;
  if tg_op <> 'DELETE' then changed := new; document_ids := document_ids || array(${s.documentIds}); end if;
  if tg_op <> 'INSERT' then changed := old; document_ids := document_ids || array(${s.documentIds}); end if;
  insert into search_outbox (entity, record_id) select distinct '${s.entity}', d.id from unnest(document_ids) d(id) where d.id is not null;
  return null;
end
`;
}

const replace = (columns: string[]) =>
  SOURCES.map((s) => `create or replace function "search_${s.entity}_from_company"() returns trigger language plpgsql as $fn$${body(s, columns)}$fn$`);

export class Migration20261126000012SearchCompanyArchived extends Migration {
  override async up(): Promise<void> {
    for (const sql of replace(['id', 'name', 'archived'])) this.addSql(sql);
  }

  override async down(): Promise<void> {
    for (const sql of replace(['id', 'name'])) this.addSql(sql);
  }
}
