import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Ctx, Extensions, Field, Info, InputType, Int, Query, Resolver, type ClassType } from 'type-graphql';
import type { Row } from '../../db/read-model.js';
import type { Context } from '../../graphql/context.js';
import { selectsField } from '../../graphql/connection.js';
import { FIELD_COST } from '../../graphql/limits.js';
import type { SearchCatalog } from '../../search/catalog.js';
import type { SearchMapping, SearchSummary } from '../../search/mapping.js';
import { exportUrl } from '../../search/export.js';
import { encodeSearchCursor, searchPageInfo, type CursorScope } from '../../search/search-pages.js';
import type { SearchPage } from '../../search/search.service.js';
import type { SearchEntity, SearchHit } from '../../search/search.types.js';
import { globalSearchTypes, searchEntityEnum, searchStatusType, type SearchEntityEnum } from './search-results.types.js';
import { JobRunType, SEARCH_TYPE, SearchPageArgs, foundBy, inWords, searchArgsFor, searchConnectionType } from './search.types.js';

/**
 * The hits' rows, through the request's loaders (so the row-level and field rules apply as anywhere else),
 * in hit order, each with its cursor (its position in the results). A hit whose record is gone (deleted, the
 * index not yet caught up) is left out.
 */
async function withNodes(ctx: Context, catalog: SearchCatalog, hits: SearchHit[], page: { offset: number; scope: CursorScope }) {
  const rows = await Promise.all(hits.map((h) => ctx.loaders.byId(catalog.mapping(h.entity).readModel).load(h.id)));
  return hits.flatMap((hit, i) => {
    const row = rows[i];
    if (!row) return [];
    return [{ cursor: encodeSearchCursor(page.scope, page.offset + i), score: hit.score, entity: hit.entity, node: { ...row, [SEARCH_TYPE]: catalog.mapping(hit.entity).typeName } as Row }];
  });
}

const pageInfo = (result: SearchPage) => searchPageInfo(result.scope, result.offset, result.hits.length, result.total);

@InputType('GlobalSearchFilter', { description: 'Filters of global search.' })
class GlobalSearchFilter {
  @Field(() => Boolean, {
    nullable: true,
    description:
      "Archived records only (true) or live ones only (false); both when absent, as Data Hub's search shows them. It is each entity search's own filter.archived, with the same default, so each count in aggregations equals the totalCount of that entity's search with the same term and filter. Entities that are not archived (advisers, events) are not filtered by it.",
  })
  archived?: boolean | null;
}

