import { describe, expect, it } from 'vitest';
import { compileFilter, decodeCursor, defineReadModel, encodeCursor, keysetCondition, pageWindow, resolveOrder } from '../../src/db/read-model.js';
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

  it('round-trips a cursor and refuses one for another order', () => {
    const order = resolveOrder(model, null);
    const cursor = encodeCursor({ id: 'a', name: 'n' }, order);
    expect(decodeCursor(cursor, order, 'after')).toEqual(['n', 'a']);
    expect(() => decodeCursor(cursor, resolveOrder(model, [{ field: 'size', direction: 'ASC' }, { field: 'name', direction: 'ASC' }]), 'after')).toThrow(/cursor/);
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
