import { Arg, Args, ArgsType, Ctx, Extensions, Field, Int, Query, Resolver, type ClassType } from 'type-graphql';
import type { Row } from '../../db/read-model.js';
import type { Context } from '../../graphql/context.js';
import { FIELD_COST } from '../../graphql/limits.js';
import type { SearchMapping } from '../../search/mapping.js';
import { SEARCH_MAPPINGS } from '../../search/registry.js';
import { exportUrl } from '../../search/export.js';
import { encodeSearchCursor } from '../../search/search.service.js';
import type { SearchEntity, SearchHit, SearchResult } from '../../search/search.types.js';
import { AdviserType } from '../adviser/index.js';
import { CompanyType } from '../company/index.js';
import { ContactType } from '../contact/index.js';
import { InteractionType } from '../interaction/index.js';
import { JobRunType, SEARCH_TYPE, SearchConnection, SearchEdge, SearchStatusType, SearchEntityEnum, SearchPageArgs, searchArgsFor, searchConnectionType } from './search.types.js';

/**
 * The hits' rows, through the request's loaders (so the row-level and field rules apply as anywhere else),
 * in hit order. A hit whose record is gone (deleted, the index not yet caught up) is left out.
 */
async function withNodes(ctx: Context, hits: SearchHit[], offset: number) {
  const rows = await Promise.all(hits.map((h) => ctx.loaders.byId(SEARCH_MAPPINGS[h.entity].readModel).load(h.id)));
  return hits.flatMap((hit, i) => {
    const row = rows[i];
    if (!row) return [];
    return [{ cursor: encodeSearchCursor(offset + i), score: hit.score, entity: hit.entity as SearchEntityEnum, node: { ...row, [SEARCH_TYPE]: SEARCH_MAPPINGS[hit.entity].typeName } as Row }];
  });
}

function pageInfo(result: SearchResult & { offset: number }, edges: Array<{ cursor: string }>) {
  return {
    hasNextPage: result.offset + result.hits.length < result.total,
    hasPreviousPage: result.offset > 0,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges.at(-1)?.cursor ?? (result.hits.length ? encodeSearchCursor(result.offset + result.hits.length - 1) : null),
  };
}

@ArgsType()
class GlobalSearchArgs extends SearchPageArgs {
  @Field(() => String, { description: 'Words to match: names, trading names, company numbers, postcodes, emails, subjects, participants.' })
  term!: string;

  @Field(() => [SearchEntityEnum], { nullable: true, description: 'Only these entities (default: every one the caller may see).' })
  entities?: SearchEntity[] | null;

  @Field(() => Boolean, { defaultValue: false, description: 'Include archived records (left out by default).' })
  includeArchived!: boolean;
}

@Resolver()
export class SearchResolver {
  @Extensions({ cost: FIELD_COST.search })
  @Query(() => SearchConnection, { description: 'Global search across companies, contacts, interactions and advisers, ranked, with counts per entity.' })
  async search(@Args(() => GlobalSearchArgs) args: GlobalSearchArgs, @Ctx() ctx: Context): Promise<SearchConnection> {
    const result = await ctx.services.search.global(ctx.viewer, args);
    const edges = await withNodes(ctx, result.hits, result.offset);
    return {
      totalCount: result.total,
      aggregations: result.aggregations.map((a) => ({ entity: a.entity as SearchEntityEnum, count: a.count })),
      edges: edges as SearchEdge[],
      pageInfo: pageInfo(result, edges),
    };
  }

  @Query(() => SearchStatusType, { description: "Search's health: backend, documents, outbox depth, index lag, and the jobs' latest runs." })
  async searchStatus(@Ctx() ctx: Context): Promise<SearchStatusType> {
    const status = await ctx.services.search.status(ctx.em);
    return {
      backend: status.backend,
      healthy: status.healthy,
      detail: status.detail ?? null,
      documents: Object.entries(status.documents).map(([entity, documents]) => ({ entity: entity as SearchEntityEnum, documents: documents ?? 0 })),
      outboxDepth: status.outbox.depth,
      oldestPendingSeconds: status.outbox.oldestPendingSeconds,
      failing: status.outbox.failing,
      lastError: status.outbox.lastError,
      lagP50Ms: status.lagP50Ms,
      lagP95Ms: status.lagP95Ms,
      jobs: status.jobs as unknown as JobRunType[],
    };
  }

  @Extensions({ cost: FIELD_COST.search })
  @Query(() => [SearchEdge], { description: 'Fast, typo-tolerant prefix matches of names, for pickers: live records only.' })
  async autocomplete(
    @Arg('entity', () => SearchEntityEnum) entity: SearchEntityEnum,
    @Arg('prefix') prefix: string,
    @Arg('first', () => Int, { nullable: true, description: 'At most 50; default 10.' }) first: number | null,
    @Ctx() ctx: Context,
  ): Promise<SearchEdge[]> {
    const hits = await ctx.services.search.autocomplete(ctx.viewer, entity as SearchEntity, prefix, first);
    return (await withNodes(ctx, hits, 0)) as SearchEdge[];
  }
}

/** `search<Types>(term, filter, orderBy, first, after)` for one entity. */
function entitySearchResolver(mapping: SearchMapping, nodeType: ClassType, queryName: string) {
  const SearchArgs = searchArgsFor(mapping);
  const Connection = searchConnectionType(mapping.typeName, nodeType, Boolean(mapping.export));

  @Resolver()
  class EntitySearchResolver {
    @Extensions({ cost: FIELD_COST.search })
    @Query(() => Connection, { name: queryName, description: `Search ${mapping.entity} records with filters and sorts; each hit has its relevance.` })
    async search(@Args(() => SearchArgs) args: InstanceType<typeof SearchArgs>, @Ctx() ctx: Context) {
      const result = await ctx.services.search.entity(ctx.viewer, mapping, args);
      const edges = await withNodes(ctx, result.hits, result.offset);
      return {
        totalCount: result.total,
        edges: edges.map(({ entity: _e, ...edge }) => edge),
        pageInfo: pageInfo(result, edges),
        exportUrl: mapping.export ? exportUrl(mapping.entity, args) : undefined,
      };
    }
  }
  return EntitySearchResolver;
}

export const ENTITY_SEARCH_QUERIES: Record<SearchEntity, string> = {
  company: 'searchCompanies',
  contact: 'searchContacts',
  interaction: 'searchInteractions',
  adviser: 'searchAdvisers',
};

export const searchResolvers = [
  SearchResolver,
  entitySearchResolver(SEARCH_MAPPINGS.company, CompanyType, ENTITY_SEARCH_QUERIES.company),
  entitySearchResolver(SEARCH_MAPPINGS.contact, ContactType, ENTITY_SEARCH_QUERIES.contact),
  entitySearchResolver(SEARCH_MAPPINGS.interaction, InteractionType, ENTITY_SEARCH_QUERIES.interaction),
  entitySearchResolver(SEARCH_MAPPINGS.adviser, AdviserType, ENTITY_SEARCH_QUERIES.adviser),
];
