import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createClientCaller, type ClientCaller } from '../helpers/callers.js';
import { contactInput, createCompany, createContact, interactionInput } from '../helpers/factories.js';

/**
 * Issue 11, item 5: partners never see archived companies, and now not their contacts and interactions
 * either (the company's archiving archives them for partners), in lists, counts, nested pages, lookups,
 * relations, search and writes; a hidden record answers exactly as a missing one.
 */
let app: TestApp;
let partner: ClientCaller;
let writer: ClientCaller;
const ids = { live: '', archived: '', liveContact: '', hiddenContact: '', liveInteraction: '', hiddenInteraction: '' };
const NAME = 'Quillfeather Archived Holdings';

beforeAll(async () => {
  app = await createTestApp();
  ids.live = (await createCompany(app, { name: 'Quillfeather Live Ltd' })).id;
  ids.archived = (await createCompany(app, { name: NAME })).id;
  ids.liveContact = (await createContact(app, ids.live, { firstName: 'Livia' })).id;
  ids.hiddenContact = (await createContact(app, ids.archived, { firstName: 'Hester' })).id;
  const interaction = async (companyId: string, contactId: string, subject: string) => {
    const res = await app.gql('mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { id } }', {
      input: { ...(await interactionInput(app, companyId, contactId)), subject },
    });
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data.createInteraction.id as string;
  };
  ids.liveInteraction = await interaction(ids.live, ids.liveContact, 'Quillfeather live meeting');
  ids.hiddenInteraction = await interaction(ids.archived, ids.hiddenContact, 'Quillfeather archived meeting');
  const archived = await app.gql('mutation($id: UUID!) { archiveCompany(id: $id, reason: "closed") { id } }', { id: ids.archived });
  expect(archived.body.errors).toBeUndefined();
  await app.settleSearch();
  partner = await createClientCaller(app, { scopes: ['company:read', 'contact:read', 'interaction:read', 'search:read'] });
  writer = await createClientCaller(app, { scopes: ['company:read', 'company:write', 'contact:read', 'contact:pii', 'contact:write', 'interaction:read', 'interaction:write'] });
});
afterAll(() => app?.close());

/** The error of a response, without what legitimately differs between two lookups (the path). */
const refusal = (res: { status: number; body: any }) => ({ status: res.status, errors: res.body.errors?.map(({ message, extensions }: any) => ({ message, extensions })) });

describe("an archived company's contacts and interactions are hidden from partners", () => {
  it('lists and their counts leave them out; advisers still see them', async () => {
    const query = `{ contacts(filter: { firstName: { in: ["Livia", "Hester"] } }) { totalCount edges { node { id } } }
                     interactions(filter: { subject: { like: "Quillfeather %" } }) { totalCount edges { node { id } } } }`;
    const mine = (await partner.gql(query)).body.data;
    expect(mine.contacts.edges.map((e: any) => e.node.id)).toEqual([ids.liveContact]);
    expect(mine.contacts.totalCount).toBe(1);
    expect(mine.interactions.edges.map((e: any) => e.node.id)).toEqual([ids.liveInteraction]);
    expect(mine.interactions.totalCount).toBe(1);
    const theirs = (await app.gql(query)).body.data;
    expect([theirs.contacts.totalCount, theirs.interactions.totalCount]).toEqual([2, 2]);
  });

  it('nested pages leave them out: a live contact of the archived company has no interactions for a partner', async () => {
    // The contact is hidden, so it is reached here through the interaction lists of the live company's contact.
    const res = await partner.gql('query($id: UUID!) { contact(id: $id) { interactions { totalCount edges { node { id } } } } }', { id: ids.liveContact });
    expect(res.body.data.contact.interactions).toEqual({ totalCount: 1, edges: [{ node: { id: ids.liveInteraction } }] });
  });

  it('a lookup of a hidden record answers exactly as a lookup of a missing one', async () => {
    for (const [field, id] of [['contact', ids.hiddenContact], ['interaction', ids.hiddenInteraction], ['company', ids.archived]]) {
      const hidden = await partner.gql(`query($id: UUID!) { ${field}(id: $id) { id } }`, { id });
      const missing = await partner.gql(`query($id: UUID!) { ${field}(id: $id) { id } }`, { id: randomUUID() });
      expect(hidden.body.errors?.[0]?.extensions.code, field).toBe('NOT_FOUND');
      expect(refusal(hidden), field).toEqual(refusal(missing));
      expect(JSON.stringify(hidden.body), field).not.toContain(id);
    }
  });

  it("search does not find them by the archived company's name, nor by their own", async () => {
    // Found by id, not counted: a fuzzy backend may also find the live company's records by these words.
    const cases: Array<[string, string]> = [
      [`{ searchContacts(term: "${NAME}") { edges { node { id } } } }`, ids.hiddenContact],
      ['{ searchInteractions(term: "Quillfeather archived meeting") { edges { node { id } } } }', ids.hiddenInteraction],
    ];
    const found = async (caller: { gql: TestApp['gql'] }, query: string) =>
      ((Object.values((await caller.gql(query)).body.data)[0] as { edges: Array<{ node: { id: string } }> }).edges ?? []).map((e) => e.node.id);
    for (const [query, hidden] of cases) {
      expect(await found(app, query), query).toContain(hidden);
      expect(await found(partner, query), query).not.toContain(hidden);
    }
    const global = await partner.gql(`{ search(term: "Quillfeather", includeArchived: true) { totalCount edges { node { ... on Contact { id } ... on Interaction { id } } } } }`);
    const globalHits = JSON.stringify(global.body.data);
    expect(globalHits).not.toContain(ids.hiddenContact);
    expect(globalHits).not.toContain(ids.hiddenInteraction);
  });
});

