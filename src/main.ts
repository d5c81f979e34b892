import 'reflect-metadata';
import { createApp, listen } from './app.js';
import { ensureDemo, openDatabase } from './bootstrap.js';
import { ConfigError, loadConfig } from './config/config.js';
import { PendingMigrationsError } from './db/migrations.js';
import { createLogger } from './logger.js';
import { guardProcess } from './process-guard.js';

/** The api process: config → database → app → HTTP. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  guardProcess(logger);
  const orm = await openDatabase(config, logger);
  const demoToken = !config.databaseUrl && config.demoData ? await ensureDemo(orm, config, logger) : undefined;
  const app = await createApp({ config, orm, logger });
  const server = await listen(app, config.host, config.port);

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
