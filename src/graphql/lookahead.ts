import { getArgumentValues, getNamedType, isObjectType, type FieldNode, type GraphQLField, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { embeddedObject, embeddedPage } from '../db/embed.js';
import { embedColumn, embeddedObjectColumn, type Embed, type EntityFilter, type OrderTerm, type ParentLink, type ReadModel, type Row, type Sql } from '../db/read-model.js';
import { pageLimits } from '../config/config.js';
import type { Context } from './context.js';
import { related } from './related.js';

/**
 * Look-ahead: before a list or a lookup runs its statement, the selection says which relations will be
 * asked for, and those that can be are fetched inside the same statement as JSON (see src/db/embed.ts).
 * What cannot be embedded (a page after a cursor, a field under @skip/@include, arguments that fail
 * validation) is left to the field's resolver and its DataLoader, which behave exactly as before.
 */
type EmbedSpec =
  | { kind: 'connection'; model: ReadModel; link: ParentLink; nodeType: string }
  | { kind: 'list'; sql: (parent: string) => Sql }
  /** A many-to-one row by the parent's foreign key (`sectorId`); resolved with `related()`. */
  | { kind: 'object'; model: ReadModel; foreignKey: string };

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

/** The embeds for the fields selected on `typeName` (recursively, for their own selections). */
export function planEmbeds(ctx: Context, info: GraphQLResolveInfo, typeName: string, fields: FieldNode[]): Embed[] {
  const specs = registry.get(typeName);
  const type = info.schema.getType(typeName);
  if (!specs || !isObjectType(type)) return [];
  const embeds: Embed[] = [];
  for (const field of fields) {
    const spec = specs.get(field.name.value);
    const fieldDef = type.getFields()[field.name.value];
    if (!spec || !fieldDef || field.directives?.length) continue;
    try {
      const args = getArgumentValues(fieldDef, field, info.variableValues);
      const column = spec.kind === 'object' ? embeddedObjectColumn(field.name.value) : listColumn(fieldDef, field, info.variableValues, args);
      if (embeds.some((e) => e.column === column)) continue;
      if (spec.kind === 'list') {
        embeds.push({ column, sql: spec.sql });
        continue;
      }
      if (spec.kind === 'object') {
        embeds.push({ column, sql: embeddedObject(spec.model, spec.foreignKey, ctx.rows(spec.model)) });
        continue;
      }
      if (args.after != null || args.before != null || args.last != null) continue;
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
      embeds.push({ column, sql: embeddedPage(spec.model, spec.link, req, pageLimits(ctx.config), nested) });
    } catch {
      // Left to the resolver, which reports the problem at the field's own path.
    }
  }
  return embeds;
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

/** Embeds for the node selection of a root connection field (`companies { edges { node { ... } } }`). */
export function planConnectionEmbeds(ctx: Context, info: GraphQLResolveInfo, nodeType: string): Embed[] {
  const connectionType = getNamedType(info.returnType).name;
  const connectionFields = info.fieldNodes.flatMap((f) => collectFields(info, f.selectionSet, connectionType));
  const nodeFields = childFields(info, childFields(info, connectionFields, 'edges', `${nodeType}Edge`), 'node', nodeType);
  return planEmbeds(ctx, info, nodeType, nodeFields);
}

/** Embeds for the selection of a root lookup (`company(id) { ... }`). */
export function planObjectEmbeds(ctx: Context, info: GraphQLResolveInfo, typeName: string): Embed[] {
  return planEmbeds(ctx, info, typeName, info.fieldNodes.flatMap((f) => collectFields(info, f.selectionSet, typeName)));
}

/**
 * Declares a many-to-one field (`Company.sector` by `sectorId`) in one place: registers its look-ahead
 * and returns the resolver body, which takes the embedded row when there is one, else the loader's.
 */
export function manyToOne<R extends Row>(typeName: string, field: string, model: ReadModel<R>, foreignKey: string) {
  registerEmbed(typeName, field, { kind: 'object', model, foreignKey });
  return (ctx: Context, row: Row) => related(ctx, row, field, model, row[foreignKey]);
}