describe('writes: a hidden record, or a hidden company, answers as a missing one', () => {
  it('updating or archiving a hidden record is NOT_FOUND, as for an id that does not exist (not ARCHIVED_READ_ONLY)', async () => {
    const cases: Array<[string, string, string]> = [
      ['updateCompany', ids.archived, 'mutation($id: UUID!) { updateCompany(id: $id, input: { website: "https://x.example" }) { id } }'],
      ['updateContact', ids.hiddenContact, 'mutation($id: UUID!) { updateContact(id: $id, input: { jobTitle: "x" }) { id } }'],
      ['updateInteraction', ids.hiddenInteraction, 'mutation($id: UUID!) { updateInteraction(id: $id, input: { subject: "x" }) { id } }'],
      ['updateCompanyExportCountries', ids.archived, 'mutation($id: UUID!) { updateCompanyExportCountries(id: $id, exportCountries: []) { id } }'],
    ];
    for (const [name, id, mutation] of cases) {
      const hidden = await writer.gql(mutation, { id });
      const missing = await writer.gql(mutation, { id: randomUUID() });
      expect(hidden.body.errors?.[0]?.extensions.code, name).toBe('NOT_FOUND');
      expect(refusal(hidden), name).toEqual(refusal(missing));
    }
  });

  it('creating a contact or an interaction at a hidden company is refused as for an unknown company (not COMPANY_ARCHIVED)', async () => {
    const unknown = randomUUID();
    const contact = async (companyId: string) => writer.gql('mutation($input: ContactCreateInput!) { createContact(input: $input) { id } }', { input: contactInput(companyId, { email: 'same@quill.example' }) });
    const [hidden, missing] = [await contact(ids.archived), await contact(unknown)];
    expect(hidden.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(JSON.stringify(refusal(hidden)).replaceAll(ids.archived, 'ID')).toBe(JSON.stringify(refusal(missing)).replaceAll(unknown, 'ID'));
    const interaction = async (companyId: string) =>
      writer.gql('mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { id } }', { input: await interactionInput(app, companyId, ids.liveContact) });
    const [hiddenI, missingI] = [await interaction(ids.archived), await interaction(unknown)];
    expect(JSON.stringify(hiddenI.body.errors)).not.toContain('COMPANY_ARCHIVED');
    expect(JSON.stringify(refusal(hiddenI)).replaceAll(ids.archived, 'ID')).toBe(JSON.stringify(refusal(missingI)).replaceAll(unknown, 'ID'));
    // Advisers are told the truth.
    const adviser = await app.gql('mutation($input: ContactCreateInput!) { createContact(input: $input) { id } }', { input: contactInput(ids.archived) });
    expect(adviser.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'COMPANY_ARCHIVED' });
  });
});
