import { badInput, type Reason } from '../errors.js';
import { seal, unsealJson } from './cursor-keys.js';
import type { Direction, FieldType, Row } from './model.js';

/** The sort keys a cursor is a position in: the resolved order of a list, `id` last. */
export type CursorOrder = ReadonlyArray<{ field: string; direction: Direction; type?: FieldType }>;

/** Bumped when the payload's shape changes: an old cursor is then refused, never misread. */
const VERSION = 1;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** PostgreSQL's text ("2026-12-04 16:51:45.123456+00") or JSON ("…T16:51:45.123456+00:00") form of an instant. */
const PG_INSTANT = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
/** The one form a cursor holds: UTC with PostgreSQL's full microseconds. */
const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * An instant as UTC ISO 8601 with six fractional digits. JavaScript's Date keeps milliseconds only: a
 * cursor made from one would sit up to 999 µs before its row, and rows written by SQL (`now()`) in that
 * gap would be skipped or repeated. So the fraction is carried over as text, never through a Date.
 */
export function canonicalInstant(value: string | Date): string {
  if (value instanceof Date) return value.toISOString().replace('Z', '000Z');
  const m = PG_INSTANT.exec(value);
  if (!m) throw new TypeError(`not an instant: ${value}`);
  const [, date, time, fraction = '', zone = 'Z'] = m;
  const offset = zone === 'Z' ? 'Z' : offsetText(zone);
  const whole = new Date(`${date}T${time}${offset}`);
  if (Number.isNaN(whole.getTime())) throw new TypeError(`not an instant: ${value}`);
  return `${whole.toISOString().slice(0, 19)}.${fraction.padEnd(6, '0')}Z`;
}

/** "+01" / "+0530" / "+05:30" → "+01:00" / "+05:30", the offset form Date reads. */
function offsetText(zone: string): string {
  const digits = zone.slice(1).replace(':', '');
  return `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`;
}

const signature = (order: CursorOrder) => order.map((o) => `${o.field}:${o.direction}`).join(',');

/** A key value in the one form each field type is carried in (instants with microseconds, dates as text). */
function keyValue(value: unknown, type: FieldType | undefined): unknown {
  if (value == null) return null;
  if (type === 'datetime') return canonicalInstant(value as string | Date);
  if (type === 'date') return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
  return value;
}

/** Whether a decoded value can be compared with a column of this type (so it never reaches SQL as the wrong type). */
function fits(value: unknown, type: FieldType | undefined): boolean {
  if (value === null) return type !== 'id';
  switch (type) {
    case 'id':
      return typeof value === 'string' && UUID.test(value);
    case 'int':
      return Number.isSafeInteger(value);
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return typeof value === 'string' && LOCAL_DATE.test(value) && !Number.isNaN(Date.parse(value));
    case 'datetime':
      return typeof value === 'string' && CANONICAL_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
    default:
      // Free text: PostgreSQL refuses NUL in text, so such a value could only have been forged.
      return typeof value === 'string' && !value.includes('\u0000');
  }
}

/**
 * Makes the cursors of one page: a row's position in its list is `[version, list, ordering, key values]`,
 * sealed (src/db/cursor-keys.ts: encrypted and authenticated, so a sort value such as an email cannot be
 * read out of it, nor a cursor forged). The list and the ordering are part of it, so a cursor is only ever read back by the list
 * and order that made it.
 */
export function cursorEncoder(list: string, order: CursorOrder): (row: Row) => string {
  const made = signature(order);
  return (row) => seal(JSON.stringify([VERSION, list, made, order.map((o) => keyValue(row[o.field], o.type))]));
}

export const encodeCursor = (list: string, row: Row, order: CursorOrder): string => cursorEncoder(list, order)(row);

/**
 * The key values of a cursor made by this list and order, each of its field's type; anything else (another
 * list, another ordering, an old version, tampered values) is BAD_USER_INPUT on the argument it came in.
 */
export function decodeCursor(cursor: string, list: string, order: CursorOrder, arg: string): unknown[] {
  const payload = unsealJson(cursor);
  const refuse = (reason: Reason, message: string) => badInput([arg], reason, message);
  if (!Array.isArray(payload) || payload.length !== 4 || payload[0] !== VERSION || !Array.isArray(payload[3])) {
    throw refuse('INVALID_CURSOR', 'The cursor is not one this API made; take cursors from a page of this list.');
  }
  const [, madeFor, madeWith, values] = payload as [number, unknown, unknown, unknown[]];
  if (madeFor !== list) throw refuse('CURSOR_FOR_ANOTHER_LIST', `The cursor belongs to another list, not to ${list}.`);
  if (madeWith !== signature(order) || values.length !== order.length) {
    throw refuse('CURSOR_FOR_ANOTHER_ORDER', 'The cursor was made with another orderBy; use the same orderBy as the page it came from.');
  }
  if (!values.every((value, i) => fits(value, order[i].type))) throw refuse('INVALID_CURSOR', 'The cursor has been altered.');
  return values;
}
