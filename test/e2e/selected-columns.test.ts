import { getNamedType, isEnumType, isListType, isNonNullType, isObjectType, isScalarType, type GraphQLField, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../seeds/demo.seed.js';
import { buildAppSchema, buildUnguardedSchema } from '../../src/system.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

/**
 * Lists and embedded pages select only the columns their selection reads (src/graphql/selected-columns.ts);
 * a lookup by id reads whole rows through its loader. So, for every list the schema has, each node asked for
 * every field it can give without arguments (scalars, enums, inline objects, a related row's id, a nested
 * page's ids) must equal the same node looked up by id with the same selection: a column the pruning
 * dropped that a resolver needed would show as a null or a missing value here.
 */
let app: TestApp;
let schema: GraphQLSchema;
/** Per type, its fields without a resolver of their own (they read their row's key): what lets a list prune. */
let plain: Map<string, Set<string>>;

beforeAll(async () => {
  // Hundreds of requests from one adviser: the per-caller rate limit is off here.
  const unlimited = { maxDepth: 12, maxCost: 10_000, maxAliases: 30, ratePerMinute: 0, rateBurst: 1 };
  app = await createTestApp({ limits: { adviser: unlimited, client: unlimited } });
  await seedDemo(app.orm.em.fork(), { scale: 'small', seed: 7, referenceDate: new Date('2026-06-01T00:00:00Z') });
  schema = await buildAppSchema();
  const unguarded = await buildUnguardedSchema();
  plain = new Map(
    Object.values(unguarded.getTypeMap())
      .filter(isObjectType)
      .map((t) => [t.name, new Set(Object.values(t.getFields()).filter((f) => !f.resolve).map((f) => f.name))]),
  );
}, 240_000);

afterAll(async () => {
  await app?.close();
});

const requiredArgs = (field: GraphQLField<unknown, unknown>) => field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined);
const isLeaf = (field: GraphQLField<unknown, unknown>) => {
  const named = getNamedType(field.type);
  return isScalarType(named) || isEnumType(named);
};
const connectionNode = (type: GraphQLObjectType): GraphQLObjectType | undefined => {
  if (!type.name.endsWith('Connection')) return undefined;
  const edges = type.getFields().edges;
  const edge = edges && getNamedType(edges.type);
  const node = edge && isObjectType(edge) ? edge.getFields().node : undefined;
  const named = node && getNamedType(node.type);
  return named && isObjectType(named) ? named : undefined;
};

/** How a field of `type` is asked for (one level of objects down), or null when it cannot be without arguments. */
function fieldPart(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>, depth: number): string | null {
  if (requiredArgs(field)) return null;
  const named = getNamedType(field.type);
  if (isLeaf(field)) return field.name;
  if (!isObjectType(named) || depth > 0) return null;
  if (connectionNode(named)) return `${field.name}(first: 3) { edges { node { id } } }`;
  if (named.getFields().id) return `${field.name} { id }`;
  const inner = Object.values(named.getFields()).map((f) => fieldPart(named, f, depth + 1)).filter(Boolean).join(' ');
  return inner ? `${field.name} { ${inner} }` : null;
}

/**
 * The selections each node is compared in: every field at once (a field whose resolver does not say what
 * it reads means every column), then, so that lists select only some columns, the fields that read their
 * own column with each other field in turn (a related row, an inline object, a nested page, a resolver that
 * declared its reads).
 */
function selections(type: GraphQLObjectType): string[] {
  const parts = Object.values(type.getFields()).map((f) => ({ name: f.name, part: fieldPart(type, f, 0) }));
  const own = parts.filter((p) => p.part && plain.get(type.name)?.has(p.name)).map((p) => p.part);
  const others = parts.filter((p) => p.part && !plain.get(type.name)?.has(p.name)).map((p) => p.part);
  return [parts.map((p) => p.part).filter(Boolean).join(' '), own.join(' '), ...others.map((other) => `${own.join(' ')} ${other}`)];
}

