import { errors } from '@opensearch-project/opensearch';

/**
 * OpenSearch failures as errors the gateway can show: short messages with a reason, never the raw response
 * body (kept as `cause` for the logs).
 */

/** OpenSearch cannot be reached (connection refused, timeout, no node alive, 502–504): the search is down. */
export class SearchUnavailableError extends Error {
  readonly code = 'SEARCH_UNAVAILABLE';
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`OpenSearch is unreachable (${reason}).`, options);
    this.name = 'SearchUnavailableError';
  }
}

/** OpenSearch answered but refused the request (a mapping conflict, a missing index, bad credentials, ...). */
export class SearchBackendError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SearchBackendError';
  }
}

const MAX_REASON = 160;
export const shorten = (s: string, max = MAX_REASON) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** `type: reason` of an OpenSearch error body (`{ error: { type, reason, root_cause } }` or a bulk item's `error`). */
export function errorReason(error: unknown): string {
  if (!error || typeof error !== 'object') return typeof error === 'string' ? shorten(error) : 'unknown error';
  type Cause = { type?: unknown; reason?: unknown; root_cause?: unknown; caused_by?: unknown };
  const e = error as Cause;
  // The most specific cause with a reason: the first root cause, the error itself, or what caused it.
  const root = Array.isArray(e.root_cause) && e.root_cause[0] && typeof e.root_cause[0] === 'object' ? (e.root_cause[0] as Cause) : undefined;
  const cause = e.caused_by && typeof e.caused_by === 'object' ? (e.caused_by as Cause) : undefined;
  const withReason = [root, e, cause].find((c) => typeof c?.reason === 'string' && c.reason !== '');
  const type = typeof withReason?.type === 'string' ? withReason.type : typeof e.type === 'string' ? e.type : 'error';
  return shorten(withReason ? `${type}: ${String(withReason.reason)}` : type);
}

/** The error to throw for a failed call `what` (e.g. "search"). */
export function toSearchError(what: string, error: unknown): Error {
  if (error instanceof SearchUnavailableError || error instanceof SearchBackendError) return error;
  if (error instanceof errors.TimeoutError) return new SearchUnavailableError(`${what} timed out`, { cause: error });
  if (error instanceof errors.ConnectionError || error instanceof errors.NoLivingConnectionsError) {
    return new SearchUnavailableError(`${what}: ${shorten(error.message, 80)}`, { cause: error });
  }
  if (error instanceof errors.RequestAbortedError) return new SearchUnavailableError(`${what} was aborted`, { cause: error });
  if (error instanceof errors.ResponseError) {
    const status = error.statusCode;
    if (status === 502 || status === 503 || status === 504) return new SearchUnavailableError(`${what}: HTTP ${status}`, { cause: error });
    const body = error.body as { error?: unknown } | string | undefined;
    const reason = typeof body === 'object' && body ? errorReason(body.error) : `HTTP ${status}`;
    return new SearchBackendError(`OpenSearch ${what} failed (${status}): ${reason}`, { cause: error });
  }
  if (error instanceof errors.OpenSearchClientError) return new SearchBackendError(`OpenSearch ${what} failed: ${shorten(error.message)}`, { cause: error });
  return error instanceof Error ? error : new Error(String(error));
}
