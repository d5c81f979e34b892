import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/core';
import type { RowScope } from '../auth/row-rules.js';
import { fetchPagesByParent, rowsByIds, type Page, type PageLimits, type PageRequest, type ParentLink, type ReadModel, type Row } from '../db/read-model.js';

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

  /** Any batch function, under a key unique to what it loads. */
  custom<K, V>(key: string, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = new DataLoader<K, V>(batch);
      this.loaders.set(key, loader);
    }
    return loader;
  }

  /** Rows of a model by id (null where missing, or hidden by a row-level rule). */
  byId(model: ReadModel): DataLoader<string, Row | null> {
    return this.custom(`id:${model.name}`, async (ids: readonly string[]) => {
      const rows = await rowsByIds(this.em, model, ids, this.rows(model));
      return ids.map((id) => rows.get(id) ?? null);
    });
  }

  /** A page of a nested list per parent; parents asking with the same arguments share one statement. */
  pageByParent(model: ReadModel, parentLink: ParentLink, req: PageRequest): DataLoader<string, Page> {
    const key = `page:${model.name}:${JSON.stringify(parentLink)}:${JSON.stringify(req)}`;
    return this.custom(key, async (parentIds: readonly string[]) => {
      const pages = await fetchPagesByParent(this.em, model, parentLink, parentIds, { ...req, where: [...(req.where ?? []), ...this.rows(model)] }, this.limits);
      return parentIds.map((id) => pages.get(id)!);
    });
  }
}