function globalSearchArgs(entityEnum: SearchEntityEnum) {
  @ArgsType()
  class GlobalSearchArgs extends SearchPageArgs {
    @Field(() => String, { description: 'Words to match: names, trading names, company numbers, postcodes, emails, subjects, participants.' })
    term!: string;

    @Field(() => [entityEnum], {
      nullable: true,
      description: 'List the hits of these entities only (default: every one the caller may see); aggregations still count every entity the caller may see, for the tabs of a results page.',
    })
    entities?: SearchEntity[] | null;

    @Field(() => GlobalSearchFilter, { nullable: true })
    filter?: GlobalSearchFilter | null;

    @Field(() => Boolean, {
      nullable: true,
      deprecationReason: 'Use filter: { archived } (archived records are included by default, as in the entity searches). includeArchived: false is filter: { archived: false }; not with filter.archived (ARCHIVED_TWICE).',
    })
    includeArchived?: boolean | null;
  }
  return GlobalSearchArgs;
}
/** `search`, `searchStatus` and `autocomplete`, over every entity of the catalog. */
function globalSearchResolver(catalog: SearchCatalog) {
  const entityEnum = searchEntityEnum(catalog);
  const { SearchEdge, SearchConnection } = globalSearchTypes(catalog, entityEnum);
  const SearchStatusType = searchStatusType(entityEnum);
  const GlobalSearchArgs = globalSearchArgs(entityEnum);
  type Edge = InstanceType<typeof SearchEdge>;

  @Resolver()
  class SearchResolver {
    @Extensions({ cost: FIELD_COST.search })
    @Query(() => SearchConnection, {
      description: `Global search across ${inWords(catalog.mappings.map(foundBy), 'and')}, ranked, with counts per entity (a results page and its tabs). Archived records are included unless filter.archived says otherwise.`,
    })
    async search(@Args(() => GlobalSearchArgs) args: InstanceType<typeof GlobalSearchArgs>, @Ctx() ctx: Context): Promise<InstanceType<typeof SearchConnection>> {
      const result = await ctx.services.search.global(ctx.viewer, args);
      const edges = await withNodes(ctx, catalog, result.hits, result);
      return { totalCount: result.total, aggregations: result.aggregations, edges: edges as Edge[], pageInfo: pageInfo(result) };
    }

    @Query(() => SearchStatusType, { description: "Search's health: backend, documents, outbox depth, index lag, and the jobs' latest runs." })
    async searchStatus(@Ctx() ctx: Context): Promise<InstanceType<typeof SearchStatusType>> {
      const status = await ctx.services.search.status(ctx.em);
      return {
        backend: status.backend,
        healthy: status.healthy,
        detail: status.detail ?? null,
        documents: Object.entries(status.documents).map(([entity, documents]) => ({ entity, documents: documents ?? 0 })),
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
      @Arg('entity', () => entityEnum) entity: SearchEntity,
      @Arg('prefix', { description: 'The start of a name (at most 100 characters); a blank one is refused: TERM_REQUIRED at prefix.' }) prefix: string,
      @Arg('first', () => Int, { nullable: true, description: 'At most 50; default 10.' }) first: number | null,
      @Ctx() ctx: Context,
    ): Promise<Edge[]> {
      const hits = await ctx.services.search.autocomplete(ctx.viewer, entity, prefix, first);
      return (await withNodes(ctx, catalog, hits, { offset: 0, scope: { list: 'autocomplete', order: '' } })) as Edge[];
    }
  }
  return SearchResolver;
}

/**
 * A search's summary: the summary's values in its order (a count of 0 for those not found), then any other
 * value found, each with its row (through the request's loaders); a value with no row is left out.
 */
async function summaryOf(ctx: Context, summary: SearchSummary, counts: Array<{ value: string; count: number }>) {
  const found = new Map(counts.map((c) => [c.value, c.count]));
  const values = [...summary.values, ...counts.map((c) => c.value).filter((v) => !summary.values.includes(v))];
  const rows = await Promise.all(values.map((v) => ctx.loaders.byId(summary.model).load(v)));
  return values.flatMap((value, i) => (rows[i] ? [{ [summary.name]: rows[i], count: found.get(value) ?? 0 }] : []));
}

/** `search<Types>(term, filter, orderBy, first, after)` for one entity: its mapping's `query`, over its `nodeType`. */
function entitySearchResolver(catalog: SearchCatalog, mapping: SearchMapping) {
  const SearchArgs = searchArgsFor(mapping);
  const Connection = searchConnectionType(mapping.typeName, mapping.nodeType as ClassType, Boolean(mapping.export), mapping.summary);

  @Resolver()
  class EntitySearchResolver {
    @Extensions({ cost: FIELD_COST.search })
    @Query(() => Connection, { name: mapping.query, description: `Search ${mapping.entity} records with filters and sorts; each hit has its relevance.` })
    async search(@Args(() => SearchArgs) args: InstanceType<typeof SearchArgs>, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
      // The counts per value are made only when the summary is asked for (Data Hub's show_summary).
      const summary = mapping.summary && selectsField(info, 'summary') ? mapping.summary : undefined;
      const result = await ctx.services.search.entity(ctx.em, ctx.viewer, mapping, args, Boolean(summary));
      const edges = await withNodes(ctx, catalog, result.hits, result);
      return {
        totalCount: result.total,
        edges: edges.map(({ entity: _e, ...edge }) => edge),
        pageInfo: pageInfo(result),
        exportUrl: mapping.export ? exportUrl(mapping.entity, args, ctx.viewer) : undefined,
        summary: summary ? await summaryOf(ctx, summary, result.valueCounts ?? []) : undefined,
      };
    }
  }
  return EntitySearchResolver;
}

/** The search module's resolvers: global search, then each entity's own search, in the catalog's order. */
export const searchResolvers = (catalog: SearchCatalog) => [globalSearchResolver(catalog), ...catalog.mappings.map((m) => entitySearchResolver(catalog, m))];
