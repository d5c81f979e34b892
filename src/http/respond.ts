import type http from 'node:http';
import type { ResponseSigner } from '../auth/authenticate.js';
import type { AppError } from '../errors.js';

/** A JSON response; `sign` adds Hawk's Server-Authorization for a caller whose request was signed. */
export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, sign?: ResponseSigner): void {
  const text = JSON.stringify(body);
  if (sign) headers = { ...headers, 'server-authorization': sign({ contentType: 'application/json', payload: text }) };
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The HTTP status of a refusal made outside GraphQL (the body, an export's parameters). */
export const REFUSAL_STATUS: Partial<Record<string, number>> = { PAYLOAD_TOO_LARGE: 413, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, SERVICE_UNAVAILABLE: 503, QUERY_TIMEOUT: 504 };

/** The GraphQL-shaped body of a refusal: one error carrying its code in `extensions`. */
export function refusalBody(error: AppError) {
  return { errors: [{ message: error.message, extensions: { ...error.extensions, code: error.code } }] };
}

/** A GraphQL-shaped error response for refusals that happen before GraphQL runs (auth, body). */
export function refuse(res: http.ServerResponse, status: number, error: AppError, headers: Record<string, string> = {}, sign?: ResponseSigner): void {
  sendJson(res, status, refusalBody(error), headers, sign);
}
