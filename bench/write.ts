/**
 * `npm run bench:write`: the write path. `createInteraction` (with its rules, audit and search outbox rows)
 * against the gateway on the bench database, at 1 and 8 connections by default: requests per second,
 * latency, SQL statements per mutation (extensions.sqlStatements of one warm request with DEBUG_SQL on), and the
 * gateway's resident memory during each run. Every response is checked afterwards: the interactions created
 * must number the 2xx responses, give or take the requests in flight when the run stopped (a GraphQL error
 * is a 200 that creates nothing). The interactions it made
 * are deleted at the end, so the read bench's data stays as it was.
 */
import os from 'node:os';
import autocannon from 'autocannon';
import { DEMO_SCALES, type DemoScale } from '../seeds/demo.seed.js';
import { ServerProcess } from './children.js';
import { list, log, positive, redact, round, sampleRss, UsageError } from './cli.js';
import { defaultDatabaseUrl, prepareDatabase, withClient } from './database.js';

const SUBJECT = 'Bench write: export advice';
const MUTATION = 'mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { id } }';

type Options = { scale: DemoScale; databaseUrl: string; createDatabase: boolean; duration: number; warmup: number; connections: number[] };

function parseOptions(argv: string[]): Options {
  const options: Options = { scale: 'medium', databaseUrl: '', createDatabase: true, duration: 10, warmup: 3, connections: [1, 8] };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i]!, argv[i + 1] ?? ''];
    i++;
    if (flag === '--scale') options.scale = list(value, Object.keys(DEMO_SCALES) as DemoScale[], flag)[0]!;
    else if (flag === '--database-url') [options.databaseUrl, options.createDatabase] = [value, false];
    else if (flag === '--duration') options.duration = positive(value, flag);
    else if (flag === '--warmup') options.warmup = positive(value, flag);
    else if (flag === '--connections') options.connections = value.split(',').map((c) => positive(c, flag));
    else throw new UsageError(`unknown option ${flag} (options: --scale, --database-url, --duration, --warmup, --connections)`);
  }
  options.databaseUrl ||= defaultDatabaseUrl(options.scale);
  return options;
}

/** What one interaction needs, from the bench database: a live company with a contact, a leaf service without questions, a channel, the bench adviser. */
async function interactionInput(url: string) {
  return withClient(url, async (client) => {
    const one = async (sql: string) => (await client.query(sql)).rows[0]?.id as string;
    const companyId = await one(`select c.id from company c where not c.archived and exists (select 1 from contact k where k.company_id = c.id and not k.archived) order by c.id limit 1`);
    return {
      kind: 'INTERACTION',
      date: '2026-01-15',
      subject: SUBJECT,
      companyId,
      contactIds: [await one(`select id from contact where company_id = '${companyId}' and not archived order by id limit 1`)],
      participants: [{ adviserId: await one(`select id from adviser where email = 'bench.runner@example.gov.uk'`) }],
      serviceId: await one(
        `select s.id from metadata_service s where s.disabled_on is null and not exists (select 1 from metadata_service c where c.parent_id = s.id)
           and not exists (select 1 from metadata_service_question q where q.service_id = s.id) order by s.id limit 1`,
      ),
      communicationChannelId: await one(`select id from metadata_communication_channel where disabled_on is null order by id limit 1`),
    };
  });
}

const created = (url: string) => withClient(url, async (c) => Number((await c.query('select count(*) as n from interaction where subject = $1', [SUBJECT])).rows[0].n));

