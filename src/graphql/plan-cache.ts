import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode, type ValueNode } from 'graphql';
import { BoundedCache } from '../bounded-cache.js';
import { pageLimits } from '../config/config.js';
import type { ReadModel, Sql } from '../db/read-model.js';
import type { Context } from './context.js';

/**
 * The look-ahead's plan of a field (its embeds' SQL, src/graphql/lookahead.ts), kept from one request to the
 * next. Apollo keeps the parsed document of each query text it has seen, so a repeated operation brings the
 * same field node; its plan is the same as long as what it was made from is: the values of the variables
 * used below the field (not the field's own arguments: a company page's `$id` does not change its plan), the
 * page size limits, and the caller's row rules on each model the plan asked for. The rules are compared on
 * every use, so a plan made for one caller is only ever reused for a caller whose rules read the same.
 */

type Scope = { model: ReadModel; where: Sql[] };
type Kept = { scopes: Scope[]; plan: unknown };

/**
 * One bound for the whole process, whatever the documents: 256 (field node, variable values) keys, each with the
 * plans of up to 4 row scopes. A plan's SQL is tens of KB, and callers choose their documents and variables: a
 * bound per field node would let many documents, each asked with many values, hold gigabytes.
 */
const plans = new BoundedCache<string, Kept[]>(256);
const SCOPES_PER_KEY = 4;

/** A number per field node, for the key (a node Apollo has dropped is never asked for again, and ages out). */
const nodeIds = new WeakMap<FieldNode, number>();
let lastNodeId = 0;
const nodeId = (node: FieldNode): number => nodeIds.get(node) ?? (nodeIds.set(node, ++lastNodeId), lastNodeId);

export function keptPlan<T>(ctx: Context, info: GraphQLResolveInfo, make: (ctx: Context) => T): T {
  const key = info.fieldNodes.length === 1 ? planKey(ctx, info) : undefined;
  if (key === undefined) return make(ctx);
  const kept = plans.get(`${nodeId(info.fieldNodes[0]!)} ${key}`, () => []);
  const found = kept.find((k) => k.scopes.every((s) => sameSql(ctx.rows(s.model), s.where)));
  if (found) return found.plan as T;
  const scopes: Scope[] = [];
  const plan = make({ ...ctx, rows: (model) => recorded(scopes, model, ctx.rows(model)) });
  kept.push({ scopes, plan });
  if (kept.length > SCOPES_PER_KEY) kept.shift();
  return plan;
}

function recorded(scopes: Scope[], model: ReadModel, where: Sql[]): Sql[] {
  if (!scopes.some((s) => s.model === model)) scopes.push({ model, where });
  return where;
}

const sameSql = (a: Sql[], b: Sql[]): boolean =>
  a.length === b.length && a.every((s, i) => s.text === b[i]!.text && s.params.length === b[i]!.params.length && s.params.every((p, j) => p === b[i]!.params[j]));

/** The page limits and the values of the variables used below the field; undefined when they are not kept (not text, or long). */
function planKey(ctx: Context, info: GraphQLResolveInfo): string | undefined {
  const { defaultSize, maxSize } = pageLimits(ctx.config);
  const values: Record<string, unknown> = {};
  for (const name of variablesBelow(info)) if (name in info.variableValues) values[name] = info.variableValues[name];
  let key: string;
  try {
    key = `${defaultSize} ${maxSize} ${JSON.stringify(values)}`;
  } catch {
    return undefined;
  }
  // Long values (a filter of thousands of ids) would make long keys: such a plan is made afresh each time.
  return key.length <= 1_024 ? key : undefined;
}

/** Per field node, the names of the variables used in its selection (its fragments' included). */
const variablesByNode = new WeakMap<FieldNode, readonly string[]>();

function variablesBelow(info: GraphQLResolveInfo): readonly string[] {
  const node = info.fieldNodes[0]!;
  let names = variablesByNode.get(node);
  if (!names) variablesByNode.set(node, (names = [...collectVariables(info, node.selectionSet, new Set(), new Set())]));
  return names;
}

function collectVariables(info: GraphQLResolveInfo, set: SelectionSetNode | undefined, out: Set<string>, fragments: Set<string>): Set<string> {
  for (const selection of set?.selections ?? []) {
    for (const directive of selection.directives ?? []) for (const arg of directive.arguments ?? []) valueVariables(arg.value, out);
    if (selection.kind === Kind.FIELD) {
      for (const arg of selection.arguments ?? []) valueVariables(arg.value, out);
      collectVariables(info, selection.selectionSet, out, fragments);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collectVariables(info, selection.selectionSet, out, fragments);
    } else if (!fragments.has(selection.name.value)) {
      fragments.add(selection.name.value);
      collectVariables(info, info.fragments[selection.name.value]?.selectionSet, out, fragments);
    }
  }
  return out;
}

function valueVariables(value: ValueNode, out: Set<string>): void {
  if (value.kind === Kind.VARIABLE) out.add(value.name.value);
  else if (value.kind === Kind.LIST) for (const item of value.values) valueVariables(item, out);
  else if (value.kind === Kind.OBJECT) for (const field of value.fields) valueVariables(field.value, out);
}
