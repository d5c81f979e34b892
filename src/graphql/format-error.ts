import { randomUUID } from 'node:crypto';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { asQueryTimeout, asServiceUnavailable, RETRY_AFTER_SECONDS } from '../db/unavailable.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { variableIssue } from './variable-errors.js';

/** Codes that graphql-js and Apollo give to a request they refuse before running it: safe to pass on. */
const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * An error graphql-js or Apollo made about the request as a whole: it belongs to no field (no path) and
 * wraps nothing that was thrown (no originalError), so it cannot carry an internal failure's details.
 */
const isRequestRefusal = (error: unknown): boolean => error instanceof GraphQLError && !error.path && !error.originalError;

/**
 * The one place errors become `extensions.code`. AppErrors keep their code and details; a lost or refused
 * database connection is SERVICE_UNAVAILABLE (src/db/unavailable.ts), not an internal error; graphql-js's
 * own refusals keep theirs; anything else is masked and logged with an id the client can quote.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const unavailable = original instanceof AppError ? undefined : asServiceUnavailable(original);
    if (unavailable) {
      logger.warn('database unavailable', { path: formatted.path, error: original instanceof Error ? original.message : String(original) });
      return { message: unavailable.message, path: formatted.path, locations: formatted.locations, extensions: { ...unavailable.extensions, code: unavailable.code } };
    }
    // A statement the database cancelled (statement_timeout) is QUERY_TIMEOUT wherever it ran.
    const coded = original instanceof AppError ? original : asQueryTimeout(original);
    if (coded) {
      if (coded.code === 'QUERY_TIMEOUT') logger.warn('statement stopped', { path: formatted.path, reason: coded.extensions.reason });
      return {
        message: coded.message,
        path: formatted.path,
        locations: formatted.locations,
        extensions: { ...coded.extensions, code: coded.code },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_CODES.has(code)) {
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      const issue = code === 'BAD_USER_INPUT' && error instanceof GraphQLError ? variableIssue(error) : undefined;
      if (issue) {
        const { variable, ...rest } = issue;
        return { ...formatted, extensions: { ...extensions, field: rest.field, reason: rest.reason, variable, issues: [rest] } };
      }
      return { ...formatted, extensions };
    }
    if (isRequestRefusal(error)) {
      // graphql-js or Apollo refusing the request itself, in words about the request, without a code of its
      // own (graphql-js's "Too many errors processing variables", a persisted query's hash mismatch).
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions: { ...extensions, code: 'BAD_REQUEST' } };
    }
    const errorId = randomUUID();
    logger.error('unexpected error', {
      errorId,
      path: formatted.path,
      error: original instanceof Error ? { message: original.message, stack: original.stack } : String(original),
    });
    return {
      message: `Internal error; quote error id ${errorId} when reporting it.`,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
    };
  };
}

/**
 * A response that failed because something it needs is away (a SERVICE_UNAVAILABLE error, and no root field
 * with a value) is HTTP 503 with `Retry-After`, so clients and load balancers retry it rather than report it;
 * a response with partial data stays 200, as GraphQL has it.
 */
export function serviceUnavailableStatusPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (!errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) return;
          if (data && Object.values(data).some((value) => value !== null)) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}

/**
 * A response that failed because its statements ran out of time (a QUERY_TIMEOUT error, and no root field
 * with a value) is HTTP 504, as a gateway whose upstream did not answer in time; no Retry-After, since the
 * same request would run out again. With partial data it stays 200, and a 503 (database away) stays 503.
 */
export function queryTimeoutStatusPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single' || response.http.status === 503) return;
          const { data, errors } = response.body.singleResult;
          if (!errors?.some((e) => e.extensions?.code === 'QUERY_TIMEOUT')) return;
          if (data && Object.values(data).some((value) => value !== null)) return;
          response.http.status = 504;
        },
      };
    },
  };
}
