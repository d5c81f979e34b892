import type { EntityManager } from '@mikro-orm/core';
import type { RowScope } from '../auth/row-rules.js';
import type { Viewer } from '../auth/viewer.js';
import type { Config } from '../config/config.js';
import type { AppError } from '../errors.js';
import type { SqlStats } from '../db/sql-stats.js';
import type { Logger } from '../logger.js';
import type { Services } from '../services.js';
import type { Loaders } from './loaders.js';

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
