import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createClientCaller, type ClientCaller } from '../helpers/callers.js';
import { createCompany, createContact } from '../helpers/factories.js';

/**
 * A root field's look-ahead plan is kept from one request to the next (src/graphql/plan-cache.ts): the same
 * query text, asked again with other ids, other variables below the field, or by callers with other row
 * rules, must answer exactly as a fresh plan would, still in one statement.
 */
let app: TestApp;
let partner: ClientCaller;
const companies: Array<{ id: string; contacts: string[] }> = [];

const PAGE = `query($id: UUID!, $n: Int) {
  company(id: $id) { name contacts(first: $n, orderBy: [{ field: CREATED_ON, direction: ASC }]) { totalCount edges { node { id } } } }
}`;
const LIST = `query($ids: [UUID!]) {
  companies(filter: { id: { in: $ids } }, orderBy: [{ field: NAME, direction: ASC }]) { edges { node { name contacts(first: 5) { totalCount } } } }
}`;

const ok = (res: { body: any }) => {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  expect(res.body.extensions.sqlStatements).toBe(1);
  return res.body.data;
};

beforeAll(async () => {
  app = await createTestApp({ debugSql: true });
  partner = await createClientCaller(app, { scopes: ['company:read', 'contact:read'] });
  await partner.gql('{ companies(first: 1) { totalCount } }'); // its credential is read once, on its first request
  for (const [name, count] of [['Plan A', 3], ['Plan B', 1]] as const) {
    const company = await createCompany(app, { name });
    const contacts: string[] = [];
    for (let i = 0; i < count; i++) contacts.push((await createContact(app, company.id)).id);
    companies.push({ id: company.id, contacts });
  }
  // An archived contact of A: advisers see it, partner clients do not (row rule partnersSeeLiveRecords).
  const archived = await app.gql('mutation($id: UUID!) { archiveContact(id: $id, reason: "Left") { id } }', { id: companies[0]!.contacts[2] });
  expect(archived.body.errors).toBeUndefined();
});
afterAll(() => app?.close());

describe('a kept look-ahead plan answers as a fresh one', () => {
  it('for another id: each company with its own contacts', async () => {
    const [a, b] = companies;
    const page = async (id: string) => ok(await app.gql(PAGE, { id, n: 10 })).company.contacts;
    expect((await page(a!.id)).edges.map((e: any) => e.node.id)).toEqual(a!.contacts);
    expect((await page(b!.id)).edges.map((e: any) => e.node.id)).toEqual(b!.contacts);
    expect((await page(a!.id)).totalCount).toBe(3);
  });

  it('for other values of the variables below the field: the page size asked each time', async () => {
    const { id } = companies[0]!;
    for (const n of [1, 2, 1, 3]) expect(ok(await app.gql(PAGE, { id, n })).company.contacts.edges).toHaveLength(n);
  });

  it("for callers with other row rules, in turn: a partner client never gets an adviser's archived contact, nor the other way round", async () => {
    const { id, contacts } = companies[0]!;
    const live = contacts.slice(0, 2);
    const ids = (data: any) => data.company.contacts.edges.map((e: any) => e.node.id);
    expect(ids(ok(await app.gql(PAGE, { id, n: 10 })))).toEqual(contacts);
    expect(ids(ok(await partner.gql(PAGE, { id, n: 10 })))).toEqual(live);
    expect(ids(ok(await app.gql(PAGE, { id, n: 10 })))).toEqual(contacts);
    expect(ids(ok(await partner.gql(PAGE, { id, n: 10 })))).toEqual(live);

    const counts = async (ask: typeof app.gql) => ok(await ask(LIST, { ids: companies.map((c) => c.id) })).companies.edges.map((e: any) => e.node.contacts.totalCount);
    expect(await counts(app.gql.bind(app))).toEqual([3, 1]);
    expect(await counts(partner.gql)).toEqual([2, 1]);
    expect(await counts(app.gql.bind(app))).toEqual([3, 1]);
  });
});
