import { getArgumentValues, getNamedType, isObjectType, type FieldNode, type GraphQLField, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { embeddedObject, embeddedPage } from '../db/embed.js';
import { embedColumn, embeddedObjectColumn, sqlJoin, type Embed, type EntityFilter, type OrderTerm, type ParentLink, type ReadModel, type Row, type Sql } from '../db/read-model.js';
import { pageLimits } from '../config/config.js';
import type { Context } from './context.js';
import { keptPlan } from './plan-cache.js';
import { related } from './related.js';
import { keysNamedOn, readsDeclared, selectedKeys } from './selected-columns.js';

/**
 * Look-ahead: before a list or a lookup runs its statement, the selection says which relations will be
 * asked for, and those that can be are fetched inside the same statement as JSON (see src/db/embed.ts).
 * What cannot be embedded (a page after a cursor, a field under @skip/@include, arguments that fail
 * validation) is left to the field's resolver and its DataLoader, which behave exactly as before.
 */
type EmbedSpec =
  | { kind: 'connection'; model: ReadModel; link: ParentLink; nodeType: string }
  /**
   * A JSON array over the parent row. With `nodeType`, the embeds its items' selection asks for (their
   * many-to-one fields) are planned and handed to `sql`, to be put on each item (`withEmbeds`). With `model`,
   * the items are rows of that read model and `sql` is given the caller's row rules on it (`scope`, over the
   * items' alias `t`), so an embedded list hides what its loader would.
   */
  | { kind: 'list'; sql: (parent: string, nested: Embed[], scope: Sql[]) => Sql; nodeType?: string; model?: ReadModel }
  /** A many-to-one row by the parent's foreign key (`sectorId`); resolved with `related()`. */
  | { kind: 'object'; model: ReadModel; foreignKey: string }
  /** One value over the parent row (a company's latest interaction date): an SQL expression; read with `embeddedValue`. */
  | { kind: 'value'; sql: (parent: string) => Sql }
  | InlineSpec;

/**
 * An object made of the parent's own columns under a prefix (`Company.address`: `addressLine1` ...
 * `addressCountryId`). The many-to-one fields of its type (`Address.country`, registered with
 * `foreignKey: 'countryId'`) are embedded by the parent's key (`addressCountryId`), each under a column of
 * its own (`inlineColumn('address', 'country')`), which the resolver hands the object (`inlineRows`).
 *
 * With `or`, the object is a related row's instead when the parent's `when` key is true (a contact's
 * address is its company's when `addressSameAsCompany`): that row, by the parent's `foreignKey`, is embedded
 * under `embeddedObjectColumn(field)` with the object's many-to-one rows inside (by its keys under the same
 * prefix), for the resolver to take with `related()`.
 */
type InlineSpec = { kind: 'inline'; typeName: string; prefix: string; or?: { model: ReadModel; foreignKey: string; when: string } };

const registry = new Map<string, Map<string, EmbedSpec>>();

/** Declares that `typeName.fieldName` can be fetched with its parent (modules call this next to the field). */
export function registerEmbed(typeName: string, fieldName: string, spec: EmbedSpec): void {
  let fields = registry.get(typeName);
  if (!fields) registry.set(typeName, (fields = new Map()));
  fields.set(fieldName, spec);
}

/** The fields selected on an object of `typeName`, through fragments that apply to it. */
function collectFields(info: GraphQLResolveInfo, set: SelectionSetNode | undefined, typeName: string, out: FieldNode[] = []): FieldNode[] {
  for (const selection of set?.selections ?? []) {
    if (selection.kind === 'Field') out.push(selection);
    else if (selection.kind === 'InlineFragment') {
      if (!selection.typeCondition || selection.typeCondition.name.value === typeName) collectFields(info, selection.selectionSet, typeName, out);
    } else {
      const fragment = info.fragments[selection.name.value];
      if (fragment?.typeCondition.name.value === typeName) collectFields(info, fragment.selectionSet, typeName, out);
    }
  }
  return out;
}

const childFields = (info: GraphQLResolveInfo, fields: FieldNode[], name: string, typeName: string) =>
  fields.filter((f) => f.name.value === name).flatMap((f) => collectFields(info, f.selectionSet, typeName));

/**
 * The embeds for the fields selected on `typeName` (recursively, for their own selections); `rowsOnly`: only
 * its many-to-one rows (objects and inline objects), whose values do not depend on the selection.
 */
export function planEmbeds(ctx: Context, info: GraphQLResolveInfo, typeName: string, fields: FieldNode[], rowsOnly = false): Embed[] {
  const specs = registry.get(typeName);
  const type = info.schema.getType(typeName);
  if (!specs || !isObjectType(type)) return [];
  const embeds: Embed[] = [];
  for (const field of fields) {
    const spec = specs.get(field.name.value);
    const fieldDef = type.getFields()[field.name.value];
    if (!spec || !fieldDef || field.directives?.length || (rowsOnly && spec.kind !== 'object' && spec.kind !== 'inline')) continue;
    try {
      for (const embed of planField(ctx, info, spec, fieldDef, field, fields)) if (!embeds.some((e) => e.column === embed.column)) embeds.push(embed);
    } catch {
      // Left to the resolver, which reports the problem at the field's own path.
    }
  }
  return embeds;
}

/** The embeds of one selected field; `fields` are its siblings (the same field under another alias). */
function planField(ctx: Context, info: GraphQLResolveInfo, spec: EmbedSpec, fieldDef: GraphQLField<unknown, unknown>, field: FieldNode, fields: FieldNode[]): Embed[] {
  const name = field.name.value;
  const args = getArgumentValues(fieldDef, field, info.variableValues);
  // Every selection of the field without a directive, so that an alias's own subfields are planned too.
  const selections = fields.filter((f) => f.name.value === name && !f.directives?.length);
  switch (spec.kind) {
    case 'object': {
      // Its own many-to-one rows inside, not its lists: an embedded row may be shared with other fields of the
      // request (a lookup primes the loader with its row), and a list's page depends on the selection (its total).
      const objectType = getNamedType(fieldDef.type).name;
      const objectFields = childFields(info, selections, name, objectType);
      const nested = planEmbeds(ctx, info, objectType, objectFields, true);
      const keys = rowKeys(objectType, spec.model, objectFields);
      return [{ column: embeddedObjectColumn(name), sql: embeddedObject(spec.model, spec.foreignKey, ctx.rows(spec.model), nested, keys) }];
    }
    case 'inline':
      return planInline(ctx, info, spec, name, childFields(info, selections, name, spec.typeName));
    case 'list': {
      const nested = spec.nodeType ? planEmbeds(ctx, info, spec.nodeType, childFields(info, selections, name, spec.nodeType)) : [];
      const scope = spec.model ? ctx.rows(spec.model) : [];
      return [{ column: listColumn(fieldDef, field, info.variableValues, args), sql: (parent) => spec.sql(parent, nested, scope) }];
    }
    case 'value':
      return [{ column: listColumn(fieldDef, field, info.variableValues, args), sql: spec.sql }];
    case 'connection':
      return planConnection(ctx, info, spec, fieldDef, field, args);
  }
}

/** The first page of a connection field (no cursor, no `last`), with its nodes' own embeds. */
function planConnection(
  ctx: Context,
  info: GraphQLResolveInfo,
  spec: Extract<EmbedSpec, { kind: 'connection' }>,
  fieldDef: GraphQLField<unknown, unknown>,
  field: FieldNode,
  args: Record<string, unknown>,
): Embed[] {
  if (args.after != null || args.before != null || args.last != null) return [];
  const connectionType = getNamedType(fieldDef.type).name;
  const connectionFields = collectFields(info, field.selectionSet, connectionType);
  const edgeType = `${spec.nodeType}Edge`;
  const nodeFields = childFields(info, childFields(info, connectionFields, 'edges', edgeType), 'node', spec.nodeType);
  const req = {
    filter: args.filter as EntityFilter | null | undefined,
    orderBy: args.orderBy as OrderTerm[] | null | undefined,
    first: args.first as number | null | undefined,
    withTotal: connectionFields.some((f) => f.name.value === 'totalCount'),
    where: ctx.rows(spec.model),
  };
  const nested = planEmbeds(ctx, info, spec.nodeType, nodeFields);
  const column = listColumn(fieldDef, field, info.variableValues, args);
  return [{ column, sql: embeddedPage(spec.model, spec.link, req, pageLimits(ctx.config), nested, rowKeys(spec.nodeType, spec.model, nodeFields)) }];
}

/** `countryId` under the prefix `address`: `addressCountryId`. */
const prefixed = (prefix: string, key: string) => `${prefix}${key[0]!.toUpperCase()}${key.slice(1)}`;

/** The many-to-one rows of an inline object's selection, by the parent's keys; with `or`, the related row too. */
function planInline(ctx: Context, info: GraphQLResolveInfo, spec: InlineSpec, field: string, objectFields: FieldNode[]): Embed[] {
  const specs = registry.get(spec.typeName);
  const own: Embed[] = [];
  for (const child of objectFields) {
    const childSpec = specs?.get(child.name.value);
    const column = inlineColumn(field, child.name.value);
    if (childSpec?.kind !== 'object' || child.directives?.length || own.some((e) => e.column === column)) continue;
    own.push({ column, sql: embeddedObject(childSpec.model, prefixed(spec.prefix, childSpec.foreignKey), ctx.rows(childSpec.model)) });
  }
  if (!spec.or) return own;
  const { model, foreignKey, when } = spec.or;
  const relatedRow = embeddedObject(model, foreignKey, ctx.rows(model), own);
  return [...own, { column: embeddedObjectColumn(field), sql: (parent) => sqlJoin([`case when ${parent}."${when}" then `, relatedRow(parent), ' end']) }];
}

/** Per request (the variables object is the execution's own), the column of each list field node's embed. */
const listColumns = new WeakMap<object, WeakMap<FieldNode, string>>();

/**
 * Where the embedded list of this field node lands: by the field and its argument values (src/db/read-model.ts
 * `embedColumn`), worked out once per request and node, not once per parent row.
 */
function listColumn(fieldDef: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>, args?: Record<string, unknown>): string {
  let byNode = listColumns.get(variables);
  if (!byNode) listColumns.set(variables, (byNode = new WeakMap()));
  let column = byNode.get(node);
  if (!column) byNode.set(node, (column = embedColumn(node.name.value, args ?? getArgumentValues(fieldDef, node, variables))));
  return column;
}

/**
 * The list the parent's statement embedded for this very field and these arguments, or undefined when it
 * did not (the resolver then batches through its loader).
 */
export function embeddedList(row: Row, info: GraphQLResolveInfo): Row[] | undefined {
  return row[listColumn(info.parentType.getFields()[info.fieldName], info.fieldNodes[0], info.variableValues)] as Row[] | undefined;
}

/**
 * The value the parent's statement embedded for this field (a `value` spec), or undefined when it did not (the
 * resolver then asks its loader); null is a value.
 */
export function embeddedValue<T>(row: Row, info: GraphQLResolveInfo): T | undefined {
  return embeddedList(row, info) as T | undefined;
}

/**
 * The row keys of `model` the selection on `typeName` reads (src/graphql/selected-columns.ts), null for every
 * column: the look-ahead of each selected field says which keys of the parent it reads.
 */
function rowKeys(typeName: string, model: ReadModel, fields: readonly FieldNode[]): Set<string> | null {
  const specs = registry.get(typeName);
  return selectedKeys(typeName, model, fields, (fieldName) => {
    const spec = specs?.get(fieldName);
    switch (spec?.kind) {
      case undefined:
        return undefined;
      case 'object':
        return [spec.foreignKey];
      case 'connection':
        return ['id'];
      case 'inline':
        return [...Object.keys(model.columns).filter((key) => key.startsWith(spec.prefix)), ...(spec.or ? [spec.or.when, spec.or.foreignKey] : [])];
      // A list's or value's resolver is the module's own, which may read anything of the row: only one that
      // declared its reads (registerReads) lets the row be pruned; its SQL's keys on the parent come too.
      case 'list':
        return readsDeclared(typeName, fieldName) ? keysNamedOn(spec, (parent) => spec.sql(parent, [], [])) : null;
      case 'value':
        return readsDeclared(typeName, fieldName) ? keysNamedOn(spec, spec.sql) : null;
    }
  });
}

/**
 * The node selection of a root connection field (`companies { edges { node { ... } } }`): its embeds, and
 * the row keys its nodes read (null: every column).
 */
export function planConnectionEmbeds(ctx: Context, info: GraphQLResolveInfo, model: ReadModel): { embeds: Embed[]; keys: Set<string> | null } {
  return keptPlan(ctx, info, (ctx) => {
    const nodeType = model.name;
    const connectionType = getNamedType(info.returnType).name;
    const connectionFields = info.fieldNodes.flatMap((f) => collectFields(info, f.selectionSet, connectionType));
    const nodeFields = childFields(info, childFields(info, connectionFields, 'edges', `${nodeType}Edge`), 'node', nodeType);
    return { embeds: textOnce(planEmbeds(ctx, info, nodeType, nodeFields)), keys: rowKeys(nodeType, model, nodeFields) };
  });
}

/** Embeds for the selection of a root lookup (`company(id) { ... }`). */
export function planObjectEmbeds(ctx: Context, info: GraphQLResolveInfo, typeName: string): Embed[] {
  return keptPlan(ctx, info, (ctx) => textOnce(planEmbeds(ctx, info, typeName, info.fieldNodes.flatMap((f) => collectFields(info, f.selectionSet, typeName)))));
}

/** Embeds whose SQL is built once per parent alias: a kept plan (src/graphql/plan-cache.ts) is not rebuilt for each request. */
function textOnce(embeds: Embed[]): Embed[] {
  return embeds.map(({ column, sql }) => {
    const built = new Map<string, Sql>();
    return { column, sql: (parent) => built.get(parent) ?? built.set(parent, sql(parent)).get(parent)! };
  });
}

/** Where the parent's statement puts the many-to-one row `child` of its inline object `field` (InlineSpec). */
export const inlineColumn = (field: string, child: string) => embeddedObjectColumn(`${field}.${child}`);

/**
 * The inline object of `field` carrying the many-to-one rows its parent's statement embedded for it, under
 * the columns `related()` looks in (`__o_country`).
 */
export function inlineRows<T extends Row>(parent: Row, field: string, object: T | null): T | null {
  if (!object) return object;
  const from = inlineColumn(field, '');
  for (const key in parent) if (key.startsWith(from)) (object as Row)[embeddedObjectColumn(key.slice(from.length))] = parent[key];
  return object;
}

/**
 * Declares an inline object field (InlineSpec: `Company.address`) in one place: registers its look-ahead and
 * returns the resolver body. The object is `build(row, prefix)` of the parent's row, or, with `or` and the
 * parent's `when` key true, of the related row (embedded, else the loader's; hidden from the caller: NOT_FOUND),
 * with the many-to-one rows that were embedded for it.
 */
export function inlineObject<T extends Row>(typeName: string, field: string, spec: Omit<InlineSpec, 'kind'>, build: (row: Row, prefix: string) => T | null) {
  registerEmbed(typeName, field, { kind: 'inline', ...spec });
  const of = (row: Row) => inlineRows(row, field, build(row, spec.prefix));
  const { or } = spec;
  return (ctx: Context, row: Row): T | null | Promise<T | null> => {
    if (!or || !row[or.when]) return of(row);
    const owner = related(ctx, row, field, or.model, row[or.foreignKey]);
    return owner instanceof Promise ? owner.then((found) => found && of(found)) : owner && of(owner);
  };
}

/**
 * Declares a many-to-one field (`Company.sector` by `sectorId`) in one place: registers its look-ahead
 * and returns the resolver body, which takes the embedded row when there is one, else the loader's.
 */
export function manyToOne<R extends Row>(typeName: string, field: string, model: ReadModel<R>, foreignKey: string) {
  registerEmbed(typeName, field, { kind: 'object', model, foreignKey });
  return (ctx: Context, row: Row) => related(ctx, row, field, model, row[foreignKey]);
}
