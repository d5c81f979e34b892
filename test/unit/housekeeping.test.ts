import { describe, expect, it } from 'vitest';
import { adviserCutoff, companyCutoffs, HOUSEKEEPING_CAP, housekeepingJobsWith, housekeepingModule, monthsBefore, withinCap, yearsBefore } from '../../src/modules/housekeeping/index.js';

describe('housekeeping cut-offs (calendar months and years back from the slot day)', () => {
  it('counts back whole months, keeping the day of the month', () => {
    expect(monthsBefore('2026-06-15', 3)).toBe('2026-03-15');
    expect(monthsBefore('2026-02-10', 3)).toBe('2025-11-10');
    expect(monthsBefore('2026-01-01', 13)).toBe('2024-12-01');
  });

  it('takes a day the earlier month lacks as its last day', () => {
    expect(monthsBefore('2026-05-31', 3)).toBe('2026-02-28');
    expect(monthsBefore('2024-05-31', 3)).toBe('2024-02-29');
    expect(monthsBefore('2026-12-31', 3)).toBe('2026-09-30');
  });

  it('takes 29 February to the 28th in a common year, and keeps it in a leap year', () => {
    expect(yearsBefore('2024-02-29', 5)).toBe('2019-02-28');
    expect(yearsBefore('2028-02-29', 2)).toBe('2026-02-28');
    expect(yearsBefore('2028-02-29', 4)).toBe('2024-02-29');
    expect(yearsBefore('2025-03-01', 5)).toBe('2020-03-01');
  });

  it("gives each job's cut-offs: interactions five years back, untouched three months, advisers two years, from London midnight", () => {
    // 1 June is in British Summer Time: the day starts at 23:00 UTC the day before.
    expect(companyCutoffs('2026-09-01')).toEqual({ interactionsSince: '2021-09-01', untouchedSince: new Date('2026-05-31T23:00:00Z') });
    // 1 March is in GMT.
    expect(companyCutoffs('2024-05-31')).toEqual({ interactionsSince: '2019-05-31', untouchedSince: new Date('2024-02-29T00:00:00Z') });
    expect(adviserCutoff('2024-02-29')).toEqual({ day: '2022-02-28', instant: new Date('2022-02-28T00:00:00Z') });
    expect(adviserCutoff('2026-08-10')).toEqual({ day: '2024-08-10', instant: new Date('2024-08-09T23:00:00Z') });
  });
});

describe("a housekeeping run's cap", () => {
  it('keeps the first rows up to the cap, and says capped only when the criteria gave more than it', () => {
    // The criteria are asked for cap + 1 rows: a row past the cap means records are left for the next run.
    expect(withinCap(['a', 'b', 'c'], 2)).toEqual({ rows: ['a', 'b'], capped: 1 });
    expect(withinCap(['a', 'b'], 2)).toEqual({ rows: ['a', 'b'], capped: 0 });
    expect(withinCap(['a'], 2)).toEqual({ rows: ['a'], capped: 0 });
    expect(withinCap([], 2)).toEqual({ rows: [], capped: 0 });
  });

  it("is Data Hub's 20,000 records a run for each of the module's jobs, and says so in their descriptions", () => {
    expect(HOUSEKEEPING_CAP).toBe(20_000);
    const jobs = housekeepingModule.jobs!;
    expect(Object.keys(jobs).sort()).toEqual(['auto-archive-companies', 'auto-archive-contacts', 'auto-deactivate-advisers']);
    for (const job of Object.values(jobs)) expect(job.description).toContain('at most 20,000 a run, the oldest first');
    expect(housekeepingJobsWith({ cap: 2 })['auto-archive-contacts'].description).toContain('at most 2 a run');
  });

  it('is a whole number of records, at least one', () => {
    for (const cap of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => housekeepingJobsWith({ cap })).toThrow(RangeError);
  });
});
