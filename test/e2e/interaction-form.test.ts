import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCaller, createClientCaller } from '../helpers/callers.js';
import { createCompany, createContact, expectRefused, interactionInput, refId, REFS } from '../helpers/factories.js';

/**
 * The interaction form (issue 13, item 6): countries discussed merged into the company's export countries,
 * several companies, archive and unarchive, and the service offered only where its contexts allow.
 */
let app: TestApp;
let companyId: string;
let contactId: string;
const ref: Record<string, string> = {};

const LEAF = `disabled_on is null
  and not exists (select 1 from metadata_service c where c.parent_id = metadata_service.id)
  and not exists (select 1 from metadata_service_question q where q.service_id = metadata_service.id)`;

beforeAll(async () => {
  app = await createTestApp();
  companyId = (await createCompany(app)).id;
  contactId = (await createContact(app, companyId)).id;
  ref.exportService = await refId(app, 'metadata_service', `${LEAF} and 'export_interaction' = any(contexts)`);
  ref.investmentOnly = await refId(app, 'metadata_service', `${LEAF} and contexts = array['investment_interaction']::text[]`);
  ref.investmentService = await refId(app, 'metadata_service', `${LEAF} and 'investment_interaction' = any(contexts)`);
  ref.exportDelivery = await refId(app, 'metadata_service', `${LEAF} and 'export_service_delivery' = any(contexts)`);
  ref.disabledCountry = await refId(app, 'metadata_country', 'disabled_on is not null');
});
afterAll(() => app?.close());

const FIELDS = `id theme wereCountriesDiscussed exportCountries { country { id name } status } company { id } companies { id }
  archived archivedReason archivedBy { id } service { id }`;
const CREATE = `mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: UUID!, $input: InteractionUpdateInput!) { updateInteraction(id: $id, input: $input) { ${FIELDS} } }`;
const COMPANY_COUNTRIES = `query($id: UUID!) { company(id: $id) {
  exportCountries { country { id } status }
  exportCountryHistory { type status country { id } adviser { id } } } }`;

/** An export interaction with the test company (or `company`, with its contact), countries discussed as given. */
async function exportInput(overrides: Record<string, unknown> = {}, company = companyId, contact = contactId) {
  return { ...(await interactionInput(app, company, contact)), theme: 'EXPORT', serviceId: ref.exportService, wereCountriesDiscussed: false, ...overrides };
}

async function create(overrides: Record<string, unknown> = {}, company = companyId, contact = contactId) {
  const res = await app.gql(CREATE, { input: await exportInput(overrides, company, contact) });
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data.createInteraction;
}

const refuseCreate = async (overrides: Record<string, unknown>, company = companyId, contact = contactId) =>
  (await expectRefused(app, CREATE, { input: await exportInput(overrides, company, contact) })).extensions;

const issues = (extensions: any) => extensions.issues.map((i: any) => `${i.field.join('.')}:${i.reason}`);

async function newCompany() {
  const id = (await createCompany(app)).id;
  return { id, contact: (await createContact(app, id)).id };
}

const countriesOf = async (company: string) => (await app.gql(COMPANY_COUNTRIES, { id: company })).body.data.company;

