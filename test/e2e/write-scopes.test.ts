import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createClientCaller } from '../helpers/callers.js';
import { contactInput, counts, createCompany, createContact, interactionInput } from '../helpers/factories.js';

/** A write scope is not a read scope (issue 11, item 4). */
let app: TestApp;
let companyId: string;
let contactId: string;

beforeAll(async () => {
  app = await createTestApp();
  companyId = (await createCompany(app, { name: 'Write Scope Ltd' })).id;
  contactId = (await createContact(app, companyId, { email: 'taken@write-scope.example' })).id;
});
afterAll(() => app?.close());

const auditRows = async () => (await app.sql('select count(*)::int as n from audit_event'))[0].n as number;
const modifiedOn = async (table: string, id: string) => String((await app.sql(`select modified_on from ${table} where id = ?`, [id]))[0].modified_on);

describe("a mutation's result shows only what the caller may read", () => {
  it('company:write alone: the id of what it wrote, and a refusal before the write when it asks for more', async () => {
    const writer = await createClientCaller(app, { scopes: ['company:write'] });
    const before = await modifiedOn('company', companyId);
    const refused = await writer.gql('mutation($id: UUID!) { updateCompany(id: $id, input: { website: "https://refused.example" }) { id name ...F } } fragment F on Company { turnover }', { id: companyId });
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'RESULT_NOT_READABLE', permission: 'view_company' });
    expect(refused.body.errors[0].message).toMatch(/name, turnover/);
    expect(await modifiedOn('company', companyId)).toBe(before);
    const served = await writer.gql('mutation($id: UUID!) { updateCompany(id: $id, input: { website: "https://served.example" }) { id __typename } }', { id: companyId });
    expect(served.body.errors).toBeUndefined();
    expect(served.body.data).toEqual({ updateCompany: { id: companyId, __typename: 'Company' } });
    expect((await app.sql('select website from company where id = ?', [companyId]))[0].website).toBe('https://served.example');
  });

  it('interaction:write alone: nothing is created when the result asks for more than the id', async () => {
    const writer = await createClientCaller(app, { scopes: ['interaction:write'] });
    const input = await interactionInput(app, companyId, contactId);
    const before = await counts(app, ['interaction']);
    const refused = await writer.gql('mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { id subject } }', { input });
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'RESULT_NOT_READABLE' });
    expect(await counts(app, ['interaction'])).toEqual(before);
    const served = await writer.gql('mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { id } }', { input });
    expect(served.body.errors).toBeUndefined();
    expect(served.body.data.createInteraction.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("readers see the whole result, and a field rule still applies inside it (a contact's email needs contact:pii)", async () => {
    const writer = await createClientCaller(app, { scopes: ['contact:write', 'contact:read', 'contact:pii'] });
    const res = await writer.gql('mutation($id: UUID!) { updateContact(id: $id, input: { jobTitle: "Buyer" }) { id jobTitle email } }', { id: contactId });
    expect(res.body.data.updateContact).toMatchObject({ id: contactId, jobTitle: 'Buyer', email: 'taken@write-scope.example' });
  });
});

describe('a unique value can be set only by a caller who may read it (no "already taken" oracle)', () => {
  it('createContact: without the right to read emails the answer is the same whether the email is taken or not', async () => {
    const noPii = await createClientCaller(app, { scopes: ['contact:write', 'contact:read'] });
    const before = await counts(app, ['contact']);
    const answers = [];
    for (const email of ['taken@write-scope.example', 'free@write-scope.example']) {
      const res = await noPii.gql('mutation($input: ContactCreateInput!) { createContact(input: $input) { id } }', { input: contactInput(companyId, { email }) });
      answers.push({ status: res.status, code: res.body.errors?.[0]?.extensions.code, argument: res.body.errors?.[0]?.extensions.argument });
    }
    expect(answers[0]).toEqual({ status: 200, code: 'FORBIDDEN', argument: ['input', 'email'] });
    expect(answers[1]).toEqual(answers[0]);
    expect(await counts(app, ['contact'])).toEqual(before);
    // Whoever may read emails learns that one is taken, as before.
    const pii = await createClientCaller(app, { scopes: ['contact:write', 'contact:read', 'contact:pii'] });
    const taken = await pii.gql('mutation($input: ContactCreateInput!) { createContact(input: $input) { id } }', { input: contactInput(companyId, { email: 'taken@write-scope.example' }) });
    expect(taken.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'EMAIL_TAKEN' });
  });

  it("a company's DUNS number needs company:read to be set", async () => {
    const writer = await createClientCaller(app, { scopes: ['company:write'] });
    const res = await writer.gql('mutation($id: UUID!) { updateCompany(id: $id, input: { dunsNumber: "123456789" }) { id } }', { id: companyId });
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', argument: ['input', 'dunsNumber'], permission: 'view_company' });
  });
});

describe('an update that changes nothing writes nothing', () => {
  const cases: Array<[string, () => string, string, string]> = [
    ['company', () => companyId, 'updateCompany', '{ name: "Write Scope Ltd" }'],
    ['contact', () => contactId, 'updateContact', '{ jobTitle: "Buyer" }'],
  ];
  for (const [table, id, mutation, same] of cases) {
    it(`${mutation}: an empty input and an input of the current values leave modified_on and the audit alone`, async () => {
      await app.gql(`mutation($id: UUID!) { ${mutation}(id: $id, input: ${same}) { id } }`, { id: id() });
      const before = { modified: await modifiedOn(table, id()), audit: await auditRows() };
      for (const input of ['{}', same]) {
        const res = await app.gql(`mutation($id: UUID!) { ${mutation}(id: $id, input: ${input}) { id modifiedOn } }`, { id: id() });
        expect(res.body.errors, input).toBeUndefined();
        expect({ modified: await modifiedOn(table, id()), audit: await auditRows() }, input).toEqual(before);
      }
    });
  }

  it('updateInteraction: the values it has already change nothing', async () => {
    const created = await app.gql('mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { id subject } }', { input: await interactionInput(app, companyId, contactId) });
    const { id, subject } = created.body.data.createInteraction;
    const before = { modified: await modifiedOn('interaction', id), audit: await auditRows() };
    for (const input of [{}, { subject }]) {
      const res = await app.gql('mutation($id: UUID!, $input: InteractionUpdateInput!) { updateInteraction(id: $id, input: $input) { id } }', { id, input });
      expect(res.body.errors, JSON.stringify(input)).toBeUndefined();
      expect({ modified: await modifiedOn('interaction', id), audit: await auditRows() }).toEqual(before);
    }
  });
});
