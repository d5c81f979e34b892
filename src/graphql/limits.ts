import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  isLeafType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLFormattedError,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { pageLimits, type CallerLimits, type Config } from '../config/config.js';
import type { Context } from './context.js';

/**
 * Query limits, checked after validation and before execution, so a refused query runs no resolver and
 * no SQL. One walk over the operation (through its fragments) measures:
 *
  * - depth: the deepest chain of fields. Inside introspection (`__schema`, `__type`) `ofType` does not
 *   count: GraphiQL's standard query nests it nine deep to unwrap `[X!]!`, and the chain resolves to null
 *   within three levels on any of our types, so it costs nothing however deep it is written. (graphql-js's
 *   own MaxIntrospectionDepthRule already refuses `fields { type { fields ...` digging at validation.)
 * - cost: roughly the number of objects the response can hold. A leaf (scalar, enum) is free; an object is
 *   1 plus its children; a connection (a field with `first`/`last`) hands its page size to the list below
 *   it (`edges`), which costs page size × (1 + children), so nested pages multiply. Other lists
 *   (reference lists such as `countries`, an interaction's `participants`) count as one item: their
 *   length is bounded by the data, not by the caller. Introspection is free (served from memory).
 * - aliases: aliased fields, counted once per place a fragment is spread (an alias bomb runs the same
 *   field hundreds of times under different names).
 *
 * A field whose resolver does heavy work of its own, whatever it returns, declares that work's cost with
 * type-graphql's `@Extensions({ cost })` (FIELD_COST); it is added each time the field runs, so aliases
 * and lists multiply it like anything else.
 */
export type QueryMeasure = { depth: number; cost: number; aliases: number; /** Asks for `__schema` or `__type`. */ introspection: boolean };

export type PageSizes = { defaultSize: number; maxSize: number };

/**
 * The declared costs. A search ranks and fuzzy-matches every word of its term against the whole index:
 * ten aliased searches of 200 random characters took 3.1 s for a 719-byte request, while a page of 100
 * companies costs 201 and takes milliseconds. At 1,000 a partner client (CLIENT_MAX_QUERY_COST 5,000) gets
 * four searches in one request and an adviser (10,000) nine.
 */
export const FIELD_COST = { search: 1_000 } as const;

/** The cost a field declares for its own work (`extensions.cost`), or 0. */
const declaredCost = (def: GraphQLField<unknown, unknown> | undefined): number => {
  const cost = def?.extensions?.cost;
  return typeof cost === 'number' && cost > 0 ? cost : 0;
};

const ZERO: QueryMeasure = { depth: 0, cost: 0, aliases: 0, introspection: false };
const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/** Whether a connection field's page size comes from a variable (`first: $n`): its measure then changes with the request. */
const pageSizeFromVariable = (node: FieldNode): boolean =>
  !!node.arguments?.some((a) => (a.name.value === 'first' || a.name.value === 'last') && a.value.kind !== Kind.INT && a.value.kind !== Kind.NULL);

/** The page a connection field asks for (first/last, else the default), at most the maximum. */
function pageSize(def: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>, pageSizes: PageSizes): number {
  let values: Record<string, unknown> = {};
  try {
    values = getArgumentValues(def, node, variables);
  } catch {
    // Bad arguments are refused by execution before the resolver runs; measure with the default.
  }
  const asked = [values.first, values.last].filter((v): v is number => typeof v === 'number');
  const size = asked.length ? Math.max(...asked) : pageSizes.defaultSize;
  // Above the maximum the resolver refuses the page with BAD_USER_INPUT; that is the clearer message.
  return Math.min(Math.max(size, 0), pageSizes.maxSize);
}

/** A field of a type, the introspection roots included. */
function fieldDef(schema: GraphQLSchema, parent: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === '__schema') return { type: schema.getType('__Schema') } as GraphQLField<unknown, unknown>;
  if (name === '__type') return { type: schema.getType('__Type') } as GraphQLField<unknown, unknown>;
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

