import fs from 'node:fs';
import { getIntrospectionQuery, parse, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/auth/rate-limit.js';
import type { Viewer } from '../../src/auth/viewer.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { FIELD_COST, limitErrors, measureOperation } from '../../src/graphql/limits.js';
import { buildAppSchema } from '../../src/system.js';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildAppSchema();
});

const PAGE_SIZES = { defaultSize: 20, maxSize: 100 };

function measure(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  return measureOperation({ schema, document, operation, variables, pageSizes: PAGE_SIZES });
}

describe('whether a measure may be kept for the operation (fixed)', () => {
  const fixedness = (query: string, variables: Record<string, unknown> = {}) => {
    const document = parse(query);
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
    const measured = { fixed: true };
    measureOperation({ schema, document, operation, variables, pageSizes: PAGE_SIZES, measured });
    return measured.fixed;
  };

  it('is fixed when page sizes are written in the document or left to the default, whatever else comes in variables', () => {
    expect(fixedness('query($id: UUID!) { company(id: $id) { contacts(first: 20) { edges { node { id } } } interactions { totalCount } } }', { id: 'x' })).toBe(true);
  });

  it('is not fixed when a page size comes from a variable, also inside a fragment', () => {
    expect(fixedness('query($n: Int) { companies(first: $n) { totalCount } }', { n: 5 })).toBe(false);
    expect(fixedness('query($n: Int) { companies(first: 1) { ...C } } fragment C on CompanyConnection { edges { node { contacts(last: $n) { totalCount } } } }', { n: 5 })).toBe(false);
  });
});

describe('cost', () => {
  it('leaves are free, each object costs 1', () => {
    expect(measure('{ viewer { isSuperuser } }')).toEqual({ depth: 2, cost: 1, aliases: 0, introspection: false });
    expect(measure('{ viewer { adviser { name team { name } } } }').cost).toBe(3);
  });

  it('a reference list is one call, whatever its length', () => {
    expect(measure('{ countries { id name overseasRegion { name } } }').cost).toBe(2);
  });

  it("a connection's page size multiplies its edges, not pageInfo or totalCount", () => {
    // 1 (connection) + 10 × (edge 1 + node 1) + pageInfo 1
    expect(measure('{ companies(first: 10) { totalCount pageInfo { hasNextPage } edges { node { id name } } } }').cost).toBe(22);
    expect(measure('{ companies(last: 5) { edges { node { id } } } }').cost).toBe(11);
  });

  it('uses the default page size when none is given, and at most the maximum', () => {
    expect(measure('{ companies { edges { node { id } } } }').cost).toBe(1 + 20 * 2);
    expect(measure('{ companies(first: 5000) { edges { node { id } } } }').cost).toBe(1 + 100 * 2);
  });

  it('nested pages multiply', () => {
    const q = '{ companies(first: 10) { edges { node { contacts(first: 10) { edges { node { id } } } } } } }';
    // 1 + 10 × (1 + 1 + (1 + 10 × 2))
    expect(measure(q).cost).toBe(231);
  });

  it('reads page sizes from variables, with their defaults', () => {
    const q = 'query($n: Int = 7) { companies(first: $n) { edges { node { id } } } }';
    expect(measure(q, { n: 3 }).cost).toBe(7);
    expect(measure(q).cost).toBe(15);
    // A variable that does not coerce is refused by execution; the measure falls back to the default size.
    expect(measure(q, { n: 'ten' }).cost).toBe(41);
  });

  it('counts fragments (named and inline) where they are spread', () => {
    const q = `{ companies(first: 10) { ...Page } company(id: "00000000-0000-4000-8000-000000000000") { ... on Company { sector { name } } } }
      fragment Page on CompanyConnection { edges { node { id sector { name } } } }`;
    // companies: 1 + 10 × (1 + 1 + 1); company: 1 + 1
    expect(measure(q).cost).toBe(31 + 2);
  });

  it("the README's company page and the batching probe", () => {
    const page = `query($id: UUID!) { company(id: $id) {
      name address { town postcode country { name } } sector { name }
      contacts(first: 20) { totalCount edges { node { name email jobTitle } } }
      interactions(first: 10) { edges { node { date subject participants { adviser { name team { name } } } } } } } }`;
    expect(measure(page, { id: '00000000-0000-4000-8000-000000000000' })).toEqual({ depth: 8, cost: 96, aliases: 0, introspection: false });
    const probe = fs.readFileSync(new URL('../operations/batching.graphql', import.meta.url), 'utf8');
    expect(measure(probe, { n: 50 })).toEqual({ depth: 10, cost: 2451, aliases: 0, introspection: false });
    expect(measure(probe, { n: 100 }).cost).toBe(4901);
  });

  it('a search adds its declared cost (extensions.cost, 1,000) to what it returns, so aliases multiply it', () => {
    expect(FIELD_COST.search).toBe(1_000);
    expect(measure('{ searchCompanies(term: "x", first: 1) { totalCount } }').cost).toBe(1_001);
    // 1,000 + 1 (connection) + 10 × (edge 1 + node 1)
    expect(measure('{ searchContacts(term: "x", first: 10) { edges { node { id } } } }').cost).toBe(1_021);
    expect(measure('{ a: search(term: "x") { totalCount } b: search(term: "y") { totalCount } }').cost).toBe(2 * 1_001);
    expect(measure('{ autocomplete(entity: COMPANY, prefix: "x") { cursor } }').cost).toBe(1_001);
  });

  it('mutations are measured like queries', () => {
    expect(measure('mutation { archiveCompany(id: "00000000-0000-4000-8000-000000000000", reason: "x") { id sector { name } } }').cost).toBe(2);
  });
});

