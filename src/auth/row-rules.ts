import { compileFilter, type EntityFilter, type ReadModel, type Sql } from '../db/read-model.js';
import type { Viewer } from './viewer.js';

/**
 * Row-level rules: which rows of a read model a caller may see at all, as a filter in the read model's own
 * filter language. Being declarative, one rule serves every reader: compiled to SQL it is applied to root
 * lists and their counts, lookups by id, nested lists, many-to-one relations and the look-ahead's embedded
 * rows alike (src/graphql/list.ts, loaders.ts, lookahead.ts), inside the statement, so a hidden row never
 * shortens a page or counts in a total; the search backends will translate the same filter.
 */
export type RowRule = {
  name: string;
  /** What the rule hides, for people (docs/permissions.md). */
  description: string;
  /** The condition the caller's rows of `model` must meet, or null when the rule does not restrict them. */
  filter: (viewer: Viewer, model: ReadModel) => EntityFilter | null;
};

export const ROW_RULES: readonly RowRule[] = [
  {
    name: 'partnersSeeLiveRecords',
    description:
      'Partner clients see live records only: archived companies, contacts and interactions are left out of their lists, counts, relations and lookups (a lookup answers NOT_FOUND).',
    filter: (viewer, model) => (viewer.kind === 'client' && model.fields.archived ? { archived: { eq: false } } : null),
  },
  // The "associated investment projects" rule joins here when projects arrive: a filter on the project's
  // teams from `viewer.teamId`, lifted by the `*_all_*` permissions.
];

/** Every rule's condition on `model` for this caller, combined; null when none restricts it. */
export function rowFilter(viewer: Viewer, model: ReadModel): EntityFilter | null {
  const filters = ROW_RULES.map((r) => r.filter(viewer, model)).filter((f): f is EntityFilter => f !== null);
  return filters.length === 0 ? null : filters.length === 1 ? filters[0] : { and: filters };
}

/** A caller's row conditions as SQL over a read model's rows (alias `t`); empty when unrestricted. */
export type RowScope = (model: ReadModel) => Sql[];

/** The row scope of one request: each model's condition compiled once. */
export function rowScope(viewer: Viewer): RowScope {
  const compiled = new Map<string, Sql[]>();
  return (model) => {
    let sql = compiled.get(model.name);
    if (!sql) {
      const filter = rowFilter(viewer, model);
      compiled.set(model.name, (sql = filter ? [compileFilter(model, filter, ['rowRule'])] : []));
    }
    return sql;
  };
}
