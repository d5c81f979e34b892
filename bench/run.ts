/**
 * The benchmark: the gateway against PostGraphile v5 and a raw one-statement handler, on the same
 * database and in the same run. See bench/README.md.
 *
 *   npm run bench -- [--scale small|medium] [--duration 10] [--connections 1,32] [--database-url URL]
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import { REF } from '../src/modules/metadata/metadata.entities.js';
import { DEMO_SCALES, type DemoScale } from '../seeds/demo.seed.js';
import { ServerProcess } from './children.js';
import { defaultDatabaseUrl, pickSubject, prepareDatabase, type PreparedDatabase, type Subject } from './database.js';
import {
  canonical,
  CONTACTS_ON_PAGE,
  firstDifference,
  INTERACTIONS_ON_PAGE,
  LIST_SIZE,
  QUERY_NAMES,
  requestBody,
  SERVER_NAMES,
  summary,
  type QueryName,
  type ServerName,
} from './queries.js';
import { checkTargets, verdictLine } from './targets.js';
import { list, log, positive, redact, round, sampleRss, sleep, UsageError } from './cli.js';

const USAGE = `Usage: npm run bench -- [options]

  --scale small|medium        demo data scale (default medium)
  --duration SECONDS          measured seconds per run (default 10)
  --warmup SECONDS            warm-up seconds per server and operation (default 5)
  --connections LIST          concurrency levels (default 1,32)
  --rounds N                  measure everything N times, servers taking turns to go first, and
                              report each one's median round (default 1)
  --pool-size N               database pool size of every server (default 10)
  --database-url URL          use this database (default: creates/reuses crm_bench_<scale> on
                              postgres://postgres@127.0.0.1:5432/)
  --queries LIST              company-page,company-list,project-page (default all three)
  --servers LIST              gateway,postgraphile,raw (default all three)
  --rules on|off              the gateway with its permission rules (default) or without them, to
                              measure what the rules cost; never serve an unguarded schema otherwise
  --cpu-prof LIST             run these servers with node --cpu-prof; profiles go to
                              bench/results/<timestamp>-profiles/ (slows them: not for figures)
  --gateway-node-flags=FLAGS  node flags for the gateway's process, space-separated, after an = sign
                              (--gateway-node-flags=--max-semi-space-size=16): what a V8 setting does
                              to its RSS and req/s
  --prepare-only              prepare the database and stop
  --help
`;

type Options = {
  scale: DemoScale;
  duration: number;
  warmup: number;
  connections: number[];
  rounds: number;
  cpuProf: ServerName[];
  gatewayNodeFlags: string[];
  poolSize: number;
  databaseUrl: string;
  createDatabase: boolean;
  queries: QueryName[];
  servers: ServerName[];
  prepareOnly: boolean;
  rules: boolean;
};

function onOff(value: string, flag: string): boolean {
  if (value !== 'on' && value !== 'off') throw new UsageError(`${flag}: expected on or off, got "${value}"`);
  return value === 'on';
}

function parseOptions(argv: string[]): Options | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      scale: { type: 'string', default: 'medium' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '5' },
      connections: { type: 'string', default: '1,32' },
      rounds: { type: 'string', default: '1' },
      'cpu-prof': { type: 'string', default: '' },
      'gateway-node-flags': { type: 'string', default: '' },
      'pool-size': { type: 'string', default: '10' },
      'database-url': { type: 'string' },
      queries: { type: 'string', default: QUERY_NAMES.join(',') },
      servers: { type: 'string', default: SERVER_NAMES.join(',') },
      'prepare-only': { type: 'boolean', default: false },
      rules: { type: 'string', default: 'on' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return undefined;
  }
  const scale = values.scale as DemoScale;
  if (scale !== 'small' && scale !== 'medium') throw new UsageError(`--scale: expected small or medium, got "${scale}"`);
  return {
    scale,
    duration: positive(values.duration!, '--duration'),
    warmup: positive(values.warmup!, '--warmup'),
    connections: values.connections!.split(',').map((c) => positive(c.trim(), '--connections')),
    rounds: positive(values.rounds!, '--rounds'),
    cpuProf: list(values['cpu-prof']!, SERVER_NAMES, '--cpu-prof'),
    gatewayNodeFlags: values['gateway-node-flags']!.split(' ').filter(Boolean),
    poolSize: positive(values['pool-size']!, '--pool-size'),
    databaseUrl: values['database-url'] ?? defaultDatabaseUrl(scale),
    createDatabase: !values['database-url'],
    queries: list(values.queries!, QUERY_NAMES, '--queries'),
    servers: list(values.servers!, SERVER_NAMES, '--servers'),
    prepareOnly: values['prepare-only']!,
    rules: onOff(values.rules!, '--rules'),
  };
}


// --- talking to the servers ----------------------------------------------------------------------

type Server = ServerProcess;

function headersFor(token: string): Record<string, string> {
  // The same headers for all three; only the gateway reads the token.
  return { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` };
}

async function post(server: Server, body: string, token: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: headersFor(token), body });
  return { status: response.status, text: await response.text() };
}

type Measurement = {
  round?: number;
  server: ServerName;
  query: QueryName;
  connections: number;
  durationSeconds: number;
  requests: number;
  reqPerSec: number;
  latencyMs: { p50: number; p90: number; p99: number; mean: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  sampleMismatch?: string;
  autocannon: { reqPerSecAverage: number; latencyP50: number; latencyP99: number };
  /** The server's peak resident memory during the run, in MB. */
  rssPeakMb: number;
};

