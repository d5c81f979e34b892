/**
 * A scheduled job's slot: the instant it runs for, and that instant's day and time in the time zone the
 * schedules are written in. Data Hub's reminders are UK office times ("the 1st of the month at 08:30"), so
 * every schedule and every slot is in Europe/London, GMT in winter and BST in summer, whatever the server's
 * own zone: a job asks "which day is it?" of its slot, never of the clock. Pure functions; tested on dates
 * that cross a DST change, a month end and a leap day.
 */
export const JOB_TIME_ZONE = 'Europe/London';

/** A slot: the instant, and its local day (`YYYY-MM-DD`) and time (`HH:MM`) in JOB_TIME_ZONE. */
export type JobSlot = { at: Date; day: string; time: string };

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The local calendar parts of an instant in a zone. */
function partsIn(instant: Date, zone: string): { year: number; month: number; day: number; hour: number; minute: number } {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    formatters.set(zone, format);
  }
  const get = (type: string) => Number(format.formatToParts(instant).find((p) => p.type === type)!.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The slot of an instant (seconds and below are dropped: a slot is a minute). */
export function slotOf(instant: Date, zone = JOB_TIME_ZONE): JobSlot {
  const at = new Date(Math.floor(instant.getTime() / 60_000) * 60_000);
  const p = partsIn(at, zone);
  return { at, day: `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` };
}

/** How far ahead of UTC the zone's clocks are at an instant, in milliseconds. */
function offsetAt(instant: Date, zone: string): number {
  const p = partsIn(instant, zone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(instant.getTime() / 60_000) * 60_000;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/;

/**
 * The instant of a local time in the zone (`2026-03-01T08:30`, or a day alone for its midnight). A time the
 * clocks skip (01:30 on the spring-forward day) is taken as the same clock time after the change (02:30 BST);
 * a time they pass twice (01:30 on the autumn day) as its first occurrence (BST). Null when it is no date.
 */
export function instantOfLocal(text: string, zone = JOB_TIME_ZONE): Date | null {
  const m = LOCAL.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0'].map(Number);
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(asUtc);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) return null;
  // The earlier of the two offsets around it first (BST before GMT), so a repeated time is its first occurrence.
  const candidates = [offsetAt(new Date(asUtc - 12 * 3_600_000), zone), offsetAt(new Date(asUtc + 12 * 3_600_000), zone)].sort((a, b) => b - a);
  for (const offset of candidates) {
    const instant = new Date(asUtc - offset);
    if (offsetAt(instant, zone) === offset) return instant;
  }
  // In the gap the clocks skip: the same clock reading, read with the offset from before the change.
  return new Date(asUtc - Math.min(...candidates));
}

/**
 * The slot a CLI `--at` names: a local time in JOB_TIME_ZONE (`2026-03-01T08:30`), or an instant with its
 * offset (`2026-03-01T08:30:00Z`, `…+01:00`). Null when it is neither.
 */
export function slotFromText(text: string, zone = JOB_TIME_ZONE): JobSlot | null {
  const local = instantOfLocal(text, zone);
  if (local) return slotOf(local, zone);
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(text.trim())) return null;
  const instant = new Date(text.trim());
  return Number.isNaN(instant.getTime()) ? null : slotOf(instant, zone);
}

/** A calendar day plus some days (negative: before), across month and year ends and leap days. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The whole days from one calendar day to another (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  const ms = (day: string) => {
    const [y, m, d] = day.split('-').map(Number);
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((ms(to) - ms(from)) / 86_400_000);
}
