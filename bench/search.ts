/**
 * The search benchmark: for each search backend (PostgreSQL full-text, OpenSearch), on the bench database,
 *
 *   1. full reindex throughput (syncAll into an empty backend), docs/s overall and per entity;
 *   2. backend calls one at a time, without HTTP (searches, filtered searches, listings, autocompletes);
 *   3. the gateway (a child process configured with that backend) under autocannon: global search and a
 *      filtered company search, rotating realistic terms drawn from the data, req/s and p50/p95/p99;
 *   4. index lag: company renames through GraphQL at a steady rate with a drainer running here (as
 *      `npm run worker` runs it), each polled on the backend until its new name is found.
 *
 * See bench/README.md, section "Search".
 *
 *   npm run bench:search -- [--scale medium|large] [--backends postgres,opensearch] [--duration 10] [--connections 1,32]
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import { DEMO_SCALES, type DemoScale } from '../seeds/demo.seed.js';
import type { Orm } from '../src/db/orm.js';
import { openOrm } from '../src/system.js';
import { createLogger } from '../src/logger.js';
import { REF } from '../src/modules/metadata/metadata.entities.js';
import { startDrainer } from '../src/search/drainer.js';
import { createOpenSearchBackend, type OpenSearchBackend } from '../src/search/opensearch-backend.js';
import { createPostgresBackend } from '../src/search/postgres-backend.js';
import type { DocFilter, DocSort, SearchBackend, SearchEntity, SearchQuery } from '../src/search/search.types.js';
import { syncAll } from '../src/search/sync.js';
import { searchCatalog } from '../src/system.js';
import { ServerProcess } from './children.js';
import { defaultDatabaseUrl, prepareDatabase, withClient, type PreparedDatabase } from './database.js';
import { list, log, positive, redact, round, sleep, UsageError } from './cli.js';

const BACKENDS = ['postgres', 'opensearch'] as const;
type BackendName = (typeof BACKENDS)[number];
const SCALES: DemoScale[] = ['small', 'medium', 'large'];

/** The targets of the search issue. */
const TARGETS = {
  reindexDocsPerSecond: { opensearch: 5_000 } as Partial<Record<BackendName, number>>,
  p95Ms: { opensearch: 50, postgres: 150 } as Record<BackendName, number>,
  lagP95Ms: 1_000,
};

const USAGE = `Usage: npm run bench:search -- [options]

  --scale small|medium|large  demo data scale (default medium; large is generated once, which takes a while)
  --backends LIST             postgres,opensearch (default both)
  --duration SECONDS          measured seconds per autocannon run (default 10)
  --warmup SECONDS            warm-up per backend and operation, at the highest concurrency (default 5)
  --connections LIST          concurrency levels (default 1,32)
  --lag-updates N             company renames for the index-lag measurement (default 200)
  --lag-rate N                renames per second (default 20)
  --poll-ms N                 at most one search per rename in this many ms (default 20)
  --poll-concurrency N        searches in flight looking for renamed companies, at most (default 4)
  --pool-size N               the gateway's database pool (default 10)
  --database-url URL          use this database (default: creates/reuses crm_bench_<scale> on
                              postgres://postgres@127.0.0.1:5432/)
  --opensearch-url URL        an OpenSearch node (default: $OPENSEARCH_URL; if neither is set, a node of
                              its own is started with scripts/opensearch.sh and stopped at the end)
  --keep-indices              leave this run's OpenSearch indices (default: deleted at the end)
  --skip LIST                 leave out phases: reindex,calls,load,lag (reindex only on a backend that
                              already holds the documents: PostgreSQL's table; OpenSearch always reindexes)
  --prepare-only              prepare the database (generating the scale's data if missing) and stop
  --help
`;

type Phase = 'reindex' | 'calls' | 'load' | 'lag';
const PHASES: Phase[] = ['reindex', 'calls', 'load', 'lag'];

type Options = {
  scale: DemoScale;
  backends: BackendName[];
  duration: number;
  warmup: number;
  connections: number[];
  lagUpdates: number;
  lagRate: number;
  pollMs: number;
  pollConcurrency: number;
  poolSize: number;
  databaseUrl: string;
  createDatabase: boolean;
  opensearchUrl?: string;
  keepIndices: boolean;
  skip: Phase[];
  prepareOnly: boolean;
};

function parseOptions(argv: string[]): Options | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      scale: { type: 'string', default: 'medium' },
      backends: { type: 'string', default: BACKENDS.join(',') },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '5' },
      connections: { type: 'string', default: '1,32' },
      'lag-updates': { type: 'string', default: '200' },
      'lag-rate': { type: 'string', default: '20' },
      'poll-ms': { type: 'string', default: '20' },
      'poll-concurrency': { type: 'string', default: '4' },
      'pool-size': { type: 'string', default: '10' },
      'database-url': { type: 'string' },
      'opensearch-url': { type: 'string' },
      'keep-indices': { type: 'boolean', default: false },
      skip: { type: 'string', default: '' },
      'prepare-only': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return undefined;
  }
  const scale = values.scale as DemoScale;
  if (!SCALES.includes(scale)) throw new UsageError(`--scale: expected ${SCALES.join(', ')}, got "${scale}"`);
  const backends = list(values.backends!, BACKENDS, '--backends');
  if (!backends.length) throw new UsageError('--backends: name at least one');
  return {
    scale,
    backends,
    duration: positive(values.duration!, '--duration'),
    warmup: positive(values.warmup!, '--warmup'),
    connections: values.connections!.split(',').map((c) => positive(c.trim(), '--connections')),
    lagUpdates: positive(values['lag-updates']!, '--lag-updates'),
    lagRate: positive(values['lag-rate']!, '--lag-rate', false),
    pollMs: positive(values['poll-ms']!, '--poll-ms'),
    pollConcurrency: positive(values['poll-concurrency']!, '--poll-concurrency'),
    poolSize: positive(values['pool-size']!, '--pool-size'),
    databaseUrl: values['database-url'] ?? defaultDatabaseUrl(scale),
    createDatabase: !values['database-url'],
    opensearchUrl: values['opensearch-url'] ?? process.env.OPENSEARCH_URL,
    keepIndices: values['keep-indices']!,
    skip: list(values.skip!, PHASES, '--skip'),
    prepareOnly: values['prepare-only']!,
  };
}

