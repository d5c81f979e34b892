import { createUnionType, Field, Float, Int, ObjectType, registerEnumType, type ClassType } from 'type-graphql';
import { PageInfo } from '../../graphql/connection.js';
import type { SearchCatalog } from '../../search/catalog.js';
import { inWords, JobRunType, SEARCH_TYPE } from './search.types.js';

/*
 * The GraphQL types that name every searchable entity (the `SearchEntity` enum, the `SearchNode` union, and
 * the global search and status types built on them), made from the catalog: a searchable module's mapping
 * adds its entity here, and this folder never names one. Each is made once, by searchModuleFor.
 */

/** `SearchEntity`: one value per searchable entity, its name in capitals (COMPANY = 'company'). */
export type SearchEntityEnum = Record<string, string>;

export function searchEntityEnum(catalog: SearchCatalog): SearchEntityEnum {
  const values = Object.fromEntries(catalog.entities.map((entity) => [entity.toUpperCase(), entity]));
  registerEnumType(values, { name: 'SearchEntity', description: 'What can be searched.' });
  return values;
}

/** What global search answers: edges whose node is any searchable entity's, and counts per entity. */
export function globalSearchTypes(catalog: SearchCatalog, entityEnum: SearchEntityEnum) {
  const SearchNode = createUnionType({
    name: 'SearchNode',
    description: `A search hit: a ${inWords(catalog.entities, 'or')}.`,
    types: () => catalog.mappings.map((m) => m.nodeType) as unknown as [ClassType, ...ClassType[]],
    resolveType: (row) => (row as unknown as Record<string, unknown>)[SEARCH_TYPE] as string,
  });

  @ObjectType({ simpleResolvers: true, description: 'One hit of a global search, with its relevance.' })
  class SearchEdge {
    @Field({ description: "This hit's position, for after and before (opaque; valid for this search only)." })
    cursor!: string;

    @Field(() => Float, { description: 'Relevance: higher is better; comparable within one search only.' })
    score!: number;

    @Field(() => entityEnum)
    entity!: string;

    @Field(() => SearchNode)
    node!: unknown;
  }

  @ObjectType({ simpleResolvers: true })
  class SearchAggregation {
    @Field(() => entityEnum)
    entity!: string;

    @Field(() => Int, { description: 'Matches of this entity in the whole result, not only this page.' })
    count!: number;
  }

  @ObjectType({ simpleResolvers: true, description: 'A page of global search results, ranked.' })
  class SearchConnection {
    @Field(() => Int, { description: 'Matches of the entities listed (`entities`), whatever the page; pages reach the first 10,000 only.' })
    totalCount!: number;

    @Field(() => [SearchAggregation], {
      description: "Matches per entity the caller may see, each of them whatever `entities` lists (a results page's tabs), under the same term and filter: each equals the totalCount of that entity's own search.",
    })
    aggregations!: SearchAggregation[];

    @Field(() => [SearchEdge])
    edges!: SearchEdge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return { SearchEdge, SearchConnection };
}

/** `searchStatus`'s type: the backend's health, documents per entity, the outbox and the jobs. */
export function searchStatusType(entityEnum: SearchEntityEnum) {
  @ObjectType({ simpleResolvers: true })
  class SearchEntityCount {
    @Field(() => entityEnum)
    entity!: string;

    @Field(() => Int)
    documents!: number;
  }

  @ObjectType({ simpleResolvers: true, description: "Search's health, for administrators." })
  class SearchStatusType {
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
  return SearchStatusType;
}
