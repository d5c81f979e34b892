import type { Orm } from './orm-type.js';

export async function pendingMigrations(orm: Orm): Promise<string[]> {
  return (await orm.migrator.getPending()).map((m) => m.name);
}

export async function migrateUp(orm: Orm): Promise<string[]> {
  return (await orm.migrator.up()).map((m) => m.name);
}

export async function migrateDown(orm: Orm, options: { to?: string | 0 } = {}): Promise<string[]> {
  return (await orm.migrator.down(options.to === undefined ? undefined : { to: options.to })).map((m) => m.name);
}

export class PendingMigrationsError extends Error {
  constructor(readonly pending: string[]) {
    super(
      `The database has ${pending.length} pending migration(s): ${pending.join(', ')}.\n` +
        `Run \`npm run migrate\` (with the same DATABASE_URL) and start again.`,
    );
  }
}

/** The server never migrates by itself (several instances could race); it refuses to start instead. */
export async function assertNoPendingMigrations(orm: Orm): Promise<void> {
  const pending = await pendingMigrations(orm);
  if (pending.length) throw new PendingMigrationsError(pending);
}
