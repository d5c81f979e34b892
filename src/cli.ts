import 'reflect-metadata';
import { JOB_TIME_ZONE, slotFromText, slotOf } from './jobs/slot.js';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { jobActor, runAsActor } from './audit/actor.js';
import type { Command } from './cli-command.js';
import { ConfigError, loadConfig } from './config/config.js';
import { migrateDown, migrateUp, pendingMigrations } from './db/migrations.js';
import { databaseTarget } from './db/orm.js';
import { AppError } from './errors.js';
import { writePermissionsDoc } from './graphql/permissions-doc.js';
import { writeSchemaFile } from './graphql/print-schema.js';
import { seedMetadata } from '../seeds/metadata.seed.js';
import { DEMO_SCALES, seedDemo, type DemoScale } from '../seeds/demo.seed.js';
import { buildAppSchema, jobs, mergeNamed, moduleCommands, openOrm, schemaRules, searchCatalog } from './system.js';
import { runJob } from './jobs/job-runs.js';
import { createLogger } from './logger.js';
import { createSearchBackend } from './search/backend.js';

export type { Command } from './cli-command.js';

/** The system's own commands; the modules' come from their manifests (src/system.ts). */
const OWN_COMMANDS: Record<string, Command> = {
  migrate: {
    usage: 'migrate',
    summary: 'Apply pending migrations.',
    run: async ({ orm, out }) => {
      const applied = await migrateUp(orm);
      out(applied.length ? `Applied: ${applied.join(', ')}` : 'Nothing to migrate: the database is up to date.');
    },
  },
  'migrate:down': {
    usage: 'migrate:down [--to NAME|0]',
    summary: 'Revert the last migration (or down to --to; 0 reverts all).',
    options: { to: { type: 'string' } },
    run: async ({ orm, values, out }) => {
      const to = values.to === undefined ? undefined : values.to === '0' ? 0 : values.to;
      const reverted = await migrateDown(orm, { to });
      out(reverted.length ? `Reverted: ${reverted.join(', ')}` : 'Nothing to revert.');
    },
  },
  'migrate:status': {
    usage: 'migrate:status',
    summary: 'List pending migrations.',
    run: async ({ orm, out }) => {
      const pending = await pendingMigrations(orm);
      out(pending.length ? `Pending: ${pending.join(', ')}` : 'No pending migrations.');
    },
  },
  'seed:metadata': {
    usage: 'seed:metadata',
    summary: 'Load the reference tables from seeds/reference-data (idempotent).',
    run: async ({ orm, out }) => {
      const report = await seedMetadata(orm.em.fork());
      for (const { table, rows } of report) out(`${table.padEnd(34)} ${rows}`);
    },
  },
  'seed:demo': {
    usage: 'seed:demo [--scale small|medium|large] [--seed N]',
    summary: "Generate deterministic demo data: every module's part (advisers, companies, contacts, interactions, events...).",
    options: { scale: { type: 'string', default: 'small' }, seed: { type: 'string', default: '1' } },
    run: async ({ orm, values, out }) => {
      const scale = values.scale as DemoScale;
      if (!(scale in DEMO_SCALES)) throw new AppError('BAD_USER_INPUT', `--scale must be one of ${Object.keys(DEMO_SCALES).join(', ')}.`);
      const seed = Number(values.seed);
      if (!Number.isInteger(seed)) throw new AppError('BAD_USER_INPUT', '--seed must be an integer.');
      await seedMetadata(orm.em.fork());
      const bar = new SingleBar({ format: ' {bar} {percentage}% | {value}/{total} rows | {label}', hideCursor: true }, Presets.shades_classic);
      let started = false;
      const t0 = Date.now();
      const counts = await seedDemo(orm.em.fork(), {
        scale,
        seed,
        onProgress: (done, total, label) => {
          if (!started) bar.start(total, 0, { label });
          started = true;
          bar.update(done, { label });
        },
      });
      if (started) bar.stop();
      out(`Demo data (${scale}, seed ${seed}) in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`);
    },
  },
  'job:run': {
    get usage() {
      return `job:run --job NAME (${Object.keys(jobs).join(', ')}) [--at 2026-03-01T08:30 (Europe/London; default now)]`;
    },
    summary: 'Run one scheduled job now, under its lock, recorded in job_run; --at runs it for another slot.',
    options: { job: { type: 'string' }, at: { type: 'string' } },
    run: async ({ orm, config, values, out }) => {
      const job = values.job ? jobs[values.job as string] : undefined;
      if (!job) throw new AppError('BAD_USER_INPUT', `--job is one of ${Object.keys(jobs).join(', ')}.`);
      const slot = values.at === undefined ? slotOf(new Date()) : slotFromText(values.at as string);
      if (!slot) throw new AppError('BAD_USER_INPUT', `--at is a time in ${JOB_TIME_ZONE} (2026-03-01T08:30) or an instant with its offset (2026-03-01T08:30:00Z).`);
      const backend = await createSearchBackend(config, orm, searchCatalog);
      try {
        const deps = { orm, config, logger: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel), backend, catalog: searchCatalog };
        const { outcome, counts } = await runJob(deps, values.job as string, (signal) => job.run(deps, { slot, signal }), { slot });
        out(`${values.job} (${slot.day} ${slot.time} ${JOB_TIME_ZONE}): ${outcome}${Object.keys(counts).length ? ` (${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}`);
      } finally {
        await backend.close();
      }
    },
  },
  'docs:permissions': {
    usage: 'docs:permissions',
    summary: 'Write docs/permissions.md from the schema and the permission rules.',
    needsDb: false,
    run: async ({ out }) => out(`Wrote ${writePermissionsDoc(await buildAppSchema(), schemaRules)}`),
  },
  'schema:print': {
    usage: 'schema:print',
    summary: 'Write schema/schema.graphql from the code-first schema.',
    needsDb: false,
    run: async ({ out }) => out(`Wrote ${writeSchemaFile(await buildAppSchema())}`),
  },
};

/** Every command `npm run cli` knows: the system's own, then the modules'. */
export const COMMANDS: Record<string, Command> = mergeNamed('command', [OWN_COMMANDS, moduleCommands]);

function help(): string {
  const rows = Object.values(COMMANDS).map((c) => `  ${c.usage.padEnd(70)} ${c.summary}`);
  return `Usage: npm run cli -- <command> [options]\n\nCommands:\n${rows.join('\n')}\n`;
}

export type CliIo = { out: (line: string) => void; err: (text: string) => void };

const stdio: CliIo = { out: (line) => process.stdout.write(`${line}\n`), err: (text) => process.stderr.write(text) };

/** Runs one CLI command and returns its exit code; expected failures are printed, not thrown. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env, io: CliIo = stdio): Promise<number> {
  try {
    return await dispatch(argv, env, io);
  } catch (error) {
    if (error instanceof AppError || error instanceof ConfigError) {
      io.err(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

async function dispatch(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    io.err(name && name !== 'help' && name !== '--help' ? `Unknown command: ${name}\n\n${help()}` : help());
    return name && name !== 'help' && name !== '--help' ? 2 : 0;
  }
  let values: Record<string, any>;
  try {
    values = parseArgs({ args: rest, options: command.options ?? {}, strict: true, allowPositionals: false }).values;
  } catch (error) {
    io.err(`${(error as Error).message}\nUsage: npm run cli -- ${command.usage}\n`);
    return 2;
  }
  const config = loadConfig(env);
  const out = io.out;
  if (command.needsDb === false) {
    await command.run({ values, orm: undefined as never, config, out });
    return 0;
  }
  const target = databaseTarget(config);
  const orm = await openOrm(target);
  try {
    // The embedded database is the quick start's: it migrates itself, as `npm start` does.
    if (target.kind === 'embedded' && !name.startsWith('migrate')) await migrateUp(orm);
    // Whatever a command changes is recorded as this job's doing (src/audit).
    await runAsActor(jobActor(`cli ${name}`), () => command.run({ values, orm, config, out }));
    return 0;
  } finally {
    await orm.close();
  }
}

// Run when executed (node dist/src/cli.js), not when imported by a test.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
