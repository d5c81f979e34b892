import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idIn } from '../../src/db/read-model.js';
import { createAdviser } from '../../src/modules/adviser/index.js';
import type { SearchMapping } from '../../src/search/mapping.js';
import { searchCatalog } from '../../src/system.js';
import { sourceTriggers } from '../../src/search/source-triggers.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCompany, createContact, interactionInput } from '../helpers/factories.js';

/**
 * A search document is built from several tables (a company's from its interactions, export countries and
 * sectors too). Each mapping declares them as its `sources`, and each source has a trigger that enqueues the
 * documents a changed row is read by: the documents are refreshed through the outbox, with no nightly resync.
 * The second part checks the declarations against what `documentsSql` reads (PostgreSQL's own plan of it says
 * which tables and columns) and against the migrated database's triggers, so a forgotten source fails here.
 */
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app?.close());

describe('a change in a table a document is built from refreshes it', () => {
  const COMPANIES = `query($filter: CompanySearchFilter, $orderBy: [CompanySearchOrderBy!]) {
    searchCompanies(term: "Freshness", filter: $filter, orderBy: $orderBy) { edges { node { name } } }
  }`;
  const companies = async (variables: Record<string, unknown>) => {
    const res = await app.gql(COMPANIES, variables);
    expect(res.body.errors).toBeUndefined();
    return res.body.data.searchCompanies.edges.map((e: any) => e.node.name);
  };
  const inRange = (from: string, to?: string) => companies({ filter: { latestInteractionDate: { from, to } } });
  const latestFirst = () => companies({ filter: { latestInteractionDate: { from: '2000-01-01' } }, orderBy: [{ field: 'LATEST_INTERACTION_DATE', direction: 'DESC' }] });

  it("a company's latest interaction date follows its interactions: created, re-dated, moved to another company", async () => {
    const alpha = await createCompany(app, { name: 'Freshness Alpha Ltd' });
    const beta = await createCompany(app, { name: 'Freshness Beta Ltd' });
    const alphaContact = await createContact(app, alpha.id);
    const betaContact = await createContact(app, beta.id);
    await app.settleSearch();
    expect(await inRange('2000-01-01')).toEqual([]);

    const create = 'mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { id } }';
    const made = await app.gql(create, { input: { ...(await interactionInput(app, alpha.id, alphaContact.id)), date: '2026-01-15' } });
    expect(made.body.errors).toBeUndefined();
    const moving = made.body.data.createInteraction.id;
    const other = await app.gql(create, { input: { ...(await interactionInput(app, beta.id, betaContact.id)), date: '2026-02-10' } });
    expect(other.body.errors).toBeUndefined();
    await app.settleSearch();
    expect(await inRange('2026-01-01', '2026-01-31')).toEqual(['Freshness Alpha Ltd']);
    expect(await latestFirst()).toEqual(['Freshness Beta Ltd', 'Freshness Alpha Ltd']);

    const update = 'mutation($id: UUID!, $input: InteractionUpdateInput!) { updateInteraction(id: $id, input: $input) { id } }';
    const redated = await app.gql(update, { id: moving, input: { date: '2026-03-02' } });
    expect(redated.body.errors).toBeUndefined();
    await app.settleSearch();
    expect(await inRange('2026-01-01', '2026-01-31')).toEqual([]);
    expect(await inRange('2026-03-01', '2026-03-31')).toEqual(['Freshness Alpha Ltd']);
    expect(await latestFirst()).toEqual(['Freshness Alpha Ltd', 'Freshness Beta Ltd']);

    // Moved: the company it left has no interaction any more, the one it joined has a later one.
    const moved = await app.gql(update, { id: moving, input: { companyId: beta.id, contactIds: [betaContact.id] } });
    expect(moved.body.errors).toBeUndefined();
    await app.settleSearch();
    expect(await inRange('2000-01-01')).toEqual(['Freshness Beta Ltd']);
    expect(await inRange('2026-03-01', '2026-03-31')).toEqual(['Freshness Beta Ltd']);
  });

  it("renaming a team (reference data) refreshes its advisers' documents, which carry the team's name", async () => {
    const [team] = await app.sql<{ id: string }>('select id from metadata_team order by id limit 1');
    const adviser = await createAdviser(app.orm.em.fork(), { email: 'tamsin.teamwork@test.example', name: 'Tamsin Teamwork', teamId: team.id });
    await app.settleSearch();
    const advisers = async (term: string) =>
      (await app.gql('query($term: String!) { search(term: $term, entities: [ADVISER]) { edges { node { ... on Adviser { id } } } } }', { term })).body.data.search.edges.map(
        (e: any) => e.node.id,
      );
    expect(await advisers('Quixotic Lighthouse Unit')).toEqual([]);

    await app.sql("update metadata_team set name = 'Quixotic Lighthouse Unit' where id = ?", [team.id]);
    await app.settleSearch();
    expect(await advisers('Quixotic Lighthouse Unit')).toContain(adviser.id);
  });
});

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; Alias?: string; Output?: string[]; Plans?: PlanNode[]; [key: string]: unknown };

const strings = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Array.isArray(value) ? value.flatMap(strings) : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];

const columnsOf = async (table: string) =>
  (await app.sql<{ name: string }>('select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = ? order by ordinal_position', [table])).map(
    (c) => c.name,
  );

