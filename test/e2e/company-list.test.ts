import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCompany, REFS } from '../helpers/factories.js';

let app: TestApp;
const names = ['Alpha Ltd', 'Bravo plc', 'Charlie LLP', 'Delta Ltd', 'Echo Inc', 'Foxtrot Ltd'];
beforeAll(async () => {
  app = await createTestApp({ maxPageSize: 10, defaultPageSize: 10 });
  for (const [i, name] of names.entries()) {
    await createCompany(app, { name, numberOfEmployees: (i + 1) * 10, ...(name === 'Echo Inc' ? { ukRegionId: null, address: { line1: '1 Rue', town: 'Paris', countryId: REFS.france } } : {}) });
  }
});
afterAll(() => app?.close());

const LIST = `query($filter: CompanyFilter, $orderBy: [CompanyOrderBy!], $first: Int, $after: String, $last: Int, $before: String) {
  companies(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { name numberOfEmployees } }
  }
}`;
const list = async (variables: Record<string, unknown>) => {
  const res = await app.gql(LIST, variables);
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data.companies;
};
const namesOf = (c: any) => c.edges.map((e: any) => e.node.name);

describe('the filter language', () => {
  it('combines field operators with AND', async () => {
    const c = await list({ filter: { name: { ilike: '%ltd' }, numberOfEmployees: { gte: 20 } } });
    expect(namesOf(c)).toEqual(['Delta Ltd', 'Foxtrot Ltd']);
    expect(c.totalCount).toBe(2);
  });

  it('supports in, notIn, between, ne, like and isNull', async () => {
    expect(namesOf(await list({ filter: { name: { in: ['Bravo plc', 'Echo Inc', 'Nobody'] } } }))).toEqual(['Bravo plc', 'Echo Inc']);
    expect((await list({ filter: { name: { notIn: ['Alpha Ltd'] } } })).totalCount).toBe(5);
    expect(namesOf(await list({ filter: { numberOfEmployees: { between: [20, 30] } } }))).toEqual(['Bravo plc', 'Charlie LLP']);
    expect((await list({ filter: { addressCountryId: { ne: REFS.uk } } })).totalCount).toBe(1);
    expect(namesOf(await list({ filter: { name: { like: 'C%' } } }))).toEqual(['Charlie LLP']);
    expect((await list({ filter: { dunsNumber: { isNull: true } } })).totalCount).toBe(6);
  });

  it('nests and, or and not', async () => {
    const c = await list({ filter: { or: [{ name: { eq: 'Alpha Ltd' } }, { and: [{ numberOfEmployees: { gt: 40 } }, { not: { addressCountryId: { eq: REFS.france } } }] }] } });
    expect(namesOf(c)).toEqual(['Alpha Ltd', 'Foxtrot Ltd']);
  });

  it('orders by several keys', async () => {
    const c = await list({ orderBy: [{ field: 'NUMBER_OF_EMPLOYEES', direction: 'DESC' }], first: 2 });
    expect(namesOf(c)).toEqual(['Foxtrot Ltd', 'Echo Inc']);
  });

  it('refuses a malformed between with a field path', async () => {
    const res = await app.gql(LIST, { filter: { numberOfEmployees: { between: [1] } } });
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['filter', 'numberOfEmployees', 'between'] });
  });
});

describe('Relay pagination', () => {
  it('walks forward and backward with cursors, stable on ties', async () => {
    const p1 = await list({ first: 4, orderBy: [{ field: 'ARCHIVED', direction: 'ASC' }] });
    expect(p1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const p2 = await list({ first: 4, after: p1.pageInfo.endCursor, orderBy: [{ field: 'ARCHIVED', direction: 'ASC' }] });
    expect(p2.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const all = [...namesOf(p1), ...namesOf(p2)];
    expect(new Set(all).size).toBe(6);
    const back = await list({ last: 4, before: p2.edges[0].cursor, orderBy: [{ field: 'ARCHIVED', direction: 'ASC' }] });
    expect(namesOf(back)).toEqual(namesOf(p1));
  });

  it('enforces the maximum page size and refuses bad cursors', async () => {
    const big = await app.gql(LIST, { first: 11 });
    expect(big.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PAGE_TOO_LARGE', field: ['first'] });
    const bad = await app.gql(LIST, { first: 2, after: 'not-a-cursor' });
    expect(bad.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
  });

  it('refuses a cursor from another ordering or another list as BAD_USER_INPUT on the argument it came in', async () => {
    const byName = await list({ first: 2, orderBy: [{ field: 'NAME' }] });
    for (const [orderBy, arg] of [
      [[{ field: 'CREATED_ON' }], 'after'],
      [[{ field: 'NAME', direction: 'DESC' }], 'after'],
      [[{ field: 'NUMBER_OF_EMPLOYEES' }], 'before'],
    ] as const) {
      const res = await app.gql(LIST, { first: arg === 'after' ? 2 : undefined, last: arg === 'before' ? 2 : undefined, [arg]: byName.pageInfo.endCursor, orderBy });
      expect(res.status).toBe(200);
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: [arg], reason: 'CURSOR_FOR_ANOTHER_ORDER' });
    }
    const contacts = await app.gql('query($after: String) { contacts(first: 1, after: $after) { totalCount } }', { after: byName.pageInfo.endCursor });
    expect(contacts.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['after'], reason: 'CURSOR_FOR_ANOTHER_LIST' });
  });

  it('pages through rows whose instants differ by microseconds only, skipping and repeating none', async () => {
    // The six companies created in the same millisecond by SQL: JavaScript's Date could not tell them apart.
    const ids = await app.sql<{ id: string }>(
      `update company set created_on = timestamptz '2020-01-01 00:00:00.123400+00' + make_interval(secs => r.n / 1e6)
         from (select id, row_number() over (order by id) as n from company) r
        where company.id = r.id returning company.id`,
    );
    expect(ids.length).toBe(6);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const c = await list({ first: 1, after, orderBy: [{ field: 'CREATED_ON' }] });
      seen.push(...namesOf(c));
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    const backward: string[] = [];
    let before: string | null = null;
    for (let page = 0; page < 10; page++) {
      const c = await list({ last: 1, before, orderBy: [{ field: 'CREATED_ON' }] });
      backward.unshift(...namesOf(c));
      if (!c.pageInfo.hasPreviousPage) break;
      before = c.pageInfo.startCursor;
    }
    expect(backward).toEqual(seen);
  });
});
