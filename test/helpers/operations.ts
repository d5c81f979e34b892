import { randomUUID } from 'node:crypto';
import { getNamedType, isEnumType, isInputObjectType, isLeafType, isListType, isNonNullType, type GraphQLInputType, type GraphQLSchema } from 'graphql';
import type { GqlResult } from './app.js';

/** A value of the right type for a required argument: enough to get past validation to the rule. */
export function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [];
  if (isEnumType(type)) return type.getValues()[0].name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    return Object.fromEntries(fields.map((f) => [f.name, sample(f.type)]));
  }
  const scalars: Record<string, unknown> = { UUID: randomUUID(), LocalDate: '2026-01-01', DateTime: '2026-01-01T00:00:00Z', Int: 1, Float: 1, Boolean: false, JSON: {} };
  return scalars[type.name] ?? 'x';
}

export type RootType = 'Query' | 'Mutation';

export const rootFields = (schema: GraphQLSchema, rootType: RootType): string[] => Object.keys((schema.getType(rootType) as any).getFields());

/**
 * The smallest operation that calls one root field: required arguments as variables (random ids, so a
 * served mutation fails on its input and writes nothing), `__typename` below.
 */
export function operationFor(schema: GraphQLSchema, rootType: RootType, field: string) {
  const def = (schema.getType(rootType) as any).getFields()[field];
  const required = def.args.filter((a: any) => isNonNullType(a.type) && a.defaultValue === undefined);
  const vars = required.map((a: any) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = required.map((a: any) => `${a.name}: $${a.name}`).join(', ');
  const selection = isLeafType(getNamedType(def.type)) ? '' : ' { __typename }';
  const query = `${rootType === 'Query' ? 'query' : 'mutation'}${vars ? `(${vars})` : ''} { ${field}${args ? `(${args})` : ''}${selection} }`;
  return { query, variables: Object.fromEntries(required.map((a: any) => [a.name, sample(a.type)])) };
}

/** The FORBIDDEN errors of a response. */
export const forbidden = (res: GqlResult): any[] => (res.body.errors ?? []).filter((e: any) => e.extensions?.code === 'FORBIDDEN');