describe('countries discussed', () => {
  it("are stored on the interaction and merged into the company's export countries, with history", async () => {
    const { id: company, contact } = await newCompany();
    const i = await create(
      { wereCountriesDiscussed: true, exportCountries: [{ countryId: REFS.france, status: 'CURRENTLY_EXPORTING' }, { countryId: REFS.us, status: 'FUTURE_INTEREST' }] },
      company,
      contact,
    );
    expect(i.wereCountriesDiscussed).toBe(true);
    expect(i.exportCountries).toEqual([
      { country: { id: REFS.france, name: 'France' }, status: 'CURRENTLY_EXPORTING' },
      { country: { id: REFS.us, name: 'United States' }, status: 'FUTURE_INTEREST' },
    ]);
    const { exportCountries, exportCountryHistory } = await countriesOf(company);
    expect(exportCountries).toEqual([
      { country: { id: REFS.france }, status: 'CURRENTLY_EXPORTING' },
      { country: { id: REFS.us }, status: 'FUTURE_INTEREST' },
    ]);
    expect(exportCountryHistory).toHaveLength(2);
    expect(exportCountryHistory).toEqual(
      expect.arrayContaining([{ type: 'INSERT', status: 'FUTURE_INTEREST', country: { id: REFS.us }, adviser: { id: app.adminId } }]),
    );
  });

  it("change a company's status only when the interaction is newer than it, and never remove a country", async () => {
    const { id: company, contact } = await newCompany();
    const set = await app.gql('mutation($id: UUID!, $list: [CompanyExportCountryInput!]!) { updateCompanyExportCountries(id: $id, exportCountries: $list) { id } }', {
      id: company,
      list: [{ countryId: REFS.france, status: 'NOT_INTERESTED' }, { countryId: REFS.us, status: 'NOT_INTERESTED' }],
    });
    expect(set.body.errors).toBeUndefined();
    // Dated before the company's statuses were set: an old interaction entered late changes nothing.
    await create({ date: '2020-01-01', wereCountriesDiscussed: true, exportCountries: [{ countryId: REFS.france, status: 'CURRENTLY_EXPORTING' }] }, company, contact);
    expect((await countriesOf(company)).exportCountries).toEqual([
      { country: { id: REFS.france }, status: 'NOT_INTERESTED' },
      { country: { id: REFS.us }, status: 'NOT_INTERESTED' },
    ]);
    // Dated in the future: as of now, which is after the statuses were set.
    await create({ date: '2099-01-01', wereCountriesDiscussed: true, exportCountries: [{ countryId: REFS.france, status: 'CURRENTLY_EXPORTING' }] }, company, contact);
    const after = await countriesOf(company);
    expect(after.exportCountries).toEqual([
      { country: { id: REFS.france }, status: 'CURRENTLY_EXPORTING' },
      { country: { id: REFS.us }, status: 'NOT_INTERESTED' },
    ]);
    expect(after.exportCountryHistory[0]).toMatchObject({ type: 'UPDATE', status: 'CURRENTLY_EXPORTING', country: { id: REFS.france } });
  });

  it('on update, replace the interaction\'s list and merge only the countries it adds', async () => {
    const { id: company, contact } = await newCompany();
    const i = await create({ wereCountriesDiscussed: true, exportCountries: [{ countryId: REFS.france, status: 'FUTURE_INTEREST' }] }, company, contact);
    const res = await app.gql(UPDATE, { id: i.id, input: { exportCountries: [{ countryId: REFS.us, status: 'CURRENTLY_EXPORTING' }] } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.updateInteraction.exportCountries).toEqual([{ country: { id: REFS.us, name: 'United States' }, status: 'CURRENTLY_EXPORTING' }]);
    // France stays on the company's list: an interaction adds to it, never removes.
    expect((await countriesOf(company)).exportCountries).toEqual([
      { country: { id: REFS.france }, status: 'FUTURE_INTEREST' },
      { country: { id: REFS.us }, status: 'CURRENTLY_EXPORTING' },
    ]);
  });

  it('are asked of export and other themes, required when discussed, refused when not', async () => {
    expect(issues(await refuseCreate({ wereCountriesDiscussed: undefined }))).toEqual(['wereCountriesDiscussed:REQUIRED']);
    expect(issues(await refuseCreate({ wereCountriesDiscussed: true }))).toEqual(['exportCountries:REQUIRED']);
    expect(issues(await refuseCreate({ wereCountriesDiscussed: true, exportCountries: [] }))).toEqual(['exportCountries:REQUIRED']);
    expect(issues(await refuseCreate({ exportCountries: [{ countryId: REFS.france, status: 'FUTURE_INTEREST' }] }))).toEqual(['exportCountries:ONLY_WHEN_COUNTRIES_DISCUSSED']);
  });

  it('are refused on the investment theme and without a theme', async () => {
    const countries = { wereCountriesDiscussed: true, exportCountries: [{ countryId: REFS.france, status: 'FUTURE_INTEREST' }] };
    const investment = await refuseCreate({ theme: 'INVESTMENT', serviceId: ref.investmentService, ...countries });
    expect(investment).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(issues(investment)).toEqual(['wereCountriesDiscussed:NOT_FOR_THEME', 'exportCountries:NOT_FOR_THEME']);
    expect(issues(await refuseCreate({ theme: null, ...countries }))).toEqual(['wereCountriesDiscussed:NOT_FOR_THEME', 'exportCountries:NOT_FOR_THEME']);
  });

  it('name each country once, and only countries that exist and are enabled', async () => {
    const e = await refuseCreate({
      wereCountriesDiscussed: true,
      exportCountries: [
        { countryId: REFS.france, status: 'FUTURE_INTEREST' },
        { countryId: REFS.france, status: 'NOT_INTERESTED' },
        { countryId: randomUUID(), status: 'FUTURE_INTEREST' },
        { countryId: ref.disabledCountry, status: 'FUTURE_INTEREST' },
      ],
    });
    expect(e).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(issues(e)).toEqual(['exportCountries.1.countryId:DUPLICATE', 'exportCountries.2:NOT_FOUND', 'exportCountries.3:DISABLED']);
  });
});

describe('several companies', () => {
  it('takes companyIds on create: the first is the legacy company, contacts of any of them, each company lists it', async () => {
    const other = await newCompany();
    const res = await app.gql(CREATE, { input: await exportInput({ companyId: undefined, companyIds: [companyId, other.id], contactIds: [contactId, other.contact] }) });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    const i = res.body.data.createInteraction;
    expect(i.company).toEqual({ id: companyId });
    expect(i.companies.map((c: any) => c.id).sort()).toEqual([companyId, other.id].sort());
    const page = await app.gql('query($id: UUID!) { company(id: $id) { latestInteractionDate interactions { edges { node { id } } } } }', { id: other.id });
    expect(page.body.data.company).toEqual({ latestInteractionDate: '2026-01-15', interactions: { edges: [{ node: { id: i.id } }] } });
  });

  it('refuses both companyId and companyIds, unknown companies at their index, and contacts of no company given', async () => {
    const other = await newCompany();
    expect(await refuseCreate({ companyIds: [companyId] })).toMatchObject({ code: 'BAD_USER_INPUT', field: ['companyIds'], reason: 'COMPANY_OR_COMPANIES' });
    const unknown = await refuseCreate({ companyId: undefined, companyIds: [companyId, randomUUID()] });
    expect(issues(unknown)).toEqual(['companyIds.1:NOT_FOUND']);
    const foreign = await refuseCreate({ companyId: undefined, companyIds: [companyId], contactIds: [contactId, other.contact] });
    expect(issues(foreign)).toEqual(['contactIds.1:CONTACT_NOT_OF_COMPANY']);
    expect(issues(await refuseCreate({ companyId: undefined }))).toEqual(['companyIds:REQUIRED']);
  });
});

describe('archiving an interaction', () => {
  const ARCHIVE = 'mutation Archive($id: UUID!, $reason: String!) { archiveInteraction(id: $id, reason: $reason) { archived archivedReason archivedBy { id } } }';
  const UNARCHIVE = 'mutation($id: UUID!) { unarchiveInteraction(id: $id) { archived archivedReason archivedBy { id } } }';

  it('archives with a reason, audited; an archived one is read-only until unarchived', async () => {
    const i = await create();
    const res = await app.gql(ARCHIVE, { id: i.id, reason: ' Entered in error ' });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.archiveInteraction).toEqual({ archived: true, archivedReason: 'Entered in error', archivedBy: { id: app.adminId } });
    const [event] = await app.sql("select operation, changes from audit_event where record_id = ? and action = 'update'", [i.id]);
    expect(event.operation).toBe('Archive');
    expect(event.changes).toMatchObject({ archived: [false, true], archivedReason: [null, 'Entered in error'] });

    const refused = await expectRefused(app, UPDATE, { id: i.id, input: { subject: 'Changed' } });
    expect(refused.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ARCHIVED_READ_ONLY' });
    expect((await expectRefused(app, ARCHIVE, { id: i.id, reason: 'Again' })).extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_ARCHIVED' });

    const back = await app.gql(UNARCHIVE, { id: i.id });
    expect(back.body.data.unarchiveInteraction).toEqual({ archived: false, archivedReason: null, archivedBy: null });
    const changed = await app.gql(UPDATE, { id: i.id, input: { subject: 'Changed' } });
    expect(changed.body.errors).toBeUndefined();
    expect((await expectRefused(app, UNARCHIVE, { id: i.id })).extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_ARCHIVED' });
  });

  it('needs a reason, an interaction that exists, and the permission to change interactions', async () => {
    const i = await create();
    expect((await expectRefused(app, ARCHIVE, { id: i.id, reason: '  ' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['reason'], reason: 'REQUIRED' });
    expect((await expectRefused(app, ARCHIVE, { id: randomUUID(), reason: 'Duplicate' })).extensions).toMatchObject({ code: 'NOT_FOUND' });
    const reader = await createCaller(app, { groups: ['Read-only analyst'] });
    expect((await expectRefused(app, ARCHIVE, { id: i.id, reason: 'Duplicate' }, reader.token)).extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('is refused to a partner client, even with interaction:write: it could neither see nor restore what it archived', async () => {
    const i = await create();
    const client = await createClientCaller(app, { scopes: ['interaction:read', 'interaction:write'] });
    const e = await expectRefused(app, ARCHIVE, { id: i.id, reason: 'Duplicate' }, client.token);
    expect(e).toMatchObject({ path: ['archiveInteraction'], extensions: { code: 'FORBIDDEN' } });
    const update = await client.gql(UPDATE.replace(FIELDS, 'id'), { id: i.id, input: { subject: 'Changed by a partner' } });
    expect(update.body.errors).toBeUndefined();
  });
});

describe('the service offered only where its contexts allow', () => {
  it('refuses an investment service on an export interaction, on create and on update', async () => {
    const e = await refuseCreate({ serviceId: ref.investmentOnly });
    expect(e).toMatchObject({ code: 'BAD_USER_INPUT', field: ['serviceId'], reason: 'SERVICE_NOT_FOR_CONTEXT' });
    const i = await create();
    expect((await expectRefused(app, UPDATE, { id: i.id, input: { serviceId: ref.investmentOnly } })).extensions).toMatchObject({ field: ['serviceId'], reason: 'SERVICE_NOT_FOR_CONTEXT' });
  });

  it('checks the kept service again when the kind or theme changes', async () => {
    const i = await create();
    const e = await expectRefused(app, UPDATE, { id: i.id, input: { theme: 'INVESTMENT', wereCountriesDiscussed: null } });
    expect(e.extensions).toMatchObject({ field: ['serviceId'], reason: 'SERVICE_NOT_FOR_CONTEXT' });
    const res = await app.gql(UPDATE, { id: i.id, input: { theme: 'INVESTMENT', wereCountriesDiscussed: null, serviceId: ref.investmentService } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.updateInteraction).toMatchObject({ theme: 'INVESTMENT', service: { id: ref.investmentService } });
  });

  it('lists the services the form offers for a kind and theme: those createInteraction accepts', async () => {
    const res = await app.gql(`{
      exportInteraction: interactionServices(kind: INTERACTION, theme: EXPORT) { id contexts }
      investment: interactionServices(kind: INTERACTION, theme: INVESTMENT) { id contexts }
      noTheme: interactionServices(kind: SERVICE_DELIVERY) { id contexts }
    }`);
    expect(res.body.errors).toBeUndefined();
    const { exportInteraction, investment, noTheme } = res.body.data;
    expect(exportInteraction.map((s: any) => s.id)).toContain(ref.exportService);
    expect(exportInteraction.map((s: any) => s.id)).not.toContain(ref.investmentOnly);
    expect(exportInteraction.every((s: any) => s.contexts.includes('export_interaction'))).toBe(true);
    expect(investment.map((s: any) => s.id)).toContain(ref.investmentOnly);
    expect(noTheme.length).toBeGreaterThan(0);
    expect(noTheme.every((s: any) => s.contexts.some((c: string) => ['service_delivery', 'export_service_delivery', 'other_service_delivery'].includes(c)))).toBe(true);
    // The last one offered (a service with questions needs its answers, so take one without).
    const [leaf] = await app.sql(`select id from metadata_service where id in (${exportInteraction.map(() => '?').join(', ')})
      and not exists (select 1 from metadata_service_question q where q.service_id = metadata_service.id) order by id desc limit 1`, exportInteraction.map((s: any) => s.id));
    expect((await create({ serviceId: leaf.id })).service).toEqual({ id: leaf.id });
  });

  it('takes a service offered for export service deliveries on an export service delivery', async () => {
    const i = await create({ kind: 'SERVICE_DELIVERY', communicationChannelId: null, serviceId: ref.exportDelivery });
    expect(i.service).toEqual({ id: ref.exportDelivery });
  });
});

describe('what a company page may offer', () => {
  const CAN = 'query($id: UUID!) { company(id: $id) { viewerCan { addInteraction } } }';

  it('offers addInteraction to a caller who may add interactions, unless the company is archived', async () => {
    const { id } = await newCompany();
    expect((await app.gql(CAN, { id })).body.data.company.viewerCan).toEqual({ addInteraction: true });
    const reader = await createCaller(app, { groups: ['Read-only analyst'] });
    expect((await reader.gql(CAN, { id })).body.data.company.viewerCan).toEqual({ addInteraction: false });
    await app.gql('mutation($id: UUID!) { archiveCompany(id: $id, reason: "Closed") { id } }', { id });
    expect((await app.gql(CAN, { id })).body.data.company.viewerCan).toEqual({ addInteraction: false });
  });
});