/** Per server, operation and concurrency, the round with the median req/s (the lower middle for an even count). */
function medians(runs: Measurement[]): Measurement[] {
  const groups = new Map<string, Measurement[]>();
  for (const r of runs) {
    const key = `${r.server}|${r.query}|${r.connections}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((g) => [...g].sort((a, b) => a.reqPerSec - b.reqPerSec)[Math.floor((g.length - 1) / 2)]);
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** One autocannon run; latencies are kept at full precision here (autocannon's histogram rounds to ms). */
function load(server: Server, body: string, token: string, connections: number, duration: number, expectBody?: string): Promise<{ result: Result; latencies: number[]; sampleMismatch?: string }> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    let sampleMismatch: string | undefined;
    const instance = autocannon(
      { url: `${server.url}/graphql`, method: 'POST', headers: headersFor(token), body, connections, duration, pipelining: 1, timeout: 30, expectBody },
      (error, result) => (error ? reject(error) : resolve({ result, latencies, sampleMismatch })),
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, time: number) => {
      if (status >= 200 && status < 300) latencies.push(time);
    });
    instance.on('reqMismatch', (text: string) => {
      sampleMismatch ??= text.slice(0, 500);
    });
  });
}

async function measure(server: Server, query: QueryName, body: string, token: string, connections: number, duration: number, expectBody: string): Promise<Measurement> {
  const rss = sampleRss(server.pid);
  const { result, latencies, sampleMismatch } = await load(server, body, token, connections, duration, expectBody);
  const rssPeakMb = rss.stop();
  const sorted = [...latencies].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / (sorted.length || 1);
  return {
    server: server.name,
    query,
    connections,
    durationSeconds: result.duration,
    requests: latencies.length,
    reqPerSec: round(latencies.length / result.duration, 1),
    latencyMs: {
      p50: round(percentile(sorted, 0.5)),
      p90: round(percentile(sorted, 0.9)),
      p99: round(percentile(sorted, 0.99)),
      mean: round(mean),
      max: round(sorted.at(-1) ?? NaN),
    },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    mismatches: result.mismatches,
    sampleMismatch,
    autocannon: { reqPerSecAverage: result.requests.average, latencyP50: result.latency.p50, latencyP99: result.latency.p99 },
    rssPeakMb,
  };
}

// --- checks before measuring -------------------------------------------------------------------

type Check = {
  server: ServerName;
  query: QueryName;
  ok: boolean;
  problem?: string;
  /** The exact body the server answers; every measured response must equal it. */
  body?: string;
  summary?: Record<string, unknown>;
  /** The server whose answer the others are compared with: raw, or PostGraphile when raw is not run. */
  reference?: ServerName;
};

async function gatewayMissingFields(server: Server, token: string): Promise<string[]> {
  const body = JSON.stringify({
    query: `{ company: __type(name: "Company") { fields { name } } interaction: __type(name: "Interaction") { fields { name } } }`,
  });
  const { text } = await post(server, body, token);
  const data = JSON.parse(text).data ?? {};
  const has = (type: string, field: string) => (data[type]?.fields ?? []).some((f: { name: string }) => f.name === field);
  const missing: string[] = [];
  for (const field of ['contacts', 'interactions']) if (!has('company', field)) missing.push(`Company.${field}`);
  if (has('company', 'interactions') && !has('interaction', 'participants')) missing.push('Interaction.participants');
  return missing;
}

async function check(servers: Server[], query: QueryName, subjects: Subject, token: string, skip: Map<ServerName, string>): Promise<Check[]> {
  const checks: Check[] = [];
  const data = new Map<ServerName, unknown>();
  for (const server of servers) {
    const reason = skip.get(server.name);
    if (reason) {
      checks.push({ server: server.name, query, ok: false, problem: reason });
      continue;
    }
    const { status, text } = await post(server, requestBody(server.name, query, subjects), token);
    let parsed: any;
    try {
      parsed = JSON.parse(text);
    } catch {
      checks.push({ server: server.name, query, ok: false, problem: `HTTP ${status}, not JSON: ${text.slice(0, 300)}` });
      continue;
    }
    if (status !== 200 || parsed.errors?.length) {
      checks.push({ server: server.name, query, ok: false, problem: `HTTP ${status}: ${JSON.stringify(parsed.errors ?? parsed).slice(0, 600)}` });
      continue;
    }
    const canon = canonical(server.name, query, parsed);
    data.set(server.name, canon);
    checks.push({ server: server.name, query, ok: true, body: text, summary: summary(query, canon) });
  }
  // The raw handler is the reference when it runs; otherwise PostGraphile.
  const referenceName: ServerName | undefined = data.has('raw') ? 'raw' : data.has('postgraphile') ? 'postgraphile' : undefined;
  const reference = referenceName ? data.get(referenceName) : undefined;
  for (const c of checks) {
    c.reference = referenceName;
    if (!c.ok || !referenceName || c.server === referenceName) continue;
    const diff = firstDifference(data.get(c.server), reference);
    if (diff) {
      c.ok = false;
      c.problem = `differs from ${referenceName} at ${diff.path}: ${JSON.stringify(diff.left)?.slice(0, 200)} vs ${JSON.stringify(diff.right)?.slice(0, 200)}`;
    }
  }
  // The data must be worth comparing: the page has contacts and interactions with participants, the list a full page.
  if (reference) {
    const s = summary(query, reference) as any;
    const thin =
      query === 'company-page'
        ? !s.contactIds?.length || !s.interactionIds?.length || !s.participants
        : query === 'project-page'
          ? !s.clientContacts || !s.teamMembers || !s.stageLog || !s.projectManager || !s.ukCompany
          : s.companies !== LIST_SIZE;
    if (thin) log(`WARNING: the ${query} answer is thin: ${JSON.stringify(s)}`);
  }
  return checks;
}

function describe(query: QueryName, s: Record<string, any>): string {
  if (query === 'company-page') return `${s.contactIds?.length} contacts, ${s.interactionIds?.length} interactions, ${s.participants} participants`;
  if (query === 'project-page') return `${s.projectCode}: ${s.clientContacts} client contacts, ${s.teamMembers} team members, ${s.stageLog} stage log entries`;
  return `${s.companies} companies ("${s.first}" … "${s.last}"), hasNextPage ${s.hasNextPage}`;
}

type StatementCount = {
  server: ServerName;
  query: QueryName;
  /** What the gateway itself reports in extensions.sqlStatements (DEBUG_SQL on); raw: 1 by construction. */
  reported?: number | null;
  /** Statements its pg clients sent for the request, counted by wrapping pg.Client.prototype.query. */
  pgClient: number;
  texts: string[];
};

/** Waits until the server has sent no statement for 300 ms (requests queued during a warm-up drain). */
async function quiet(server: Server): Promise<void> {
  for (let i = 0; i < 50; i++) {
    await server.request('count-start');
    await sleep(300);
    const { statements } = await server.request<{ statements: number }>('count-stop');
    if (statements === 0) return;
  }
  throw new Error(`${server.name} kept sending statements with no requests`);
}

async function countStatements(server: Server, query: QueryName, subjects: Subject, token: string): Promise<StatementCount> {
  await quiet(server);
  // The gateway caches a token's lookup for a while from the lookup (src/auth/credential-cache.ts; 60 s in
  // the bench, bench/servers/gateway.ts), so the first request after the warm-up's drain may look it up again;
  // one request just before makes the counted one warm, as nearly every request under load is. Sent to every
  // server alike.
  await post(server, requestBody(server.name, query, subjects), token);
  await quiet(server);
  if (server.name === 'gateway') await server.request('debug-sql', { on: true });
  await server.request('count-start');
  let text: string;
  try {
    ({ text } = await post(server, requestBody(server.name, query, subjects), token));
  } finally {
    if (server.name === 'gateway') await server.request('debug-sql', { on: false });
  }
  const counted = await server.request<{ statements: number; texts: string[] }>('count-stop');
  let reported: number | null | undefined;
  if (server.name === 'gateway') reported = JSON.parse(text).extensions?.sqlStatements ?? null;
  else if (server.name === 'raw') reported = 1;
  else reported = null;
  return { server: server.name, query, reported, pgClient: counted.statements, texts: counted.texts };
}

// --- the report -------------------------------------------------------------------------------------

function machine(prepared: PreparedDatabase) {
  const cpus = os.cpus();
  return {
    nproc: os.availableParallelism(),
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres: prepared.serverVersion,
  };
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
}

function ratio(a?: number, b?: number): number | undefined {
  return a && b ? round(a / b, 2) : undefined;
}

type Ratios = Array<{ query: QueryName; connections: number; vsPostgraphile?: number; vsRaw?: number }>;

function ratios(runs: Measurement[], options: Options): Ratios {
  const out: Ratios = [];
  for (const query of options.queries) {
    for (const connections of options.connections) {
      const get = (s: ServerName) => runs.find((r) => r.query === query && r.connections === connections && r.server === s)?.reqPerSec;
      out.push({ query, connections, vsPostgraphile: ratio(get('gateway'), get('postgraphile')), vsRaw: ratio(get('gateway'), get('raw')) });
    }
  }
  return out;
}

function statementsCell(counts: StatementCount[], server: ServerName, query: QueryName): string {
  const c = counts.find((x) => x.server === server && x.query === query);
  if (!c) return '–';
  if (server === 'gateway') return c.reported == null ? `${c.pgClient}*` : `${c.reported}`;
  return `${c.pgClient}`;
}

function textTable(runs: Measurement[], counts: StatementCount[], options: Options): string {
  const widths = [14, 6, 9, 9, 9, 8, 8, 8];
  const lines: string[] = [];
  for (const query of options.queries) {
    lines.push('', `${query}`, pad(['server', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'SQL/req', 'errors', 'RSS MB'], widths));
    for (const connections of options.connections) {
      for (const server of options.servers) {
        const r = runs.find((x) => x.query === query && x.connections === connections && x.server === server);
        if (!r) {
          lines.push(pad([server, String(connections), 'not run', '', '', statementsCell(counts, server, query), ''], widths));
          continue;
        }
        const errors = r.errors + r.non2xx + r.mismatches;
        lines.push(pad([server, String(connections), r.reqPerSec.toFixed(1), r.latencyMs.p50.toFixed(2), r.latencyMs.p99.toFixed(2), statementsCell(counts, server, query), String(errors), r.rssPeakMb.toFixed(0)], widths));
      }
    }
  }
  return lines.join('\n');
}

function markdownTable(runs: Measurement[], counts: StatementCount[], options: Options, rs: Ratios): string {
  const lines = ['| operation | server | connections | req/s | p50 ms | p99 ms | SQL statements / request | RSS peak MB | gateway ÷ this (req/s) |', '|---|---|--:|--:|--:|--:|--:|--:|--:|'];
  for (const query of options.queries) {
    for (const connections of options.connections) {
      for (const server of options.servers) {
        const r = runs.find((x) => x.query === query && x.connections === connections && x.server === server);
        const rr = rs.find((x) => x.query === query && x.connections === connections);
        const vs = server === 'postgraphile' ? rr?.vsPostgraphile : server === 'raw' ? rr?.vsRaw : undefined;
        lines.push(
          `| ${query} | ${server} | ${connections} | ${r ? r.reqPerSec.toFixed(0) : 'not run'} | ${r ? r.latencyMs.p50.toFixed(2) : ''} | ${r ? r.latencyMs.p99.toFixed(2) : ''} | ${statementsCell(counts, server, query)} | ${r ? r.rssPeakMb.toFixed(0) : ''} | ${vs === undefined ? '' : `${vs.toFixed(2)}×`} |`,
        );
      }
    }
  }
  return lines.join('\n');
}

// --- main ------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (!options) return 0;
  // The servers run on this same node binary; PostGraphile v5 (grafast) fails at query time below 22.
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22) {
    throw new UsageError(
      `Node ${process.version}: the bench needs Node 22 or later (PostGraphile v5). Use \`npm run bench\`, whose PATH has ` +
        'node_modules/.bin/node (Node 24), or `export PATH=$PWD/node_modules/.bin:$PATH`.',
    );
  }
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'results');
  const loadBefore = os.loadavg();
  log(`bench: scale ${options.scale}, ${options.duration} s per run (${options.warmup} s warm-up), connections ${options.connections.join(', ')}, pool ${options.poolSize}, gateway permission rules ${options.rules ? 'on' : 'OFF'}`);
  log(`database: ${redact(options.databaseUrl)}`);

  const prepared = await prepareDatabase({ url: options.databaseUrl, scale: options.scale, create: options.createDatabase, log });
  log(`data: ${JSON.stringify(prepared.counts)}`);
  if (options.prepareOnly) return 0;

  const subject = await pickSubject(prepared.url, REF.country.unitedKingdom, { contacts: CONTACTS_ON_PAGE, interactions: INTERACTIONS_ON_PAGE });
  log(
    `company page: "${subject.companyName}" (${subject.companyId}), the fullest page: ` +
      `${subject.contacts} contacts, ${subject.interactions} interactions (the page shows at most ${CONTACTS_ON_PAGE} and ${INTERACTIONS_ON_PAGE})`,
  );
  log(`company list: UK, not archived, by name, first ${LIST_SIZE} of ${subject.listMatches}`);
  const { project } = subject;
  log(
    `project page: "${project.name}" (code number ${project.codeNumber}, ${project.id}), the fullest page: ` +
      `${project.clientContacts} client contacts, ${project.teamMembers} team members, ${project.stageLog} stage log entries`,
  );

  const env = { BENCH_DATABASE_URL: prepared.url, BENCH_POOL_SIZE: String(options.poolSize), BENCH_RULES: options.rules ? 'on' : 'off' };
  const servers: Server[] = [];
  let exitCode = 0;
  try {
    for (const name of options.servers) {
      const t0 = Date.now();
      const profileDir = path.join(resultsDir, `${stamp}-profiles`);
      const execArgv = options.cpuProf.includes(name) ? ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-name', `${name}.cpuprofile`] : [];
      if (execArgv.length) log(`${name} runs with --cpu-prof (profile in ${path.relative(process.cwd(), profileDir)}): its figures are slowed`);
      if (name === 'gateway' && options.gatewayNodeFlags.length) {
        execArgv.push(...options.gatewayNodeFlags);
        log(`gateway runs with node ${options.gatewayNodeFlags.join(' ')}`);
      }
      const server = await ServerProcess.start(name, env, { execArgv });
      servers.push(server);
      log(`${name} listening at ${server.url} (pid ${server.pid}, pool ${server.info.poolSize}) after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    const token = prepared.token;

    // Which operations the gateway can answer at all.
    const gateway = servers.find((s) => s.name === 'gateway');
    const gatewaySkips = new Map<QueryName, string>();
    if (gateway) {
      const missing = await gatewayMissingFields(gateway, token);
      if (missing.length) gatewaySkips.set('company-page', `the gateway schema has no ${missing.join(', ')} yet`);
    }

    // Same data from all three, before anything is measured.
    const checks: Check[] = [];
    for (const query of options.queries) {
      const skips = new Map<ServerName, string>();
      const reason = gatewaySkips.get(query);
      if (reason) skips.set('gateway', reason);
      const results = await check(servers, query, subject, token, skips);
      checks.push(...results);
      for (const c of results) {
        if (c.ok) log(`check ${query} / ${c.server}: OK, ${describe(query, c.summary!)}${c.server === c.reference ? ' (the reference)' : `, same data as ${c.reference ?? 'nothing: no reference ran'}`}`);
        else log(`CHECK FAILED ${query} / ${c.server}: ${c.problem}`);
      }
    }
    const failed = checks.filter((c) => !c.ok);
    if (failed.length) {
      exitCode = 1;
      log(`\n*** ${failed.length} check(s) failed: those server/operation pairs are not measured (see above). ***\n`);
    }
    const measurable = (server: ServerName, query: QueryName) => checks.find((c) => c.server === server && c.query === query && c.ok);

    // Warm-up, then the statement count of one request each (warm caches, no other traffic).
    const maxConnections = Math.max(...options.connections);
    const counts: StatementCount[] = [];
    for (const query of options.queries) {
      for (const server of servers) {
        if (!measurable(server.name, query)) continue;
        log(`warming up ${server.name} on ${query} (${options.warmup} s at ${maxConnections} connections)`);
        await load(server, requestBody(server.name, query, subject), token, maxConnections, options.warmup);
        counts.push(await countStatements(server, query, subject, token));
      }
    }
    for (const c of counts) {
      const reported = c.server === 'gateway' ? ` (extensions.sqlStatements: ${c.reported ?? 'absent'})` : '';
      log(`SQL ${c.query} / ${c.server}: ${c.pgClient} statement(s) on its pg clients${reported}`);
      for (const t of c.texts) log(`    ${t.slice(0, 160)}`);
    }

    // The measured runs; with several rounds the servers take turns going first, and the table shows
    // each server's median round (by req/s).
    const allRuns: Measurement[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      if (options.rounds > 1) log(`round ${round} of ${options.rounds}`);
      const order = servers.map((_, i) => servers[(i + round - 1) % servers.length]);
      for (const query of options.queries) {
        for (const connections of options.connections) {
          for (const server of order) {
            const ok = measurable(server.name, query);
            if (!ok) continue;
            await quiet(server);
            const m = await measure(server, query, requestBody(server.name, query, subject), token, connections, options.duration, ok.body!);
            m.round = round;
            allRuns.push(m);
            const bad = m.errors + m.non2xx + m.mismatches;
            log(
              `${query} / ${server.name} @ ${connections}: ${m.reqPerSec.toFixed(1)} req/s, p50 ${m.latencyMs.p50.toFixed(2)} ms, p99 ${m.latencyMs.p99.toFixed(2)} ms` +
                (bad ? `  (!) ${m.errors} errors, ${m.non2xx} non-2xx, ${m.mismatches} responses differing from the checked one` : ''),
            );
            if (bad) {
              exitCode = 1;
              if (m.sampleMismatch) log(`    a differing response: ${m.sampleMismatch.slice(0, 300)}`);
            }
          }
        }
      }
    }
    const runs = medians(allRuns);

    const rs = ratios(runs, options);
    const finishedAt = new Date();
    const loadAfter = os.loadavg();
    const info = machine(prepared);
    log(textTable(runs, counts, options));
    log('');
    for (const r of rs) {
      const parts = [`gateway ÷ PostGraphile ${r.vsPostgraphile ?? '–'}`, `gateway ÷ raw ${r.vsRaw ?? '–'}`];
      log(`${r.query} @ ${r.connections}: ${parts.join(', ')}`);
    }
    // Issue 16's targets (bench/targets.ts), each met or not, with the figure.
    const verdicts = checkTargets(runs, counts);
    for (const v of verdicts) log(verdictLine(v));
    if (counts.some((c) => c.server === 'gateway' && c.reported == null)) log('* the gateway did not report extensions.sqlStatements; the figure is the pg-client count');
    log(`machine: ${info.nproc} cores (${info.cpuModel}), ${info.memoryGiB} GiB, Node ${info.node}, PostgreSQL ${info.postgres}; load average before ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${loadAfter.map((x) => x.toFixed(2)).join(' ')}`);

    const markdown = markdownTable(runs, counts, options, rs);
    const results = {
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      machine: { ...info, loadAverageBefore: loadBefore, loadAverageAfter: loadAfter },
      options: { ...options, databaseUrl: redact(options.databaseUrl) },
      data: { scale: options.scale, scaleSpec: DEMO_SCALES[options.scale], counts: prepared.counts, seededThisRun: prepared.seeded, seedSeconds: prepared.seedSeconds },
      subject,
      checks: checks.map(({ body, ...c }) => ({ ...c, bodyBytes: body ? Buffer.byteLength(body) : undefined })),
      statements: counts,
      /** The reported runs: each server's median round. */
      runs,
      allRuns,
      ratios: rs,
      targets: verdicts,
      markdown,
    };
    fs.mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `${stamp}.json`);
    fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    log(`\n${markdown}\n\nresults: ${path.relative(process.cwd(), file)}`);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS')) process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    else process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
