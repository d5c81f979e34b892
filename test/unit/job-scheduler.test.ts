import { afterEach, describe, expect, it, vi } from 'vitest';
import { latestSlot, missedSlots, scheduleJobs, scheduleZone } from '../../src/jobs/scheduler.js';
import type { JobSlot } from '../../src/jobs/slot.js';
import { jobs } from '../../src/system.js';

/**
 * The worker's scheduler on an injected clock (vitest's fake timers drive node-cron's own timers and Date):
 * which UTC instant each schedule fires at in Europe/London, and which slot the run is given, across DST
 * changes, month ends and a leap year; nothing here waits for real time.
 */

type Fired = { name: string; firedAt: string; slot: string };

async function fired(jobs: Record<string, { schedule: string }>, from: string, forMs: number, run?: (name: string) => Promise<void>): Promise<Fired[]> {
  vi.useFakeTimers({ now: new Date(from), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  const seen: Fired[] = [];
  const schedules = scheduleJobs(jobs, async (name: string, slot: JobSlot) => {
    seen.push({ name, firedAt: new Date().toISOString(), slot: `${slot.day}T${slot.time}` });
    await run?.(name);
  });
  try {
    await vi.advanceTimersByTimeAsync(forMs);
  } finally {
    await schedules.stop();
  }
  return seen;
}

const DAY = 86_400_000;

afterEach(() => {
  vi.useRealTimers();
});

describe('the worker scheduler (Europe/London, on an injected clock)', () => {
  it('fires a daily 08:00 job at 08:00 GMT before the spring change and 08:00 BST (07:00 UTC) after it', async () => {
    // 29 March 2026: clocks go from 01:00 GMT to 02:00 BST.
    const runs = await fired({ daily: { schedule: '0 0 8 * * *' } }, '2026-03-28T00:00:00Z', 3 * DAY);
    expect(runs).toEqual([
      { name: 'daily', firedAt: '2026-03-28T08:00:00.000Z', slot: '2026-03-28T08:00' },
      { name: 'daily', firedAt: '2026-03-29T07:00:00.000Z', slot: '2026-03-29T08:00' },
      { name: 'daily', firedAt: '2026-03-30T07:00:00.000Z', slot: '2026-03-30T08:00' },
    ]);
  });

  it('gives a run just after local midnight in summer its London day, not the UTC day before', async () => {
    // 00:30 BST on 25 October 2026 (the autumn change's day) is 23:30 UTC on the 24th.
    const runs = await fired({ early: { schedule: '0 30 0 * * *' } }, '2026-10-24T12:00:00Z', DAY);
    expect(runs).toEqual([{ name: 'early', firedAt: '2026-10-24T23:30:00.000Z', slot: '2026-10-25T00:30' }]);
  });

  it('runs the first of the month at 08:30 across a leap February, and in BST from April', async () => {
    const runs = await fired({ monthly: { schedule: '0 30 8 1 * *' } }, '2028-02-27T00:00:00Z', 40 * DAY);
    expect(runs).toEqual([
      { name: 'monthly', firedAt: '2028-03-01T08:30:00.000Z', slot: '2028-03-01T08:30' },
      { name: 'monthly', firedAt: '2028-04-01T07:30:00.000Z', slot: '2028-04-01T08:30' },
    ]);
  });

  it('runs each minute of an every-minute job once, through the hour the autumn change repeats', async () => {
    // 25 October 2026: 01:00–02:00 BST (00:00–01:00 UTC) is followed by 01:00–02:00 GMT (01:00–02:00 UTC).
    const runs = await fired({ minutely: { schedule: '0 * * * * *' } }, '2026-10-24T23:59:30Z', 2 * 3_600_000 + 30_000);
    const instants = runs.map((r) => r.firedAt);
    expect(instants.length).toBe(121);
    expect(new Set(instants).size).toBe(121);
    expect(runs[0]).toEqual({ name: 'minutely', firedAt: '2026-10-25T00:00:00.000Z', slot: '2026-10-25T01:00' });
    expect(runs[60]).toEqual({ name: 'minutely', firedAt: '2026-10-25T01:00:00.000Z', slot: '2026-10-25T01:00' });
  });

  it('runs every job of the system once a London day on both change days, and every-minute ones every minute', async () => {
    // From London's midnight starting the day before each change: 28 March (GMT) and 24 October (BST).
    for (const from of ['2026-03-28T00:00:00Z', '2026-10-23T23:00:00Z']) {
      const runs = await fired(jobs, from, 2 * DAY + 2 * 3_600_000);
      for (const [name, job] of Object.entries(jobs)) {
        const mine = runs.filter((r) => r.name === name);
        const perDay = new Map<string, number>();
        for (const r of mine) perDay.set(r.slot.slice(0, 10), (perDay.get(r.slot.slice(0, 10)) ?? 0) + 1);
        const days = [...perDay.keys()].sort();
        if (scheduleZone(job.schedule) === 'UTC') {
          expect(mine.length, `${name} from ${from}`).toBe(2 * 24 * 60 + 2 * 60);
          expect(new Set(mine.map((r) => r.firedAt)).size, name).toBe(mine.length);
        } else if (job.schedule.split(' ')[3] === '*') {
          // Daily: each of the two London days the window covers, exactly once (the change day included).
          const [first, second] = from.startsWith('2026-03') ? ['2026-03-28', '2026-03-29'] : ['2026-10-24', '2026-10-25'];
          expect(days.filter((d) => d === first || d === second), `${name} from ${from}: ${JSON.stringify(mine)}`).toEqual([first, second]);
          expect([perDay.get(first), perDay.get(second)], name).toEqual([1, 1]);
        } else {
          expect(mine, `${name} is monthly: not in these days`).toEqual([]);
        }
      }
    }
  });

  it('runs a firing the worker was 40 s late for (a busy event loop), for the minute it was scheduled', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-15T07:59:00Z'), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const seen: string[] = [];
    const schedules = scheduleJobs({ daily: { schedule: '0 0 8 * * *' } }, async (_name, slot) => void seen.push(`${new Date().toISOString()} ${slot.day}T${slot.time}`));
    // Just before 08:00, the wall clock jumps 40 s while no timer runs: the 08:00 heartbeat comes 40 s late.
    setTimeout(() => vi.setSystemTime(Date.now() + 40_000), 59_000);
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    await schedules.stop();
    expect(seen).toEqual(['2026-01-15T08:00:40.000Z 2026-01-15T08:00']);
  });

  it('does not start a job again while its previous run is still going', async () => {
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    vi.useFakeTimers({ now: new Date('2026-06-01T10:00:30Z'), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const slots: string[] = [];
    const schedules = scheduleJobs({ minutely: { schedule: '0 * * * * *' } }, async (_name, slot) => {
      slots.push(slot.time);
      await slow;
    });
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    release();
    await vi.advanceTimersByTimeAsync(60_000);
    await schedules.stop();
    // 11:01 (BST) ran and held on until after 11:03; 11:02 and 11:03 were skipped; 11:04 ran.
    expect(slots).toEqual(['11:01', '11:04']);
  });
});

describe('slots a stopped worker missed', () => {
  it('finds the latest slot of a schedule within a window, in London time', () => {
    expect(latestSlot('0 0 8 * * *', new Date('2026-03-29T09:15:00Z'))).toMatchObject({ day: '2026-03-29', time: '08:00', at: new Date('2026-03-29T07:00:00Z') });
    expect(latestSlot('0 0 8 * * *', new Date('2026-03-29T06:59:00Z'))).toBeNull();
    expect(latestSlot('0 0 8 * * *', new Date('2026-03-29T06:59:00Z'), 24 * 3_600_000)).toMatchObject({ day: '2026-03-28', time: '08:00' });
    expect(latestSlot('0 30 8 1 * *', new Date('2028-03-01T10:00:00Z'))).toMatchObject({ day: '2028-03-01', time: '08:30' });
    expect(latestSlot('0 * * * * *', new Date('2026-06-01T10:00:59Z'))).toMatchObject({ time: '11:00' });
  });

  it('lists each job whose latest slot has no successful run, and not the others', async () => {
    const jobs = { daily: { schedule: '0 0 8 * * *' }, monthly: { schedule: '0 30 8 1 * *' }, nightly: { schedule: '0 0 2 * * *' } };
    const ran = new Set(['nightly@2026-06-02T02:00']);
    const missed = await missedSlots(jobs, new Date('2026-06-02T09:00:00Z'), async (name, slot) => ran.has(`${name}@${slot.day}T${slot.time}`));
    // 10:00 BST on 2 June: daily's 08:00 slot was missed; monthly's last slot (1 June) is outside 12 hours.
    expect(missed.map(({ name, slot }) => `${name}@${slot.day}T${slot.time}`)).toEqual(['daily@2026-06-02T08:00']);
  });
});
