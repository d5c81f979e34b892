/**
 * `npm run bench:startup [-- --runs N]`: how long the embedded quick start takes to be ready. It starts the api
 * as `npm start` does (package.json's `start` command, no DATABASE_URL, the same defaults, a free port and a
 * DATA_DIR of its own under a temp dir): once on an empty data dir (the cold start: migrations, reference and
 * demo data), stopped cleanly, then N times on that data dir (the warm restart). Each start is timed from the
 * spawn to the first `/readyz` 200, polled every 20 ms; the api's own 'started' log line gives its phases.
 * `--data-dir DIR` starts on that data dir instead (the cold start only if it has no database yet) and keeps it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuMs, log, positive, round, sleep, UsageError } from './cli.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const POLL_MS = 20;
// A cold start (migrations, reference and demo data) takes minutes on a busy 2-core machine.
const TIMEOUT_MS = 600_000;

type Options = { runs: number; keep: boolean; dataDir?: string };

function parseOptions(argv: string[]): Options {
  const options: Options = { runs: 5, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--runs') options.runs = positive(argv[++i] ?? '', flag);
    else if (flag === '--keep') options.keep = true;
    else if (flag === '--data-dir') options.dataDir = path.resolve(argv[++i] || '.');
    else throw new UsageError(`unknown option ${flag} (options: --runs N, --keep, --data-dir DIR)`);
  }
  return options;
}

/** package.json's `start` script as argv, with `node` being this Node (the one npm's scripts use). */
function startCommand(): string[] {
  const start = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
  const [program, ...args] = start.trim().split(/\s+/);
  if (program !== 'node') throw new UsageError(`package.json's start script is not a node command: "${start}"`);
  return [process.execPath, ...args];
}

/** A port nothing listens on now (the OS's pick). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

type Start = { ms: number; cpuMs: number; phases?: Record<string, number>; caughtUpMs?: number };

/** The token the bench gives the api's /metrics, to read the search outbox's depth. */
const METRICS_TOKEN = 'bench-startup-metrics';

/** The search outbox's depth, from /metrics; undefined while it does not answer. */
async function outboxDepth(port: number): Promise<number | undefined> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }).catch(() => undefined);
  const text = res?.ok ? await res.text() : '';
  const depth = /^crm_search_outbox_depth (\d+)$/m.exec(text)?.[1];
  return depth === undefined ? undefined : Number(depth);
}

/** The phases of the api's 'started' log line (src/main.ts), when it wrote one. */
function phasesIn(stderr: string): Record<string, number> | undefined {
  for (const line of stderr.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { msg?: string; phases?: Record<string, number> };
      if (entry.msg === 'started' && entry.phases) return entry.phases;
    } catch {
      // not a log line
    }
  }
  return undefined;
}

/**
 * One start: spawn, poll /readyz until 200, then SIGTERM and wait for the exit (the api checkpoints PGlite on its
 * way out). With `catchUp` (the cold start), it first waits for search to catch up with the demo data (the
 * outbox drains after the api listens), so the warm runs that follow do not drain what it left.
 */
async function timeStart(command: string[], dataDir: string, catchUp = false): Promise<Start> {
  const port = await freePort();
  const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, PORT: String(port), METRICS_TOKEN };
  // The quick start: embedded PGlite and its PostgreSQL search, whatever this shell points at.
  delete env.DATABASE_URL;
  delete env.OPENSEARCH_URL;
  const started = performance.now();
  const child = spawn(command[0]!, command.slice(1), { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const alive = () => child.exitCode === null && child.signalCode === null;
  try {
    for (;;) {
      if (!alive()) throw new Error(`the api exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output}`);
      if (performance.now() - started > TIMEOUT_MS) throw new Error(`the api was not ready within ${TIMEOUT_MS / 1000} s:\n${output}`);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (res) => res.status === 200,
        () => false,
      );
      if (ready) break;
      await sleep(POLL_MS);
    }
    const ms = performance.now() - started;
    // On a busy machine the CPU time moves far less than the wall time.
    const cpu = cpuMs(child.pid);
    let caughtUpMs: number | undefined;
    while (catchUp && caughtUpMs === undefined) {
      if (performance.now() - started > TIMEOUT_MS) throw new Error(`search did not catch up within ${TIMEOUT_MS / 1000} s`);
      if ((await outboxDepth(port)) === 0) caughtUpMs = performance.now() - started;
      else await sleep(200);
    }
    // The 'started' line is written before the server answers; give the pipe a moment to deliver it.
    await sleep(100);
    return { ms, cpuMs: cpu, phases: phasesIn(stderr), caughtUpMs };
  } finally {
    if (alive()) {
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(kill);
    }
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const describe = (start: Start) =>
  `${round(start.ms / 1000)} s${Number.isNaN(start.cpuMs) ? '' : ` (CPU ${round(start.cpuMs / 1000)} s)`}${start.phases ? `  (${Object.entries(start.phases).map(([phase, ms]) => `${phase} ${Math.round(ms)}`).join(', ')} ms)` : ''}`;

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const command = startCommand();
  // --data-dir: a data dir of one's own, kept, e.g. to compare two builds on the same data (A/B runs).
  const tmp = options.dataDir ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bench-startup-'));
  const dataDir = options.dataDir ?? path.join(tmp!, 'data');
  log(`bench:startup: \`${['node', ...command.slice(1)].join(' ')}\` (package.json's start) in ${root}, DATA_DIR=${dataDir}, ${options.runs} warm runs`);
  try {
    if (fs.existsSync(path.join(dataDir, 'pglite'))) log('cold start: skipped, the data dir has a database');
    else {
      const cold = await timeStart(command, dataDir, true);
      log(`cold start (empty data dir): ${describe(cold)}; search caught up with the demo data at ${round(cold.caughtUpMs! / 1000)} s`);
    }
    const warm: Start[] = [];
    for (let run = 1; run <= options.runs; run++) {
      const start = await timeStart(command, dataDir);
      warm.push(start);
      log(`warm run ${run}: ${describe(start)}`);
    }
    const cpu = warm.every((w) => !Number.isNaN(w.cpuMs)) ? `; the api's CPU time median ${round(median(warm.map((w) => w.cpuMs)) / 1000)} s` : '';
    log(`warm restart to /readyz 200: median ${round(median(warm.map((w) => w.ms)) / 1000)} s of ${warm.length} (min ${round(Math.min(...warm.map((w) => w.ms)) / 1000)}, max ${round(Math.max(...warm.map((w) => w.ms)) / 1000)})${cpu}`);
    const phases = Object.keys(warm.find((w) => w.phases)?.phases ?? {});
    if (phases.length) log(`warm phases, median ms: ${phases.map((p) => `${p} ${Math.round(median(warm.map((w) => w.phases?.[p] ?? NaN)))}`).join(', ')}`);
    log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    if (tmp && options.keep) log(`kept ${tmp}`);
    else if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof UsageError ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
