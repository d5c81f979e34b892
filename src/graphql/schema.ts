import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';

/**
 * The code-first schema of the given resolvers, without permission rules (src/system.ts builds the served one
 * from the modules' resolvers and wraps it with their rules).
 */
export function buildCodeFirstSchema(resolvers: readonly Function[]): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: resolvers as unknown as NonEmptyArray<Function>, validate: false });
}
