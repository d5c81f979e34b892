import { badInput } from '../errors.js';
import type { FieldSpec, FieldType, ReadModel, Sql } from './read-model.js';

/** The filter language of lists: per field operators, combined with and / or / not, compiled to SQL. */
/** The operators of the filter language (DataGateway's set), one input per field. */
export type FieldFilter = {
  eq?: unknown;
  ne?: unknown;
  in?: unknown[];
  notIn?: unknown[];
  lt?: unknown;
  lte?: unknown;
  gt?: unknown;
  gte?: unknown;
  between?: unknown[];
  like?: string;
  ilike?: string;
  isNull?: boolean;
};

export type EntityFilter = {
  and?: EntityFilter[];
  or?: EntityFilter[];
  not?: EntityFilter;
  [field: string]: FieldFilter | EntityFilter[] | EntityFilter | undefined;
};

/** The SQL for a field's value over the row `t`. */
export const fieldSql = (spec: FieldSpec): string => spec.sql ?? `t."${spec.column}"`;

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

function normalise(value: unknown, type: FieldType): unknown {
  if (value instanceof Date) return value.toISOString();
  if (type === 'int' || type === 'float') return Number(value);
  return value;
}

function compileField(column: string, type: FieldType, op: FieldFilter, path: string[]): Sql[] {
  const c = column;
  const out: Sql[] = [];
  const v = (x: unknown) => normalise(x, type);
  for (const [name, raw] of Object.entries(op)) {
    if (raw === undefined) continue;
    switch (name) {
      case 'eq':
        out.push(raw === null ? { text: `${c} is null`, params: [] } : { text: `${c} = ?`, params: [v(raw)] });
        break;
      case 'ne':
        out.push(raw === null ? { text: `${c} is not null`, params: [] } : { text: `${c} is distinct from ?`, params: [v(raw)] });
        break;
      case 'in':
      case 'notIn': {
        const list = (raw as unknown[]).map(v);
        if (list.length > 1000) throw badInput([...path, name], 'TOO_MANY_VALUES', 'At most 1,000 values.');
        if (!list.length) out.push({ text: name === 'in' ? 'false' : 'true', params: [] });
        else out.push({ text: `${c} ${name === 'in' ? 'in' : 'not in'} (${placeholders(list.length)})`, params: list });
        break;
      }
      case 'lt':
      case 'lte':
      case 'gt':
      case 'gte': {
        const sign = { lt: '<', lte: '<=', gt: '>', gte: '>=' }[name];
        out.push({ text: `${c} ${sign} ?`, params: [v(raw)] });
        break;
      }
      case 'between': {
        const pair = raw as unknown[];
        if (pair.length !== 2) throw badInput([...path, name], 'BETWEEN_NEEDS_TWO', 'between takes exactly two values: [low, high].');
        out.push({ text: `${c} between ? and ?`, params: [v(pair[0]), v(pair[1])] });
        break;
      }
      case 'like':
      case 'ilike':
        out.push({ text: `${c} ${name} ?`, params: [raw] });
        break;
      case 'isNull':
        out.push({ text: raw ? `${c} is null` : `${c} is not null`, params: [] });
        break;
      default:
        throw badInput([...path, name], 'UNKNOWN_OPERATOR', `Unknown operator ${name}.`);
    }
  }
  return out;
}

const MAX_FILTER_DEPTH = 8;

/** Compiles a filter into a parameterised WHERE fragment. Only declared fields reach SQL, by their column. */
export function compileFilter(model: ReadModel, filter: EntityFilter | undefined | null, path: string[] = ['filter'], depth = 0): Sql {
  if (!filter) return { text: 'true', params: [] };
  if (depth > MAX_FILTER_DEPTH) throw badInput(path, 'FILTER_TOO_DEEP', `Filters nest at most ${MAX_FILTER_DEPTH} levels.`);
  const parts: Sql[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null) continue;
    if (key === 'and' || key === 'or') {
      const subs = (value as EntityFilter[]).map((f, i) => compileFilter(model, f, [...path, key, String(i)], depth + 1));
      if (!subs.length) continue;
      parts.push({
        text: `(${subs.map((s) => s.text).join(key === 'and' ? ' and ' : ' or ')})`,
        params: subs.flatMap((s) => s.params),
      });
    } else if (key === 'not') {
      const sub = compileFilter(model, value as EntityFilter, [...path, 'not'], depth + 1);
      parts.push({ text: `not (${sub.text})`, params: sub.params });
    } else {
      const field = model.fields[key];
      if (!field || field.filter === false) throw badInput([...path, key], 'UNKNOWN_FIELD', `${model.name} cannot be filtered by ${key}.`);
      parts.push(...compileField(fieldSql(field), field.type, value as FieldFilter, [...path, key]));
    }
  }
  if (!parts.length) return { text: 'true', params: [] };
  return { text: parts.map((p) => p.text).join(' and '), params: parts.flatMap((p) => p.params) };
}
