import 'reflect-metadata';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { jobActor, runAsActor } from './audit/actor.js';
import { CLIENT_COMMANDS } from './auth/client-commands.js';
import { searchCommands } from './search/search-commands.js';
import { searchCatalog } from './system/search-catalog.js';
import { GROUP_NAMES } from './auth/permissions.js';
import { createAdviserToken } from './auth/tokens.js';
import { parseDays, splitList, type Command } from './cli-command.js';
import { ConfigError, loadConfig } from './config/config.js';
import { migrateDown, migrateUp, pendingMigrations } from './db/migrations.js';
import { createOrm, databaseTarget } from './db/orm.js';
import { AppError } from './errors.js';
import { writePermissionsDoc } from './graphql/permissions-doc.js';
import { writeSchemaFile } from './graphql/print-schema.js';
import { createAdviser, findAdviserByEmail, setAdviserGroups } from './modules/adviser/index.js';
import { seedMetadata } from '../seeds/metadata.seed.js';
import { DEMO_SCALES, seedDemo, type DemoScale } from '../seeds/demo.seed.js';

export type { Command } from './cli-command.js';

const COMMANDS: Record<string, Command> = {
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
    summary: 'Generate deterministic demo companies, contacts, interactions and advisers.',
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
  'adviser:create': {
    usage: 'adviser:create --email E --name "First Last" [--superuser] [--team TEAM_ID] [--groups G1,G2]',
    summary: 'Create an adviser (a team grants its role\'s groups; --groups adds their own).',
    options: { email: { type: 'string' }, name: { type: 'string' }, superuser: { type: 'boolean', default: false }, team: { type: 'string' }, groups: { type: 'string' } },
    run: async ({ orm, values, out }) => {
      if (!values.email || !values.name) throw new AppError('BAD_USER_INPUT', '--email and --name are required.');
      const groups = splitList(values.groups);
      const adviser = await createAdviser(orm.em.fork(), { email: values.email, name: values.name, superuser: values.superuser, teamId: values.team, groups });
      out(`Created adviser ${adviser.email} (${adviser.id})${adviser.isSuperuser ? ' as a superuser' : ''}${groups.length ? ` in ${adviser.groups.join(', ')}` : ''}.`);
    },
  },
  'adviser:groups': {
    usage: 'adviser:groups --adviser EMAIL --groups G1,G2 (empty: none)',
    summary: `Set an adviser's own permission groups (${GROUP_NAMES.join(', ')}).`,
    options: { adviser: { type: 'string' }, groups: { type: 'string' } },
    run: async ({ orm, values, out }) => {
      if (!values.adviser || values.groups === undefined) throw new AppError('BAD_USER_INPUT', '--adviser EMAIL and --groups are required.');
      const adviser = await setAdviserGroups(orm.em.fork(), values.adviser, splitList(values.groups));
      out(`${adviser.email}: ${adviser.groups.join(', ') || 'no groups of their own'}.`);
    },
  },
  'token:create': {
    usage: 'token:create --adviser EMAIL [--days D]',
    summary: 'Create a bearer token for an adviser; prints only the token (shown once).',
    options: { adviser: { type: 'string' }, days: { type: 'string' } },
    run: async ({ orm, values, config, out }) => {
      if (!values.adviser) throw new AppError('BAD_USER_INPUT', '--adviser EMAIL is required.');
      const days = parseDays(values.days, config);
      const em = orm.em.fork();
      const adviser = await findAdviserByEmail(em, values.adviser);
      if (!adviser) throw new AppError('NOT_FOUND', `No adviser with email ${values.adviser}.`);
      if (!adviser.isActive) throw new AppError('BAD_USER_INPUT', `Adviser ${adviser.email} is not active.`);
      const { token } = await createAdviserToken(em, adviser, { days, description: 'cli' });
      out(token);
    },
  },
  ...CLIENT_COMMANDS,
  ...searchCommands(searchCatalog),
  'docs:permissions': {
    usage: 'docs:permissions',
    summary: 'Write docs/permissions.md from the schema and the permission rules.',
    needsDb: false,
    run: async ({ out }) => out(`Wrote ${await writePermissionsDoc()}`),
  },
  'schema:print': {
    usage: 'schema:print',
    summary: 'Write schema/schema.graphql from the code-first schema.',
    needsDb: false,
    run: async ({ out }) => out(`Wrote ${await writeSchemaFile()}`),
  },
};

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
  const orm = await createOrm(target);
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