/**
 * The operation's measure. `measured.fixed` is set to false when a page size came from a variable: the same
 * operation with other variables may measure otherwise, so only a fixed measure may be kept for it.
 */
export function measureOperation(args: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables?: Record<string, unknown>;
  pageSizes: PageSizes;
  measured?: { fixed: boolean };
}): QueryMeasure {
  const { schema, document, operation, pageSizes } = args;
  const fragments = new Map<string, FragmentDefinitionNode>(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])));

  // Variables as execution will see them (defaults applied). When they do not coerce, execution refuses
  // the request before any resolver runs; here the page sizes then fall back to the default.
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], args.variables ?? {});
  const variables = coerced.coerced ?? {};

  // A fragment measures the same wherever it is spread (given the page size handed to it), so each is
  // walked once: a document of fragments spreading fragments cannot blow up the walk itself.
  const memo = new Map<string, QueryMeasure>();
  const walking = new Set<string>();

  function field(node: FieldNode, parent: GraphQLNamedType, listSize: number | undefined, introspection: boolean): QueryMeasure {
    const name = node.name.value;
    const inIntrospection = introspection || INTROSPECTION_ROOTS.has(name);
    const def = fieldDef(schema, parent, name);
    const type = def?.type;
    const named = type && getNamedType(type);
    const isConnection = !inIntrospection && !!def?.args?.some((a) => a.name === 'first' || a.name === 'last');
    if (isConnection && args.measured && pageSizeFromVariable(node)) args.measured.fixed = false;
    const child =
      node.selectionSet && named ? selectionSet(node.selectionSet, named, isConnection ? pageSize(def!, node, variables, pageSizes) : undefined, inIntrospection) : ZERO;
    let cost = inIntrospection ? 0 : declaredCost(def);
    if (!inIntrospection && named && !isLeafType(named)) {
      const items = isListType(getNullableType(type)) ? (listSize ?? 1) : 1;
      cost += items * (1 + child.cost);
    }
    return {
      depth: (inIntrospection && name === 'ofType' ? 0 : 1) + child.depth,
      cost,
      aliases: (node.alias ? 1 : 0) + child.aliases,
      introspection: inIntrospection,
    };
  }

  function spread(name: string, listSize: number | undefined, introspection: boolean): QueryMeasure {
    const key = `${name}|${listSize ?? ''}|${introspection}`;
    const known = memo.get(key);
    if (known) return known;
    const fragment = fragments.get(name);
    // Validation refuses unknown and cyclic fragments; the guard only keeps the walk finite regardless.
    if (!fragment || walking.has(key)) return ZERO;
    const type = schema.getType(fragment.typeCondition.name.value);
    if (!type) return ZERO;
    walking.add(key);
    const measured = selectionSet(fragment.selectionSet, type, listSize, introspection);
    walking.delete(key);
    memo.set(key, measured);
    return measured;
  }

  function selectionSet(set: SelectionSetNode, parent: GraphQLNamedType, listSize: number | undefined, introspection: boolean): QueryMeasure {
    // @skip/@include are ignored: a field that may run is counted, which errs on the safe side.
    const total = { ...ZERO };
    for (const s of set.selections) {
      let part: QueryMeasure;
      if (s.kind === Kind.FIELD) part = field(s, parent, listSize, introspection);
      else if (s.kind === Kind.INLINE_FRAGMENT) {
        const type = s.typeCondition ? schema.getType(s.typeCondition.name.value) : parent;
        part = type ? selectionSet(s.selectionSet, type, listSize, introspection) : ZERO;
      } else part = spread(s.name.value, listSize, introspection);
      total.depth = Math.max(total.depth, part.depth);
      total.cost += part.cost;
      total.aliases += part.aliases;
      total.introspection ||= part.introspection;
    }
    return total;
  }

  const root = schema.getRootType(operation.operation);
  return root ? selectionSet(operation.selectionSet, root, undefined, false) : ZERO;
}

export type LimitCode = 'QUERY_TOO_DEEP' | 'QUERY_TOO_COSTLY' | 'TOO_MANY_ALIASES';

