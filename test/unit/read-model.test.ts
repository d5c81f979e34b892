import { describe, expect, it } from 'vitest';
import { canonicalInstant, decodeCursor, encodeCursor } from '../../src/db/cursor.js';
import { seal, useCursorKeys } from '../../src/db/cursor-keys.js';
import { compileFilter, defineReadModel, keysetCondition, pageWindow, resolveOrder } from '../../src/db/read-model.js';
import { AppError } from '../../src/errors.js';

const model = defineReadModel({
  name: 'Thing',
  table: 'thing',
  columns: { id: 'id', name: 'name', size: 'size_n' },
  fields: { id: { column: 'id', type: 'id', sort: true }, name: { column: 'name', type: 'string', sort: true }, size: { column: 'size_n', type: 'int', sort: true } },
  defaultOrder: [{ field: 'name', direction: 'ASC' }],
});

describe('compileFilter', () => {
  it('compiles operators to parameterised SQL on declared columns only', () => {
    const sql = compileFilter(model, { name: { ilike: '%a%' }, size: { in: [1, 2], gte: 0 } });
    expect(sql.text).toBe('t."name" ilike ? and t."size_n" in (?, ?) and t."size_n" >= ?');
    expect(sql.params).toEqual(['%a%', 1, 2, 0]);
  });

  it('nests and/or/not', () => {
    const sql = compileFilter(model, { or: [{ name: { eq: 'x' } }, { not: { size: { isNull: true } } }] });
    expect(sql.text).toBe('(t."name" = ? or not (t."size_n" is null))');
  });

  it('treats empty lists as matching nothing (in) or everything (notIn)', () => {
    expect(compileFilter(model, { size: { in: [] } }).text).toBe('false');
    expect(compileFilter(model, { size: { notIn: [] } }).text).toBe('true');
  });

  it('refuses unknown fields and over-deep nesting with a field path', () => {
    expect(() => compileFilter(model, { colour: { eq: 'red' } } as never)).toThrow(AppError);
    let deep: any = { name: { eq: 'x' } };
    for (let i = 0; i < 10; i++) deep = { not: deep };
    try {
      compileFilter(model, deep);
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).extensions.reason).toBe('FILTER_TOO_DEEP');
    }
  });
});

