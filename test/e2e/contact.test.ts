import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { contactInput, createCompany, createContact, expectRefused, refId, REFS } from '../helpers/factories.js';

let app: TestApp;
let companyId: string;
beforeAll(async () => {
  app = await createTestApp();
  companyId = (await createCompany(app, { address: { line1: '9 Quay', town: 'Leith', postcode: 'EH6 6AA', countryId: REFS.uk } })).id;
});
afterAll(() => app?.close());

const CREATE = 'mutation($input: ContactCreateInput!) { createContact(input: $input) { id email name addressSameAsCompany address { line1 town } company { id } createdBy { email } } }';
const UPDATE = 'mutation($id: UUID!, $input: ContactUpdateInput!) { updateContact(id: $id, input: $input) { id email addressSameAsCompany address { line1 town country { id } } } }';

const refused = (query: string, variables: Record<string, unknown>) => expectRefused(app, query, variables);

describe('contacts', () => {
  it('lowercases the email and shows the company address when it is the same', async () => {
    const res = await app.gql(CREATE, { input: contactInput(companyId, { email: 'Grace.Hopper@Example.COM' }) });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.createContact).toMatchObject({ email: 'grace.hopper@example.com', addressSameAsCompany: true, address: { line1: '9 Quay', town: 'Leith' }, company: { id: companyId } });
  });

  it('keeps emails unique within a company, whatever their case, but not across companies', async () => {
    await createContact(app, companyId, { email: 'dup@example.com' });
    const e = await refused(CREATE, { input: contactInput(companyId, { email: 'DUP@example.com' }) });
    expect(e.extensions).toMatchObject({ code: 'CONFLICT', reason: 'EMAIL_TAKEN', field: ['email'] });
    const other = await createCompany(app);
    await createContact(app, other.id, { email: 'dup@example.com' });
  });

  it('takes the company address or a manual one, never both and never neither', async () => {
    const both = await refused(CREATE, { input: contactInput(companyId, { address: { line1: '1 Road', town: 'York', countryId: REFS.uk } }) });
    expect(both.extensions).toMatchObject({ reason: 'ADDRESS_BOTH', field: ['address'] });
    const neither = await refused(CREATE, { input: contactInput(companyId, { addressSameAsCompany: false }) });
    expect(neither.extensions).toMatchObject({ reason: 'ADDRESS_REQUIRED', field: ['address'] });
    const manual = await app.gql(CREATE, { input: contactInput(companyId, { addressSameAsCompany: false, address: { line1: '1 Road', town: 'York', countryId: REFS.uk } }) });
    expect(manual.body.data.createContact.address).toEqual({ line1: '1 Road', town: 'York' });
    const id = manual.body.data.createContact.id;
    const switched = await app.gql(UPDATE, { id, input: { addressSameAsCompany: true } });
    expect(switched.body.data.updateContact).toMatchObject({ addressSameAsCompany: true, address: { line1: '9 Quay', town: 'Leith' } });
    expect((await app.sql('select address_line1 from contact where id = ?', [id]))[0].address_line1).toBeNull();
  });

  it('requires names and a valid email, and an international phone number', async () => {
    const e = await refused(CREATE, { input: contactInput(companyId, { firstName: '', email: 'not-an-email', fullTelephoneNumber: '0207 946 0000' }) });
    expect(e.extensions.issues.map((i: any) => i.reason)).toEqual(expect.arrayContaining(['REQUIRED', 'INVALID_EMAIL', 'INVALID_PHONE']));
  });

  it('refuses a disabled country and an archived company', async () => {
    const disabledCountry = await refId(app, 'metadata_country', 'disabled_on is not null');
    const address = { line1: '1 Lagoon', town: 'Tarawa', countryId: disabledCountry };
    const e0 = await refused(CREATE, { input: contactInput(companyId, { addressSameAsCompany: false, address }) });
    expect(e0.extensions).toMatchObject({ reason: 'DISABLED', field: ['address', 'countryId'] });
    const archived = await createCompany(app);
    await app.gql('mutation($id: UUID!) { archiveCompany(id: $id, reason: "Closed") { id } }', { id: archived.id });
    const e = await refused(CREATE, { input: contactInput(archived.id) });
    expect(e.extensions).toMatchObject({ code: 'CONFLICT', reason: 'COMPANY_ARCHIVED' });
  });

  it('makes an archived contact read-only until it is unarchived', async () => {
    const c = await createContact(app, companyId);
    await app.gql('mutation($id: UUID!) { archiveContact(id: $id, reason: "Left the company") { id } }', { id: c.id });
    const e = await refused(UPDATE, { id: c.id, input: { jobTitle: 'CEO' } });
    expect(e.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ARCHIVED_READ_ONLY' });
    await app.gql('mutation($id: UUID!) { unarchiveContact(id: $id) { id } }', { id: c.id });
    const ok = await app.gql(UPDATE, { id: c.id, input: { email: 'New@Example.com' } });
    expect(ok.body.data.updateContact.email).toBe('new@example.com');
  });

  it('lists a company\'s contacts, newest first, with their count', async () => {
    const company = await createCompany(app);
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await createContact(app, company.id));
    const res = await app.gql('query($id: UUID!) { company(id: $id) { contacts(first: 2, orderBy: [{ field: CREATED_ON, direction: DESC }]) { totalCount edges { node { id } } } } }', { id: company.id });
    expect(res.body.data.company.contacts).toEqual({ totalCount: 3, edges: [{ node: { id: made[2].id } }, { node: { id: made[1].id } }] });
  });
});


describe("a contact's consent", () => {
  it("shows what the consent service reported, and null when it reported nothing", async () => {
    const contact = await createContact(app, companyId);
    const read = async () => (await app.gql('query($id: UUID!) { contact(id: $id) { consentData { consentDomain emailContactConsent telephoneContactConsent } consentDataLastModified } }', { id: contact.id })).body;
    expect((await read()).data.contact).toEqual({ consentData: null, consentDataLastModified: null });
    // The consent service's ingest writes it (Data Hub's ingest_contact_consent_data); the API only reads it.
    await app.sql(`update contact set consent_data = ?::jsonb, consent_data_last_modified = '2026-11-01T09:00:00Z' where id = ?`, [
      JSON.stringify([{ consent_domain: 'Domestic', email_contact_consent: true, telephone_contact_consent: false }, { consent_domain: 'International', email_contact_consent: false }]),
      contact.id,
    ]);
    const body = await read();
    expect(body.errors).toBeUndefined();
    expect(body.data.contact).toEqual({
      consentData: [
        { consentDomain: 'Domestic', emailContactConsent: true, telephoneContactConsent: false },
        { consentDomain: 'International', emailContactConsent: false, telephoneContactConsent: null },
      ],
      consentDataLastModified: '2026-11-01T09:00:00.000Z',
    });
  });
});
