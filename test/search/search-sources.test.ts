import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdviser } from '../../src/modules/adviser/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCompany, createContact, interactionInput } from '../helpers/factories.js';

/**
 * A search document is built from several tables (a company's from its interactions, export countries and
 * sectors too); a change in any of them refreshes the documents that read it through the outbox, with no
 * nightly resync.
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
