import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { auditOperationPlugin } from '../audit/audit.plugin.js';
import type { Config } from '../config/config.js';
import type { Context } from '../graphql/context.js';
import { DOCUMENT_LIMITS } from '../graphql/document-limits.js';
import { createErrorFormatter, queryTimeoutStatusPlugin, serviceUnavailableStatusPlugin } from '../graphql/format-error.js';
import { queryLimitsPlugin, schemaHintsPlugin } from '../graphql/limits.js';
import { knownOperationTypesRule, requestShapePlugin } from '../graphql/request-shape.js';
import type { Logger } from '../logger.js';

/** Reports the request's SQL statement count in `extensions` when DEBUG_SQL is on, and logs it at debug level. */
function sqlStatsPlugin(config: Config, logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue, operationName }) {
          const statements = contextValue.sql?.statements ?? 0;
          logger.debug('graphql request', { requestId: contextValue.requestId, operationName, sqlStatements: statements });
          if (config.debugSql && response.body.kind === 'single') {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, sqlStatements: statements };
          }
        },
      };
    },
  };
}

/** The Apollo server behind /graphql, started: the schema with the app's limits, error format and status plugins. */
export async function startApolloServer({ schema, config, logger }: { schema: GraphQLSchema; config: Config; logger: Logger }): Promise<ApolloServer<Context>> {
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: true,
    // The process stops itself (src/main.ts closes the server, then the database). Apollo's own SIGINT/SIGTERM
    // handler would re-raise the signal once Apollo had stopped, killing the process before the database was
    // closed: PGlite then replayed its write-ahead log on the next start (2.4 s instead of 0.4 s after a first start).
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    formatError: createErrorFormatter(logger),
    // An operation type the schema lacks (subscription) is a validation error, not a failure inside execution.
    validationRules: [knownOperationTypesRule],
    // A second line behind documentRefusal (src/http/graphql-handler.ts), for documents that reach Apollo another way.
    parseOptions: { maxTokens: DOCUMENT_LIMITS.maxTokens },
    plugins: [
      // First: refuses an unresolvable operation (unknown operationName) and bad inputs (too deep, too
      // large, NUL characters) before any other plugin or resolver sees them.
      requestShapePlugin(),
      sqlStatsPlugin(config, logger),
      // A response that failed only because the database (or search) is away is 503 with Retry-After.
      serviceUnavailableStatusPlugin(),
      // A response whose statements ran out of time (QUERY_TIMEOUT) is 504.
      queryTimeoutStatusPlugin(),
      // Depth, cost and alias limits per kind of caller, before execution; the cost in `extensions.cost`.
      queryLimitsPlugin(config),
      // No "Did you mean …?" for a partner refused introspection: its errors would map the schema.
      schemaHintsPlugin(),
      // Names the audit record's operation once the operation is known.
      auditOperationPlugin(),
      // GraphiQL is served by the app itself at /graphiql, from the project's own npm assets.
      ApolloServerPluginLandingPageDisabled(),
      // No HTTP cache hints and no Apollo Studio traces: both hook every field of every response.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
    ],
  });
  await apollo.start();
  return apollo;
}
