import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { recordPlainFields } from './selected-columns.js';

/**
 * The code-first schema of the given resolvers, without permission rules (src/system.ts builds the served one
 * from the modules' resolvers and wraps it with their rules). Its fields without a resolver of their own are
 * recorded here, before any rule wraps them: they read their row's key of the same name, which is what lets a
 * statement select only the columns a selection reads (src/graphql/selected-columns.ts).
 */
export async function buildCodeFirstSchema(resolvers: readonly Function[]): Promise<GraphQLSchema> {
  // skipCheck: type-graphql would run a full introspection query over the schema on every start (0.15–0.4 s of
  // a warm restart); graphql-js validates the schema before serving it anyway (Apollo's assertValidSchema), and
  // test/schema.test.ts runs that introspection once.
  const schema = await buildSchema({ resolvers: resolvers as unknown as NonEmptyArray<Function>, validate: false, skipCheck: true });
  recordPlainFields(schema);
  return schema;
}
