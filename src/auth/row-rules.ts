import type { EntityManager } from '@mikro-orm/core';
import { compileFilter, query, type EntityFilter, type ReadModel, type Sql } from '../db/read-model.js';
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

/** The rules of the access model itself, for every module's records; a module adds its own (manifest `rowRules`). */
const CORE_ROW_RULES: readonly RowRule[] = [
  {
    name: 'partnersSeeLiveRecords',
    description:
      "Partner clients see live records only: archived companies, contacts and interactions, and the contacts and interactions of an archived company, are left out of their lists, counts, nested lists, relations, lookups and searches, and their writes (a hidden record answers NOT_FOUND, exactly as a missing one).",
    filter: (viewer, model) => {
      if (viewer.kind !== 'client' || !model.fields.archived) return null;
      // A contact or an interaction belongs to its company: archiving the company archives them for partners.
      return model.fields.companyArchived ? { archived: { eq: false }, companyArchived: { eq: false } } : { archived: { eq: false } };
    },
  },
];

let moduleRowRules: readonly RowRule[] | undefined;

/** Makes the modules' row rules part of every read and write of this process (src/system.ts does, once). */
export function installRowRules(rules: readonly RowRule[]): void {
  const names = [...CORE_ROW_RULES, ...rules].map((r) => r.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw new Error(`Two row rules are named ${twice}.`);
  moduleRowRules = rules;
}

/**
 * Every row rule: the core ones, then the modules' (e.g. "associated investment projects only", a filter on
 * a project's teams from `viewer.teamId`). Asking before src/system.ts has installed the modules' would
 * silently leave their rules out, so it is refused.
 */
export function rowRules(): readonly RowRule[] {
  if (!moduleRowRules) throw new Error("The modules' row rules are not installed: import src/system.ts (the composition root) first.");
  return [...CORE_ROW_RULES, ...moduleRowRules];
}

/** Every rule's condition on `model` for this caller, combined; null when none restricts it. */
export function rowFilter(viewer: Viewer, model: ReadModel): EntityFilter | null {
  const filters = rowRules().map((r) => r.filter(viewer, model)).filter((f): f is EntityFilter => f !== null);
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

/**
 * Whether a record is visible to the caller under its row rules, for writes: a record the caller may not see
 * must answer as a missing one (NOT_FOUND), never "archived" or "its company is archived", which would tell
 * that it exists. One statement for a caller with rules (inside the write's transaction), none otherwise.
 */
export async function isVisible(em: EntityManager, viewer: Viewer, model: ReadModel, id: string): Promise<boolean> {
  const filter = rowFilter(viewer, model);
  if (!filter) return true;
  const where = compileFilter(model, filter, ['rowRule']);
  const rows = await query(em, { text: `select 1 from "${model.table}" t where t.id = ? and ${where.text}`, params: [id, ...where.params] });
  return rows.length > 0;
}

/** `isVisible` for one caller and model, as the `visible` check of a write's lookup (src/db/write.ts). */
export const visibleIn =
  (model: ReadModel) =>
  (tx: EntityManager, viewer: Viewer) =>
  (id: string): Promise<boolean> =>
    isVisible(tx, viewer, model, id);
