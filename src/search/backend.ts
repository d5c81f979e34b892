import type { Config } from '../config/config.js';
import type { Orm } from '../db/orm-type.js';
import type { SearchCatalog } from './catalog.js';
import type { SearchBackend } from './search.types.js';

/** OpenSearch when OPENSEARCH_URL is set; otherwise PostgreSQL full-text on the gateway's own database. */
export async function createSearchBackend(config: Config, orm: Orm, catalog: SearchCatalog): Promise<SearchBackend> {
  const { opensearchUrl, username, password, caCertPath, indexPrefix } = config.search;
  if (opensearchUrl) {
    const { createOpenSearchBackend } = await import('./opensearch-backend.js');
    return createOpenSearchBackend({ url: opensearchUrl, username, password, caCertPath, indexPrefix, entities: catalog.entities });
  }
  const { createPostgresBackend } = await import('./postgres-backend.js');
  return createPostgresBackend(orm);
}
