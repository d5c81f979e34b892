import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, instantOfLocal, slotFromText, slotOf } from '../../src/jobs/slot.js';

describe('job slots (Europe/London)', () => {
  it('read a local time as GMT in winter and BST in summer', () => {
    expect(instantOfLocal('2026-03-01T08:30')?.toISOString()).toBe('2026-03-01T08:30:00.000Z');
    expect(instantOfLocal('2026-07-01T08:30')?.toISOString()).toBe('2026-07-01T07:30:00.000Z');
    expect(slotOf(new Date('2026-07-01T07:30:59.999Z'))).toEqual({ at: new Date('2026-07-01T07:30:00.000Z'), day: '2026-07-01', time: '08:30' });
  });

  it('give a day its local date, not UTC\'s: 23:30 UTC on a summer evening is already the next day in London', () => {
    expect(slotOf(new Date('2026-06-30T23:30:00Z')).day).toBe('2026-07-01');
    expect(slotOf(new Date('2026-12-31T23:30:00Z')).day).toBe('2026-12-31');
  });

  it('take a time the clocks skip as the same reading after the change, and a repeated one as its first occurrence', () => {
    // 29 March 2026: 01:00 GMT becomes 02:00 BST; 25 October 2026: 02:00 BST becomes 01:00 GMT.
    expect(instantOfLocal('2026-03-29T01:30')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(slotOf(instantOfLocal('2026-03-29T01:30')!).time).toBe('02:30');
    expect(instantOfLocal('2026-10-25T01:30')?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(instantOfLocal('2026-03-29T08:30')?.toISOString()).toBe('2026-03-29T07:30:00.000Z');
    expect(instantOfLocal('2026-10-25T08:30')?.toISOString()).toBe('2026-10-25T08:30:00.000Z');
  });

  it('refuse what is not a date, and accept instants with an offset', () => {
    for (const bad of ['2026-02-30T08:30', '2026-13-01', '2026-03-01T24:00', 'tomorrow', '']) expect(slotFromText(bad)).toBeNull();
    expect(slotFromText('2026-03-01')?.time).toBe('00:00');
    expect(slotFromText('2026-07-01T07:30:00Z')).toMatchObject({ day: '2026-07-01', time: '08:30' });
    expect(slotFromText('2026-07-01T08:30:00+01:00')).toMatchObject({ day: '2026-07-01', time: '08:30' });
  });

  it('count days across month ends, year ends and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-31', -31)).toBe('2026-02-28');
    expect(daysBetween('2028-02-01', '2028-03-01')).toBe(29);
    // A DST change does not make a day 23 or 25 hours long in calendar arithmetic.
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
  });
});
