import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentsFor } from '../../src/search/documents.js';
import { searchCatalog } from '../../src/system.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCompany, createContact, interactionInput } from '../helpers/factories.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app?.close());

const pending = async (entity: string, id: string) =>
  (await app.sql('select count(*)::int as n from search_outbox where entity = ? and record_id = ?', [entity, id]))[0].n as number;

describe('the search outbox is filled in the writing transaction', () => {
  it('a new company, its rename (with its contacts and interactions), and a refused write', async () => {
    const company = await createCompany(app, { name: 'Outbox Original Ltd' });
    const contact = await createContact(app, company.id);
    const made = await app.gql('mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { id } }', {
      input: await interactionInput(app, company.id, contact.id),
    });
    const interactionId = made.body.data.createInteraction.id;
    expect(await pending('company', company.id)).toBeGreaterThan(0);
    expect(await pending('contact', contact.id)).toBeGreaterThan(0);
    expect(await pending('interaction', interactionId)).toBeGreaterThan(0);

    await app.sql('delete from search_outbox');
    const renamed = await app.gql('mutation($id: UUID!) { updateCompany(id: $id, input: { name: "Outbox Renamed Ltd" }) { id } }', { id: company.id });
    expect(renamed.body.errors).toBeUndefined();
    // The company, and the documents that carry its name.
    expect(await pending('company', company.id)).toBe(1);
    expect(await pending('contact', contact.id)).toBe(1);
    expect(await pending('interaction', interactionId)).toBe(1);

    await app.sql('delete from search_outbox');
    const refused = await app.gql('mutation($id: UUID!) { updateCompany(id: $id, input: { name: "" }) { id } }', { id: company.id });
    expect(refused.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await app.sql('select count(*)::int as n from search_outbox'))[0].n).toBe(0);
  });

  it('documents are built in SQL with names, identifiers, text, guarded text and filter fields', async () => {
    const company = await createCompany(app, { name: 'Document Builder plc', tradingNames: ['Docs'], companyNumber: '09876543', address: { line1: '1 Dock Road', town: 'Hull', postcode: 'hu1 2ab', countryId: '80756b9a-5d95-e211-a939-e4115bead28a' } });
    const contact = await createContact(app, company.id, { email: 'doc.reader@example.com' });
    const em = app.orm.em.fork();
    const { documents, missing } = await documentsFor(em, searchCatalog.mapping('company'), [company.id, '00000000-0000-4000-8000-000000000000']);
    expect(missing).toEqual(['00000000-0000-4000-8000-000000000000']);
    expect(documents[0]).toMatchObject({
      entity: 'company',
      id: company.id,
      names: ['Document Builder plc', 'Docs'],
      identifiers: expect.arrayContaining(['09876543', 'HU1 2AB', 'HU12AB']),
      text: expect.arrayContaining(['1 Dock Road', 'Hull']),
      fields: expect.objectContaining({ archived: false, ukBased: true, postcode: 'HU12AB', name: 'document builder plc' }),
    });
    expect((documents[0].fields.sectorIds as string[]).length).toBeGreaterThan(0);
    const contacts = await documentsFor(em, searchCatalog.mapping('contact'), [contact.id]);
    // What fields with read rules show is guarded text, tagged with its field, never plain text.
    expect(contacts.documents[0].text).not.toContain('Document Builder plc');
    expect(contacts.documents[0].guarded).toEqual(
      expect.arrayContaining([
        { field: 'Contact.company', as: 'text', values: ['Document Builder plc'] },
        { field: 'Contact.email', as: 'identifier', values: ['doc.reader@example.com'] },
      ]),
    );
  });
});
