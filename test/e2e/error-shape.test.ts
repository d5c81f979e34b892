import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { variableIssue } from '../../src/graphql/variable-errors.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { companyInput } from '../helpers/factories.js';
import { GraphQLError, Source } from 'graphql';

/**
 * Issue 13, item 8: errors have one shape. A value graphql-js refuses while coercing variables (before any
 * resolver) names its place in `field`, with a `reason` and `issues`, as a resolver's BAD_USER_INPUT does; a
 * CONFLICT carries `issues` too.
 */
let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
});

afterAll(() => app?.close());

async function firstError(query: string, variables: Record<string, unknown>) {
  const res = await app.gql(query, variables);
  expect(res.status).toBe(400);
  return res.body.errors[0];
}

describe('a variable graphql-js cannot coerce', () => {
  it('names the argument it feeds: a bad UUID', async () => {
    const e = await firstError('query($id: UUID!) { company(id: $id) { id } }', { id: 'nope' });
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['id'], reason: 'INVALID_VALUE', variable: 'id' });
    expect(e.extensions.issues).toEqual([{ field: ['id'], reason: 'INVALID_VALUE', message: e.message }]);
  });

  it('names the place inside a filter, from the argument root', async () => {
    const e = await firstError('query($f: CompanyFilter) { companies(filter: $f) { totalCount } }', { f: { and: [{ id: { in: ['a'] } }] } });
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['filter', 'and', '0', 'id', 'in', '0'], reason: 'INVALID_VALUE' });
  });

  it('names the place of a variable nested in a literal argument: a bad enum value', async () => {
    const e = await firstError('query($k: [InteractionKind!]) { interactions(filter: { kind: { in: $k } }) { totalCount } }', { k: ['NOPE'] });
    expect(e.extensions).toMatchObject({ field: ['filter', 'kind', 'in', '0'], reason: 'INVALID_VALUE', variable: 'k' });
  });

  it('names a bad date inside a filter', async () => {
    const e = await firstError('query($f: CompanyFilter) { companies(filter: $f) { totalCount } }', { f: { createdOn: { gte: 'yesterday' } } });
    expect(e.extensions).toMatchObject({ field: ['filter', 'createdOn', 'gte'], reason: 'INVALID_VALUE' });
  });

  it("names fields inside a mutation's input as its resolver does: missing and unknown ones", async () => {
    const input = await companyInput(app);
    const { address: _missing, ...withoutAddress } = input;
    const res = await app.gql('mutation($input: CompanyCreateInput!) { createCompany(input: $input) { id } }', { input: { ...withoutAddress, bogus: 1 } });
    expect(res.status).toBe(400);
    const places = res.body.errors.map((e: any) => [e.extensions.field, e.extensions.reason]);
    expect(places).toEqual(expect.arrayContaining([[['address'], 'REQUIRED'], [['bogus'], 'UNKNOWN_FIELD']]));
  });

  it('names a required variable that was not given', async () => {
    const e = await firstError('query($id: UUID!) { company(id: $id) { id } }', {});
    expect(e.extensions).toMatchObject({ field: ['id'], reason: 'REQUIRED' });
  });
});

describe('variableIssue', () => {
  const error = (message: string, query: string) => new GraphQLError(message, { source: new Source(query) });

  it('leaves other errors alone', () => {
    expect(variableIssue(new GraphQLError('Cannot query field "x" on type "Query".'))).toBeUndefined();
  });

  it('falls back to the variable name when the document does not use it in an argument', () => {
    const query = 'query($id: UUID!) { viewer { id } }';
    expect(variableIssue(error('Variable "$id" got invalid value "x"; Not a valid UUID: "x"', query))?.field).toEqual(['id']);
  });
});

describe('CONFLICT', () => {
  it('carries issues like BAD_USER_INPUT', async () => {
    const input = await companyInput(app, { dunsNumber: '123456789' });
    await app.gql('mutation($input: CompanyCreateInput!) { createCompany(input: $input) { id } }', { input });
    const again = await companyInput(app, { dunsNumber: '123456789' });
    const res = await app.gql('mutation($input: CompanyCreateInput!) { createCompany(input: $input) { id } }', { input: again });
    const e = res.body.errors[0];
    expect(e.extensions).toMatchObject({ code: 'CONFLICT', reason: 'DUNS_TAKEN', field: ['dunsNumber'] });
    expect(e.extensions.issues).toEqual([{ field: ['dunsNumber'], reason: 'DUNS_TAKEN', message: e.message }]);
  });
});