describe('depth and aliases', () => {
  it('depth goes through fragments; inline fragments add no level', () => {
    const q = `{ viewer { ...V } } fragment V on Viewer { adviser { ... on Adviser { team { name } } } }`;
    expect(measure(q).depth).toBe(4);
  });

  it("introspection is free, and its ofType chains do not count as depth", () => {
    const m = measure(getIntrospectionQuery({ inputValueDeprecation: true, schemaDescription: true }));
    expect(m.cost).toBe(0);
    expect(m.depth).toBeLessThanOrEqual(6);
    expect(measure('{ __type(name: "Company") { fields { type { ofType { ofType { ofType { name } } } } } } }').depth).toBe(4);
  });

  it('counts aliases once per spread of the fragment that holds them', () => {
    const q = `{ a: viewer { ...F } b: viewer { ...F } } fragment F on Viewer { x: isSuperuser y: isSuperuser z: isSuperuser }`;
    expect(measure(q).aliases).toBe(2 + 2 * 3);
  });

  it('a fragment spread many times is walked once (a fragment bomb does not stall the walk)', () => {
    // Each level spreads the one below twice: 2^25 fields if expanded, but 26 fragments to walk.
    const levels = Array.from({ length: 25 }, (_, i) => `fragment F${i} on Viewer { ...F${i + 1} ...F${i + 1} }`);
    const q = `{ viewer { ...F0 } } ${levels.join(' ')} fragment F25 on Viewer { a: isSuperuser }`;
    const started = performance.now();
    const m = measure(q);
    expect(performance.now() - started).toBeLessThan(500);
    expect(m.aliases).toBe(2 ** 25);
  });
});

describe('limitErrors', () => {
  const limits = { maxDepth: 5, maxCost: 100, maxAliases: 2, ratePerMinute: 0, rateBurst: 1 };
  it('one coded error per limit exceeded, with the measured value and the limit', () => {
    expect(limitErrors({ depth: 5, cost: 100, aliases: 2, introspection: false }, limits)).toEqual([]);
    expect(limitErrors({ depth: 6, cost: 101, aliases: 3, introspection: false }, limits).map((e) => e.extensions)).toEqual([
      { code: 'QUERY_TOO_DEEP', measured: 6, limit: 5 },
      { code: 'TOO_MANY_ALIASES', measured: 3, limit: 2 },
      { code: 'QUERY_TOO_COSTLY', measured: 101, limit: 100 },
    ]);
  });
});

