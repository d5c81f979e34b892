import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../../src/graphql/context.js';
import { Loaders } from '../../src/graphql/loaders.js';
import {
  listReference,
  metadataModels,
  referenceList,
  servicesInContexts,
  servicesInContextsList,
  type MetadataTable,
} from '../../src/modules/metadata/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createClientCaller } from '../helpers/callers.js';

/**
 * The reference lists a form asks for in one request (issue 13): every list asked for comes from one SQL
 * statement, each list as it is when asked alone, with the nested reference fields the form selects.
 */
let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
  // A token's first request looks it up (one statement): warm it so the counts below are the lists' own.
  await app.gql('{ viewer { isSuperuser } }');
});
afterAll(() => app?.close());

const FORM = `{
  services { id name contexts questions { answerOptions { id name } } }
  communicationChannels { id name }
  serviceDeliveryStatuses { id name }
  policyAreas { id name }
  policyIssueTypes { id name }
  countries { id name }
}`;

/** Root field → table and the selection a list is compared with (every field of the type, nested ones too). */
const LISTS: Record<string, [MetadataTable, string]> = {
  countries: ['country', 'id name disabledOn isoAlpha2Code overseasRegion { id name disabledOn }'],
  overseasRegions: ['overseasRegion', 'id name disabledOn'],
  ukRegions: ['ukRegion', 'id name disabledOn'],
  administrativeAreas: ['administrativeArea', 'id name disabledOn areaCode country { id name isoAlpha2Code }'],
  sectors: ['sector', 'id name disabledOn segment parent { id name segment disabledOn }'],
  businessTypes: ['businessType', 'id name disabledOn'],
  employeeRanges: ['employeeRange', 'id name disabledOn order'],
  turnoverRanges: ['turnoverRange', 'id name disabledOn order'],
  headquarterTypes: ['headquarterType', 'id name disabledOn'],
  oneListTiers: ['oneListTier', 'id name disabledOn order'],
  teamRoles: ['teamRole', 'id name disabledOn'],
  titles: ['title', 'id name disabledOn'],
  services: [
    'service',
    'id name disabledOn order segment contexts isLeaf parent { id name order } questions { id name order disabledOn answerOptions { id name order disabledOn } }',
  ],
  communicationChannels: ['communicationChannel', 'id name disabledOn'],
  policyAreas: ['policyArea', 'id name disabledOn order'],
  policyIssueTypes: ['policyIssueType', 'id name disabledOn order'],
  serviceDeliveryStatuses: ['serviceDeliveryStatus', 'id name disabledOn order'],
};

