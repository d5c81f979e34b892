import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCompany, createContact, interactionInput, refId, REFS } from '../helpers/factories.js';

/**
 * The fields of a company, contact or event page that are made of the record's own columns (an address,
 * with its country and area) or are a list of its own (export countries, with their countries) come in the
 * page's one statement (look-ahead), with the same answer as the loaders give when look-ahead is off for
 * them (a directive on a field turns it off: src/graphql/lookahead.ts).
 */
let app: TestApp;
let ids: { company: string; ownAddress: string; sameAsCompany: string; event: string; usArea: string };

beforeAll(async () => {
  app = await createTestApp();
  const usArea = await refId(app, 'metadata_administrative_area', `disabled_on is null and country_id = '${REFS.us}'`);
  const company = await createCompany(app, {
    address: { line1: '1 Main Street', town: 'Boston', postcode: '02108', areaId: usArea, countryId: REFS.us },
    registeredAddress: { line1: '2 Rue de Rivoli', town: 'Paris', countryId: REFS.france },
    ukRegionId: null,
  });
  const set = await app.gql(
    'mutation($id: UUID!, $list: [CompanyExportCountryInput!]!) { updateCompanyExportCountries(id: $id, exportCountries: $list) { id } }',
    {
      id: company.id,
      list: [
        { countryId: REFS.us, status: 'CURRENTLY_EXPORTING' },
        { countryId: REFS.france, status: 'FUTURE_INTEREST' },
        { countryId: REFS.uk, status: 'NOT_INTERESTED' },
      ],
    },
  );
  expect(set.body.errors).toBeUndefined();
  const own = await createContact(app, company.id, { addressSameAsCompany: false, address: { line1: '3 Quai Voltaire', town: 'Paris', countryId: REFS.france } });
  const same = await createContact(app, company.id, { addressSameAsCompany: true });
  const event = await app.gql('mutation($input: EventCreateInput!) { createEvent(input: $input) { id } }', {
    input: {
      name: 'Trade show',
      eventTypeId: await refId(app, 'metadata_event_type'),
      startDate: '2026-09-01',
      endDate: '2026-09-03',
      locationTypeId: await refId(app, 'metadata_location_type'),
      address: { line1: '1 Expo Way', town: 'Birmingham', postcode: 'B40 1NT', countryId: REFS.uk },
      ukRegionId: await refId(app, 'metadata_uk_region'),
      organiserId: app.adminId,
      leadTeamId: await refId(app, 'metadata_team'),
      teamIds: [await refId(app, 'metadata_team')],
      serviceId: await refId(app, 'metadata_service', 'disabled_on is null and not exists (select 1 from metadata_service c where c.parent_id = metadata_service.id)'),
    },
  });
  expect(event.body.errors).toBeUndefined();
  for (const date of ['2026-02-10', '2026-03-05']) {
    const made = await app.gql('mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { id } }', { input: { ...(await interactionInput(app, company.id, own.id)), date } });
    expect(made.body.errors).toBeUndefined();
  }
  ids = { company: company.id, ownAddress: own.id, sameAsCompany: same.id, event: event.body.data.createEvent.id, usArea };
  // The token's first request looks it up (one statement more); from then on it is cached.
  await app.gql('{ viewer { isSuperuser } }');
}, 60_000);
afterAll(() => app?.close());

/**
 * Runs a query twice: as it is, and with `@include(if: true)` where it says `$D` (look-ahead off there: the
 * loaders' path). Both answers must be the same, the first in one statement.
 */
async function oneStatement(query: string, variables: Record<string, unknown>) {
  const embedded = await app.gql(query.replaceAll('$D', ''), variables);
  const loaded = await app.gql(query.replaceAll('$D', ' @include(if: true)'), variables);
  expect(embedded.body.errors, JSON.stringify(embedded.body.errors)).toBeUndefined();
  expect(loaded.body.errors, JSON.stringify(loaded.body.errors)).toBeUndefined();
  expect(embedded.body.data).toEqual(loaded.body.data);
  expect(embedded.body.extensions.sqlStatements).toBe(1);
  expect(loaded.body.extensions.sqlStatements).toBeGreaterThan(1);
  return embedded.body.data;
}

const COUNTRY = 'country { id name }';