function run(url: string, token: string, body: string, connections: number, duration: number, pid: number) {
  const rss = sampleRss(pid);
  const latencies: number[] = [];
  return new Promise<{ requests: number; ok: number; non2xx: number; errors: number; latencies: number[]; peakRss: number }>((resolve, reject) => {
    const instance = autocannon(
      { url: `${url}/graphql`, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body, connections, duration, pipelining: 1, timeout: 30 },
      (error, result) => {
        const peakRss = rss.stop();
        if (error) return reject(error);
        resolve({ requests: result.requests.total, ok: latencies.length, non2xx: result.non2xx, errors: result.errors + result.timeouts, latencies, peakRss });
      },
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, time: number) => {
      if (status >= 200 && status < 300) latencies.push(time);
    });
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  log(`bench:write: scale ${options.scale}, ${options.duration} s per run (${options.warmup} s warm-up), connections ${options.connections.join(', ')}, database ${redact(options.databaseUrl)}`);
  const prepared = await prepareDatabase({ url: options.databaseUrl, scale: options.scale, create: options.createDatabase, log });
  // Left by an interrupted run: they would change the read bench's company page.
  await withClient(prepared.url, (c) => c.query('delete from interaction where subject = $1', [SUBJECT]));
  const input = await interactionInput(prepared.url);
  const body = JSON.stringify({ query: MUTATION, variables: { input } });
  const gateway = await ServerProcess.start('gateway', { BENCH_DATABASE_URL: prepared.url, BENCH_POOL_SIZE: '10', BENCH_RULES: 'on' });
  const rows: string[] = [];
  let exitCode = 0;
  try {
    // One mutation with DEBUG_SQL on: its answer, and how many statements it ran. A mutation before it warms
    // the gateway's credential cache, whose lookup a first request would count too (every later one hits the
    // cache). The count is what MikroORM and the reader send; a transaction's `begin` and `commit` are not in it.
    const post = () => fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${prepared.token}` }, body });
    await (await post()).text();
    await gateway.request('debug-sql', { on: true });
    const first = await post();
    const answer = (await first.json()) as { data?: { createInteraction?: { id: string } }; errors?: unknown[]; extensions?: { sqlStatements?: number } };
    await gateway.request('debug-sql', { on: false });
    if (answer.errors || !answer.data?.createInteraction?.id) throw new UsageError(`createInteraction failed: ${JSON.stringify(answer.errors)}`);
    const statements = answer.extensions?.sqlStatements;
    log(`createInteraction: ${statements} SQL statements per mutation (extensions.sqlStatements)`);
    for (const connections of options.connections) {
      await run(gateway.url, prepared.token, body, connections, options.warmup, gateway.pid!);
      const before = await created(prepared.url);
      const result = await run(gateway.url, prepared.token, body, connections, options.duration, gateway.pid!);
      // Requests still in flight when autocannon stops (at most one per connection) commit without being counted.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const made = (await created(prepared.url)) - before;
      const sorted = result.latencies.sort((a, b) => a - b);
      const checked = made >= result.ok && made <= result.ok + connections && result.non2xx === 0 && result.errors === 0;
      if (!checked) exitCode = 1;
      const reqPerSec = round(result.ok / options.duration, 1);
      log(`createInteraction @ ${connections}: ${reqPerSec} req/s, p50 ${round(percentile(sorted, 50))} ms, p99 ${round(percentile(sorted, 99))} ms, api RSS peak ${round(result.peakRss, 1)} MB, ${made} interactions for ${result.ok} 2xx responses${checked ? '' : ` — CHECK FAILED (non-2xx ${result.non2xx}, errors ${result.errors})`}`);
      rows.push(`| createInteraction | ${connections} | ${reqPerSec} | ${round(percentile(sorted, 50))} | ${round(percentile(sorted, 99))} | ${statements} | ${round(result.peakRss, 1)} |`);
    }
  } finally {
    await gateway.stop();
    const removed = await withClient(prepared.url, async (c) => (await c.query('delete from interaction where subject = $1', [SUBJECT])).rowCount);
    log(`removed the ${removed} interactions this run made`);
  }
  log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  log('\n| operation | connections | req/s | p50 ms | p99 ms | SQL statements / mutation | api RSS peak MB |\n|---|--:|--:|--:|--:|--:|--:|');
  for (const row of rows) log(row);
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof UsageError ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