/** One coded error per limit exceeded (with the measured value and the limit), or none. */
export function limitErrors(measure: QueryMeasure, limits: CallerLimits): GraphQLFormattedError[] {
  const checks: Array<[LimitCode, number, number, string]> = [
    ['QUERY_TOO_DEEP', measure.depth, limits.maxDepth, 'nests fields deeper'],
    ['TOO_MANY_ALIASES', measure.aliases, limits.maxAliases, 'uses more aliases'],
    ['QUERY_TOO_COSTLY', measure.cost, limits.maxCost, 'costs more (page sizes multiply)'],
  ];
  return checks
    .filter(([, measured, limit]) => measured > limit)
    .map(([code, measured, limit, what]) => ({
      message: `The query ${what} than allowed: ${measured} > ${limit}.`,
      extensions: { code, measured, limit },
    }));
}

/** The refusal of a JSON array body: one operation per request, so limits and the rate limit mean something. */
export const BATCH_REFUSAL = {
  errors: [
    {
      message: 'Batched operations are not accepted: send one operation per request.',
      extensions: { code: 'BATCH_NOT_ALLOWED' },
    },
  ],
};

/** Introspection is for advisers (GraphiQL) and for partner clients given the `introspection` scope. */
const mayIntrospect = (viewer: Context['viewer']): boolean => viewer.kind !== 'client' || viewer.scopes.has('introspection');

/**
 * graphql-js's hints (`Did you mean "countries"?`, `Did you mean the enum value "NAME"?`) name fields,
 * types and enum values: repeated wrong guesses would map the schema for a caller refused introspection.
 */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/** A response without schema hints, for a caller who may not introspect (graphql-js 16 cannot leave them out). */
export function schemaHintsPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors || mayIntrospect(contextValue.viewer)) return;
          response.body.singleResult.errors = response.body.singleResult.errors.map((e) => ({ ...e, message: e.message.replace(SUGGESTION, '') }));
        },
      };
    },
  };
}

/** Introspection is for advisers (GraphiQL) and for clients given the `introspection` scope. */
const INTROSPECTION_REFUSAL: GraphQLFormattedError = {
  message: 'Introspection (__schema, __type) needs the introspection scope.',
  extensions: { code: 'FORBIDDEN', scope: 'introspection' },
};

/**
 * Measures each operation and refuses it, with HTTP 400, when it exceeds its caller kind's limits; the
 * measured cost goes into `extensions.cost` of every response that got that far. The refusal is a
 * `responseForOperation` answer, so execution never starts, and it is already in its final shape (the
 * error formatter only sees errors Apollo raised itself).
 */
export function queryLimitsPlugin(config: Config): ApolloServerPlugin<Context> {
  const pageSizes = pageLimits(config);
  // Apollo keeps a parsed document for each query text it has seen, so a repeated operation is the same
  // node: its measure, when no variable changes it, is taken once for all its requests.
  const fixedMeasures = new WeakMap<OperationDefinitionNode, QueryMeasure>();
  const measureOf = (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined) => {
    const kept = fixedMeasures.get(operation);
    if (kept) return kept;
    const measured = { fixed: true };
    const measure = measureOperation({ schema, document, operation, variables, pageSizes, measured });
    if (measured.fixed) fixedMeasures.set(operation, measure);
    return measure;
  };
  return {
    async requestDidStart() {
      let cost: number | undefined;
      return {
        async responseForOperation({ schema, document, operation, request, contextValue }) {
          const measure = measureOf(schema, document, operation, request.variables);
          cost = measure.cost;
          const { viewer } = contextValue;
          if (measure.introspection && !mayIntrospect(viewer)) {
            return { http: { status: 403, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { errors: [INTROSPECTION_REFUSAL] } } };
          }
          const errors = limitErrors(measure, config.limits[viewer.kind]);
          if (!errors.length) return null;
          return { http: { status: 400, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { errors } } };
        },
        async willSendResponse({ response }) {
          if (cost !== undefined && response.body.kind === 'single') {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, cost };
          }
        },
      };
    },
  };
}
