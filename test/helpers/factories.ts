import { expect } from 'vitest';
import type { TestApp } from './app.js';

/** Fixed reference ids from the seeded Data Hub tables. */
export const REFS = {
  uk: '80756b9a-5d95-e211-a939-e4115bead28a',
  us: '81756b9a-5d95-e211-a939-e4115bead28a',
  france: '82756b9a-5d95-e211-a939-e4115bead28a',
  ghq: '43281c5e-92a4-4794-867b-b4d5f801e6f3',
  ukhq: '3e6debb4-1596-40c5-aa25-f00da0e05af9',
  ukBranch: 'b0730fc6-fcce-4071-bdab-ba8de4f4fc98',
};

let counter = 0;
const next = () => ++counter;

/** Ids of seeded reference rows: the first enabled row of a table (or of a condition). */
export async function refId(app: TestApp, table: string, where = 'disabled_on is null'): Promise<string> {
  const [row] = await app.sql(`select id from "${table}" where ${where} order by id limit 1`);
  if (!row) throw new Error(`no ${table} row where ${where}`);
  return row.id;
}

export async function companyInput(app: TestApp, overrides: Record<string, unknown> = {}) {
  return {
    name: `Test Company ${next()}`,
    businessTypeId: await refId(app, 'metadata_business_type', `disabled_on is null and id <> '${REFS.ukBranch}'`),
    sectorId: await refId(app, 'metadata_sector'),
    ukRegionId: await refId(app, 'metadata_uk_region'),
    address: { line1: '1 High Street', town: 'London', postcode: 'SW1A 1AA', countryId: REFS.uk },
    ...overrides,
  };
}

const COMPANY_FIELDS = 'id name archived dunsNumber headquarterType { id } globalHeadquarters { id } address { line1 town postcode country { id } }';

/** Creates a company through the API and returns it; throws with the errors if it was refused. */
export async function createCompany(app: TestApp, overrides: Record<string, unknown> = {}) {
  const input = await companyInput(app, overrides);
  const res = await app.gql(`mutation($input: CompanyCreateInput!) { createCompany(input: $input) { ${COMPANY_FIELDS} } }`, { input });
  if (res.body.errors) throw new Error(`createCompany failed: ${JSON.stringify(res.body.errors)}`);
  return res.body.data.createCompany as { id: string; name: string };
}

export function contactInput(companyId: string, overrides: Record<string, unknown> = {}) {
  const n = next();
  return { companyId, firstName: 'Ada', lastName: `Lovelace ${n}`, email: `ada.${n}@example.com`, addressSameAsCompany: true, ...overrides };
}

export async function createContact(app: TestApp, companyId: string, overrides: Record<string, unknown> = {}) {
  const res = await app.gql('mutation($input: ContactCreateInput!) { createContact(input: $input) { id email company { id } } }', {
    input: contactInput(companyId, overrides),
  });
  if (res.body.errors) throw new Error(`createContact failed: ${JSON.stringify(res.body.errors)}`);
  return res.body.data.createContact as { id: string; email: string };
}

/** Row counts of the tables a failed write must leave alone. */
export async function counts(app: TestApp, tables = ['company', 'contact', 'interaction', 'interaction_contact', 'interaction_dit_participant']) {
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = (await app.sql(`select count(*)::int as n from "${t}"`))[0].n;
  return out;
}

/** Every row of the tables a write touches, hashed: equal before and after means nothing was written. */
async function snapshot(app: TestApp) {
  const hashes: Record<string, string> = {};
  for (const t of ['company', 'contact', 'interaction', 'interaction_contact', 'interaction_dit_participant']) {
    hashes[t] = (await app.sql(`select md5(coalesce(string_agg(x::text, '' order by x::text), '')) as h from "${t}" x`))[0].h;
  }
  return hashes;
}

/**
 * Runs a write that must be refused (as the admin, or as the caller whose token is given): returns the first
 * error, after checking that nothing was written.
 */
export async function expectRefused(app: TestApp, query: string, variables: Record<string, unknown>, token = app.token) {
  const before = await snapshot(app);
  const res = await app.gql(query, variables, token);
  expect(res.status).toBeLessThan(500);
  expect(res.body.errors, JSON.stringify(res.body)).toBeDefined();
  expect(await snapshot(app)).toEqual(before);
  return res.body.errors[0];
}

/** A complete interaction with one contact and one adviser, on a service with no questions to answer. */
export async function interactionInput(app: TestApp, companyId: string, contactId: string, adviserId = app.adminId) {
  return {
    kind: 'INTERACTION',
    date: '2026-01-15',
    subject: 'Export advice',
    companyId,
    contactIds: [contactId],
    participants: [{ adviserId }],
    serviceId: await refId(
      app,
      'metadata_service',
      'disabled_on is null and not exists (select 1 from metadata_service c where c.parent_id = metadata_service.id) and not exists (select 1 from metadata_service_question q where q.service_id = metadata_service.id)',
    ),
    communicationChannelId: await refId(app, 'metadata_communication_channel'),
  };
}