describe('a company page', () => {
  it('has its address with its country and area in one statement', async () => {
    const data = await oneStatement(`query($id: UUID!) { company(id: $id) { id address$D { line1 town postcode ${COUNTRY} area { id name } } } }`, { id: ids.company });
    expect(data.company.address).toMatchObject({ line1: '1 Main Street', town: 'Boston', country: { id: REFS.us, name: 'United States' }, area: { id: ids.usArea } });
  });

  it('has its registered address with its country in one statement', async () => {
    const data = await oneStatement(`query($id: UUID!) { company(id: $id) { id registeredAddress$D { line1 ${COUNTRY} area { name } } } }`, { id: ids.company });
    expect(data.company.registeredAddress).toEqual({ line1: '2 Rue de Rivoli', country: { id: REFS.france, name: 'France' }, area: null });
  });

  it('has its export countries with their countries, by country name, in one statement', async () => {
    const data = await oneStatement(`query($id: UUID!) { company(id: $id) { id exportCountries$D { id status createdOn modifiedOn ${COUNTRY} } } }`, { id: ids.company });
    expect(data.company.exportCountries.map((e: any) => [e.country.name, e.status])).toEqual([
      ['France', 'FUTURE_INTEREST'],
      ['United Kingdom', 'NOT_INTERESTED'],
      ['United States', 'CURRENTLY_EXPORTING'],
    ]);
  });

  it('has the date of its latest interaction in one statement, in a list of companies too', async () => {
    const data = await oneStatement(`query($id: UUID!) { company(id: $id) { id latestInteractionDate$D } }`, { id: ids.company });
    expect(data.company.latestInteractionDate).toBe('2026-03-05');
    const list = await oneStatement(`query($id: UUID!) { companies(filter: { id: { in: [$id] } }) { edges { node { id latestInteractionDate$D } } } }`, { id: ids.company });
    expect(list.companies.edges[0].node.latestInteractionDate).toBe('2026-03-05');
  });

  it('has all of them, under aliases too, in one statement', async () => {
    const data = await oneStatement(
      `query($id: UUID!) { company(id: $id) { id name
        address$D { town ${COUNTRY} } trading: address$D { area { name } }
        registeredAddress$D { town ${COUNTRY} }
        exportCountries$D { status country { name } }
        sector { name } } }`,
      { id: ids.company },
    );
    expect(data.company.trading.area.name).toEqual(expect.any(String));
  });

  it('a page of companies has each address with its country in one statement', async () => {
    const data = await oneStatement(
      `query($id: UUID!) { companies(first: 5, filter: { id: { in: [$id] } }) { edges { node { id address$D { ${COUNTRY} } exportCountries$D { country { name } } } } } }`,
      { id: ids.company },
    );
    expect(data.companies.edges).toHaveLength(1);
  });

  it("the public view has the address's country in one statement", async () => {
    const data = await oneStatement(`query($id: UUID!) { publicCompany(id: $id) { id address$D { town ${COUNTRY} } registeredAddress$D { ${COUNTRY} } } }`, {
      id: ids.company,
    });
    expect(data.publicCompany.address.country.id).toBe(REFS.us);
  });

  it('a company without a registered address answers null', async () => {
    const other = await createCompany(app);
    const data = await oneStatement(`query($id: UUID!) { company(id: $id) { id registeredAddress$D { ${COUNTRY} } address$D { ${COUNTRY} } exportCountries$D { id } } }`, {
      id: other.id,
    });
    expect(data.company).toMatchObject({ registeredAddress: null, address: { country: { id: REFS.uk } }, exportCountries: [] });
  });
});

describe('a contact page', () => {
  const CONTACT = `query($id: UUID!) { contact(id: $id) { id addressSameAsCompany address$D { line1 town postcode ${COUNTRY} area { id name } } } }`;

  it('has its own address with its country in one statement', async () => {
    const data = await oneStatement(CONTACT, { id: ids.ownAddress });
    expect(data.contact).toMatchObject({ addressSameAsCompany: false, address: { line1: '3 Quai Voltaire', country: { id: REFS.france }, area: null } });
  });

  it("has its company's address, with its country and area, in one statement when it is the same as the company's", async () => {
    const data = await oneStatement(CONTACT, { id: ids.sameAsCompany });
    expect(data.contact).toMatchObject({ addressSameAsCompany: true, address: { line1: '1 Main Street', town: 'Boston', country: { id: REFS.us }, area: { id: ids.usArea } } });
  });

  it('with its company selected too', async () => {
    const data = await oneStatement(`query($id: UUID!) { contact(id: $id) { id address$D { town ${COUNTRY} } company$D { id address { town ${COUNTRY} } } } }`, { id: ids.sameAsCompany });
    expect(data.contact.address).toEqual(data.contact.company.address);
  });

  it("a company's contacts have their addresses, their own or the company's, in one statement", async () => {
    const data = await oneStatement(
      `query($id: UUID!) { company(id: $id) { id contacts(first: 10)$D { edges { node { id addressSameAsCompany address { line1 ${COUNTRY} area { name } } } } } } }`,
      { id: ids.company },
    );
    const contacts = data.company.contacts.edges.map((e: any) => e.node);
    expect(contacts.map((c: any) => c.address.line1).sort()).toEqual(['1 Main Street', '3 Quai Voltaire']);
  });
});

describe('an event page', () => {
  it('has its address with its country in one statement', async () => {
    const data = await oneStatement(`query($id: UUID!) { event(id: $id) { id address$D { town ${COUNTRY} } } }`, { id: ids.event });
    expect(data.event.address).toEqual({ town: 'Birmingham', country: { id: REFS.uk, name: 'United Kingdom' } });
  });
});
