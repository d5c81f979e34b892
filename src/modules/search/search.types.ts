import { ArgsType, createUnionType, Field, Float, InputType, Int, ObjectType, registerEnumType, type ClassType } from 'type-graphql';
import { PageInfo, SortDirection } from '../../graphql/connection.js';
import { DateTimeScalar, LocalDateScalar } from '../../graphql/scalars.js';
import type { SearchMapping } from '../../search/mapping.js';
import { AdviserType } from '../adviser/index.js';
import { CompanyType } from '../company/index.js';
import { ContactType } from '../contact/index.js';
import { InteractionType } from '../interaction/index.js';

export enum SearchEntityEnum {
  COMPANY = 'company',
  CONTACT = 'contact',
  INTERACTION = 'interaction',
  ADVISER = 'adviser',
}
registerEnumType(SearchEntityEnum, { name: 'SearchEntity', description: 'What can be searched.' });

/** Where a hit's row says which type it is (rows are plain read-model rows). */
export const SEARCH_TYPE = '__searchType';

export const SearchNode = createUnionType({
  name: 'SearchNode',
  description: 'A search hit: a company, contact, interaction or adviser.',
  types: () => [CompanyType, ContactType, InteractionType, AdviserType] as const,
  resolveType: (row) => (row as unknown as Record<string, unknown>)[SEARCH_TYPE] as string,
});

@ObjectType({ simpleResolvers: true, description: 'One hit of a global search, with its relevance.' })
export class SearchEdge {
  @Field()
  cursor!: string;

  @Field(() => Float, { description: 'Relevance: higher is better; comparable within one search only.' })
  score!: number;

  @Field(() => SearchEntityEnum)
  entity!: SearchEntityEnum;

  @Field(() => SearchNode)
  node!: unknown;
}

@ObjectType({ simpleResolvers: true })
export class SearchAggregation {
  @Field(() => SearchEntityEnum)
  entity!: SearchEntityEnum;

  @Field(() => Int, { description: 'Matches of this entity in the whole result, not only this page.' })
  count!: number;
}

@ObjectType({ simpleResolvers: true, description: 'A page of global search results, ranked.' })
export class SearchConnection {
  @Field(() => Int)
  totalCount!: number;

  @Field(() => [SearchAggregation], { description: 'Matches per entity the caller may see.' })
  aggregations!: SearchAggregation[];

  @Field(() => [SearchEdge])
  edges!: SearchEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

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
      description: 'This search as CSV (its first 5,000 hits, from the database): GET it with the same Authorization. Needs the export permission.',
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
export class SearchEntityCount {
  @Field(() => SearchEntityEnum)
  entity!: SearchEntityEnum;

  @Field(() => Int)
  documents!: number;
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

@ObjectType({ simpleResolvers: true, description: "Search's health, for administrators." })
export class SearchStatusType {
  @Field({ description: 'opensearch or postgres.' })
  backend!: string;

  @Field()
  healthy!: boolean;

  @Field(() => String, { nullable: true })
  detail!: string | null;

  @Field(() => [SearchEntityCount])
  documents!: SearchEntityCount[];

  @Field(() => Int, { description: 'Changes waiting to reach search.' })
  outboxDepth!: number;

  @Field(() => Float, { nullable: true, description: 'Age of the oldest waiting change, in seconds.' })
  oldestPendingSeconds!: number | null;

  @Field(() => Int, { description: 'Waiting changes whose last attempt failed (they are retried with back-off).' })
  failing!: number;

  @Field(() => String, { nullable: true })
  lastError!: string | null;

  @Field(() => Float, { nullable: true, description: 'Commit-to-searchable lag, median of the last 1,000 changes drained by this process (ms).' })
  lagP50Ms!: number | null;

  @Field(() => Float, { nullable: true, description: 'The same, 95th percentile (ms).' })
  lagP95Ms!: number | null;

  @Field(() => [JobRunType], { description: 'The latest run of each scheduled job.' })
  jobs!: JobRunType[];
}
