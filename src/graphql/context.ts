import type { EntityManager } from '@mikro-orm/core';
import type { RowScope } from '../auth/row-rules.js';
import type { Viewer } from '../auth/viewer.js';
import type { Config } from '../config/config.js';
import type { AppError } from '../errors.js';
import type { SqlStats } from '../db/sql-stats.js';
import type { Logger } from '../logger.js';
import type { Loaders } from './loaders.js';

/**
 * The services a request can call. Each adds itself by augmenting this interface where it is defined
 * (`declare module '…/graphql/context.js'`: search in src/search/search.service.ts, each module's in its
 * index.ts), so this file, and every file that needs the context's type, imports none of them: no import
 * circle runs through the context. src/system.ts (createServices) builds the object.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Services {}

/** Everything one request owns: its EntityManager fork, its DataLoaders, and who is calling. */
export type Context = {
  em: EntityManager;
  viewer: Viewer;
  /** The caller's row-level rules, as SQL per read model (src/auth/row-rules.ts). */
  rows: RowScope;
  loaders: Loaders;
  services: Services;
  config: Config;
  logger: Logger;
  sql: SqlStats;
  requestId: string;
  /** Whether the caller may read `type.field`, by the field's own rule (decided once per request). */
  canRead: (type: string, field: string) => true | AppError;
};