/**
 * The tables a mapping's documents read, with the columns read of each, from PostgreSQL's verbose plan of
 * `documentsSql`: every scan of a table (subqueries, laterals and CTEs included, each under an alias of its own)
 * and every `alias.column` in the plan's expressions. A scan that passes on its whole row (the planner's
 * shortcut when its parent projects) is not counted as reading every column: its parent names those it uses.
 */
async function tablesRead(mapping: SearchMapping): Promise<Map<string, Set<string>>> {
  const sql = mapping.documentsSql(idIn('t.id', [randomUUID()]));
  const [row] = await app.sql(`explain (verbose, format json) ${sql.text}`, sql.params);
  const explained = row['QUERY PLAN'];
  const plan: PlanNode = (typeof explained === 'string' ? JSON.parse(explained) : explained)[0].Plan;
  const scans: Array<{ table: string; alias: string }> = [];
  const expressions: string[] = [];
  const visit = async (node: PlanNode) => {
    const table = node['Relation Name'];
    if (table) scans.push({ table, alias: node.Alias ?? table });
    for (const [key, value] of Object.entries(node)) {
      if (key === 'Plans') continue;
      if (key === 'Output' && table && node.Output?.map((o) => o.replaceAll('"', '')).join() === (await columnsOf(table)).map((c) => `${node.Alias}.${c}`).join()) continue;
      expressions.push(...strings(value));
    }
    for (const child of node.Plans ?? []) await visit(child);
  };
  await visit(plan);
  const read = new Map<string, Set<string>>();
  for (const { table, alias } of scans) {
    const columns = read.get(table) ?? new Set<string>();
    const reference = new RegExp(`(?<![\\w."])${alias}\\.(?:"([^"]+)"|([a-z_][a-z0-9_]*))`, 'g');
    for (const text of expressions) for (const m of text.matchAll(reference)) columns.add(m[1] ?? m[2]);
    read.set(table, columns);
  }
  return read;
}

const oneLine = (sql: string) => sql.replace(/\s+/g, ' ').trim();

describe('every table a search document is built from is declared, and has its trigger', () => {
  it("each mapping's sources are exactly the tables its documents read, its own first, with the columns they read", async () => {
    const problems: string[] = [];
    for (const mapping of searchCatalog.mappings) {
      const read = await tablesRead(mapping);
      const declared = mapping.sources.map((s) => s.table);
      if (declared[0] !== mapping.readModel.table) problems.push(`${mapping.entity}: its own table ${mapping.readModel.table} is not its first source`);
      if (new Set(declared).size !== declared.length) problems.push(`${mapping.entity}: a table is declared twice in ${declared.join(', ')}`);
      for (const table of read.keys()) if (!declared.includes(table)) problems.push(`${mapping.entity}: its documents read ${table}, which is not among its sources`);
      for (const table of declared) if (!read.has(table)) problems.push(`${mapping.entity}: declares ${table} as a source, which its documents do not read`);
      for (const source of mapping.sources) {
        if (!source.columns || !read.has(source.table)) continue;
        const used = [...read.get(source.table)!].sort();
        if (used.join() !== [...source.columns].sort().join())
          problems.push(`${mapping.entity}: its documents read ${source.table} (${used.join(', ')}), but the source lists the columns ${source.columns.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the database has one trigger per source, as declared, and no other trigger fills the outbox', async () => {
    const triggers = await app.sql<{ table: string; name: string; fn: string; body: string; type: number; enabled: string }>(
      `select c.relname as "table", t.tgname as name, p.proname as fn, p.prosrc as body, t.tgtype::int as type, t.tgenabled::text as enabled
         from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace join pg_proc p on p.oid = t.tgfoid
        where not t.tgisinternal and n.nspname = current_schema()`,
    );
    // pg_trigger.tgtype: for each row (1) + insert (4) + delete (8) + update (16), after (no 2, no 64).
    const AFTER_EACH_ROW_CHANGE = 1 + 4 + 8 + 16;
    const expected = sourceTriggers(searchCatalog.mappings);
    const problems: string[] = [];
    for (const want of expected) {
      const have = triggers.find((t) => t.table === want.table && t.name === want.name);
      const fix = `a migration must run:\n${want.createSql.join(';\n')}`;
      if (!have) problems.push(`no trigger ${want.name} on ${want.table} for the ${want.entity} source: ${fix}`);
      else if (have.fn !== want.name || have.type !== AFTER_EACH_ROW_CHANGE || !['O', 'A'].includes(have.enabled))
        problems.push(`trigger ${want.name} on ${want.table} is not an enabled "after insert or update or delete ... for each row execute function ${want.name}()"`);
      else if (oneLine(have.body) !== oneLine(want.body)) problems.push(`trigger ${want.name} on ${want.table} differs from its source's declaration: ${fix}`);
    }
    const names = new Set(expected.map((t) => `${t.table}.${t.name}`));
    for (const t of triggers) {
      if (/search_outbox/.test(t.body) && !names.has(`${t.table}.${t.name}`)) problems.push(`trigger ${t.name} on ${t.table} fills the search outbox for no declared source`);
    }
    expect(problems).toEqual([]);
  });
});
