import fs from 'node:fs';
import { parse, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdviserToken } from '../../src/auth/tokens.js';
import { Adviser } from '../../src/auth/adviser.entity.js';
import { seedDemo } from '../../seeds/demo.seed.js';
import { createClient, issuesByField, type GatewayResult } from '../../examples/frontend/client.js';
import * as examples from '../../examples/frontend/generated/graphql.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

/**
 * Issue 13's deliverable: the example operations of a frontend's screens (examples/frontend/*.graphql), sent
 * through the typed client (examples/frontend/client.ts, with the document nodes `npm run codegen` makes
 * from them) against demo data, as an adviser using those screens would. Reads are one SQL statement each.
 */
let app: TestApp;
let request: ReturnType<typeof createClient>;
let asAdviser: ReturnType<typeof createClient>;
let ids: { company: string; contact: string; country: string; service: string; searchWord: string };

const EXAMPLES = new URL('../../examples/frontend/', import.meta.url);
const exercised = new Set<string>();

beforeAll(async () => {
  app = await createTestApp();
  await seedDemo(app.orm.em.fork(), { scale: 'small', seed: 13, referenceDate: new Date('2026-06-01T00:00:00Z') });
  await app.settleSearch();
  request = createClient({ url: `${app.url}/graphql`, token: app.token });
  const [company] = await app.sql(
    `select c.id, c.name from company c join contact k on k.company_id = c.id
      where not c.archived and c.one_list_account_owner_id is not null group by c.id order by count(*) desc, c.id limit 1`,
  );
  const [contact] = await app.sql('select ic.contact_id as id from interaction_contact ic group by 1 order by count(*) desc, 1 limit 1');
  const [country] = await app.sql("select id from metadata_country where disabled_on is null order by name limit 1");
  const [service] = await app.sql("select id from metadata_service where 'export_interaction' = any(contexts) and disabled_on is null order by name limit 1");
  ids = { company: company.id, contact: contact.id, country: country.id, service: service.id, searchWord: String(company.name).split(' ')[0]! };
  // The dashboard is an adviser's own: the one who manages the most companies.
  const [owner] = await app.sql('select one_list_account_owner_id as id from company where one_list_account_owner_id is not null group by 1 order by count(*) desc, 1 limit 1');
  const em = app.orm.em.fork();
  const { token } = await createAdviserToken(em, await em.findOneOrFail(Adviser, owner.id), { days: 1 });
  asAdviser = createClient({ url: `${app.url}/graphql`, token });
  // Each token's first request looks it up (one statement more); from then on it is cached, as in a session.
  for (const as of [app.token, token]) await app.gql('{ viewer { isSuperuser } }', {}, as);
}, 300_000);

afterAll(() => app?.close());

/** Checks an answer has no errors and its data, and notes the operation as run. */
function answered<T>(name: string, result: GatewayResult<T>): T {
  exercised.add(name);
  expect(result.errors, name).toEqual([]);
  expect(result.status).toBe(200);
  expect(result.data).not.toBeNull();
  return result.data!;
}

