import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCompany, createContact, REFS } from '../helpers/factories.js';

/** What one request reads must be what is in the database: after its own writes, and whatever path it reads by. */
let app: TestApp;
let ghq: { id: string };
let subsidiary: { id: string };
let contactIds: string[];

beforeAll(async () => {
  app = await createTestApp();
  ghq = await createCompany(app, { headquarterTypeId: REFS.ghq });
  subsidiary = await createCompany(app, { globalHeadquartersId: ghq.id });
  contactIds = [];
  for (let i = 0; i < 4; i++) contactIds.push((await createContact(app, ghq.id)).id);
});
afterAll(() => app?.close());

const ok = async (query: string, variables: Record<string, unknown> = {}) => {
  const res = await app.gql(query, variables);
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
};

describe('writes read back fresh within the request', () => {
  it('a second update of the same record answers what the second one committed', async () => {
    const data = await ok(
      `mutation($id: UUID!) {
        a: updateCompany(id: $id, input: { description: "first" }) { description }
        b: updateCompany(id: $id, input: { description: "second" }) { description }
      }`,
      { id: ghq.id },
    );
    const [row] = await app.sql('select description from company where id = ?', [ghq.id]);
    expect(row.description).toBe('second');
    expect(data).toEqual({ a: { description: 'first' }, b: { description: 'second' } });
  });

  it('a record read through a relation after a later write is the written one', async () => {
    const data = await ok(
      `mutation($contact: UUID!, $company: UUID!) {
        before: updateContact(id: $contact, input: { jobTitle: "Buyer" }) { company { description } }
        write: updateCompany(id: $company, input: { description: "third" }) { id }
        after: updateContact(id: $contact, input: { jobTitle: "Head buyer" }) { jobTitle company { description } }
      }`,
      { contact: contactIds[0], company: ghq.id },
    );
    expect(data.before.company.description).toBe('second');
    expect(data.after).toEqual({ jobTitle: 'Head buyer', company: { description: 'third' } });
  });
});

describe('nested pages come from the field and arguments that asked for them', () => {
  it('a record looked up with one embedded page does not hand that page to the same field with other arguments', async () => {
    // The root lookup embeds `contacts(first: 1)` in its statement and shares the row with the request's
    // loader; the subsidiary's headquarters (under @include, so loaded, not embedded) asks for the same
    // field with first: 3 under the same response key.
    const data = await ok(
      `query($id: UUID!) {
        company(id: $id) {
          contacts(first: 1) { totalCount edges { node { id } } }
          subsidiaries(first: 5) { edges { node { globalHeadquarters @include(if: true) {
            contacts(first: 3) { totalCount edges { node { id } } }
          } } } }
        }
      }`,
      { id: ghq.id },
    );
    expect(data.company.contacts.edges).toHaveLength(1);
    const nested = data.company.subsidiaries.edges[0].node.globalHeadquarters.contacts;
    expect(nested.totalCount).toBe(4);
    expect(nested.edges).toHaveLength(3);
  });

  it('two aliases of one list with other arguments each get their own page, embedded or not', async () => {
    const data = await ok(
      `query($id: UUID!) {
        company(id: $id) {
          few: contacts(first: 1) { edges { node { id } } }
          many: contacts(first: 4) { edges { node { id } } }
          again: contacts(first: 4, orderBy: [{ field: CREATED_ON, direction: DESC }]) @include(if: true) { edges { node { id } } }
        }
      }`,
      { id: ghq.id },
    );
    expect(data.company.few.edges).toHaveLength(1);
    expect(data.company.many.edges.map((e: any) => e.node.id).sort()).toEqual([...contactIds].sort());
    const newestFirst = await app.sql<{ id: string }>('select id from contact where company_id = ? order by created_on desc, id', [ghq.id]);
    expect(data.company.again.edges.map((e: any) => e.node.id)).toEqual(newestFirst.map((r) => r.id));
  });
});