/** Query fields `things` (a connection of T) with their lookup `thing(id:)` returning T. */
function listsWithLookups(): Array<{ list: string; lookup: string; node: GraphQLObjectType }> {
  const query = schema.getQueryType()!.getFields();
  const lookups = new Map<string, string>();
  for (const field of Object.values(query)) {
    const named = getNamedType(field.type);
    if (isObjectType(named) && !isListType(field.type) && field.args.length === 1 && field.args[0]!.name === 'id') lookups.set(named.name, field.name);
  }
  const out: Array<{ list: string; lookup: string; node: GraphQLObjectType }> = [];
  for (const field of Object.values(query)) {
    const named = getNamedType(field.type);
    const node = isObjectType(named) ? connectionNode(named) : undefined;
    if (node && lookups.has(node.name) && !requiredArgs(field)) out.push({ list: field.name, lookup: lookups.get(node.name)!, node });
  }
  return out;
}

async function expectSameAsLookups(lookup: string, node: GraphQLObjectType, nodes: Array<Record<string, unknown>>, fields: string) {
  for (const listed of nodes) {
    const looked = await app.gql(`query($id: UUID!) { ${lookup}(id: $id) { ${fields} } }`, { id: listed.id });
    expect(looked.body.errors, `${lookup}(${String(listed.id)})`).toBeUndefined();
    expect(listed, `${node.name} ${String(listed.id)} from a list and by id`).toEqual(looked.body.data[lookup]);
  }
}

describe('lists select only the columns they read, and answer as lookups do', () => {
  it('covers the lists of every record type', () => {
    expect(listsWithLookups().map((l) => l.list)).toEqual(expect.arrayContaining(['companies', 'contacts', 'interactions', 'advisers', 'investmentProjects', 'events', 'tasks']));
  });

  it('every root list: each node equals its lookup, in every selection', async () => {
    const compared: string[] = [];
    for (const { list, lookup, node } of listsWithLookups()) {
      for (const [i, fields] of selections(node).entries()) {
        // Every node in the first (whole) selection; three in each of the others.
        const listed = await app.gql(`{ ${list}(first: ${i === 0 ? 8 : 3}) { edges { node { ${fields} } } } }`);
        expect(listed.body.errors, `${list} { ${fields} }`).toBeUndefined();
        const nodes = listed.body.data[list].edges.map((e: { node: Record<string, unknown> }) => e.node);
        if (!nodes.length) break; // a list of the caller's own (their reminders...) may be empty for the admin
        await expectSameAsLookups(lookup, node, nodes, fields);
        if (i === 0) compared.push(list);
      }
    }
    expect(compared).toEqual(expect.arrayContaining(['companies', 'contacts', 'interactions', 'advisers', 'investmentProjects', 'events', 'tasks']));
  });

  it('every page embedded in its parent: each node equals its lookup, in every selection', async () => {
    const lookups = new Map(listsWithLookups().map((l) => [l.node.name, l]));
    let compared = 0;
    for (const { list, lookup: parentLookup, node: parent } of listsWithLookups()) {
      for (const field of Object.values(parent.getFields())) {
        const named = getNamedType(field.type);
        const child = isObjectType(named) ? connectionNode(named) : undefined;
        const childLookup = child && lookups.get(child.name);
        if (!child || !childLookup || requiredArgs(field)) continue;
        // The parent with the most children on its first page: its page is embedded in the parent's statement.
        const parents = await app.gql(`{ ${list}(first: 25) { edges { node { id ${field.name}(first: 1) { edges { node { id } } } } } } }`);
        expect(parents.body.errors).toBeUndefined();
        const withChildren = parents.body.data[list].edges.find((e: { node: Record<string, { edges: unknown[] }> }) => e.node[field.name]!.edges.length);
        if (!withChildren) continue;
        for (const fields of selections(child)) {
          const page = await app.gql(`query($id: UUID!) { ${parentLookup}(id: $id) { ${field.name}(first: 3) { edges { node { ${fields} } } } } }`, { id: withChildren.node.id });
          expect(page.body.errors, `${parent.name}.${field.name} { ${fields} }`).toBeUndefined();
          await expectSameAsLookups(childLookup.lookup, child, page.body.data[parentLookup][field.name].edges.map((e: { node: Record<string, unknown> }) => e.node), fields);
        }
        compared++;
      }
    }
    // Company contacts, interactions, investment projects, tasks, subsidiaries; contact and adviser interactions...
    expect(compared).toBeGreaterThanOrEqual(6);
  });
});