describe('the example operations of a frontend', () => {
  it('company page: the whole page in one statement', async () => {
    const result = await request(examples.CompanyPageDocument, { id: ids.company });
    const data = answered('CompanyPage', result);
    expect(result.sqlStatements).toBe(1);
    const company = data.company!;
    expect(company.contacts!.totalCount).toBeGreaterThan(0);
    expect(company.oneListGroupGlobalAccountManager).not.toBeNull();
    expect(company.viewerCan).toMatchObject({ edit: true, archive: true, unarchive: false, addInteraction: true });
  });

  it('contact page: one statement', async () => {
    const result = await request(examples.ContactPageDocument, { id: ids.contact });
    const data = answered('ContactPage', result);
    expect(result.sqlStatements).toBe(1);
    expect(data.contact!.interactions!.totalCount).toBeGreaterThan(0);
    expect(data.contact!.company!.name).toEqual(expect.any(String));
  });

  it("interaction form: its pickers in two reads of one statement each, then saving it; a refusal names each field's issue", async () => {
    const reference = await request(examples.InteractionFormReferenceDataDocument, { kind: 'INTERACTION', theme: 'EXPORT' });
    const lists = answered('InteractionFormReferenceData', reference);
    expect(reference.sqlStatements).toBe(1);
    expect(lists.interactionServices!.map((s) => s.id)).toContain(ids.service);
    const side = await request(examples.InteractionFormCompanyDocument, { companyId: ids.company });
    const company = answered('InteractionFormCompany', side).company!;
    expect(side.sqlStatements).toBe(1);
    expect(company.viewerCan.addInteraction).toBe(true);
    const contact = company.contacts!.edges[0]!.node;

    const input = {
      kind: 'INTERACTION' as const,
      theme: 'EXPORT' as const,
      subject: 'Export plans for next year',
      date: '2026-05-20',
      companyIds: [ids.company],
      contactIds: [contact.id],
      participants: [{ adviserId: app.adminId }],
      serviceId: ids.service,
      communicationChannelId: lists.communicationChannels![0]!.id,
      wereCountriesDiscussed: true,
      exportCountries: [{ countryId: ids.country, status: 'FUTURE_INTEREST' as const }],
    };
    const saved = answered('CreateInteraction', await request(examples.CreateInteractionDocument, { input }));
    expect(saved.createInteraction).toMatchObject({ subject: input.subject, wereCountriesDiscussed: true, exportCountries: [{ status: 'FUTURE_INTEREST' }] });

    const refused = await request(examples.CreateInteractionDocument, { input: { ...input, subject: '', exportCountries: [] } });
    expect(refused.data?.createInteraction ?? null).toBeNull();
    expect(Object.keys(issuesByField(refused.errors))).toEqual(expect.arrayContaining(['subject', 'exportCountries']));
  });

  it("dashboard: the viewer's drafts, latest interactions and managed companies in one statement", async () => {
    const result = await asAdviser(examples.DashboardDocument);
    const data = answered('Dashboard', result);
    expect(result.sqlStatements).toBe(1);
    const adviser = data.viewer!.adviser;
    expect(adviser.managedCompanies!.totalCount).toBeGreaterThan(0);
    expect(adviser.drafts!.totalCount + adviser.recent!.totalCount).toBeGreaterThan(0);
  });

  it('search results: a count per tab whichever tab is listed, and numbered pages', async () => {
    const all = answered('SearchResults', await request(examples.SearchResultsDocument, { term: ids.searchWord }));
    expect(all.search!.aggregations.map((a) => a.entity)).toEqual(expect.arrayContaining(['COMPANY', 'CONTACT', 'INTERACTION']));
    const contacts = answered('SearchResults', await request(examples.SearchResultsDocument, { term: ids.searchWord, entities: ['CONTACT'] }));
    expect(contacts.search!.aggregations).toEqual(all.search!.aggregations);
    const tab = await request(examples.CompanySearchPageDocument, { term: ids.searchWord, page: 1 });
    const companies = answered('CompanySearchPage', tab).searchCompanies!;
    expect(companies.totalCount).toBe(all.search!.aggregations.find((a) => a.entity === 'COMPANY')!.count);
    expect(companies.exportUrl).toMatch(/^\/export\/company\.csv\?/);
  });

  it('company picker: prefix matches', async () => {
    const data = answered('CompanyPicker', await request(examples.CompanyPickerDocument, { prefix: ids.searchWord.slice(0, 3) }));
    expect(data.autocomplete!.length).toBeGreaterThan(0);
  });

  it('runs every operation of examples/frontend', () => {
    const files = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.graphql'));
    const names = files.flatMap((f) =>
      parse(fs.readFileSync(new URL(f, EXAMPLES), 'utf8')).definitions.flatMap((d) => (d.kind === 'OperationDefinition' ? [(d as OperationDefinitionNode).name!.value] : [])),
    );
    expect(names.length).toBeGreaterThanOrEqual(8);
    expect([...exercised].sort()).toEqual([...new Set(names)].sort());
  });
});