const int = (n: number) => Math.round(n).toLocaleString('en-GB');

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

type Latencies = { runs: number; p50: number; p95: number; p99: number; max: number; mean: number };
function latencies(values: number[]): Latencies {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    runs: sorted.length,
    p50: round(percentile(sorted, 0.5)),
    p95: round(percentile(sorted, 0.95)),
    p99: round(percentile(sorted, 0.99)),
    max: round(sorted.at(-1) ?? NaN),
    mean: round(sorted.reduce((s, x) => s + x, 0) / (sorted.length || 1)),
  };
}

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository: this file runs as dist/bench/search.js. */
const repoRoot = path.resolve(here, '..', '..');

// --- an OpenSearch node of our own, when none is given -------------------------------------------------

type OwnNode = { url: string; stop: () => Promise<void> };

function runScript(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(repoRoot, 'scripts', 'opensearch.sh'), ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout }));
  });
}

async function startOwnNode(): Promise<OwnNode> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bench-opensearch-'));
  const env = { ...process.env, OPENSEARCH_STATE_DIR: stateDir };
  log(`no OpenSearch URL given: starting a node of its own (state in ${stateDir})`);
  const { code, stdout } = await runScript(['start', 'auto'], env);
  const url = /OPENSEARCH_URL=(\S+)/.exec(stdout)?.[1];
  if (code !== 0 || !url) throw new Error(`scripts/opensearch.sh start failed (exit ${code}): ${stdout}`);
  return {
    url,
    stop: async () => {
      await runScript(['stop'], env);
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

// --- the data: terms, a sector, companies to rename ------------------------------------------------------

type Terms = {
  /** Global search: whole and partial company names, a typo'd name, postcodes, a company number, contacts. */
  global: Array<{ kind: string; term: string }>;
  /** The filtered company search: names and parts of names of UK companies in the sector. */
  company: Array<{ kind: string; term: string }>;
  sector: { id: string; name: string; ukCompanies: number; subSectors: number };
  /** Prefixes for autocomplete calls. */
  prefixes: string[];
};

/** "Walsh" → "Wlash": the second and third letters of the longest word swapped (one edit, as a hurried typist; a word whose swap changes it). */
function typo(name: string): string {
  const words = name.split(' ');
  let at = -1;
  const swappable = (w: string) => /^\p{L}{5,}$/u.test(w) && w[1].toLowerCase() !== w[2].toLowerCase();
  for (let i = 0; i < words.length; i++) if (swappable(words[i]) && (at < 0 || words[i].length > words[at].length)) at = i;
  if (at < 0) return name;
  const w = words[at];
  words[at] = w[0] + w[2] + w[1] + w.slice(3);
  return words.join(' ');
}

/** The first word of a name that is a word, as someone would type it ("Huels, Smith and Lowe" → "Huels"). */
const firstWord = (name: string) => (name.split(/\s+/).find((w) => /\p{L}{3,}/u.test(w)) ?? name).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');

async function pickTerms(url: string): Promise<Terms> {
  return withClient(url, async (client) => {
    const uk = REF.country.unitedKingdom;
    // The parent sector (top of a tree with sub-sectors) with the most UK companies, sub-sectors included.
    const sectors = await client.query(
      `with recursive tree as (
         select id as root, id from metadata_sector where parent_id is null
         union all select t.root, s.id from metadata_sector s join tree t on s.parent_id = t.id)
       select r.id, r.segment as name, (count(distinct t.id) - 1)::int as "subSectors",
              (select count(*) from company c where c.sector_id in (select id from tree t2 where t2.root = r.id) and c.address_country_id = $1 and not c.archived)::int as "ukCompanies"
         from tree t join metadata_sector r on r.id = t.root
        group by r.id, r.segment
       having count(distinct t.id) > 1
        order by "ukCompanies" desc, r.id limit 1`,
      [uk],
    );
    if (!sectors.rows.length || !sectors.rows[0].ukCompanies) throw new Error('No parent sector with UK companies: is the demo data there?');
    const sector = sectors.rows[0];
    // Companies spread over the table (md5 of the id: deterministic for the seeded data, not clustered).
    const companies = (
      await client.query(
        `select name, address_postcode as postcode, company_number as "companyNumber" from company
          where not archived and address_country_id = $1 and address_postcode is not null and company_number is not null
          order by md5(id::text) limit 12`,
        [uk],
      )
    ).rows as Array<{ name: string; postcode: string; companyNumber: string }>;
    const contacts = (await client.query(`select first_name || ' ' || last_name as name from contact where not archived order by md5(id::text) limit 2`)).rows as Array<{ name: string }>;
    const inSector = (
      await client.query(
        `with recursive tree as (select id from metadata_sector where id = $2 union all select s.id from metadata_sector s join tree t on s.parent_id = t.id)
         select name from company where sector_id in (select id from tree) and address_country_id = $1 and not archived order by md5(id::text) limit 6`,
        [uk, sector.id],
      )
    ).rows as Array<{ name: string }>;
    const withTypo = companies.find((c) => typo(c.name) !== c.name) ?? companies[0];
    const wordForTypo = [...companies.slice(7), ...companies].map((c) => firstWord(c.name)).find((w) => typo(w) !== w) ?? companies[7].name;
    const sectorTypo = [...inSector.slice(5), ...inSector].find((c) => typo(c.name) !== c.name) ?? inSector[0];
    const global = [
      ...companies.slice(0, 4).map((c) => ({ kind: 'company name', term: c.name })),
      ...companies.slice(4, 7).map((c) => ({ kind: 'partial name', term: firstWord(c.name) })),
      { kind: 'typo', term: typo(withTypo.name) },
      { kind: 'typo', term: typo(wordForTypo) },
      { kind: 'postcode', term: companies[8].postcode },
      { kind: 'postcode', term: companies[9].postcode.replace(/\s+/g, '').toLowerCase() },
      { kind: 'company number', term: companies[10].companyNumber },
      ...contacts.map((c) => ({ kind: 'contact name', term: c.name })),
    ];
    const company = [
      ...inSector.slice(0, 2).map((c) => ({ kind: 'company name', term: c.name })),
      ...inSector.slice(2, 5).map((c) => ({ kind: 'partial name', term: firstWord(c.name) })),
      { kind: 'typo', term: typo(sectorTypo.name) },
      { kind: 'word', term: 'group' },
      { kind: 'word', term: 'inc' },
    ];
    const prefixes = companies.flatMap((c) => [c.name.slice(0, 3), c.name.slice(0, 5), typo(firstWord(c.name)).slice(0, 6)]).filter((p) => p.trim().length >= 2);
    return { global, company, sector: { id: sector.id, name: sector.name, ukCompanies: sector.ukCompanies, subSectors: sector.subSectors }, prefixes };
  });
}

// --- the backend ---------------------------------------------------------------------------------------

type BenchBackend = { name: BackendName; backend: SearchBackend; indexPrefix?: string; make: () => SearchBackend };

function makeBackend(name: BackendName, orm: Orm, opensearchUrl: string | undefined, stamp: string): BenchBackend {
  if (name === 'postgres') return { name, backend: createPostgresBackend(orm), make: () => createPostgresBackend(orm) };
  const indexPrefix = `crm_bench_${stamp.toLowerCase().replace(/[^a-z0-9]/g, '')}_${randomBytes(2).toString('hex')}_`;
  const make = () => createOpenSearchBackend({ url: opensearchUrl!, indexPrefix, entities: searchCatalog.entities });
  return { name, backend: make(), indexPrefix, make };
}

/** Deletes every index under the prefix, by concrete name (wildcard deletes may be disabled). */
async function dropIndices(backend: OpenSearchBackend, prefix: string): Promise<string[]> {
  const { body } = await backend.client.indices.get({ index: `${prefix}*`, allow_no_indices: true, ignore_unavailable: true });
  const names = Object.keys(body);
  if (names.length) await backend.client.indices.delete({ index: names.join(',') });
  return names;
}

/** Archived documents are left out as the service leaves them out of global search and autocomplete. */
const live = (entity: SearchEntity): DocFilter[] => (searchCatalog.mapping(entity).readModel.fields.archived ? [{ field: 'archived', op: 'eq', value: false }] : []);

const globalQuery = (term: string): SearchQuery => ({
  term,
  entities: searchCatalog.entities.map((entity) => ({ entity, filters: live(entity) })),
  sort: [],
  offset: 0,
  limit: 20,
  // A caller who may read every guarded field (a superuser).
  readable: searchCatalog.mappings.flatMap((mapping) => mapping.guarded.map((g) => g.field)),
});

const companyFilters = (sectorId: string): DocFilter[] => [
  { field: 'ukBased', op: 'eq', value: true },
  { field: 'sectorIds', op: 'in', value: [sectorId] },
];

// --- 1. reindex ------------------------------------------------------------------------------------------

type Reindex = {
  entities: Array<{ entity: SearchEntity; documents: number; seconds: number; docsPerSecond: number }>;
  documents: number;
  seconds: number;
  docsPerSecond: number;
  backendCounts: Partial<Record<SearchEntity, number>>;
  /** Outbox rows enqueued before the reindex (covered by it), removed afterwards. */
  outboxRowsCovered: number;
};

async function reindex(b: BenchBackend, orm: Orm, url: string): Promise<Reindex> {
  const before = await withClient(url, async (client) => {
    if (b.name === 'postgres') await client.query('truncate search_document');
    return Number((await client.query('select coalesce(max(id), 0)::text as max from search_outbox')).rows[0].max);
  });
  await b.backend.migrate();
  const entities: Reindex['entities'] = [];
  for (const entity of searchCatalog.entities) {
    let lastShown = Date.now();
    const t0 = performance.now();
    const counts = await syncAll(orm, b.backend, searchCatalog, {
      entities: [entity],
      onProgress: ({ done, total }) => {
        if (Date.now() - lastShown > 10_000) {
          lastShown = Date.now();
          log(`    ${entity}: ${int(done)} of ${int(total)} (${int(done / ((performance.now() - t0) / 1000))} docs/s)`);
        }
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    const documents = counts[entity] ?? 0;
    entities.push({ entity, documents, seconds: round(seconds, 3), docsPerSecond: round(documents / seconds, 0) });
    log(`  ${b.name} reindex ${entity}: ${int(documents)} documents in ${seconds.toFixed(1)} s = ${int(documents / seconds)} docs/s`);
  }
  const documents = entities.reduce((s, e) => s + e.documents, 0);
  const seconds = entities.reduce((s, e) => s + e.seconds, 0);
  // Every change enqueued before the reindex began is in it: those outbox rows would only rewrite the same documents.
  const outboxRowsCovered = await withClient(url, async (client) => {
    const { rowCount } = await client.query('delete from search_outbox where id <= $1', [before]);
    // Dead outbox rows (millions after the large scale's generation, thousands after each lag phase) would have
    // the drainer's claims walk them until autovacuum got there — and autovacuum may be off, as it is on the
    // machine the README's figures come from: the measured lag would be the bench's own doing. The same
    // for the rewritten search table: statistics and the visibility map as a vacuumed table has them.
    await client.query('vacuum analyze search_outbox');
    if (b.name === 'postgres') await client.query('vacuum analyze search_document');
    return rowCount ?? 0;
  });
  const status = await b.backend.status();
  for (const e of entities) {
    if (status.documents[e.entity] !== e.documents) log(`  WARNING: ${b.name} holds ${status.documents[e.entity]} ${e.entity} documents after the reindex, not ${e.documents}`);
  }
  return { entities, documents, seconds: round(seconds, 3), docsPerSecond: round(documents / seconds, 0), backendCounts: status.documents, outboxRowsCovered };
}

// --- 2. backend calls, one at a time, no HTTP --------------------------------------------------------------

type CallTiming = { call: string } & Latencies;

async function timeCalls(label: string, runs: Array<() => Promise<unknown>>): Promise<CallTiming> {
  for (const r of runs.slice(0, 3)) await r(); // warm-up
  const ms: number[] = [];
  for (const r of runs) {
    const t = performance.now();
    await r();
    ms.push(performance.now() - t);
  }
  const l = latencies(ms);
  log(`  ${label}: p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms, max ${l.max.toFixed(1)} ms (${l.runs} calls)`);
  return { call: label, ...l };
}

async function backendCalls(backend: SearchBackend, terms: Terms): Promise<CallTiming[]> {
  const times = <T>(items: T[], n: number) => Array.from({ length: n }, () => items).flat();
  const globalTerms = times(terms.global.map((t) => t.term), 3);
  const companyTerms = times(terms.company.map((t) => t.term), 5);
  const filters = companyFilters(terms.sector.id);
  const byName: DocSort[] = [{ field: 'name', direction: 'ASC' }];
  return [
    await timeCalls('search, all entities', globalTerms.map((t) => () => backend.search(globalQuery(t)))),
    await timeCalls('search, companies, UK + sector, by name', companyTerms.map((t) => () => backend.search({ ...globalQuery(t), entities: [{ entity: 'company', filters }], sort: byName }))),
    await timeCalls(
      'companies, no term, UK + sector, by modified on, pages 1–20',
      Array.from({ length: 20 }, (_, i) => () => backend.search({ ...globalQuery(''), entities: [{ entity: 'company', filters }], sort: [{ field: 'modifiedOn', direction: 'DESC' }], offset: i * 20 })),
    ),
    await timeCalls('autocomplete, companies', terms.prefixes.map((p) => () => backend.autocomplete({ entity: 'company', prefix: p, filters: live('company'), limit: 10 }))),
    await timeCalls('autocomplete, contacts', terms.prefixes.map((p) => () => backend.autocomplete({ entity: 'contact', prefix: p, filters: live('contact'), limit: 10 }))),
  ];
}

// --- 3. the gateway under load -----------------------------------------------------------------------------

const GLOBAL_QUERY = `query BenchSearch($term: String!) {
  search(term: $term, first: 20) {
    totalCount aggregations { entity count }
    edges { score node { __typename ... on Company { id name } } }
  }
}`;

const companyQuery = (sectorId: string) => `query BenchSearchCompanies($term: String) {
  searchCompanies(term: $term, filter: { ukBased: true, sectorIds: [${JSON.stringify(sectorId)}] }, orderBy: [{ field: NAME }], first: 20) {
    totalCount edges { score node { id name } }
  }
}`;

type Operation = 'global-search' | 'company-search';

const headersFor = (token: string) => ({ 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` });

function bodiesFor(operation: Operation, terms: Terms): string[] {
  if (operation === 'global-search') return terms.global.map((t) => JSON.stringify({ query: GLOBAL_QUERY, variables: { term: t.term } }));
  const query = companyQuery(terms.sector.id);
  return terms.company.map((t) => JSON.stringify({ query, variables: { term: t.term } }));
}

async function post(server: ServerProcess, body: string, token: string): Promise<{ status: number; json: any }> {
  const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: headersFor(token), body });
  const text = await response.text();
  try {
    return { status: response.status, json: JSON.parse(text) };
  } catch {
    return { status: response.status, json: { errors: [{ message: `not JSON: ${text.slice(0, 300)}` }] } };
  }
}

type TermCheck = { kind: string; term: string; totalCount?: number; aggregations?: Record<string, number>; first?: string; error?: string };

/** Each body once: no errors, and what it finds (kept in the JSON, so a term that finds nothing shows). */
async function checkBodies(server: ServerProcess, operation: Operation, terms: Terms, token: string): Promise<TermCheck[]> {
  const list = operation === 'global-search' ? terms.global : terms.company;
  const bodies = bodiesFor(operation, terms);
  const checks: TermCheck[] = [];
  for (let i = 0; i < bodies.length; i++) {
    const { status, json } = await post(server, bodies[i], token);
    const data = operation === 'global-search' ? json.data?.search : json.data?.searchCompanies;
    if (status !== 200 || json.errors?.length || !data) {
      checks.push({ ...list[i], error: `HTTP ${status}: ${JSON.stringify(json.errors ?? json).slice(0, 400)}` });
      continue;
    }
    const first = data.edges[0]?.node;
    checks.push({
      ...list[i],
      totalCount: data.totalCount,
      aggregations: data.aggregations ? Object.fromEntries(data.aggregations.map((a: { entity: string; count: number }) => [a.entity, a.count])) : undefined,
      first: first ? `${first.__typename ?? 'Company'}${first.name ? ` "${first.name}"` : ''}` : undefined,
    });
  }
  return checks;
}

type LoadRun = {
  backend: BackendName;
  operation: Operation;
  connections: number;
  durationSeconds: number;
  requests: number;
  reqPerSec: number;
  latencyMs: Latencies;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Responses that were not `{"data":…}` without errors. */
  graphqlErrors: number;
  sampleError?: string;
};

/** One autocannon run cycling through the bodies (one shared counter, so every connection rotates the terms). */
function load(server: ServerProcess, bodies: string[], token: string, connections: number, duration: number): Promise<{ result: Result; latencies: number[]; sampleError?: string }> {
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    let sampleError: string | undefined;
    let next = 0;
    const instance = autocannon(
      {
        url: `${server.url}/graphql`,
        connections,
        duration,
        pipelining: 1,
        timeout: 30,
        requests: [{ method: 'POST', path: '/graphql', headers: headersFor(token), setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) }],
        verifyBody: (body) => body.startsWith('{"data":') && !body.includes('"errors":['),
      },
      (error, result) => (error ? reject(error) : resolve({ result, latencies: times, sampleError })),
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, time: number) => {
      if (status >= 200 && status < 300) times.push(time);
    });
    instance.on('reqMismatch', (text: string) => {
      sampleError ??= text.slice(0, 500);
    });
  });
}

async function measureLoad(server: ServerProcess, backend: BackendName, operation: Operation, bodies: string[], token: string, connections: number, duration: number): Promise<LoadRun> {
  const { result, latencies: times, sampleError } = await load(server, bodies, token, connections, duration);
  return {
    backend,
    operation,
    connections,
    durationSeconds: result.duration,
    requests: times.length,
    reqPerSec: round(times.length / result.duration, 1),
    latencyMs: latencies(times),
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    graphqlErrors: result.mismatches,
    sampleError,
  };
}

// --- 4. index lag ------------------------------------------------------------------------------------------

type Lag = {
  updates: number;
  ratePerSecond: number;
  pollMs: number;
  pollConcurrency: number;
  /** Searches the pollers made, and how long each took. */
  searches: number;
  searchMs: Latencies;
  /** From the mutation's response (its transaction committed) until a search on the backend finds the new name. */
  lagMs: Latencies;
  /** The same from the moment the mutation was sent: an upper bound. */
  lagFromSendMs: Latencies;
  /** How late each figure may be: from the start of the last search that missed the new name to the one that found it. */
  resolutionMs: Latencies;
  /** Commit acknowledged → the start of the last search that missed the new name (0 when the first one found it): the lag was at least this. */
  lagLowerBoundMs: Latencies;
  mutationMs: Latencies;
  notFound: number;
  mutationErrors: number;
  sampleError?: string;
  /** The drainer's own view of the renames' outbox rows: enqueued (in the writing transaction) to written to the backend. */
  drainer: { batches: number; written: number; lagP50Ms: number | null; lagP95Ms: number | null; failures: number; lastError: string | null };
};

const LAG_WORD = /\slag[0-9a-f]{6}x[0-9]+$/;

/** Names left renamed by an interrupted run are put back (before the reindex, so the index agrees). */
async function restoreLeftovers(url: string): Promise<number> {
  return withClient(url, async (client) => {
    const { rowCount } = await client.query(`update company set name = regexp_replace(name, '${LAG_WORD.source}', '') where name ~ '${LAG_WORD.source}'`);
    return rowCount ?? 0;
  });
}

const RENAME = `mutation BenchRename($id: UUID!, $name: String) { updateCompany(id: $id, input: { name: $name }) { id name } }`;

async function measureLag(b: BenchBackend, orm: Orm, server: ServerProcess, url: string, token: string, options: Options): Promise<Lag> {
  const companies = await withClient(url, async (client) => {
    const { rows } = await client.query(`select id, name from company where not archived order by md5(id::text || 'lag') limit $1`, [options.lagUpdates]);
    return rows as Array<{ id: string; name: string }>;
  });
  const runTag = randomBytes(3).toString('hex');
  const logger = createLogger('warn');
  const drainer = startDrainer(orm, b.backend, searchCatalog, logger, { idleMs: 200 });
  // The searches that look for the new names go through a backend object of their own (as the api's would).
  const poller = b.make();
  const lags: number[] = [];
  const fromSend: number[] = [];
  const resolution: number[] = [];
  const lowerBounds: number[] = [];
  const mutations: number[] = [];
  let notFound = 0;
  let mutationErrors = 0;
  let sampleError: string | undefined;
  const searchTimes: number[] = [];
  const renamed: Array<{ id: string; name: string }> = [];
  const timeoutMs = 30_000;
  let stats: ReturnType<typeof drainer.stats> | undefined;
  /** Renames committed and not yet found. */
  type Pending = { id: string; word: string; sent: number; acknowledged: number; lastCheck: number; lastMissStart: number; inFlight: boolean };
  const pending: Pending[] = [];
  try {
    const interval = 1000 / options.lagRate;
    const start = performance.now();
    let producing = true;
    const renames = Promise.all(
      companies.map(async (company, i) => {
        const due = start + i * interval;
        await sleep(Math.max(0, due - performance.now()));
        const word = `lag${runTag}x${i}`;
        const sent = performance.now();
        const { status, json } = await post(server, JSON.stringify({ query: RENAME, variables: { id: company.id, name: `${company.name} ${word}` } }), token);
        const acknowledged = performance.now();
        if (status !== 200 || json.errors?.length) {
          mutationErrors++;
          sampleError ??= `HTTP ${status}: ${JSON.stringify(json.errors ?? json).slice(0, 300)}`;
          return;
        }
        renamed.push(company);
        mutations.push(acknowledged - sent);
        pending.push({ id: company.id, word, sent, acknowledged, lastCheck: acknowledged - options.pollMs, lastMissStart: acknowledged, inFlight: false });
      }),
    ).finally(() => (producing = false));
    // A bounded number of searches in flight whatever the backlog (one poller per rename would load the
    // backend with hundreds of searches a second and measure its own queue): each worker takes the pending
    // rename checked longest ago (at most every pollMs) and searches for its new name.
    const workers = Array.from({ length: options.pollConcurrency }, async () => {
      while (producing || pending.length) {
        const now = performance.now();
        let item: Pending | undefined;
        for (const p of pending) if (!p.inFlight && now - p.lastCheck >= options.pollMs && (!item || p.lastCheck < item.lastCheck)) item = p;
        if (!item) {
          await sleep(2);
          continue;
        }
        item.inFlight = true;
        const checkStart = performance.now();
        const result = await poller.search({ term: item.word, entities: [{ entity: 'company', filters: [] }], sort: [], offset: 0, limit: 5, readable: [] });
        const t = performance.now();
        searchTimes.push(t - checkStart);
        item.inFlight = false;
        item.lastCheck = t;
        const found = result.hits.some((h) => h.id === item.id);
        if (found || t - item.acknowledged > timeoutMs) {
          pending.splice(pending.indexOf(item), 1);
          if (!found) notFound++;
          else {
            lags.push(t - item.acknowledged);
            fromSend.push(t - item.sent);
            // The document became searchable after the last search that missed it began: the figure is late by at most this.
            resolution.push(t - item.lastMissStart);
            lowerBounds.push(item.lastMissStart - item.acknowledged);
          }
        } else item.lastMissStart = checkStart;
      }
    });
    await renames;
    await Promise.all(workers);
    // The drainer's own figures for the renames alone (putting the names back below adds its own rows).
    stats = drainer.stats();
  } finally {
    // Put the names back (through the api, so the outbox carries them to the backend too), and let the
    // drainer catch up before it stops.
    const queue = [...renamed];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let c = queue.shift(); c; c = queue.shift()) await post(server, JSON.stringify({ query: RENAME, variables: { id: c.id, name: c.name } }), token);
      }),
    );
    const left = await restoreLeftovers(url); // whatever the api refused
    if (left) log(`  restored ${left} company names directly`);
    await withClient(url, async (client) => {
      for (let waited = 0; waited < 120_000; waited += 250) {
        if (!(await client.query('select 1 from search_outbox limit 1')).rowCount) return;
        await sleep(250);
      }
      log('  WARNING: the outbox did not drain within 2 minutes of the last rename');
    });
    await drainer.stop();
    await poller.close();
  }
  stats ??= drainer.stats();
  return {
    updates: companies.length,
    ratePerSecond: options.lagRate,
    pollMs: options.pollMs,
    pollConcurrency: options.pollConcurrency,
    searches: searchTimes.length,
    searchMs: latencies(searchTimes),
    lagMs: latencies(lags),
    lagFromSendMs: latencies(fromSend),
    resolutionMs: latencies(resolution),
    lagLowerBoundMs: latencies(lowerBounds),
    mutationMs: latencies(mutations),
    notFound,
    mutationErrors,
    sampleError,
    drainer: { batches: stats.batches, written: stats.written, lagP50Ms: stats.lagP50Ms, lagP95Ms: stats.lagP95Ms, failures: stats.failures, lastError: stats.lastError },
  };
}

// --- the report ------------------------------------------------------------------------------------------

type BackendResult = {
  backend: BackendName;
  indexPrefix?: string;
  reindex?: Reindex;
  calls?: CallTiming[];
  checks?: Record<Operation, TermCheck[]>;
  load?: LoadRun[];
  lag?: Lag;
  problems: string[];
};

type TargetCheck = { target: string; backend: BackendName; figure: string; met: boolean };

function targets(results: BackendResult[]): TargetCheck[] {
  const out: TargetCheck[] = [];
  for (const r of results) {
    const minimum = TARGETS.reindexDocsPerSecond[r.backend];
    if (minimum && r.reindex) out.push({ target: `reindex ≥ ${int(minimum)} docs/s`, backend: r.backend, figure: `${int(r.reindex.docsPerSecond)} docs/s`, met: r.reindex.docsPerSecond >= minimum });
    for (const run of r.load ?? []) {
      const max = TARGETS.p95Ms[r.backend];
      out.push({ target: `${run.operation} @ ${run.connections}: p95 ≤ ${max} ms`, backend: r.backend, figure: `${run.latencyMs.p95.toFixed(1)} ms`, met: run.latencyMs.p95 <= max && run.errors + run.non2xx + run.graphqlErrors === 0 });
    }
    if (r.lag) out.push({ target: `index lag p95 < ${int(TARGETS.lagP95Ms)} ms`, backend: r.backend, figure: `${int(r.lag.lagMs.p95)} ms (lower bound ${int(r.lag.lagLowerBoundMs.p95)} ms)${r.lag.notFound ? `, ${r.lag.notFound} never found` : ''}`, met: r.lag.lagMs.p95 < TARGETS.lagP95Ms && !r.lag.notFound });
  }
  return out;
}

function markdown(results: BackendResult[], checks: TargetCheck[]): string {
  const lines: string[] = [];
  const reindexed = results.filter((r) => r.reindex);
  if (reindexed.length) {
    lines.push('Full reindex (`syncAll`, batches of 1,000, into an empty backend):', '', '| backend | entity | documents | seconds | docs/s |', '|---|---|--:|--:|--:|');
    for (const r of reindexed) {
      for (const e of r.reindex!.entities) lines.push(`| ${r.backend} | ${e.entity} | ${int(e.documents)} | ${e.seconds.toFixed(1)} | ${int(e.docsPerSecond)} |`);
      lines.push(`| ${r.backend} | **all** | **${int(r.reindex!.documents)}** | **${r.reindex!.seconds.toFixed(1)}** | **${int(r.reindex!.docsPerSecond)}** |`);
    }
    lines.push('');
  }
  const loaded = results.filter((r) => r.load?.length);
  if (loaded.length) {
    lines.push('GraphQL searches through the gateway (autocannon, rotating terms):', '', '| backend | operation | connections | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |', '|---|---|--:|--:|--:|--:|--:|--:|--:|');
    for (const r of loaded) {
      for (const run of r.load!) {
        const l = run.latencyMs;
        lines.push(`| ${r.backend} | ${run.operation} | ${run.connections} | ${run.reqPerSec.toFixed(0)} | ${l.p50.toFixed(1)} | ${l.p95.toFixed(1)} | ${l.p99.toFixed(1)} | ${l.max.toFixed(1)} | ${run.errors + run.non2xx + run.graphqlErrors} |`);
      }
    }
    lines.push('');
  }
  const lagged = results.filter((r) => r.lag);
  if (lagged.length) {
    lines.push(
      'Index lag (company renames through GraphQL, drainer idle 200 ms; commit acknowledged → found by a search; the lower bound: → the last search that missed):',
      '',
      '| backend | renames | rate /s | p50 ms | p95 ms | max ms | p50 / p95, lower bound ms | never found | drainer: enqueued → written p50 / p95 ms |',
      '|---|--:|--:|--:|--:|--:|--:|--:|--:|',
    );
    for (const r of lagged) {
      const g = r.lag!;
      lines.push(
        `| ${r.backend} | ${g.updates - g.mutationErrors} | ${g.ratePerSecond} | ${int(g.lagMs.p50)} | ${int(g.lagMs.p95)} | ${int(g.lagMs.max)} | ${int(g.lagLowerBoundMs.p50)} / ${int(g.lagLowerBoundMs.p95)} | ${g.notFound} | ${g.drainer.lagP50Ms ?? '–'} / ${g.drainer.lagP95Ms ?? '–'} |`,
      );
    }
    lines.push('');
  }
  const called = results.filter((r) => r.calls?.length);
  if (called.length) {
    lines.push('Backend calls, one at a time, no HTTP (in the bench process):', '', '| backend | call | calls | p50 ms | p95 ms | max ms |', '|---|---|--:|--:|--:|--:|');
    for (const r of called) for (const c of r.calls!) lines.push(`| ${r.backend} | ${c.call} | ${c.runs} | ${c.p50.toFixed(1)} | ${c.p95.toFixed(1)} | ${c.max.toFixed(1)} |`);
    lines.push('');
  }
  if (checks.length) {
    lines.push('| target | backend | figure | met |', '|---|---|--:|---|');
    for (const c of checks) lines.push(`| ${c.target} | ${c.backend} | ${c.figure} | ${c.met ? 'yes' : '**no**'} |`);
  }
  return lines.join('\n');
}

// --- main --------------------------------------------------------------------------------------------------

async function runBackend(name: BackendName, ctx: { options: Options; prepared: PreparedDatabase; orm: Orm; terms: Terms; opensearchUrl?: string; stamp: string }): Promise<BackendResult> {
  const { options, prepared, orm, terms } = ctx;
  const b = makeBackend(name, orm, ctx.opensearchUrl, ctx.stamp);
  const result: BackendResult = { backend: name, indexPrefix: b.indexPrefix, problems: [] };
  let server: ServerProcess | undefined;
  try {
    log(`\n=== ${name}${b.indexPrefix ? ` (indices ${b.indexPrefix}*)` : ''} ===`);
    if (name === 'opensearch' || !options.skip.includes('reindex')) {
      log('1. full reindex');
      result.reindex = await reindex(b, orm, prepared.url);
      log(`  ${name}: ${int(result.reindex.documents)} documents in ${result.reindex.seconds.toFixed(1)} s = ${int(result.reindex.docsPerSecond)} docs/s (${int(result.reindex.outboxRowsCovered)} outbox rows it covered removed)`);
    }
    if (!options.skip.includes('calls')) {
      log('2. backend calls, one at a time');
      result.calls = await backendCalls(b.backend, terms);
    }
    if (options.skip.includes('load') && options.skip.includes('lag')) return result;

    const t0 = Date.now();
    server = await ServerProcess.start('gateway', {
      BENCH_DATABASE_URL: prepared.url,
      BENCH_POOL_SIZE: String(options.poolSize),
      BENCH_RULES: 'on',
      BENCH_OPENSEARCH_URL: name === 'opensearch' ? ctx.opensearchUrl! : '',
      BENCH_OPENSEARCH_INDEX_PREFIX: b.indexPrefix ?? '',
    });
    log(`gateway listening at ${server.url} (pid ${server.pid}, search backend ${String(server.info.searchBackend)}) after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (server.info.searchBackend !== name) throw new Error(`the gateway runs the ${String(server.info.searchBackend)} backend, not ${name}`);

    if (!options.skip.includes('load')) {
      log('3. GraphQL searches under load');
      const operations: Operation[] = ['global-search', 'company-search'];
      result.checks = {} as Record<Operation, TermCheck[]>;
      result.load = [];
      const maxConnections = Math.max(...options.connections);
      for (const operation of operations) {
        const checks = await checkBodies(server, operation, terms, prepared.token);
        result.checks[operation] = checks;
        const failed = checks.filter((c) => c.error);
        for (const c of checks) log(`  check ${operation} "${c.term}" (${c.kind}): ${c.error ? `FAILED ${c.error}` : `${c.totalCount} hits${c.aggregations ? ` ${JSON.stringify(c.aggregations)}` : ''}, first ${c.first ?? '–'}`}`);
        if (failed.length) {
          result.problems.push(`${operation}: ${failed.length} term(s) answered with errors; not measured`);
          continue;
        }
        const empty = checks.filter((c) => !c.totalCount);
        if (empty.length) log(`  WARNING: ${empty.length} term(s) find nothing: ${empty.map((c) => `"${c.term}"`).join(', ')}`);
        const bodies = bodiesFor(operation, terms);
        log(`  warming up ${operation} (${options.warmup} s at ${maxConnections} connections)`);
        await load(server, bodies, prepared.token, maxConnections, options.warmup);
        for (const connections of options.connections) {
          const run = await measureLoad(server, name, operation, bodies, prepared.token, connections, options.duration);
          result.load.push(run);
          const bad = run.errors + run.non2xx + run.graphqlErrors;
          log(
            `  ${operation} @ ${connections}: ${run.reqPerSec.toFixed(1)} req/s, p50 ${run.latencyMs.p50.toFixed(1)} ms, p95 ${run.latencyMs.p95.toFixed(1)} ms, p99 ${run.latencyMs.p99.toFixed(1)} ms` +
              (bad ? `  (!) ${run.errors} errors, ${run.non2xx} non-2xx, ${run.graphqlErrors} GraphQL errors${run.sampleError ? `: ${run.sampleError.slice(0, 200)}` : ''}` : ''),
          );
          if (bad) result.problems.push(`${operation} @ ${connections}: ${bad} failed responses`);
        }
      }
    }

    if (!options.skip.includes('lag')) {
      log(`4. index lag: ${options.lagUpdates} company renames at ${options.lagRate}/s, drainer in this process (idle 200 ms)`);
      // Each lag phase renames and restores companies, rewriting thousands of documents and outbox rows; with
      // autovacuum off (as here) earlier runs' dead rows made the next run's drain 5–30 times slower (a 500-
      // document write 240 ms → 1.9 s, lag p95 0.3 → 9.8 s on large). Measure from a vacuumed state.
      await withClient(prepared.url, async (client) => {
        for (const table of ['search_outbox', 'search_document', 'company', 'contact', 'interaction']) await client.query(`vacuum analyze ${table}`);
      });
      result.lag = await measureLag(b, orm, server, prepared.url, prepared.token, options);
      const g = result.lag;
      log(
        `  lag (commit acknowledged → found): p50 ${int(g.lagMs.p50)} ms, p95 ${int(g.lagMs.p95)} ms, max ${int(g.lagMs.max)} ms; ` +
          `lower bound p50 ${int(g.lagLowerBoundMs.p50)} ms, p95 ${int(g.lagLowerBoundMs.p95)} ms; from send p95 ${int(g.lagFromSendMs.p95)} ms; resolution p95 ${int(g.resolutionMs.p95)} ms (${int(g.searches)} searches, p50 ${g.searchMs.p50.toFixed(1)} ms); mutation p50 ${g.mutationMs.p50.toFixed(1)} ms; never found ${g.notFound}; ` +
          `drainer enqueued → written p50 ${g.drainer.lagP50Ms} ms, p95 ${g.drainer.lagP95Ms} ms`,
      );
      if (g.mutationErrors) result.problems.push(`lag: ${g.mutationErrors} renames failed: ${g.sampleError}`);
      if (g.notFound) result.problems.push(`lag: ${g.notFound} renames never found within 30 s`);
    }
    return result;
  } finally {
    await server?.stop();
    if (b.name === 'opensearch' && b.indexPrefix) {
      if (options.keepIndices) log(`  keeping indices ${b.indexPrefix}*`);
      else {
        const dropped = await dropIndices(b.backend as OpenSearchBackend, b.indexPrefix).catch((error: unknown) => {
          log(`  could not delete indices ${b.indexPrefix}*: ${error instanceof Error ? error.message : String(error)}`);
          return [];
        });
        if (dropped.length) log(`  deleted indices ${dropped.join(', ')}`);
      }
    }
    await b.backend.close();
  }
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (!options) return 0;
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const resultsDir = path.join(repoRoot, 'bench', 'results');
  const loadBefore = os.loadavg();
  log(
    `search bench: scale ${options.scale}, backends ${options.backends.join(', ')}, ${options.duration} s per run (${options.warmup} s warm-up), ` +
      `connections ${options.connections.join(', ')}, lag ${options.lagUpdates} renames at ${options.lagRate}/s`,
  );
  log(`database: ${redact(options.databaseUrl)}`);

  const t0 = Date.now();
  const prepared = await prepareDatabase({ url: options.databaseUrl, scale: options.scale, create: options.createDatabase, log });
  log(`data: ${JSON.stringify(prepared.counts)} (prepared in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  if (options.prepareOnly) return 0;
  const leftovers = await restoreLeftovers(prepared.url);
  if (leftovers) log(`restored ${leftovers} company names an interrupted run had left renamed`);
  const terms = await pickTerms(prepared.url);
  log(`sector for the filtered search: "${terms.sector.name}" (${terms.sector.id}), ${terms.sector.subSectors} sub-sectors, ${int(terms.sector.ukCompanies)} live UK companies`);
  log(`global terms: ${terms.global.map((t) => `"${t.term}"`).join(', ')}`);
  log(`company terms: ${terms.company.map((t) => `"${t.term}"`).join(', ')}`);

  let ownNode: OwnNode | undefined;
  let opensearchUrl = options.opensearchUrl;
  let opensearchVersion: string | undefined;
  const orm = await openOrm({ kind: 'server', url: prepared.url, poolSize: 10 });
  const results: BackendResult[] = [];
  let exitCode = 0;
  try {
    if (options.backends.includes('opensearch')) {
      if (!opensearchUrl) {
        ownNode = await startOwnNode();
        opensearchUrl = ownNode.url;
      }
      const probe = createOpenSearchBackend({ url: opensearchUrl, indexPrefix: 'crm_bench_probe_', entities: searchCatalog.entities });
      try {
        opensearchVersion = String((await probe.client.info()).body.version?.number ?? 'unknown');
      } finally {
        await probe.close();
      }
      log(`OpenSearch ${opensearchVersion} at ${redact(opensearchUrl)}${ownNode ? ' (started by this run)' : ''}`);
    }
    for (const name of options.backends) {
      try {
        const r = await runBackend(name, { options, prepared, orm, terms, opensearchUrl, stamp });
        results.push(r);
        if (r.problems.length) exitCode = 1;
      } catch (error) {
        exitCode = 1;
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        log(`*** ${name} failed: ${message}`);
        results.push({ backend: name, problems: [message.split('\n')[0]] });
      }
    }
  } finally {
    await orm.close();
    if (ownNode) {
      log('stopping the OpenSearch node this run started');
      await ownNode.stop();
    }
  }

  const finishedAt = new Date();
  const loadAfter = os.loadavg();
  const cpus = os.cpus();
  const machine = {
    nproc: os.availableParallelism(),
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres: prepared.serverVersion,
    opensearch: opensearchVersion,
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadAfter,
  };
  const checks = targets(results);
  const table = markdown(results, checks);
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `search-${stamp}.json`);
  fs.writeFileSync(
    file,
    `${JSON.stringify(
      {
        startedAt: startedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
        machine,
        options: { ...options, databaseUrl: redact(options.databaseUrl), opensearchUrl: opensearchUrl && redact(opensearchUrl), opensearchStartedByRun: Boolean(ownNode) },
        data: { scale: options.scale, scaleSpec: DEMO_SCALES[options.scale], counts: prepared.counts, seededThisRun: prepared.seeded, seedSeconds: prepared.seedSeconds },
        terms,
        results,
        targets: checks,
        markdown: table,
      },
      null,
      2,
    )}\n`,
  );
  log(`\n${table}\n`);
  for (const r of results) for (const p of r.problems) log(`problem (${r.backend}): ${p}`);
  log(
    `machine: ${machine.nproc} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, PostgreSQL ${machine.postgres}` +
      `${opensearchVersion ? `, OpenSearch ${opensearchVersion}` : ''}; load average before ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${loadAfter.map((x) => x.toFixed(2)).join(' ')}`,
  );
  log(`${startedAt.toISOString()} – ${finishedAt.toISOString()}; results: ${path.relative(process.cwd(), file)}`);
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS')) process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    else process.stderr.write(`bench:search failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
