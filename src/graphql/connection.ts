import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { ArgsType, Field, InputType, Int, ObjectType, registerEnumType, type ClassType } from 'type-graphql';
import { cursorEncoder } from '../db/cursor.js';
import { type FieldSpec, type OrderTerm, type Page, type PageRequest, type ReadModel, type Row } from '../db/read-model.js';
import { DateTimeScalar, LocalDateScalar, UUIDScalar } from './scalars.js';

@ObjectType({ simpleResolvers: true, description: 'Relay page information.' })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, { name: 'SortDirection' });

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size, forward (at most MAX_PAGE_SIZE).' })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: 'Page size, backward (at most MAX_PAGE_SIZE).' })
  last?: number | null;

  @Field(() => String, { nullable: true })
  before?: string | null;
}

export type Connection<T> = {
  edges: Array<{ node: T; cursor: string }>;
  pageInfo: PageInfo;
  totalCount?: number;
};

/**
 * An edge whose cursor is sealed when a client reads it: sealing costs about 9 µs a cursor, and most pages
 * are asked for without cursors. (A class with the getter on its prototype: a getter in each object literal
 * cost a closure per row and tripled the garbage collection of a list request.)
 */
class PageEdge<T> {
  constructor(
    readonly node: T,
    private readonly encode: (row: Row) => string,
  ) {}

  get cursor(): string {
    return this.encode(this.node as Row);
  }
}

/** Relay's page info, its cursors sealed when read. */
class PageCursors {
  constructor(
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
    private readonly edges: Array<PageEdge<unknown>>,
  ) {}

  get startCursor(): string | null {
    return this.edges[0]?.cursor ?? null;
  }

  get endCursor(): string | null {
    return this.edges.at(-1)?.cursor ?? null;
  }
}

/** A page as a Relay connection. */
export function toConnection<T = any>(page: Page): Connection<T> {
  const encode = cursorEncoder(page.list, page.order);
  const edges = page.rows.map((row) => new PageEdge(row as T, encode));
  return { edges, pageInfo: new PageCursors(page.hasNextPage, page.hasPreviousPage, edges), totalCount: page.totalCount };
}

/** `<Name>Connection` and `<Name>Edge` for a node type. */
export function connectionType(name: string, node: ClassType): ClassType {
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class Edge {
    @Field(() => node)
    node!: unknown;

    @Field()
    cursor!: string;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true })
  class ConnectionType {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many match the filter, whatever the page.' })
    totalCount!: number;
  }
  return ConnectionType;
}

// --- the filter language -------------------------------------------------------------------------

/** What each operator of the filter language does, as its input field's description. */
const OPERATOR_DESCRIPTIONS: Record<string, string> = {
  eq: 'Equal to this value; null means "is null".',
  ne: 'Not equal to this value (rows where the field is null count as not equal); null means "is not null".',
  in: 'Equal to any of these values (at most 1,000); an empty list matches nothing.',
  notIn: 'Equal to none of these values (at most 1,000); an empty list matches everything.',
  lt: 'Less than this value.',
  lte: 'Less than or equal to this value.',
  gt: 'Greater than this value.',
  gte: 'Greater than or equal to this value.',
  between: 'Between [low, high], both included: exactly two values.',
  contains: 'Contains this text, ignoring case. The text is matched as written: % and _ are not wildcards.',
  startsWith: 'Starts with this text, ignoring case. The text is matched as written: % and _ are not wildcards.',
  like: "A SQL LIKE pattern, case-sensitive: % matches any run of characters, _ any one character, \\ escapes them. The caller writes the wildcards (`del` matches only `del`); for user text, use contains or startsWith.",
  ilike: 'The same SQL LIKE pattern as like, ignoring case.',
  isNull: 'true: the field has no value; false: it has one.',
};

function operatorInput(name: string, scalar: () => any, options: { ordered: boolean; text: boolean }): ClassType {
  @InputType(name)
  class Operators {}
  const add = (key: string, type: () => any) => Field(type, { nullable: true, description: OPERATOR_DESCRIPTIONS[key] })(Operators.prototype, key);
  add('eq', scalar);
  add('ne', scalar);
  add('in', () => [scalar()]);
  add('notIn', () => [scalar()]);
  if (options.ordered) {
    for (const op of ['lt', 'lte', 'gt', 'gte']) add(op, scalar);
    add('between', () => [scalar()]);
  }
  if (options.text) {
    for (const op of ['contains', 'startsWith', 'like', 'ilike']) add(op, () => String);
  }
  add('isNull', () => Boolean);
  return Operators;
}

