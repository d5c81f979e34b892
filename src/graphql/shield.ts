import { createRequire } from 'node:module';
import type { GraphQLResolveInfo } from 'graphql';

/**
 * graphql-shield and graphql-middleware, loaded as CommonJS. graphql-shield 7.6.5's ES module build imports
 * `isUndefined` from 'util', which Node 23 removed, so importing it fails at link time on Node 24. Its
 * CommonJS build only calls that function inside `chain()` and `race()`, which this project must not use.
 * graphql-middleware must come from the same (CommonJS) build: it recognises shield's generator with
 * `instanceof`, and each build has its own class.
 */
const require = createRequire(import.meta.url);

export const { deny, rule, shield } = require('graphql-shield') as typeof import('graphql-shield');
export const { applyMiddleware, middleware } = require('graphql-middleware') as typeof import('graphql-middleware');
export type { IRule } from 'graphql-shield';
export type { IMiddlewareTypeMap } from 'graphql-middleware';

/** One field's middleware: graphql-middleware's type for it, which its package index does not export. */
export type IMiddlewareResolver = (
  resolve: (parent: any, args: any, ctx: any, info: GraphQLResolveInfo) => unknown,
  parent: any,
  args: any,
  ctx: any,
  info: GraphQLResolveInfo,
) => unknown;
