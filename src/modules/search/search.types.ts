import { ArgsType, Field, Float, InputType, Int, ObjectType, registerEnumType, type ClassType } from 'type-graphql';
import { PageInfo, SortDirection } from '../../graphql/connection.js';
import { DateTimeScalar, LocalDateScalar } from '../../graphql/scalars.js';
import type { SearchMapping } from '../../search/mapping.js';

/** Where a hit's row says which type it is (rows are plain read-model rows). */
export const SEARCH_TYPE = '__searchType';

/** Words as a sentence lists them: `a, b and c` (or `a, b or c`). */
export function inWords(words: readonly string[], last: 'and' | 'or'): string {
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} ${last} ${words.at(-1)}` : (words[0] ?? '');
}

/** What an entity's search finds, in words, from its query's name: `searchInvestmentProjects` is investment projects. */
export const foundBy = (mapping: SearchMapping) => mapping.query.slice('search'.length).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

@InputType({ description: 'An inclusive range of dates; either end may be left open.' })
export class DateRangeInput {
  @Field(() => LocalDateScalar, { nullable: true })
  from?: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  to?: string | null;
}

@ArgsType()
export class SearchPageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size (at most 100; default 20).' })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

/** The connection of one entity's search: edges with a score and that entity's node type (and its CSV export). */
export function searchConnectionType(typeName: string, nodeType: ClassType, exportable: boolean) {
  @ObjectType(`${typeName}SearchEdge`, { simpleResolvers: true })
  class Edge {
    @Field()
    cursor!: string;

    @Field(() => Float, { description: 'Relevance: higher is better; comparable within one search only.' })
    score!: number;

    @Field(() => nodeType)
    node!: unknown;
  }

  @ObjectType(`${typeName}SearchConnection`, { simpleResolvers: true })
  class Connection {
    @Field(() => Int)
    totalCount!: number;

    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  if (exportable) {
    Field(() => String, {
      nullable: true,
      description: 'This search as CSV (its first 5,000 hits, from the database): GET it with the same Authorization, or without one for 15 minutes (a link signed for your token, checked against your permissions when used). Needs the export permission.',
    })(Connection.prototype, 'exportUrl');
  }
  return Connection;
}

/** `<Type>SearchFilter`, `<Type>SearchOrderBy` and the args of `search<Types>`, from the mapping. */
export function searchArgsFor(mapping: SearchMapping) {
  @InputType(`${mapping.typeName}SearchFilter`, { description: `Filters of the ${mapping.entity} search; they combine with AND, a list means any of.` })
  class Filter {}
  for (const [name, spec] of Object.entries(mapping.filters)) {
    const type = spec.kind === 'terms' ? [String] : spec.kind === 'boolean' ? Boolean : spec.kind === 'dateRange' ? DateRangeInput : String;
    Field(() => type, { nullable: true, description: spec.description })(Filter.prototype, name);
  }

  const sortFields = Object.fromEntries(Object.keys(mapping.sorts).map((k) => [k, k]));
  registerEnumType(sortFields, { name: `${mapping.typeName}SearchSortField` });

  @InputType(`${mapping.typeName}SearchOrderBy`)
  class OrderBy {
    @Field(() => sortFields)
    field!: string;

    @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
    direction!: SortDirection;
  }

  @ArgsType()
  class Args extends SearchPageArgs {
    @Field(() => String, { nullable: true, description: 'Words to match; without one, everything that passes the filters.' })
    term?: string | null;

    @Field(() => Filter, { nullable: true })
    filter?: Record<string, unknown> | null;

    @Field(() => [OrderBy], { nullable: true, description: 'Without one, by relevance.' })
    orderBy?: Array<{ field: string; direction: SortDirection }> | null;
  }
  return Args;
}

@ObjectType({ simpleResolvers: true })
export class JobRunType {
  @Field()
  job!: string;

  @Field()
  outcome!: string;

  @Field(() => DateTimeScalar)
  startedOn!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  finishedOn!: Date | null;

  @Field(() => String, { description: 'What the run did, as JSON counts.' })
  counts!: string;

  @Field(() => String, { nullable: true })
  error!: string | null;
}
