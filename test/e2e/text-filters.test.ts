import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCompany } from '../helpers/factories.js';

/**
 * Issue 13, item 8: a search box's text goes into `contains` / `startsWith`, matched as written (its % and _
 * are not wildcards) and ignoring case; `like` / `ilike` stay SQL patterns, documented as such.
 */
let app: TestApp;
const NAMES = ['Delta Text Filters Ltd', 'Text Filters 50% Off Ltd', 'Text_Filters Underscore Ltd', 'Back\\slash Text Filters Ltd'];

beforeAll(async () => {
  app = await createTestApp();
  for (const name of NAMES) await createCompany(app, { name });
});

afterAll(() => app?.close());

async function names(filter: Record<string, unknown>): Promise<string[]> {
  const res = await app.gql('query($f: CompanyFilter) { companies(first: 50, filter: $f, orderBy: [{ field: NAME }]) { edges { node { name } } } }', { f: { and: [{ name: { contains: 'Filters' } }, filter] } });
  if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data.companies.edges.map((e: any) => e.node.name);
}

describe('contains and startsWith', () => {
  it('match the text anywhere / at the start, ignoring case', async () => {
    expect(await names({ name: { contains: 'del' } })).toEqual(['Delta Text Filters Ltd']);
    expect(await names({ name: { startsWith: 'DELTA' } })).toEqual(['Delta Text Filters Ltd']);
    expect(await names({ name: { startsWith: 'ta' } })).toEqual([]);
  });

  it('treat % and _ and backslash as text, not as wildcards', async () => {
    expect(await names({ name: { contains: '%_%' } })).toEqual([]);
    expect(await names({ name: { contains: '50%' } })).toEqual(['Text Filters 50% Off Ltd']);
    expect(await names({ name: { contains: 'text_' } })).toEqual(['Text_Filters Underscore Ltd']);
    expect(await names({ name: { contains: 'back\\' } })).toEqual(['Back\\slash Text Filters Ltd']);
  });

  it('leave like and ilike as patterns the caller writes', async () => {
    expect(await names({ name: { ilike: 'del' } })).toEqual([]);
    expect(await names({ name: { ilike: 'del%' } })).toEqual(['Delta Text Filters Ltd']);
    expect(await names({ name: { ilike: '%_%' } })).toHaveLength(NAMES.length);
  });

  it('count towards the same pattern budget as like', async () => {
    const long = 'x'.repeat(200);
    const res = await app.gql('query($f: CompanyFilter) { companies(filter: $f) { totalCount } }', {
      f: { or: Array.from({ length: 6 }, () => ({ name: { contains: long } })) },
    });
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PATTERNS_TOO_LONG', field: ['filter', 'or', '5', 'name', 'contains'] });
  });
});

describe('the operators', () => {
  it('each have a description in the schema', async () => {
    const res = await app.gql('{ __type(name: "StringFilter") { inputFields { name description } } }');
    const fields: Array<{ name: string; description: string | null }> = res.body.data.__type.inputFields;
    expect(fields.map((f) => f.name)).toEqual(expect.arrayContaining(['contains', 'startsWith', 'like', 'ilike']));
    for (const field of fields) expect(field.description, field.name).toBeTruthy();
    expect(fields.find((f) => f.name === 'like')!.description).toMatch(/pattern/);
  });
});
