import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/core';
import type { RowScope } from '../auth/row-rules.js';
import { fetchPagesByParent, query, rowsByIds, type Page, type PageLimits, type PageRequest, type ParentLink, type ReadModel, type Row, type Sql } from '../db/read-model.js';

/** Rows carrying their parent's id as `__owner`, grouped by it in the order of `ids` (the column dropped). */
export function groupByOwner(ids: readonly string[], rows: Row[]): Row[][] {
  const grouped = new Map<string, Row[]>(ids.map((id) => [id, []]));
  for (const { __owner, ...row } of rows) grouped.get(__owner)?.push(row);
  return ids.map((id) => grouped.get(id)!);
}

/**
 * The DataLoaders of one request, made on first use and keyed by what they batch. Field resolvers ask
 * for one parent's rows; the loader runs one statement for every parent asked in the same tick.
 */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<any, any>>();

  constructor(
    private readonly em: EntityManager,
    private readonly limits: PageLimits,
    /** The caller's row-level rules: every loader reads within them. */
    private readonly rows: RowScope,
  ) {}

  /** Forgets everything loaded so far: after a write, the next read of any record goes to the database. */
  clearAll(): void {
    this.loaders.clear();
  }

  /** Any batch function, under a key unique to what it loads. */
  custom<K, V>(key: string, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = new DataLoader<K, V>(batch);
      this.loaders.set(key, loader);
    }
    return loader;
  }

  /**
   * The child rows of each parent (a company's export countries...): one statement per batch of parents,
   * which must select the parent's id as `__owner`; each parent gets its rows in the statement's order.
   */
  byOwner(key: string, statement: (parentIds: readonly string[]) => Sql): DataLoader<string, Row[]> {
    return this.custom(`owner:${key}`, async (parentIds: readonly string[]) => groupByOwner(parentIds, await query(this.em, statement(parentIds))));
  }

  /** Rows of a model by id (null where missing, or hidden by a row-level rule). */
  byId<R extends Row>(model: ReadModel<R>): DataLoader<string, R | null> {
    return this.custom(`id:${model.name}`, async (ids: readonly string[]) => {
      const rows = await rowsByIds(this.em, model, ids, this.rows(model));
      return ids.map((id) => rows.get(id) ?? null);
    });
  }

  /** A page of a nested list per parent; parents asking with the same arguments share one statement. */
  pageByParent<R extends Row>(model: ReadModel<R>, parentLink: ParentLink, req: PageRequest): DataLoader<string, Page<R>> {
    const key = `page:${model.name}:${JSON.stringify(parentLink)}:${JSON.stringify(req)}`;
    return this.custom(key, async (parentIds: readonly string[]) => {
      const pages = await fetchPagesByParent(this.em, model, parentLink, parentIds, { ...req, where: [...(req.where ?? []), ...this.rows(model)] }, this.limits);
      return parentIds.map((id) => pages.get(id)!);
    });
  }
}
