import type { Config } from '../config/config.js';
import type { Orm } from '../db/orm-type.js';
import type { SearchBackend } from './search.types.js';

/** OpenSearch when OPENSEARCH_URL is set; otherwise PostgreSQL full-text on the gateway's own database. */
export async function createSearchBackend(config: Config, orm: Orm): Promise<SearchBackend> {
  const { opensearchUrl, username, password, caCertPath, indexPrefix } = config.search;
  if (opensearchUrl) {
    const { createOpenSearchBackend } = await import('./opensearch-backend.js');
    return createOpenSearchBackend({ url: opensearchUrl, username, password, caCertPath, indexPrefix });
  }
  const { createPostgresBackend } = await import('./postgres-backend.js');
  return createPostgresBackend(orm);
}
