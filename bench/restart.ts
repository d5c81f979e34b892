/**
 * `npm run build && node dist/bench/restart.js`: a REAL restart of the PostgreSQL server
 * (`pg_ctlcluster <version> <cluster> restart -m fast`) under concurrent writers and readers, against a
 * running api process and worker process (dist/src/main.js, dist/src/worker.js) on a scratch database.
 * Prints how long each process took to recover once the database accepted connections again, the writes
 * acknowledged and lost (acknowledged, yet not in the database afterwards), and every response by code.
 *
 * It restarts the whole server: every other client of it (other engineers' test runs) loses its
 * connections. It refuses to start while a vitest process is running, unless --force.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import pg from 'pg';
import { createAdviserToken } from '../src/auth/tokens.js';
import { migrateUp } from '../src/db/migrations.js';
import { openOrm } from '../src/system.js';
import { createAdviser } from '../src/modules/adviser/index.js';
import { seedMetadata } from '../seeds/metadata.seed.js';
import { log, positive, round, sleep, UsageError } from './cli.js';
import { withClient } from './database.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const UK = '80756b9a-5d95-e211-a939-e4115bead28a';
const UK_BRANCH = 'b0730fc6-fcce-4071-bdab-ba8de4f4fc98';

const USAGE = `Usage: npm run build && node dist/bench/restart.js [options]

  --server-url URL     the PostgreSQL server (default postgres://postgres@127.0.0.1:5432)
  --database NAME      the scratch database, dropped and created afresh (default crm_restart_scratch)
  --cluster VER/NAME   the cluster pg_ctlcluster restarts (default: the one pg_lsclusters lists on the URL's port)
  --writers N          concurrent writers (default 6: half create companies, half update their own company)
  --readers N          concurrent readers (default 2)
  --before S           seconds of load before the restart (default 3)
  --after S            seconds of load after both processes have recovered (default 3)
  --keep               keep the scratch database
  --force              run even while a vitest process is running
`;

type Options = { serverUrl: string; database: string; cluster?: string; writers: number; readers: number; before: number; after: number; keep: boolean; force: boolean };

function parseOptions(argv: string[]): Options | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      'server-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
      database: { type: 'string', default: 'crm_restart_scratch' },
      cluster: { type: 'string' },
      writers: { type: 'string', default: '6' },
      readers: { type: 'string', default: '2' },
      before: { type: 'string', default: '3' },
      after: { type: 'string', default: '3' },
      keep: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return undefined;
  }
  if (!/^[a-z0-9_]+$/.test(values.database!)) throw new UsageError('--database: lower-case letters, digits and _ only');
  return {
    serverUrl: values['server-url']!.replace(/\/$/, ''),
    database: values.database!,
    cluster: values.cluster,
    writers: positive(values.writers!, '--writers'),
    readers: positive(values.readers!, '--readers'),
    before: positive(values.before!, '--before', false),
    after: positive(values.after!, '--after', false),
    keep: values.keep!,
    force: values.force!,
  };
}

/** Process ids of running vitest processes (from /proc), not counting this one. */
function vitestProcesses(): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('vitest')) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

async function clusterOf(serverUrl: string): Promise<string> {
  const port = new URL(serverUrl).port || '5432';
  const { stdout } = await promisify(execFile)('pg_lsclusters', ['--no-header']);
  const line = stdout.split('\n').find((l) => l.trim().split(/\s+/)[2] === port);
  if (!line) throw new UsageError(`pg_lsclusters lists no cluster on port ${port}; pass --cluster VER/NAME`);
  const [version, name] = line.trim().split(/\s+/);
  return `${version}/${name}`;
}

type Child = { name: string; child: ChildProcess; output: string[]; exited: () => string | null; stop: () => Promise<void> };

/** A gateway process from dist/, its output kept line by line; resolves once a line matches `ready`. */
async function start(name: string, script: string, env: Record<string, string>, ready: RegExp): Promise<Child & { match: RegExpMatchArray }> {
  const child = spawn(process.execPath, [path.join(here, '..', 'src', script)], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  let exit: string | null = null;
  child.on('exit', (code, signal) => (exit = `exited with ${code ?? signal}`));
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} was not ready in 60 s:\n${output.join('\n')}`)), 60_000);
    let partial = '';
    const onData = (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop()!;
      for (const line of lines) if (line) output.push(line);
      const found = ready.exec(output.join('\n'));
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${output.join('\n')}`));
    });
  });
  const stop = async () => {
    if (exit) return;
    const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await done;
    clearTimeout(timer);
  };
  return { name, child, output, exited: () => exit, stop, match };
}

