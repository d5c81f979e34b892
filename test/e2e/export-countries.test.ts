import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCaller, createClientCaller } from '../helpers/callers.js';
import { createCompany, REFS } from '../helpers/factories.js';

/**
 * A company's export countries: the list replaced in one mutation, its history, the rules that refuse a
 * bad list (and write nothing), who may change it, and the search filters on it.
 */
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
}, 60_000);
afterAll(() => app?.close());

const SET = `mutation($id: UUID!, $list: [CompanyExportCountryInput!]!) {
  updateCompanyExportCountries(id: $id, exportCountries: $list) {
    id modifiedOn
    exportCountries { status country { id name } }
    exportCountryHistory { type status country { name } adviser { id } }
  }
}`;

const set = (id: string, list: Array<{ countryId: string; status: string }>, token?: string) => app.gql(SET, { id, list }, token);
const stored = (companyId: string) =>
  app.sql('select country_id as "countryId", status from company_export_country where company_id = ? order by country_id', [companyId]);

describe('updateCompanyExportCountries', () => {
  it('replaces the list: adds, changes a status, removes; each change in the history with its adviser', async () => {
    const company = await createCompany(app);
    const first = await set(company.id, [
      { countryId: REFS.us, status: 'CURRENTLY_EXPORTING' },
      { countryId: REFS.france, status: 'FUTURE_INTEREST' },
    ]);
    expect(first.body.errors).toBeUndefined();
    const written = first.body.data.updateCompanyExportCountries;
    // Ordered by country name.
    expect(written.exportCountries.map((e: any) => [e.country.name, e.status])).toEqual([
      ['France', 'FUTURE_INTEREST'],
      ['United States', 'CURRENTLY_EXPORTING'],
    ]);
    expect(written.exportCountryHistory.map((h: any) => h.type).sort()).toEqual(['INSERT', 'INSERT']);
    expect(written.exportCountryHistory.every((h: any) => h.adviser.id === app.adminId)).toBe(true);

    const second = await set(company.id, [
      { countryId: REFS.france, status: 'CURRENTLY_EXPORTING' },
      { countryId: REFS.uk, status: 'NOT_INTERESTED' },
    ]);
    const after = second.body.data.updateCompanyExportCountries;
    expect(after.exportCountries.map((e: any) => [e.country.name, e.status])).toEqual([
      ['France', 'CURRENTLY_EXPORTING'],
      ['United Kingdom', 'NOT_INTERESTED'],
    ]);
    // Newest first: this write's three changes, then the first write's two.
    const [latest, earlier] = [after.exportCountryHistory.slice(0, 3), after.exportCountryHistory.slice(3)];
    expect(latest.map((h: any) => `${h.type} ${h.country.name} ${h.status}`).sort()).toEqual([
      'DELETE United States CURRENTLY_EXPORTING',
      'INSERT United Kingdom NOT_INTERESTED',
      'UPDATE France CURRENTLY_EXPORTING',
    ]);
    expect(earlier).toHaveLength(2);
    expect(new Date(after.modifiedOn).getTime()).toBeGreaterThanOrEqual(new Date(written.modifiedOn).getTime());
  });

  it('a list that changes nothing writes nothing; an empty list clears it', async () => {
    const company = await createCompany(app);
    const list = [{ countryId: REFS.us, status: 'FUTURE_INTEREST' }];
    const first = (await set(company.id, list)).body.data.updateCompanyExportCountries;
    const again = (await set(company.id, list)).body.data.updateCompanyExportCountries;
    expect(again.modifiedOn).toBe(first.modifiedOn);
    expect(again.exportCountryHistory).toHaveLength(1);
    const cleared = (await set(company.id, [])).body.data.updateCompanyExportCountries;
    expect(cleared.exportCountries).toEqual([]);
    expect(cleared.exportCountryHistory.map((h: any) => h.type)).toEqual(['DELETE', 'INSERT']);
  });

  it('refuses a country given twice, an unknown or disabled country, and leaves the list as it was', async () => {
    const company = await createCompany(app);
    await set(company.id, [{ countryId: REFS.us, status: 'CURRENTLY_EXPORTING' }]);
    const before = await stored(company.id);
    const historyBefore = await app.sql('select count(*)::int as n from company_export_country_history where company_id = ?', [company.id]);

    const twice = await set(company.id, [
      { countryId: REFS.france, status: 'CURRENTLY_EXPORTING' },
      { countryId: REFS.france, status: 'FUTURE_INTEREST' },
    ]);
    expect(twice.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DUPLICATE', field: ['exportCountries', '1', 'countryId'] });

    const unknown = await set(company.id, [
      { countryId: REFS.france, status: 'CURRENTLY_EXPORTING' },
      { countryId: '00000000-0000-4000-8000-000000000000', status: 'FUTURE_INTEREST' },
    ]);
    expect(unknown.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_FOUND', field: ['exportCountries', '1'] });

    const [disabled] = await app.sql('select id from metadata_country where disabled_on is not null order by id limit 1');
    const withDisabled = await set(company.id, [{ countryId: disabled.id, status: 'FUTURE_INTEREST' }]);
    expect(withDisabled.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DISABLED' });

    const badStatus = await set(company.id, [{ countryId: REFS.france, status: 'MAYBE' }]);
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');

    expect(await stored(company.id)).toEqual(before);
    expect(await app.sql('select count(*)::int as n from company_export_country_history where company_id = ?', [company.id])).toEqual(historyBefore);
  });

  it('an unknown company is NOT_FOUND; an archived one is read-only', async () => {
    const missing = await set('00000000-0000-4000-8000-000000000000', []);
    expect(missing.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const company = await createCompany(app);
    await app.gql('mutation($id: UUID!) { archiveCompany(id: $id, reason: "closed") { id } }', { id: company.id });
    const archived = await set(company.id, [{ countryId: REFS.us, status: 'FUTURE_INTEREST' }]);
    expect(archived.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ARCHIVED_READ_ONLY' });
    expect(await stored(company.id)).toEqual([]);
  });

  it('needs change_company; a partner with company:write makes it with no adviser in the history, and the audit names the client', async () => {
    const company = await createCompany(app);
    const analyst = await createCaller(app, { groups: ['Read-only analyst'] });
    const refused = await set(company.id, [{ countryId: REFS.us, status: 'FUTURE_INTEREST' }], analyst.token);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'change_company' });
    expect(await stored(company.id)).toEqual([]);

    const client = await createClientCaller(app, { scopes: ['company:read', 'company:write'] });
    const made = await client.gql(
      `mutation($id: UUID!, $list: [CompanyExportCountryInput!]!) { updateCompanyExportCountries(id: $id, exportCountries: $list) { exportCountryHistory { type adviser { id } } } }`,
      { id: company.id, list: [{ countryId: REFS.us, status: 'FUTURE_INTEREST' }] },
    );
    expect(made.body.errors).toBeUndefined();
    expect(made.body.data.updateCompanyExportCountries.exportCountryHistory).toEqual([{ type: 'INSERT', adviser: null }]);
    const audit = await app.sql(
      `select actor_kind as "actorKind", actor_name as "actorName", action, changes from audit_event
        where entity = 'company_export_country' and changes -> 'company' ->> 1 = ?`,
      [company.id],
    );
    expect(audit).toEqual([{ actorKind: 'client', actorName: client.name, action: 'create', changes: expect.objectContaining({ status: [null, 'future_interest'] }) }]);
  });

  it('a page of companies reads every export list in one statement, whatever its length', async () => {
    const made = [];
    for (let i = 0; i < 6; i++) {
      const company = await createCompany(app, { name: `Exporter ${i} of many` });
      await set(company.id, [{ countryId: REFS.us, status: 'CURRENTLY_EXPORTING' }]);
      made.push(company.id);
    }
    await app.gql('{ viewer { isSuperuser } }');
    const page = (ids: string[]) =>
      app.gql('query($ids: [UUID!]) { companies(filter: { id: { in: $ids } }, first: 10) { edges { node { exportCountries { status country { name } } } } } }', { ids });
    const two = await page(made.slice(0, 2));
    const six = await page(made);
    expect(six.body.errors).toBeUndefined();
    expect(six.body.data.companies.edges.map((e: any) => e.node.exportCountries)).toEqual(
      made.map(() => [{ status: 'CURRENTLY_EXPORTING', country: { name: 'United States' } }]),
    );
    expect(six.body.extensions.sqlStatements).toBe(two.body.extensions.sqlStatements);
  });
});

describe('search filters', () => {
  it('finds companies exporting to, or interested in, a country; a change to the list reaches search', async () => {
    const exporter = await createCompany(app, { name: 'Marlinspike Exporters Ltd' });
    const hopeful = await createCompany(app, { name: 'Marlinspike Hopefuls Ltd' });
    await createCompany(app, { name: 'Marlinspike Homebodies Ltd' });
    await set(exporter.id, [{ countryId: REFS.france, status: 'CURRENTLY_EXPORTING' }, { countryId: REFS.us, status: 'NOT_INTERESTED' }]);
    await set(hopeful.id, [{ countryId: REFS.france, status: 'FUTURE_INTEREST' }]);
    await app.settleSearch();
    const names = async (filter: Record<string, unknown>) => {
      const res = await app.gql('query($filter: CompanySearchFilter) { searchCompanies(term: "marlinspike", filter: $filter, orderBy: [{ field: NAME }]) { totalCount edges { node { name } } } }', { filter });
      expect(res.body.errors).toBeUndefined();
      return res.body.data.searchCompanies.edges.map((e: any) => e.node.name);
    };
    expect(await names({ exportToCountryIds: [REFS.france] })).toEqual(['Marlinspike Exporters Ltd']);
    expect(await names({ futureInterestCountryIds: [REFS.france, REFS.us] })).toEqual(['Marlinspike Hopefuls Ltd']);
    // Not interested is neither.
    expect(await names({ exportToCountryIds: [REFS.us] })).toEqual([]);

    await set(hopeful.id, [{ countryId: REFS.france, status: 'CURRENTLY_EXPORTING' }]);
    await app.settleSearch();
    expect(await names({ exportToCountryIds: [REFS.france] })).toEqual(['Marlinspike Exporters Ltd', 'Marlinspike Hopefuls Ltd']);
    expect(await names({ futureInterestCountryIds: [REFS.france] })).toEqual([]);
  });
});