describe('ordering and cursors', () => {
  it('always ends with id as the tie-breaker', () => {
    expect(resolveOrder(model, [{ field: 'size', direction: 'DESC' }]).map((o) => o.field)).toEqual(['size', 'id']);
  });

  const ID = '80756b9a-5d95-e211-a939-e4115bead28a';
  const reasonOf = (fn: () => unknown): unknown => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      return { code: (e as AppError).code, field: (e as AppError).extensions.field, reason: (e as AppError).extensions.reason };
    }
    return 'accepted';
  };

  it('round-trips a cursor and refuses one for another order, another list or another version', () => {
    const order = resolveOrder(model, null);
    const cursor = encodeCursor('Thing', { id: ID, name: 'n' }, order);
    expect(decodeCursor(cursor, 'Thing', order, 'after')).toEqual(['n', ID]);
    const bySize = resolveOrder(model, [{ field: 'size', direction: 'ASC' }]);
    expect(reasonOf(() => decodeCursor(cursor, 'Thing', bySize, 'after'))).toEqual({ code: 'BAD_USER_INPUT', field: ['after'], reason: 'CURSOR_FOR_ANOTHER_ORDER' });
    // Same fields, other direction: still another ordering.
    const descending = resolveOrder(model, [{ field: 'name', direction: 'DESC' }]);
    expect(reasonOf(() => decodeCursor(cursor, 'Thing', descending, 'before'))).toEqual({ code: 'BAD_USER_INPUT', field: ['before'], reason: 'CURSOR_FOR_ANOTHER_ORDER' });
    expect(reasonOf(() => decodeCursor(cursor, 'Other', order, 'after'))).toMatchObject({ reason: 'CURSOR_FOR_ANOTHER_LIST' });
    const old = Buffer.from(JSON.stringify(['n', ID])).toString('base64url');
    const unsealed = Buffer.from(JSON.stringify([1, 'Thing', 'name:ASC,id:ASC', ['n', ID]])).toString('base64url');
    expect(reasonOf(() => decodeCursor(unsealed, 'Thing', order, 'after'))).toMatchObject({ reason: 'INVALID_CURSOR' });
    expect(reasonOf(() => decodeCursor(old, 'Thing', order, 'after'))).toMatchObject({ reason: 'INVALID_CURSOR' });
    expect(reasonOf(() => decodeCursor('%%%not base64', 'Thing', order, 'after'))).toMatchObject({ reason: 'INVALID_CURSOR' });
  });

  it('refuses a cursor whose values do not fit the columns they are compared with', () => {
    const bySize = resolveOrder(model, [{ field: 'size', direction: 'ASC' }]);
    // Sealed with the key itself, as only a bug of ours (or a leaked key) could make them.
    const forged = (values: unknown[]) => seal(JSON.stringify([1, 'Thing', 'size:ASC,id:ASC', values]));
    expect(decodeCursor(forged([3, ID]), 'Thing', bySize, 'after')).toEqual([3, ID]);
    expect(decodeCursor(forged([null, ID]), 'Thing', bySize, 'after')).toEqual([null, ID]);
    for (const values of [['3', ID], [1.5, ID], [3, 'not-a-uuid'], [3, null], [{}, ID]]) {
      expect(reasonOf(() => decodeCursor(forged(values), 'Thing', bySize, 'after'))).toMatchObject({ field: ['after'], reason: 'INVALID_CURSOR' });
    }
  });

  it('seals cursors: their values cannot be read out of them, and a changed byte is refused', () => {
    const order = resolveOrder(model, null);
    const email = 'someone.private@example.org';
    const cursor = encodeCursor('Thing', { id: ID, name: email }, order);
    for (const encoding of ['base64url', 'base64', 'latin1', 'utf8'] as const) expect(Buffer.from(cursor, encoding).toString('latin1')).not.toContain('someone');
    expect(cursor).not.toContain('someone');
    expect(decodeCursor(cursor, 'Thing', order, 'after')).toEqual([email, ID]);
    const raw = Buffer.from(cursor, 'base64url');
    raw[raw.length - 20] ^= 1;
    expect(reasonOf(() => decodeCursor(raw.toString('base64url'), 'Thing', order, 'after'))).toMatchObject({ reason: 'INVALID_CURSOR' });
  });

  it('opens cursors sealed with a previous key during a rotation, and refuses them once it is dropped', () => {
    const order = resolveOrder(model, null);
    try {
      useCursorKeys('old-secret-old-secret-old-secret-1');
      const before = encodeCursor('Thing', { id: ID, name: 'n' }, order);
      useCursorKeys('new-secret-new-secret-new-secret-2', ['old-secret-old-secret-old-secret-1']);
      expect(decodeCursor(before, 'Thing', order, 'after')).toEqual(['n', ID]);
      useCursorKeys('new-secret-new-secret-new-secret-2');
      expect(reasonOf(() => decodeCursor(before, 'Thing', order, 'after'))).toMatchObject({ reason: 'INVALID_CURSOR' });
    } finally {
      useCursorKeys('unit-test-secret-unit-test-secret');
    }
  });

  it('keeps the microseconds of instants, in UTC, whatever form PostgreSQL gave them in', () => {
    expect(canonicalInstant('2026-12-04 16:51:45.123456+00')).toBe('2026-12-04T16:51:45.123456Z');
    expect(canonicalInstant('2026-12-04T16:51:45.123456+00:00')).toBe('2026-12-04T16:51:45.123456Z');
    expect(canonicalInstant('2026-12-04 17:51:45.1+01')).toBe('2026-12-04T16:51:45.100000Z');
    expect(canonicalInstant('2026-12-04 16:51:45+00')).toBe('2026-12-04T16:51:45.000000Z');
    expect(canonicalInstant(new Date('2026-12-04T16:51:45.123Z'))).toBe('2026-12-04T16:51:45.123000Z');
    const timed = defineReadModel({
      name: 'Timed',
      table: 'timed',
      columns: { id: 'id', at: 'at' },
      fields: { id: { column: 'id', type: 'id', sort: true }, at: { column: 'at', type: 'datetime', sort: true } },
      defaultOrder: [{ field: 'at', direction: 'ASC' }],
    });
    const order = resolveOrder(timed, null);
    const cursor = encodeCursor('Timed', { id: ID, at: '2026-12-04 16:51:45.123456+00' }, order);
    expect(decodeCursor(cursor, 'Timed', order, 'after')).toEqual(['2026-12-04T16:51:45.123456Z', ID]);
  });

  it('builds a keyset condition that handles nulls in ascending order', () => {
    const order = resolveOrder(model, [{ field: 'size', direction: 'ASC' }]);
    const sql = keysetCondition(order, [null, 'id1']);
    expect(sql.text).toBe('((t."size_n" is null and (t."id" > ? or t."id" is null)))');
    expect(sql.params).toEqual(['id1']);
  });
});

describe('pageWindow', () => {
  const limits = { defaultSize: 20, maxSize: 100 };
  it('uses the default size, and refuses sizes over the maximum or both first and last', () => {
    expect(pageWindow({ withTotal: false }, limits).size).toBe(20);
    expect(() => pageWindow({ first: 101, withTotal: false }, limits)).toThrow(/at most 100/);
    expect(() => pageWindow({ first: 1, last: 1, withTotal: false }, limits)).toThrow(/not both/);
    expect(() => pageWindow({ first: -1, withTotal: false }, limits)).toThrow(/zero or more/);
  });
});
