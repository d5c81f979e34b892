import { execute, GraphQLList, GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { effectivePermissions } from '../../src/auth/permissions.js';
// The composition root installs the modules' permission codenames (src/auth/access.ts).
import '../../src/system.js';
import type { Viewer } from '../../src/auth/viewer.js';
import { permissionsMiddleware } from '../../src/graphql/permissions.js';
import { can } from '../../src/graphql/rules.js';
import { applyMiddleware } from '../../src/graphql/shield.js';

/** A small schema: a list of items whose `secret` needs view_contact, and a root field with no rule. */
const Item = new GraphQLObjectType({ name: 'Item', fields: { name: { type: GraphQLString }, secret: { type: GraphQLString } } });
const Query = new GraphQLObjectType({
  name: 'Query',
  fields: {
    items: { type: new GraphQLList(Item), resolve: () => [1, 2, 3].map((n) => ({ name: `item ${n}`, secret: `secret ${n}` })) },
    unruled: { type: GraphQLString, resolve: () => 'should not be seen' },
  },
});
const schema = applyMiddleware(new GraphQLSchema({ query: Query }), permissionsMiddleware({ Query: { items: can('view_company') }, Item: { secret: can('view_contact') } }, {}));

const viewer = (permissions: string[]): Viewer => ({
  kind: 'adviser', adviserId: 'a', email: 'a@example.gov.uk', name: 'A', teamId: null, isSuperuser: false, groups: [], permissions: effectivePermissions([], permissions, false),
});

const run = (ctx: object, query = '{ items { name secret } }') => execute({ schema, document: parse(query), contextValue: ctx }) as ExecutionResult | Promise<ExecutionResult>;

describe('graphql-shield as this project uses it', () => {
  it('keeps a contextual rule\'s answer under its name in ctx._shield.cache (the fast path relies on it)', async () => {
    const allowed: any = { viewer: viewer(['view_company', 'view_contact']) };
    expect((await run(allowed)).data).toEqual({ items: [1, 2, 3].map((n) => ({ name: `item ${n}`, secret: `secret ${n}` })) });
    expect(allowed._shield.cache).toEqual({ 'can:view_company': true, 'can:view_contact': true });

    const refused: any = { viewer: viewer(['view_company']) };
    const res = await run(refused);
    expect(res.data).toEqual({ items: [1, 2, 3].map((n) => ({ name: `item ${n}`, secret: null })) });
    expect(res.errors?.map((e) => [e.path, (e.originalError as any).extensions])).toEqual(
      [0, 1, 2].map((i) => [['items', i, 'secret'], { permission: 'view_contact' }]),
    );
    expect(refused._shield.cache['can:view_contact']).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('once a rule has allowed, its fields resolve synchronously (no promise per row)', () => {
    const ctx = { viewer: viewer(['view_company', 'view_contact']), _shield: { cache: { 'can:view_company': true, 'can:view_contact': true } } };
    const result = run(ctx);
    expect(result).not.toBeInstanceOf(Promise);
    expect((result as ExecutionResult).data?.items).toHaveLength(3);
  });

  it('a root field without a rule is denied', async () => {
    const res = await run({ viewer: viewer(['view_company']) }, '{ unruled }');
    expect(res.data).toEqual({ unruled: null });
    expect((res.errors?.[0].originalError as any).extensions).toEqual({ reason: 'NO_RULE' });
  });
});

describe('the unguarded schema (for measuring the rules only)', () => {
  it('is a schema of its own: building the guarded one does not wrap its resolvers', async () => {
    const { buildAppSchema, buildUnguardedSchema } = await import('../../src/system.js');
    const guarded = await buildAppSchema();
    const unguarded = await buildUnguardedSchema();
    expect(guarded).not.toBe(unguarded);
    const resolver = (s: GraphQLSchema) => s.getQueryType()!.getFields().companies.resolve;
    expect(resolver(guarded)).not.toBe(resolver(unguarded));
  });
});
