import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { MODULES } from '../modules/index.js';
import { applyPermissions } from './permissions.js';

let codeFirst: Promise<GraphQLSchema> | undefined;
let built: Promise<GraphQLSchema> | undefined;

/**
 * The one schema, built from the modules' resolvers (src/modules/index.ts) once per process, with the permission rules around its
 * resolvers (src/graphql/permissions.ts): every user of the schema gets the guarded one.
 */
export function buildAppSchema(): Promise<GraphQLSchema> {
  built ??= buildUnguardedSchema().then(applyPermissions);
  return built;
}

/**
 * The same schema without the permission rules: only for measuring what the rules cost (`npm run bench --
 * --rules off`). Never serve it: nothing in it checks who is asking.
 */
export function buildUnguardedSchema(): Promise<GraphQLSchema> {
  codeFirst ??= buildSchema({
    resolvers: MODULES.flatMap((m) => m.resolvers ?? []) as unknown as NonEmptyArray<Function>,
    validate: false,
  });
  return codeFirst;
}
