import type { EntityManager } from '@mikro-orm/core';
import { hasPermission } from '../auth/permissions.js';
import { rowScope } from '../auth/row-rules.js';
import type { Viewer } from '../auth/viewer.js';
import { andSql, idIn, queryEach, type ReadModel, type Sql } from '../db/read-model.js';
import { badInput, Issues } from '../errors.js';
import type { SearchFilterValues, SearchMapping } from './mapping.js';
import type { DocFilter } from './search.types.js';

/**
 * An entity search's filter input, as the mapping's filter specs declare it: document filters, and the check
 * that every value given can match (src/search/mapping.ts `SearchFilterValues`).
 */

export type SearchFilterInput = Record<string, unknown> | null | undefined;

/** At most this many values in one filter (Data Hub's limit on a list filter). */
export const MAX_FILTER_VALUES = 1000;

/** A GraphQL enum's values (those of a TypeScript enum object: numeric enums' reverse keys aside). */
const enumValues = (values: object): unknown[] => Object.values(values);

/** An entity search's filter input as document filters, by the mapping's filter specs. */
export function docFiltersFromInput(mapping: SearchMapping, input: SearchFilterInput): DocFilter[] {
  const out: DocFilter[] = [];
  for (const [name, value] of Object.entries(input ?? {})) {
    if (value == null) continue;
    const spec = mapping.filters[name];
    if (!spec) throw badInput(['filter', name], 'UNKNOWN_FILTER', `${mapping.typeName} search has no filter ${name}.`);
    switch (spec.kind) {
      case 'terms': {
        const list = value as string[];
        if (list.length > MAX_FILTER_VALUES) throw badInput(['filter', name], 'TOO_MANY_VALUES', `At most ${MAX_FILTER_VALUES.toLocaleString('en-GB')} values.`);
        if ('enum' in spec.values) {
          // GraphQL refuses other values already; this keeps any other caller of the service as strict.
          const allowed = enumValues(spec.values.enum);
          const wrong = list.findIndex((v) => !allowed.includes(v));
          if (wrong >= 0) throw badInput(['filter', name, String(wrong)], 'INVALID_VALUE', `Not a value of this filter: ${JSON.stringify(list[wrong])}.`);
        }
        out.push({ field: spec.field, op: 'in', value: list });
        break;
      }
      case 'boolean':
        out.push({ field: spec.field, op: 'eq', value: value as boolean });
        break;
      case 'keyword':
        out.push({ field: spec.field, op: 'eq', value: spec.normalise ? spec.normalise(String(value)) : String(value) });
        break;
      case 'dateRange': {
        const { from, to } = value as { from?: string | null; to?: string | null };
        if (from && to && from > to) throw badInput(['filter', name], 'EMPTY_RANGE', 'from is after to.');
        if (from) out.push({ field: spec.field, op: 'gte', value: from });
        if (to) out.push({ field: spec.field, op: 'lte', value: to });
        break;
      }
    }
  }
  return out;
}

/** The ids to look up for one filter: in the model's table, among the rows the caller may see. */
type Lookup = { name: string; ids: string[]; model: ReadModel; where: Sql[] };

/**
 * The id filters to check, and where: a reference table's ids are checked against the table; record ids
 * against the records the caller may look up (its row rules apply, so a hidden record is refused exactly as
 * a missing one). A caller who may not look such records up at all gets no check (its ids find nothing):
 * a refusal would tell it which ids exist.
 */
function lookupsOf(viewer: Viewer, mapping: SearchMapping, input: SearchFilterInput): Lookup[] {
  const scope = rowScope(viewer);
  const lookups: Lookup[] = [];
  for (const [name, value] of Object.entries(input ?? {})) {
    const spec = mapping.filters[name];
    if (spec?.kind !== 'terms' || !Array.isArray(value) || !value.length) continue;
    const values: SearchFilterValues = spec.values;
    if ('reference' in values) lookups.push({ name, ids: value, model: values.reference, where: [] });
    else if ('record' in values && hasPermission(viewer, values.permission)) lookups.push({ name, ids: value, model: values.record, where: scope(values.record) });
  }
  return lookups;
}

/** A read model's name in words ("AdministrativeArea" → "administrative area"). */
export const modelInWords = (model: ReadModel) => model.name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

/**
 * Refuses the ids of the filter that can never match (BAD_USER_INPUT, reason NOT_FOUND, each at
 * `filter.<name>.<index>`): every id filter checked in one statement, none when no id filter is given.
 */
export async function assertKnownFilterValues(em: EntityManager, viewer: Viewer, mapping: SearchMapping, input: SearchFilterInput): Promise<void> {
  const lookups = lookupsOf(viewer, mapping, input);
  if (!lookups.length) return;
  const parts = Object.fromEntries(
    lookups.map((l, i) => {
      const where = andSql([idIn('t."id"', l.ids), ...l.where]);
      return [String(i), { text: `select t."id" from "${l.model.table}" t where ${where.text}`, params: where.params }];
    }),
  );
  const found = await queryEach(em, parts);
  const issues = new Issues();
  lookups.forEach((l, i) => {
    const known = new Set(found[String(i)].map((row) => String(row.id)));
    l.ids.forEach((id, index) => {
      if (!known.has(id)) issues.add(['filter', l.name, String(index)], 'NOT_FOUND', `No ${modelInWords(l.model)} with id ${id}.`);
    });
  });
  issues.throwIfAny();
}
