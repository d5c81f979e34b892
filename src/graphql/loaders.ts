import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/core';
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

  /** Rows of a model by id (null where missing). */
  byId(model: ReadModel): DataLoader<string, Row | null> {
    return this.custom(`id:${model.name}`, async (ids: readonly string[]) => {
      const rows = await rowsByIds(this.em, model, ids);
      return ids.map((id) => rows.get(id) ?? null);
    });
  }

  /** A page of a nested list per parent; parents asking with the same arguments share one statement. */
  pageByParent(model: ReadModel, parentLink: ParentLink, req: PageRequest): DataLoader<string, Page> {
    const key = `page:${model.name}:${JSON.stringify(parentLink)}:${JSON.stringify(req)}`;
    return this.custom(key, async (parentIds: readonly string[]) => {
      const pages = await fetchPagesByParent(this.em, model, parentLink, parentIds, req, this.limits);
      return parentIds.map((id) => pages.get(id)!);
    });
  }
}
