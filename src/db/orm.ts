import fs from 'node:fs';
import path from 'node:path';
import { MikroORM, type Options } from '@mikro-orm/core';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { Migrator } from '@mikro-orm/migrations';
import { PgliteDriver } from '@mikro-orm/pglite';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { migrationsList } from '../../migrations/index.js';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { AuditSubscriber, type AuditedRecords } from '../audit/audit.subscriber.js';
import { Adviser } from '../auth/adviser.entity.js';
import { ApiClient } from '../auth/api-client.entity.js';
import { ApiToken } from '../auth/api-token.entity.js';
import type { Config } from '../config/config.js';
import { ArchivableEntity, TrackedEntity } from './base.entity.js';
import { attachReader, ServerReader } from './server-reader.js';
import { countStatement } from './sql-stats.js';
import { releaseLostConnections, SERVER_CONNECTION_OPTIONS } from './unavailable.js';
import { RAW_TIME_TYPES } from './time-types.js';
import { WriteNotifier } from './write-scope.js';

export type { Orm } from './orm-type.js';
import type { Orm } from './orm-type.js';

export type DatabaseTarget =
  /** `statementTimeoutMs`: statement_timeout of the read pool (STATEMENT_TIMEOUT_MS); unset or 0 = none. */
  | { kind: 'server'; url: string; poolSize: number; statementTimeoutMs?: number; connectionsPerCaller?: number }
  | { kind: 'embedded'; dataDir: string | 'memory://'; loadDataDir?: Blob | File };

export function databaseTarget(config: Config): DatabaseTarget {
  return config.databaseUrl
    ? { kind: 'server', url: config.databaseUrl, poolSize: config.poolSize, statementTimeoutMs: config.statementTimeoutMs, connectionsPerCaller: config.readConnectionsPerCaller }
    : { kind: 'embedded', dataDir: path.join(config.dataDir, 'pglite') };
}

/** Where the embedded database lives: a folder, or `memory://` for tests. */
export async function openEmbedded(dataDir: string, loadDataDir?: Blob | File): Promise<PGlite> {
  if (dataDir !== 'memory://') fs.mkdirSync(dataDir, { recursive: true });
  const parsers = Object.fromEntries(RAW_TIME_TYPES.map((oid) => [oid, (value: string) => value]));
  return PGlite.create({ dataDir, extensions: { pg_trgm }, parsers, ...(loadDataDir ? { loadDataDir } : {}) });
}

/**
 * What the modules bring to the ORM (src/system.ts derives it from their manifests): their entities, and which
 * of them the audit records. The infrastructure's own entities (bases, the access model with its advisers,
 * audit) are added here.
 */
export type OrmModel = { entities: readonly Function[]; audited: Omit<AuditedRecords, 'access'> };

function baseOptions(model: OrmModel): Partial<Options> {
  return {
    entities: [TrackedEntity, ArchivableEntity, Adviser, ...model.entities, ApiClient, ApiToken, AuditEvent],
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    // Records who changed each company, contact and interaction, in the change's own flush (src/audit).
    // …and tells the request that wrote that its per-request caches are stale (src/db/write-scope.ts).
    subscribers: [new AuditSubscriber({ ...model.audited, access: [ApiClient, ApiToken] }), new WriteNotifier()],
    migrations: {
      migrationsList,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      // The CLI and the api report what was applied in their own words.
      silent: true,
    },
    // The schema is owned by migrations; never diffed or synced at run time.
    ensureDatabase: false,
    allowGlobalContext: false,
    forceUtcTimezone: true,
    debug: false,
    onQuery: (sql) => {
      countStatement();
      return sql;
    },
  };
}

export async function createOrm(target: DatabaseTarget, model: OrmModel): Promise<Orm> {
  if (target.kind === 'server') {
    const orm = await MikroORM.init({
      ...baseOptions(model),
      driver: PostgreSqlDriver,
      clientUrl: target.url,
      pool: { min: 0, max: target.poolSize },
      // MikroORM listens for the pool's and its clients' 'error' events itself (a connection the server
      // drops, e.g. on a restart, is discarded, and the query on it rejects). These bound the wait for a
      // connection while the server is away, and give back connections lost mid-transaction (unavailable.ts).
      driverOptions: { ...SERVER_CONNECTION_OPTIONS, onPoolCreated: releaseLostConnections },
    } as Options);
    // Only the read pool has a statement timeout: a migration may run for minutes through MikroORM's.
    const reader = new ServerReader(target.url, target.poolSize, { statementTimeoutMs: target.statementTimeoutMs, connectionsPerCaller: target.connectionsPerCaller });
    attachReader(orm.em.getConnection(), reader);
    const close = orm.close.bind(orm);
    orm.close = async (force?: boolean) => {
      await close(force);
      await reader.close();
    };
    return orm;
  }
  const pglite = await openEmbedded(target.dataDir, target.loadDataDir);
  const orm = await MikroORM.init({
    ...baseOptions(model),
    driver: PgliteDriver,
    dbName: 'crm',
    driverOptions: { pglite },
  } as Options);
  // MikroORM leaves an instance it was handed open; close it with the ORM so the data dir is checkpointed.
  const close = orm.close.bind(orm);
  orm.close = async (force?: boolean) => {
    await close(force);
    if (!pglite.closed) await pglite.close();
  };
  return orm;
}

/** Runs one statement through the ORM's connection (counted like any other) and returns its rows. */
export async function sql<T = Record<string, unknown>>(
  orm: { em: { getConnection(): { execute(q: string, p?: unknown[], m?: 'all'): Promise<unknown> } } },
  query: string,
  params: unknown[] = [],
): Promise<T[]> {
  return (await orm.em.getConnection().execute(query, params, 'all')) as T[];
}
