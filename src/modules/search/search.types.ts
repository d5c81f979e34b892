import { ArgsType, Field, Float, InputType, Int, ObjectType, registerEnumType, type ClassType } from 'type-graphql';
import { PageInfo, SortDirection } from '../../graphql/connection.js';
import { DateTimeScalar, LocalDateScalar, UUIDScalar } from '../../graphql/scalars.js';
import { DEFAULT_SEARCH_PAGE, MAX_RESULT_WINDOW, MAX_SEARCH_PAGE } from '../../search/search-pages.js';
import type { SearchFilterSpec, SearchMapping, SearchSummary } from '../../search/mapping.js';
import { modelInWords } from '../../search/search-filters.js';

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

const CURSOR =
  "a cursor of this search's edges or pageInfo (opaque, valid for the same search and orderBy only; a cursor from elsewhere is refused: INVALID_CURSOR, CURSOR_FOR_ANOTHER_LIST, CURSOR_FOR_ANOTHER_ORDER)";
const WINDOW = `Pages reach the first ${MAX_RESULT_WINDOW.toLocaleString('en-GB')} results only (a page past them: WINDOW_TOO_LARGE; one running past them ends there, and hasNextPage is then false though totalCount may be larger): narrow the search with filters.`;

/**
 * Paging of every search, as Relay connections page elsewhere (first/after forward, last/before back), and
 * by page number for a results screen (src/search/search-pages.ts).
 */
@ArgsType()
export class SearchPageArgs {
  @Field(() => Int, { nullable: true, description: `Page size, forward (0 to ${MAX_SEARCH_PAGE}; default ${DEFAULT_SEARCH_PAGE}); with page, the size of each page. ${WINDOW}` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: `Results after this position: ${CURSOR}.` })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Page size, backward (0 to ${MAX_SEARCH_PAGE}): the last results before \`before\`, or of the whole result (within the window). Not with first (FIRST_AND_LAST).` })
  last?: number | null;

  @Field(() => String, { nullable: true, description: `Results before this position: ${CURSOR}.` })
  before?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Page number, from 1, of pages of `first` results (results (page - 1) × first + 1 onwards). Not with after or before (PAGE_AND_CURSOR) nor last (PAGE_AND_LAST); below 1: INVALID_PAGE.',
  })
  page?: number | null;
}

/** `<Type>SearchSummary`: one value of the summary's field (`stage`) and how many results have it. */
function summaryType(typeName: string, summary: SearchSummary) {
  @ObjectType(`${typeName}SearchSummary`, { simpleResolvers: true, description: summary.description })
  class Summary {
    @Field(() => Int, { description: 'Results with this value, whatever the page.' })
    count!: number;
  }
  Field(() => summary.nodeType as ClassType)(Summary.prototype, summary.name);
  return Summary;
}

/** The connection of one entity's search: edges with a score and that entity's node type (and its CSV export, and its summary). */
export function searchConnectionType(typeName: string, nodeType: ClassType, exportable: boolean, summary?: SearchSummary) {
  @ObjectType(`${typeName}SearchEdge`, { simpleResolvers: true })
  class Edge {
    @Field({ description: "This hit's position, for after and before (opaque; valid for this search and orderBy)." })
    cursor!: string;

    @Field(() => Float, { description: 'Relevance: higher is better; comparable within one search only.' })
    score!: number;

    @Field(() => nodeType)
    node!: unknown;
  }

  @ObjectType(`${typeName}SearchConnection`, { simpleResolvers: true })
  class Connection {
    @Field(() => Int, { description: 'Matches in total, whatever the page; pages reach the first 10,000 only.' })
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
  if (summary) {
    const Summary = summaryType(typeName, summary);
    Field(() => [Summary], { nullable: true, description: `${summary.description} Counted over the whole result, whatever the page, only when asked for.` })(Connection.prototype, 'summary');
  }
  return Connection;
}

/** A filter's GraphQL type: a list of the enum or of UUIDs its values are, a boolean, a date range, a keyword. */
function filterType(spec: SearchFilterSpec) {
  if (spec.kind === 'terms') return 'enum' in spec.values ? [spec.values.enum] : [UUIDScalar];
  return spec.kind === 'boolean' ? Boolean : spec.kind === 'dateRange' ? DateRangeInput : String;
}

/** A filter's description, with what its values may be and how a value that can never match is answered. */
function filterDescription(spec: SearchFilterSpec): string {
  if (spec.kind !== 'terms') return spec.description;
  const most = 'At most 1,000 values (TOO_MANY_VALUES).';
  if ('reference' in spec.values) return `${spec.description} An id of no ${modelInWords(spec.values.reference)} is refused: BAD_USER_INPUT, reason NOT_FOUND, at filter.<name>.<index>. ${most}`;
  if ('record' in spec.values) {
    return `${spec.description} Ids of ${modelInWords(spec.values.record)} records: one you may not look up (\`${spec.values.permission}\`), or that does not exist, is refused alike (BAD_USER_INPUT, reason NOT_FOUND, at filter.<name>.<index>); without \`${spec.values.permission}\` ids are not checked, and find nothing unless they match. ${most}`;
  }
  return `${spec.description} ${most}`;
}

/** `<Type>SearchFilter`, `<Type>SearchOrderBy` and the args of `search<Types>`, from the mapping. */
export function searchArgsFor(mapping: SearchMapping) {
  @InputType(`${mapping.typeName}SearchFilter`, { description: `Filters of the ${mapping.entity} search; they combine with AND, a list means any of.` })
  class Filter {}
  for (const [name, spec] of Object.entries(mapping.filters)) {
    Field(() => filterType(spec), { nullable: true, description: filterDescription(spec) })(Filter.prototype, name);
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