describe('config', () => {
  it('has a row per kind of caller, the client one stricter', () => {
    const { adviser, client } = loadConfig({}).limits;
    expect(adviser).toEqual({ maxDepth: 12, maxCost: 10_000, maxAliases: 30, ratePerMinute: 600, rateBurst: 600 });
    expect(client).toEqual({ maxDepth: 10, maxCost: 5_000, maxAliases: 10, ratePerMinute: 120, rateBurst: 120 });
  });

  it('reads the environment, and refuses nonsense', () => {
    const c = loadConfig({ MAX_QUERY_COST: '500', RATE_LIMIT_PER_MINUTE: '0', CLIENT_RATE_LIMIT_BURST: '5' });
    expect(c.limits.adviser).toMatchObject({ maxCost: 500, ratePerMinute: 0, rateBurst: 1 });
    expect(c.limits.client.rateBurst).toBe(5);
    expect(() => loadConfig({ MAX_QUERY_DEPTH: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ RATE_LIMIT_PER_MINUTE: '-1' })).toThrow(ConfigError);
  });
});

describe('the rate limiter', () => {
  // Only kind and id matter to the limiter; the rest of a Viewer is the permissions work's business.
  const viewer = (adviserId: string) => ({ kind: 'adviser', adviserId }) as Viewer;
  const table = (ratePerMinute: number, rateBurst: number) => {
    const row = { ratePerMinute, rateBurst };
    return { adviser: row, client: row };
  };

  it('allows a burst, then one request per refill interval, with Retry-After in whole seconds', () => {
    let now = 0;
    const take = createRateLimiter(table(30, 3), () => now); // a token every 2 s
    const ada = viewer('ada');
    expect([take(ada), take(ada), take(ada)].every((d) => d.allowed)).toBe(true);
    expect(take(ada)).toEqual({ allowed: false, retryAfterSeconds: 2 });
    now += 1_500;
    expect(take(ada)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 500;
    expect(take(ada).allowed).toBe(true);
    expect(take(ada).allowed).toBe(false);
  });

  it('keeps one bucket per caller', () => {
    const take = createRateLimiter(table(60, 1), () => 0);
    expect(take(viewer('ada')).allowed).toBe(true);
    expect(take(viewer('ada')).allowed).toBe(false);
    expect(take(viewer('bob')).allowed).toBe(true);
  });

  it('partner clients have their own rate, and one bucket per client whatever token it uses', () => {
    const take = createRateLimiter({ adviser: { ratePerMinute: 60, rateBurst: 5 }, client: { ratePerMinute: 60, rateBurst: 1 } }, () => 0);
    const client = (clientId: string, tokenId: string) => ({ kind: 'client', clientId, tokenId }) as Viewer;
    expect(take(client('market-access', 'token-1')).allowed).toBe(true);
    expect(take(client('market-access', 'token-2')).allowed).toBe(false);
    expect(take(client('data-flow', 'token-3')).allowed).toBe(true);
    // An adviser whose id happens to equal a client's id has a bucket of their own.
    expect(take(viewer('market-access')).allowed).toBe(true);
  });

  it('0 per minute turns it off', () => {
    const take = createRateLimiter(table(0, 1), () => 0);
    for (let i = 0; i < 1000; i++) expect(take(viewer('ada')).allowed).toBe(true);
  });

  it('forgets the least recently used caller when full, rather than growing without bound', () => {
    const take = createRateLimiter(table(60, 1), () => 0, 2);
    take(viewer('ada'));
    take(viewer('bob'));
    take(viewer('cy')); // pushes ada out
    expect(take(viewer('bob')).allowed).toBe(false);
    expect(take(viewer('ada')).allowed).toBe(true);
  });
});
