import { getNullableType, isNonNullType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFUSABLE_NOTE } from '../../src/graphql/refusable.js';
import { buildAppSchema, ruleTree } from '../../src/system.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createClientCaller, type ClientCaller } from '../helpers/callers.js';
import { createCompany, createContact } from '../helpers/factories.js';

/**
 * Issue 13, item 4: a field the caller may not read blanks that field only, not the page. Before, connections
 * and related records were non-null, so one FORBIDDEN field nulled its parents up to `data`.
 */
let app: TestApp;
let companyReader: ClientCaller;
let companyId: string;

beforeAll(async () => {
  app = await createTestApp();
  companyId = (await createCompany(app, { name: 'Refusable Fields Ltd' })).id;
  await createContact(app, companyId);
  companyReader = await createClientCaller(app, { scopes: ['company:read'] });
});

afterAll(() => app?.close());

describe('a refused field', () => {
  it('leaves the rest of the company page standing, with the error at the refused field', async () => {
    const res = await companyReader.gql('query($id: UUID!) { company(id: $id) { name contacts { totalCount } interactions { totalCount } } }', { id: companyId });
    expect(res.status).toBe(200);
    expect(res.body.data.company).toEqual({ name: 'Refusable Fields Ltd', contacts: null, interactions: null });
    const refused = res.body.errors.map((e: any) => [e.path.join('.'), e.extensions.code]).sort();
    expect(refused).toEqual([
      ['company.contacts', 'FORBIDDEN'],
      ['company.interactions', 'FORBIDDEN'],
    ]);
  });

  it('leaves the other root fields of the request standing', async () => {
    const res = await companyReader.gql('{ companies(first: 1) { totalCount } contacts(first: 1) { totalCount } }');
    expect(res.body.data.companies.totalCount).toBeGreaterThan(0);
    expect(res.body.data.contacts).toBeNull();
    expect(res.body.errors.map((e: any) => [e.path.join('.'), e.extensions.code])).toEqual([['contacts', 'FORBIDDEN']]);
  });

  it('answers the same request in full for a caller who may read everything', async () => {
    const res = await app.gql('query($id: UUID!) { company(id: $id) { name contacts { totalCount } interactions { totalCount } } }', { id: companyId });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.company).toEqual({ name: 'Refusable Fields Ltd', contacts: { totalCount: 1 }, interactions: { totalCount: 0 } });
  });
});

describe('the schema', () => {
  it('makes every field a rule can refuse nullable, and says so in its description', async () => {
    const schema = await buildAppSchema();
    const roots = [schema.getQueryType()!, schema.getMutationType()!];
    const ruled = Object.entries(ruleTree).flatMap(([type, fields]) => Object.keys(fields).map((field) => [type, field] as const));
    const refusable = [...roots.flatMap((t) => Object.keys(t.getFields()).map((field) => [t.name, field] as const)), ...ruled];
    expect(ruled.length).toBeGreaterThan(10);
    for (const [typeName, fieldName] of refusable) {
      const type = schema.getType(typeName);
      if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
      const field = type.getFields()[fieldName];
      expect(field, `${typeName}.${fieldName}`).toBeDefined();
      expect(isNonNullType(field!.type), `${typeName}.${fieldName} is non-null`).toBe(false);
      expect(field!.description, `${typeName}.${fieldName}`).toContain(REFUSABLE_NOTE);
    }
  });

  it('keeps fields no rule can refuse non-null (a company always has a name)', async () => {
    const schema = await buildAppSchema();
    const company = schema.getType('Company');
    if (!isObjectType(company)) throw new Error('no Company type');
    expect(isNonNullType(company.getFields().name!.type)).toBe(true);
    expect(String(getNullableType(company.getFields().name!.type))).toBe('String');
  });
});
