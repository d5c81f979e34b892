/**
 * `npm run bench:cpu`: the gateway's CPU time per request, for each read operation. Requests per second
 * on a machine whose cores are shared (other processes, PostgreSQL, the load generator) move by 20–40 %
 * from one run to the next; the CPU the gateway's own process spends per answer moves far less, so this
 * is the figure to compare two builds with. It sends a fixed number of requests (`--requests`, 8 in flight
 * by default) and reads the process's user + system time from /proc before and after.
 *
 *   npm run bench:cpu -- [--queries company-page,company-list,project-page] [--requests 3000] [--connections 8] [--rounds 3]
 */
import 'reflect-metadata';
import os from 'node:os';
import autocannon, { type Options as LoadOptions } from 'autocannon';
import { REF } from '../src/modules/metadata/metadata.entities.js';
import { ServerProcess } from './children.js';
import { cpuMs, list, log, positive, redact, round, UsageError } from './cli.js';
import { defaultDatabaseUrl, pickSubject, prepareDatabase } from './database.js';
import { CONTACTS_ON_PAGE, INTERACTIONS_ON_PAGE, QUERY_NAMES, requestBody, type QueryName } from './queries.js';

type Options = { queries: QueryName[]; requests: number; connections: number; rounds: number; databaseUrl: string };

function parseOptions(argv: string[]): Options {
  const options: Options = { queries: QUERY_NAMES, requests: 3_000, connections: 8, rounds: 3, databaseUrl: defaultDatabaseUrl('medium') };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i]!, argv[i + 1] ?? ''];
    if (flag === '--queries') options.queries = list(value, QUERY_NAMES, flag);
    else if (flag === '--requests') options.requests = positive(value, flag);
    else if (flag === '--connections') options.connections = positive(value, flag);
    else if (flag === '--rounds') options.rounds = positive(value, flag);
    else if (flag === '--database-url') options.databaseUrl = value;
    else throw new UsageError(`unknown option ${flag} (options: --queries, --requests, --connections, --rounds, --database-url)`);
  }
  return options;
}

/** Sends exactly `amount` requests with `connections` in flight; fails on any non-2xx or error. */
function send(url: string, token: string, body: string, amount: number, connections: number): Promise<void> {
  return new Promise((resolve, reject) => {
    // `amount` (a fixed number of requests rather than a duration) is autocannon's, missing from its types.
    const fixed = { url: `${url}/graphql`, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body, amount, connections, pipelining: 1, timeout: 30 };
    autocannon(
      fixed as LoadOptions,
      (error, result) => {
        if (error) return reject(error);
        if (result.non2xx || result.errors || result.timeouts) return reject(new UsageError(`${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`));
        resolve();
      },
    );
  });
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  log(`bench:cpu: ${options.requests} requests per operation and round, ${options.connections} in flight, ${options.rounds} rounds, database ${redact(options.databaseUrl)}`);
  const prepared = await prepareDatabase({ url: options.databaseUrl, scale: 'medium', create: true, log });
  const subject = await pickSubject(prepared.url, REF.country.unitedKingdom, { contacts: CONTACTS_ON_PAGE, interactions: INTERACTIONS_ON_PAGE });
  const gateway = await ServerProcess.start('gateway', { BENCH_DATABASE_URL: prepared.url, BENCH_POOL_SIZE: '10', BENCH_RULES: 'on' });
  const perQuery = new Map<QueryName, number[]>();
  try {
    for (const query of options.queries) {
      const body = requestBody('gateway', query, subject);
      // Warm-up: compiled code, prepared statements, caches.
      await send(gateway.url, prepared.token, body, Math.min(options.requests, 1_000), options.connections);
      for (let r = 0; r < options.rounds; r++) {
        const before = cpuMs(gateway.pid!);
        await send(gateway.url, prepared.token, body, options.requests, options.connections);
        const perRequest = (cpuMs(gateway.pid!) - before) / options.requests;
        perQuery.set(query, [...(perQuery.get(query) ?? []), perRequest]);
        log(`${query}, round ${r + 1}: ${perRequest.toFixed(3)} ms of gateway CPU per request`);
      }
    }
  } finally {
    await gateway.stop();
  }
  log(`machine: ${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  log('\n| operation | gateway CPU ms / request (median of rounds) | rounds |\n|---|--:|---|');
  for (const [query, values] of perQuery) {
    const sorted = [...values].sort((a, b) => a - b);
    log(`| ${query} | ${round(sorted[Math.floor((sorted.length - 1) / 2)]!, 3)} | ${values.map((v) => v.toFixed(3)).join(', ')} |`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(error instanceof UsageError ? error.message : String((error as Error)?.stack ?? error));
    process.exit(1);
  },
);
