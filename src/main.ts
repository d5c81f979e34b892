import 'reflect-metadata';
import { createApp, listen } from './app.js';
import { ensureDemo, openDatabase } from './bootstrap.js';
import { ConfigError, loadConfig } from './config/config.js';
import { PendingMigrationsError } from './db/migrations.js';
import { createLogger } from './logger.js';
import { guardProcess } from './process-guard.js';
import { buildAppSchema } from './system.js';

/** The api process: config → database → app → HTTP. */
async function main(): Promise<void> {
  // Where the start's time goes, in ms per phase (the 'started' log line; `npm run bench:startup` prints it):
  // `import` is from the process's start to here (Node's own start and loading the modules).
  const phases: Record<string, number> = {};
  let last = 0;
  const phase = (name: string) => {
    phases[name] = Math.round(performance.now() - last);
    last = performance.now();
  };
  phase('import');
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  guardProcess(logger);
  const orm = await openDatabase(config, logger, phase);
  const demoToken = !config.databaseUrl && config.demoData ? await ensureDemo(orm, config, logger) : undefined;
  phase('demo');
  const schema = await buildAppSchema();
  phase('schema');
  const app = await createApp({ config, orm, logger, schema });
  phase('app');
  const server = await listen(app, config.host, config.port);
  phase('listen');
  logger.info('started', { ms: Math.round(performance.now()), phases });

  const where = config.databaseUrl ? 'PostgreSQL server' : `embedded PGlite in ${config.dataDir}`;
  const lines = [`CRM gateway listening on ${server.url}/graphql (${where})`];
  if (demoToken) {
    lines.push(`GraphiQL (signed in as the demo admin): ${server.url}/graphiql?token=${demoToken}`);
    lines.push(`Bearer token (also in ${config.dataDir}/demo-token): ${demoToken}`);
  } else {
    lines.push(`GraphiQL: ${server.url}/graphiql  (make a token: npm run cli -- token:create --adviser EMAIL)`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);

  const shutdown = async (signal: string) => {
    logger.info('shutting down', { signal });
    await server.close();
    await orm.close();
    logger.info('stopped', { signal });
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof PendingMigrationsError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`The gateway failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  }
  process.exit(1);
});