/** Waits (polling every 10 ms) until `check` holds; fails after `seconds`. */
async function waitUntil(what: string, check: () => boolean | Promise<boolean>, seconds = 60): Promise<number> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${seconds} s`);
    await sleep(10);
  }
  return Date.now();
}

type Outcome = { at: number; sentAt: number; kind: 'create' | 'update' | 'read'; key: string; ok: boolean };

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (!options) return 0;
  const running = vitestProcesses();
  if (running.length && !options.force) {
    throw new UsageError(`vitest is running (pid ${running.join(', ')}): a restart would kill its database connections. Wait for it, or pass --force.`);
  }
  const cluster = options.cluster ?? (await clusterOf(options.serverUrl));
  const [version, clusterName] = cluster.split('/');
  const url = `${options.serverUrl}/${options.database}`;
  const serverAdmin = `${options.serverUrl}/postgres`;

  log(`scratch database ${options.database}; cluster ${cluster}; ${options.writers} writers, ${options.readers} readers`);
  await withClient(serverAdmin, async (client) => {
    await client.query(`drop database if exists "${options.database}" with (force)`);
    await client.query(`create database "${options.database}"`);
  });
  const orm = await openOrm({ kind: 'server', url, poolSize: 2 });
  let token: string;
  try {
    await migrateUp(orm);
    await seedMetadata(orm.em.fork());
    const em = orm.em.fork();
    const adviser = await createAdviser(em, { email: 'restart.bench@example.gov.uk', name: 'Restart Bench', superuser: true });
    ({ token } = await createAdviserToken(em, adviser, { days: 1 }));
  } finally {
    await orm.close();
  }
  const refs = await withClient(url, async (client) => {
    const { rows } = await client.query(
      `select (select id from metadata_business_type where disabled_on is null and id <> $1 order by id limit 1) as "businessTypeId",
              (select id from metadata_sector where disabled_on is null order by id limit 1) as "sectorId",
              (select id from metadata_uk_region where disabled_on is null order by id limit 1) as "ukRegionId"`,
      [UK_BRANCH],
    );
    return rows[0];
  });

  const env = { DATABASE_URL: url, NODE_ENV: 'production', SECRET_KEY: randomBytes(32).toString('hex'), LOG_LEVEL: 'info', RATE_LIMIT_PER_MINUTE: '0' };
  const api = await start('api', 'main.js', { ...env, HOST: '127.0.0.1', PORT: '0' }, /listening on (http:\/\/[\d.:]+)\/graphql/);
  const worker = await start('worker', 'worker.js', env, /"msg":"worker started"/);
  const apiUrl = api.match[1];
  const children = [api, worker];

  try {
    const codes = new Map<string, number>();
    const outcomes: Outcome[] = [];
    const acknowledged = new Map<string, string>();
    const updates: Array<{ id: string; acknowledged: number; attempted: number }> = [];
    let stop = false;

    const gql = async (query: string, variables: Record<string, unknown>) => {
      try {
        const res = await fetch(`${apiUrl}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
        });
        const body: any = await res.json().catch(() => ({}));
        const ok = res.status === 200 && !body.errors && body.data;
        const code = ok ? 'ok' : [...new Set<string>((body.errors ?? []).map((e: any) => e.extensions?.code ?? '?'))].join('+') || 'no errors';
        const retry = res.headers.get('retry-after') ? ' (Retry-After)' : '';
        const key = `HTTP ${res.status} ${code}${ok ? '' : retry}`;
        codes.set(key, (codes.get(key) ?? 0) + 1);
        return ok ? body.data : undefined;
      } catch (error) {
        const key = `no HTTP response (${(error as any).cause?.code ?? (error as Error).message})`;
        codes.set(key, (codes.get(key) ?? 0) + 1);
        return undefined;
      }
    };
    const input = (name: string) => ({ name, ...refs, address: { line1: '1 High Street', town: 'London', postcode: 'SW1A 1AA', countryId: UK } });
    const create = async (w: number) => {
      for (let n = 1; !stop; n++) {
        const name = `Restart ${w}-${n}`;
        const sentAt = Date.now();
        const data = await gql('mutation($input: CompanyCreateInput!) { createCompany(input: $input) { id } }', { input: input(name) });
        if (data) acknowledged.set(data.createCompany.id, name);
        outcomes.push({ at: Date.now(), sentAt, kind: 'create', key: data?.createCompany.id ?? '', ok: !!data });
      }
    };
    const update = async (w: number) => {
      const data = await gql('mutation($input: CompanyCreateInput!) { createCompany(input: $input) { id } }', { input: input(`Restart Updated ${w}`) });
      if (!data) throw new Error('could not create the company to update');
      const state = { id: data.createCompany.id as string, acknowledged: 0, attempted: 0 };
      updates.push(state);
      for (let n = 1; !stop; n++) {
        state.attempted = n;
        const sentAt = Date.now();
        const ok = !!(await gql('mutation($id: UUID!, $input: CompanyUpdateInput!) { updateCompany(id: $id, input: $input) { id } }', { id: state.id, input: { description: `revision ${n}` } }));
        if (ok) state.acknowledged = n;
        outcomes.push({ at: Date.now(), sentAt, kind: 'update', key: state.id, ok });
      }
    };
    const read = async () => {
      while (!stop) {
        const sentAt = Date.now();
        const ok = !!(await gql('{ companies(first: 5) { totalCount edges { node { id name } } } }', {}));
        outcomes.push({ at: Date.now(), sentAt, kind: 'read', key: '', ok });
      }
    };
    const load = [
      ...Array.from({ length: Math.ceil(options.writers / 2) }, (_, w) => create(w)),
      ...Array.from({ length: Math.floor(options.writers / 2) }, (_, w) => update(w)),
      ...Array.from({ length: options.readers }, () => read()),
    ];

    // The database as a fresh client sees it: when it stopped and when it accepted connections again. A new
    // attempt every 25 ms, each given 250 ms, so one that hangs while the server starts does not hide the others.
    const probe = { down: 0, accepting: 0 };
    let restartStart = 0;
    let probing = true;
    const attempts: Promise<void>[] = [];
    const attempt = async () => {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 250 });
      client.on('error', () => undefined);
      const ok = await client.connect().then(() => client.query('select 1')).then(() => true, () => false);
      const now = Date.now();
      await client.end().catch(() => undefined);
      if (!restartStart || now < restartStart) return;
      if (!ok && !probe.down) probe.down = now;
      if (ok && probe.down && (!probe.accepting || now < probe.accepting)) probe.accepting = now;
    };
    const prober = (async () => {
      while (probing) {
        attempts.push(attempt());
        await sleep(25);
      }
      await Promise.all(attempts);
    })();
    const readyz: Array<{ at: number; status: number }> = [];
    const readyzProbe = (async () => {
      while (probing) {
        const status = await fetch(`${apiUrl}/readyz`).then((r) => r.status, () => 0);
        if (readyz.at(-1)?.status !== status) readyz.push({ at: Date.now(), status });
        await sleep(20);
      }
    })();

    /** The first company acknowledged after `since`: when it was acknowledged, and when the worker wrote its search document. */
    const firstDrained = async (since: number) => {
      await waitUntil('a company created', () => outcomes.some((o) => o.ok && o.kind === 'create' && o.sentAt >= since));
      const first = outcomes.filter((o) => o.ok && o.kind === 'create' && o.sentAt >= since).sort((a, b) => a.at - b.at)[0];
      // The document's updated_on (its write transaction's start; a created company's document is written
      // once), not when this loop got round to looking.
      const written = await withClient(url, async (client) => {
        let ms: number | undefined;
        await waitUntil('that company in search_document', async () => {
          const { rows } = await client.query("select extract(epoch from updated_on) * 1000 as ms from search_document where entity = 'company' and id = $1", [first.key]);
          ms = rows[0] ? Number(rows[0].ms) : undefined;
          return ms !== undefined;
        });
        return ms!;
      });
      return { acknowledged: first.at, written };
    };
    await sleep(options.before * 1000);
    restartStart = Date.now();
    log(`restarting: pg_ctlcluster ${version} ${clusterName} restart -m fast`);
    // Not awaited here: pg_ctlcluster returns a while after the server accepts connections again.
    let restartDone = 0;
    const restart = promisify(execFile)('pg_ctlcluster', [version, clusterName, 'restart', '-m', 'fast']).then(() => void (restartDone = Date.now()));
    await waitUntil('the database accepting connections again', () => probe.accepting > 0);
    const accepting = probe.accepting;

    // The api: its first successful response to a request sent once the database accepted connections.
    await waitUntil('a successful api response', () => outcomes.some((o) => o.ok && o.sentAt >= accepting));
    const apiFirstOk = Math.min(...outcomes.filter((o) => o.ok && o.sentAt >= accepting).map((o) => o.at));
    // The worker: the first change written after that reaches search_document (the outbox drained again).
    const afterRestart = await firstDrained(accepting);
    const workerBack = worker.output.map((line) => /"time":"([^"]+)","level":"info","msg":"search outbox: the database is back"/.exec(line)).find(Boolean);
    await restart;
    await sleep(options.after * 1000);
    stop = true;
    await Promise.all(load);
    probing = false;
    await Promise.all([prober, readyzProbe]);

    // Every acknowledged write, looked for in the database.
    const check = await withClient(url, async (client) => {
      const ids = [...acknowledged.keys()];
      const found = await client.query('select id, name from company where id = any($1::uuid[])', [ids]);
      const names = new Map(found.rows.map((r) => [r.id, r.name]));
      const lostCreates = ids.filter((id) => names.get(id) !== acknowledged.get(id));
      const descriptions = await client.query('select id, description from company where id = any($1::uuid[])', [updates.map((u) => u.id)]);
      const lostUpdates = updates.filter((u) => {
        const revision = Number(/revision (\d+)/.exec(descriptions.rows.find((r) => r.id === u.id)?.description ?? '')?.[1] ?? 0);
        return revision < u.acknowledged;
      });
      return { lostCreates, lostUpdates };
    });
    // The scheduled drain job after the restart (node-cron runs it at second 0 of each minute).
    log('waiting for the worker\'s next scheduled search:drain run (up to 70 s)');
    const jobRun = await withClient(url, async (client) => {
      const deadline = Date.now() + 70_000;
      while (Date.now() < deadline) {
        const { rows } = await client.query(
          "select outcome, started_on from job_run where job = 'search:drain' and started_on > to_timestamp($1 / 1000.0) and outcome <> 'running' order by started_on limit 1",
          [accepting],
        );
        if (rows[0]) return rows[0];
        await sleep(200);
      }
      return undefined;
    });
    const jobRuns = await withClient(url, async (client) => (await client.query('select outcome, count(*)::int as n from job_run group by outcome order by outcome')).rows);

    const s = (ms: number) => `${round(ms / 1000, 3)} s`;
    const writesAcknowledged = acknowledged.size + updates.reduce((n, u) => n + u.acknowledged, 0);
    log('');
    log(`restart: pg_ctlcluster took ${s(restartDone - restartStart)}; the database refused connections from +${s(probe.down - restartStart)} and accepted them again at +${s(accepting - restartStart)}`);
    log(`recovery (database accepting → first success):`);
    log(`  api:    ${s(apiFirstOk - accepting)} (first successful response to a request sent after the database accepted connections)`);
    log(`  worker: ${workerBack ? s(Date.parse(workerBack[1]) - accepting) : 'no "database is back" log line'} (its drain loop's first successful claim, from its log)`);
    log(`          ${s(afterRestart.written - accepting)} (the first company written after that, acknowledged at +${s(afterRestart.acknowledged - accepting)}: its search document written)`);
    log(`  /readyz: ${readyz.map((r) => `${r.status}${r.at >= restartStart ? ` at +${s(r.at - restartStart)}` : ''}`).join(' → ')}`);
    log(`  scheduled job: ${jobRun ? `search:drain started ${jobRun.started_on.toISOString()} → ${jobRun.outcome}` : 'no search:drain run finished within 70 s'}; job_run by outcome: ${jobRuns.map((r) => `${r.outcome} ${r.n}`).join(', ')}`);
    log(`processes: api ${api.exited() ?? 'running'}, worker ${worker.exited() ?? 'running'}`);
    log(`writes acknowledged: ${writesAcknowledged} (${acknowledged.size} creates, ${writesAcknowledged - acknowledged.size} updates)`);
    log(`writes lost (acknowledged, not in the database): ${check.lostCreates.length + check.lostUpdates.length}`);
    log('responses by code:');
    for (const [key, n] of [...codes].sort((a, b) => b[1] - a[1])) log(`  ${String(n).padStart(6)}  ${key}`);
    // What the processes logged at warn and error, by message and error text, for what the figures do not show.
    for (const child of children) {
      const events = new Map<string, number>();
      for (const line of child.output) {
        let event: { level?: string; msg?: string; error?: unknown } | undefined;
        try {
          event = JSON.parse(line);
        } catch {
          continue;
        }
        if (event?.level !== 'warn' && event?.level !== 'error') continue;
        const key = `${event.level} ${event.msg}${event.error ? `: ${String(typeof event.error === 'string' ? event.error : JSON.stringify(event.error)).slice(0, 120)}` : ''}`;
        events.set(key, (events.get(key) ?? 0) + 1);
      }
      log(`${child.name} log, warn and error:${events.size ? '' : ' none'}`);
      for (const [key, n] of [...events].sort((a, b) => b[1] - a[1])) log(`  ${String(n).padStart(6)}  ${key}`);
    }
    const failed = api.exited() || worker.exited() || check.lostCreates.length || check.lostUpdates.length || [...codes.keys()].some((k) => !/ ok$| SERVICE_UNAVAILABLE \(Retry-After\)$/.test(k));
    return failed ? 1 : 0;
  } finally {
    for (const child of children) await child.stop();
    if (!options.keep) await withClient(serverAdmin, (client) => client.query(`drop database if exists "${options.database}" with (force)`)).catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof UsageError ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