const OPERATORS = {
  id: operatorInput('UUIDFilter', () => UUIDScalar, { ordered: false, text: false }),
  string: operatorInput('StringFilter', () => String, { ordered: true, text: true }),
  int: operatorInput('IntFilter', () => Int, { ordered: true, text: false }),
  float: operatorInput('FloatFilter', () => Number, { ordered: true, text: false }),
  boolean: operatorInput('BooleanFilter', () => Boolean, { ordered: false, text: false }),
  date: operatorInput('LocalDateFilter', () => LocalDateScalar, { ordered: true, text: false }),
  datetime: operatorInput('DateTimeFilter', () => DateTimeScalar, { ordered: true, text: false }),
} as const;

const enumFilters = new Map<object, ClassType>();

/** `<Enum>Filter` for a registered enum: eq, ne, in, notIn, isNull. */
export function enumFilter(enumObject: object, name: string): ClassType {
  let input = enumFilters.get(enumObject);
  if (!input) {
    input = operatorInput(`${name}Filter`, () => enumObject, { ordered: false, text: false });
    enumFilters.set(enumObject, input);
  }
  return input;
}

/** Every read model given list arguments, so a test can check each filter and sort field against the schema. */
export const listedModels: ReadModel[] = [];

const toEnumKey = (field: string) => field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

/**
 * The typed list arguments of a read model, built from its field list: `<Name>Filter` (with and/or/not),
 * `<Name>OrderField`, `<Name>OrderBy` and the args class (`filter`, `orderBy`, first/after/last/before).
 */
export function listArgsFor(model: ReadModel, enums: Record<string, ClassType> = {}) {
  listedModels.push(model);
  @InputType(`${model.name}Filter`, { description: `Conditions on ${model.name}; fields combine with AND.` })
  class Filter {}
  for (const [key, spec] of Object.entries(model.fields) as Array<[string, FieldSpec]>) {
    if (spec.filter === false || spec.internal) continue;
    const input = spec.type === 'enum' ? enums[key] : OPERATORS[spec.type];
    if (!input) throw new Error(`${model.name}.${key}: no filter input for type ${spec.type}`);
    Field(() => input, { nullable: true })(Filter.prototype, key);
  }
  Field(() => [Filter], { nullable: true })(Filter.prototype, 'and');
  Field(() => [Filter], { nullable: true })(Filter.prototype, 'or');
  Field(() => Filter, { nullable: true })(Filter.prototype, 'not');

  const orderFields: Record<string, string> = {};
  for (const [key, spec] of Object.entries(model.fields)) if (spec.sort && !spec.internal) orderFields[toEnumKey(key)] = key;
  registerEnumType(orderFields, { name: `${model.name}OrderField` });

  @InputType(`${model.name}OrderBy`)
  class OrderBy {
    @Field(() => orderFields)
    field!: string;

    @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
    direction!: SortDirection;
  }

  @ArgsType()
  class ListArgs extends PageArgs {
    @Field(() => Filter, { nullable: true })
    filter?: Record<string, unknown> | null;

    @Field(() => [OrderBy], { nullable: true, description: 'Sort keys in order; id is always added last as the tie-breaker.' })
    orderBy?: OrderTerm[] | null;
  }
  return { Filter, OrderBy, ListArgs };
}

/** Whether the selection under this field asks for `totalCount` (through fragments too). */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const visit = (set: SelectionSetNode | undefined): boolean =>
    !!set?.selections.some((s) => {
      if (s.kind === 'Field') return s.name.value === name;
      if (s.kind === 'InlineFragment') return visit(s.selectionSet);
      return visit(info.fragments[s.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((n) => visit(n.selectionSet));
}

export function pageRequest(args: PageArgs & { filter?: any; orderBy?: OrderTerm[] | null }, info: GraphQLResolveInfo): PageRequest {
  return {
    filter: args.filter,
    orderBy: args.orderBy,
    first: args.first,
    after: args.after,
    last: args.last,
    before: args.before,
    withTotal: selectsField(info, 'totalCount'),
  };
}