/** The same selection with every nested field under @include: the look-ahead leaves those to the loaders. */
const viaLoaders = (selection: string) => selection.replace(/(\w+) \{/g, '$1 @include(if: true) {').replace(/\bisLeaf\b/, 'isLeaf @include(if: true)');

async function ok(query: string, token?: string) {
  const res = token ? await app.gql(query, {}, token) : await app.gql(query);
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body;
}

const iso = (value: string | null) => (value === null ? null : new Date(value).toISOString());

describe('reference lists in one request', () => {
  it("the interaction form's lists, services' questions and their answer options: one statement", async () => {
    const body = await ok(FORM);
    expect(body.extensions.sqlStatements).toBe(1);
    for (const list of Object.values<any[]>(body.data)) expect(list.length).toBeGreaterThan(0);
    expect(body.data.services.some((s: any) => s.questions.some((q: any) => q.answerOptions.length > 0))).toBe(true);
  });

  for (const includeDisabled of [false, true]) {
    it(`every list (includeDisabled: ${includeDisabled}) with every nested field: one statement`, async () => {
      const fields = Object.entries(LISTS).map(([field, [, selection]]) => `${field}(includeDisabled: ${includeDisabled}) { ${selection} }`);
      const body = await ok(`{ ${fields.join('\n')} }`);
      expect(body.extensions.sqlStatements).toBe(1);
    });
  }

  for (const [field, [table, selection]] of Object.entries(LISTS)) {
    for (const includeDisabled of [false, true]) {
      it(`${field}(includeDisabled: ${includeDisabled}): as asked alone, as the loaders resolve it, as the table holds it`, async () => {
        const all = Object.entries(LISTS)
          .map(([f, [, s]]) => `${f}(includeDisabled: ${includeDisabled}) { ${s} }`)
          .join('\n');
        const together = (await ok(`{ ${all} }`)).data[field];
        const alone = await ok(`{ ${field}(includeDisabled: ${includeDisabled}) { ${selection} } }`);
        expect(alone.extensions.sqlStatements).toBe(1);
        expect(together).toEqual(alone.data[field]);
        expect((await ok(`{ ${field}(includeDisabled: ${includeDisabled}) { ${viaLoaders(selection)} } }`)).data[field]).toEqual(together);

        // The rows and their order are those of the table's own statement (listReference).
        const rows = await listReference(app.orm.em.fork(), table, includeDisabled);
        expect(together.map((r: any) => r.id)).toEqual(rows.map((r) => r.id));
        expect(together.map((r: any) => [r.name, r.disabledOn])).toEqual(rows.map((r) => [r.name, iso(r.disabledOn)]));
        if (!includeDisabled) expect(together.every((r: any) => r.disabledOn === null)).toBe(true);
      });
    }
  }

  it('a disabled row appears only with includeDisabled, also when both are asked in one request', async () => {
    const [disabled] = await app.sql<{ id: string }>('select id from metadata_country where disabled_on is not null order by id limit 1');
    expect(disabled).toBeDefined();
    const body = await ok('{ enabled: countries { id disabledOn } all: countries(includeDisabled: true) { id disabledOn } }');
    expect(body.extensions.sqlStatements).toBe(1);
    expect(body.data.enabled.map((r: any) => r.id)).not.toContain(disabled.id);
    expect(body.data.all.find((r: any) => r.id === disabled.id)?.disabledOn).toEqual(expect.any(String));
    expect(body.data.all.length).toBeGreaterThan(body.data.enabled.length);
  });

  it('the same list asked twice (aliases, other selections) answers each selection', async () => {
    const body = await ok('{ a: services { id questions { id } } b: services { id name parent { id } } c: services { id } }');
    expect(body.extensions.sqlStatements).toBe(1);
    expect(body.data.a.map((r: any) => r.id)).toEqual(body.data.c.map((r: any) => r.id));
    expect(body.data.b.map((r: any) => r.id)).toEqual(body.data.c.map((r: any) => r.id));
  });
});

describe('servicesInContextsList (for interactionServices)', () => {
  it("answers servicesInContexts's rows, read in the same statement as the other lists", async () => {
    const em = app.orm.em.fork();
    const ctx = { em, rows: () => [], loaders: new Loaders(em, { defaultSize: 50, maxSize: 100 }, () => []) } as unknown as Context;
    for (const contexts of [['export_interaction'], ['investment_interaction', 'other_interaction'], []]) {
      const [inContexts, channels] = await Promise.all([servicesInContextsList(ctx, contexts), referenceList(ctx, metadataModels.communicationChannel, false)]);
      expect(inContexts).toEqual(await servicesInContexts(em, contexts));
      expect(channels.map((r) => r.id)).toEqual((await listReference(em, 'communicationChannel', false)).map((r) => r.id));
      if (contexts.length) expect(inContexts.length).toBeGreaterThan(0);
    }
  });
});

describe('partner clients', () => {
  it('with the metadata scope: the form in one statement', async () => {
    const client = await createClientCaller(app, { scopes: ['metadata'] });
    await client.gql('{ viewer { isSuperuser } }');
    const res = await client.gql(FORM);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    expect(res.body.extensions.sqlStatements).toBe(1);
    expect(res.body.data).toEqual((await ok(FORM)).data);
  });

  it('without it: FORBIDDEN on the reference lists, while other root fields answer', async () => {
    const client = await createClientCaller(app, { scopes: ['company:read'] });
    const res = await client.gql('{ countries { id } services { id } companies(first: 1) { totalCount } }');
    const errors = res.body.errors ?? [];
    expect(errors.map((e: any) => e.path[0]).sort()).toEqual(['countries', 'services']);
    for (const e of errors) expect(e.extensions.code).toBe('FORBIDDEN');
    expect(res.body.data?.companies?.totalCount).toEqual(expect.any(Number));
  });
});
