import { badInput, type Reason } from '../errors.js';
import type { FieldSpec, FieldType, ReadModel } from './model.js';
import type { Sql } from './sql.js';

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
  contains?: string;
  startsWith?: string;
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

/**
 * The longest text a filter may compare with, in characters (UTF-16 code units), whatever the operator:
 * longer than any column it could equal (names and codes are at most 255). A `like`/`ilike` pattern costs
 * PostgreSQL its length for every row it tests, and `ilike` lower-cases the whole pattern again for each row:
 * a 100 KB pattern in 10 aliases once kept both CPUs busy for 160 s.
 */
export const MAX_FILTER_TEXT_LENGTH = 256;

/**
 * The `like`/`ilike` patterns of one filter together, in characters: `or` of a thousand patterns costs what
 * one pattern a thousand times longer costs. On embedded PGlite, which cannot stop a statement once it runs,
 * this and the cap above are what bound one.
 */
export const MAX_FILTER_PATTERN_TOTAL = 1024;

/** What the patterns of the filter being compiled have used of MAX_FILTER_PATTERN_TOTAL. */
type PatternBudget = { used: number };

function tooLong(field: string[], reason: Reason, message: string, measured: number, limit: number) {
  const error = badInput(field, reason, message);
  // Like the request's other size refusals (INPUT_TOO_LARGE): what was measured, against what limit.
  Object.assign(error.extensions, { measured, limit });
  return error;
}

/** Refuses a text value longer than MAX_FILTER_TEXT_LENGTH; other values pass. */
function checkLength(value: unknown, field: string[]): void {
  if (typeof value === 'string' && value.length > MAX_FILTER_TEXT_LENGTH) {
    throw tooLong(field, 'VALUE_TOO_LONG', `At most ${MAX_FILTER_TEXT_LENGTH} characters.`, value.length, MAX_FILTER_TEXT_LENGTH);
  }
}

function normalise(value: unknown, type: FieldType): unknown {
  if (value instanceof Date) return value.toISOString();
  if (type === 'int' || type === 'float') return Number(value);
  return value;
}

/** Text with LIKE's wildcards (`%`, `_`) and its escape character (backslash, PostgreSQL's default) escaped: it matches only itself. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, '\\$&');

/** The ilike pattern of user text, so `contains: "50%"` finds "50%" and `contains: "%_%"` does not match everything. */
export function textPattern(text: string, op: 'contains' | 'startsWith'): string {
  return op === 'contains' ? `%${escapeLike(text)}%` : `${escapeLike(text)}%`;
}

function compileField(column: string, type: FieldType, op: FieldFilter, path: string[], patterns: PatternBudget): Sql[] {
  const c = column;
  const out: Sql[] = [];
  const v = (x: unknown) => normalise(x, type);
  for (const [name, raw] of Object.entries(op)) {
    if (raw === undefined) continue;
    if (Array.isArray(raw)) raw.forEach((item, i) => checkLength(item, [...path, name, String(i)]));
    else checkLength(raw, [...path, name]);
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
      case 'contains':
      case 'startsWith': {
        patterns.used += String(raw).length;
        if (patterns.used > MAX_FILTER_PATTERN_TOTAL) {
          const message = `The text of one filter's like, ilike, contains and startsWith may have at most ${MAX_FILTER_PATTERN_TOTAL} characters together.`;
          throw tooLong([...path, name], 'PATTERNS_TOO_LONG', message, patterns.used, MAX_FILTER_PATTERN_TOTAL);
        }
        if (name === 'like' || name === 'ilike') out.push({ text: `${c} ${name} ?`, params: [raw] });
        else out.push({ text: `${c} ilike ?`, params: [textPattern(String(raw), name)] });
        break;
      }
      case 'isNull':
        out.push({ text: raw ? `${c} is null` : `${c} is not null`, params: [] });
        break;
      default:
        throw badInput([...path, name], 'UNKNOWN_OPERATOR', `Unknown operator ${name}.`);
    }
  }
  return out;
}

/**
 * A field of linked rows (FieldSpec.some): each operator holds when some linked row meets it, `ne` and
 * `notIn` when none has the value(s), `isNull` when there is (not) any linked row; one EXISTS each, which
 * PostgreSQL answers from the link table's index.
 */
function compileSome(field: FieldSpec, op: FieldFilter, path: string[], patterns: PatternBudget): Sql[] {
  const { table, owner, on = 'id' } = field.some!;
  const exists = (condition: Sql, negate = false): Sql => ({
    text: `${negate ? 'not ' : ''}exists (select 1 from "${table}" s where s."${owner}" = t."${on}" and ${condition.text})`,
    params: condition.params,
  });
  const out: Sql[] = [];
  for (const [name, raw] of Object.entries(op)) {
    if (raw === undefined) continue;
    const at = [...path, name];
    if (name === 'isNull') out.push(exists({ text: 'true', params: [] }, !!raw));
    else if (name === 'ne' || name === 'notIn') {
      const positive = compileField(`s."${field.column}"`, field.type, { [name === 'ne' ? 'eq' : 'in']: raw }, at, patterns);
      out.push(...positive.map((c) => exists(c, true)));
    } else out.push(...compileField(`s."${field.column}"`, field.type, { [name]: raw }, at, patterns).map((c) => exists(c)));
  }
  return out;
}

const MAX_FILTER_DEPTH = 8;

/**
 * Compiles a filter into a parameterised WHERE fragment. Only declared fields reach SQL, by their column, and
 * only text within the length caps above.
 */
export function compileFilter(model: ReadModel, filter: EntityFilter | undefined | null, path: string[] = ['filter']): Sql {
  return compileNode(model, filter, path, 0, { used: 0 });
}

function compileNode(model: ReadModel, filter: EntityFilter | undefined | null, path: string[], depth: number, patterns: PatternBudget): Sql {
  if (!filter) return { text: 'true', params: [] };
  if (depth > MAX_FILTER_DEPTH) throw badInput(path, 'FILTER_TOO_DEEP', `Filters nest at most ${MAX_FILTER_DEPTH} levels.`);
  const parts: Sql[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null) continue;
    if (key === 'and' || key === 'or') {
      const subs = (value as EntityFilter[]).map((f, i) => compileNode(model, f, [...path, key, String(i)], depth + 1, patterns));
      if (!subs.length) continue;
      parts.push({
        text: `(${subs.map((s) => s.text).join(key === 'and' ? ' and ' : ' or ')})`,
        params: subs.flatMap((s) => s.params),
      });
    } else if (key === 'not') {
      const sub = compileNode(model, value as EntityFilter, [...path, 'not'], depth + 1, patterns);
      parts.push({ text: `not (${sub.text})`, params: sub.params });
    } else {
      const field = model.fields[key];
      if (!field || field.filter === false) throw badInput([...path, key], 'UNKNOWN_FIELD', `${model.name} cannot be filtered by ${key}.`);
      if (field.some) parts.push(...compileSome(field, value as FieldFilter, [...path, key], patterns));
      else parts.push(...compileField(fieldSql(field), field.type, value as FieldFilter, [...path, key], patterns));
    }
  }
  if (!parts.length) return { text: 'true', params: [] };
  return { text: parts.map((p) => p.text).join(' and '), params: parts.flatMap((p) => p.params) };
}
