import fs from 'node:fs';
import type { ClientOptions } from '@opensearch-project/opensearch';

export type OpenSearchOptions = {
  /** e.g. http://127.0.0.1:9200 or https://user:password@search.example:9200 */
  url: string;
  username?: string;
  password?: string;
  /** A PEM file with the CA that signed the cluster's certificate. */
  caCertPath?: string;
  /** false accepts any certificate (development clusters with self-signed certificates only). */
  rejectUnauthorized?: boolean;
  /** Prepended to every index and alias name (default `crm_`); lowercase. */
  indexPrefix?: string;
};

/** A request that takes longer than this (tried twice: maxRetries 1) means OpenSearch is unreachable. */
const REQUEST_TIMEOUT_MS = 15_000;
const PING_TIMEOUT_MS = 5_000;

/** The client's options: basic auth from the options or the URL, TLS (CA, certificate checks), timeouts. */
export function clientOptions(options: OpenSearchOptions): ClientOptions {
  const url = new URL(options.url);
  // Credentials in the URL work too; explicit options win. They go to `auth`, not the node URL, so they are
  // never part of an error message or a log line that prints the node.
  const username = options.username ?? (url.username ? decodeURIComponent(url.username) : undefined);
  const password = options.password ?? (url.password ? decodeURIComponent(url.password) : undefined);
  url.username = '';
  url.password = '';
  const ssl: NonNullable<ClientOptions['ssl']> = {};
  if (options.caCertPath) ssl.ca = fs.readFileSync(options.caCertPath);
  if (options.rejectUnauthorized !== undefined) ssl.rejectUnauthorized = options.rejectUnauthorized;
  return {
    node: url.toString(),
    ...(username !== undefined ? { auth: { username, password: password ?? '' } } : {}),
    ...(Object.keys(ssl).length ? { ssl } : {}),
    requestTimeout: REQUEST_TIMEOUT_MS,
    pingTimeout: PING_TIMEOUT_MS,
    maxRetries: 1,
  };
}
