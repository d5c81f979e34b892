import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { HeaderMap, type ApolloServer, type HTTPGraphQLResponse } from '@apollo/server';
import { withAuditScope } from '../audit/actor.js';
import { mediaType, type ResponseSigner } from '../auth/authenticate.js';
import { rowScope } from '../auth/row-rules.js';
import type { Viewer } from '../auth/viewer.js';
import { pageLimits, type Config } from '../config/config.js';
import type { Orm } from '../db/orm-type.js';
import type { PageLimits } from '../db/read-model.js';
import { withRequestBudget } from '../db/request-budget.js';
import { runWithSqlStats, type SqlStats } from '../db/sql-stats.js';
import { withWriteListener } from '../db/write-scope.js';
import { AppError } from '../errors.js';
import type { Context } from '../graphql/context.js';
import { documentRefusal } from '../graphql/document-limits.js';
import { memoised, type FieldAccess } from '../graphql/field-access.js';
import { BATCH_REFUSAL } from '../graphql/limits.js';
import { Loaders } from '../graphql/loaders.js';
import type { Logger } from '../logger.js';
import type { Admit } from './admission.js';
import { budgetForResponse } from './response-budget.js';
import { refusalBody, sendJson } from './respond.js';

export type GraphqlHandlerDeps = {
  orm: Orm;
  admit: Admit;
  apollo: ApolloServer<Context>;
  services: Context['services'];
  config: Config;
  logger: Logger;
  fieldAccess: FieldAccess;
};

/** What the request asks Apollo to run, or the coded 400 body that refuses it before Apollo sees it. */
type ParsedRequest = { body: unknown } | { refusal: unknown };

function parseRequest(req: http.IncomingMessage, url: URL, body: string): ParsedRequest {
  let parsed: unknown = {};
  if (body) {
    try {
      parsed = JSON.parse(body);
    } catch {
      return { refusal: refusalBody(new AppError('BAD_USER_INPUT', 'The request body is not valid JSON.', { reason: 'INVALID_JSON' })) };
    }
  }
  // Apollo would answer a JSON array with a generic BAD_REQUEST; a coded refusal says what to change.
  if (Array.isArray(parsed)) return { refusal: BATCH_REFUSAL };
  // A document graphql-js could not validate quickly (too many tokens, too deep, too many fields to compare)
  // is refused before Apollo parses it: no Apollo hook before validation can answer a coded refusal.
  const tooBig = documentRefusal(req.method === 'GET' ? url.searchParams.get('query') : (parsed as { query?: unknown } | null)?.query);
  if (tooBig) return { refusal: { errors: [tooBig] } };
  return { body: parsed };
}

function requestContext(deps: GraphqlHandlerDeps, limits: PageLimits, em: EntityManager, viewer: Viewer, sql: SqlStats): Context {
  const rows = rowScope(viewer);
  return {
    em,
    viewer,
    rows,
    loaders: new Loaders(em, limits, rows),
    services: deps.services,
    config: deps.config,
    logger: deps.logger,
    sql,
    requestId: randomUUID(),
    canRead: memoised(deps.fieldAccess, viewer),
  };
}

function headerMapOf(req: http.IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/** Runs the operation in Apollo, inside the request's time budget, audit scope and write listener. */
function execute(
  apollo: ApolloServer<Context>,
  context: Context,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  body: unknown,
): Promise<HTTPGraphQLResponse> {
  const { viewer, config } = context;
  // The request's statements share a time budget, and stop once the request is over.
  const budget = budgetForResponse(res, viewer, config.timeBudgetMs);
  // Every write the operation makes is recorded with its caller (src/audit), and empties the request's
  // loaders so that what it reads afterwards is what was committed.
  return withRequestBudget(budget, () =>
    withAuditScope(viewer, context.requestId, () =>
      withWriteListener(
        () => context.loaders.clearAll(),
        () =>
          apollo.executeHTTPGraphQLRequest({
            httpGraphQLRequest: { method: req.method ?? 'GET', headers: headerMapOf(req), search: url.search, body },
            context: async () => context,
          }),
      ),
    ),
  );
}

/** Writes Apollo's response whole, so that a Hawk caller's response can be signed over its payload. */
async function writeResponse(res: http.ServerResponse, response: HTTPGraphQLResponse, signResponse?: ResponseSigner): Promise<void> {
  const outHeaders: Record<string, string> = {};
  for (const [key, value] of response.headers) outHeaders[key] = value;
  let payload: string;
  if (response.body.kind === 'complete') payload = response.body.string;
  else {
    payload = '';
    for await (const chunk of response.body.asyncIterator) payload += chunk;
  }
  if (signResponse) outHeaders['server-authorization'] = signResponse({ contentType: mediaType(outHeaders['content-type']), payload });
  res.writeHead(response.status ?? 200, outHeaders);
  res.end(payload);
}

/** GET or POST /graphql: admission, the request's context, Apollo's execution, the (signed) response. */
export function createGraphqlHandler(deps: GraphqlHandlerDeps) {
  const limits = pageLimits(deps.config);
  return async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> => {
    const sql: SqlStats = { statements: 0 };
    await runWithSqlStats(sql, async () => {
      const em = deps.orm.em.fork();
      const admitted = await deps.admit(req, res, em);
      if (!admitted) return;
      const { caller, body, signResponse } = admitted;
      const parsed = parseRequest(req, url, body);
      if ('refusal' in parsed) return sendJson(res, 400, parsed.refusal, {}, signResponse);
      const context = requestContext(deps, limits, em, caller.viewer, sql);
      const response = await execute(deps.apollo, context, req, res, url, parsed.body);
      await writeResponse(res, response, signResponse);
    });
  };
}
