// SPEC §4a periods: weeks start on Monday, months and quarters on their first day. Dates are calendar
// days written YYYY-MM-DD and computed in UTC (no time zone ever shifts a day).
import type { Period } from '../config/schema';

const DAY_MS = 86_400_000;
const toMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The first day of month `m` (0-based, may run past 11 into later years) of year `y`; setUTCFullYear, unlike Date.UTC, reads years 0–99 as written, not as 19xx. */
function monthStart(y: number, m: number): string {
  const t = new Date(0);
  t.setUTCFullYear(y, m, 1);
  return toDay(t.getTime());
}

export const addDays = (d: string, n: number): string => toDay(toMs(d) + n * DAY_MS);
export const daysBetween = (from: string, to: string): number => Math.round((toMs(to) - toMs(from)) / DAY_MS);

/** The first day of the period holding `d`. */
export function periodStart(d: string, period: Period): string {
  const t = new Date(toMs(d));
  if (period === 'week') return toDay(toMs(d) - ((t.getUTCDay() + 6) % 7) * DAY_MS);
  const month = period === 'quarter' ? t.getUTCMonth() - (t.getUTCMonth() % 3) : t.getUTCMonth();
  return monthStart(t.getUTCFullYear(), month);
}

/** The first day of the period `k` periods after the one starting at `start`. */
export function periodAfter(start: string, period: Period, k: number): string {
  if (period === 'week') return addDays(start, 7 * k);
  const t = new Date(toMs(start));
  return monthStart(t.getUTCFullYear(), t.getUTCMonth() + (period === 'quarter' ? 3 * k : k));
}

/** Whole periods from the period holding `from` to the one holding `to` (0 when the same). */
export function periodsBetween(from: string, to: string, period: Period): number {
  const a = periodStart(from, period);
  const b = periodStart(to, period);
  if (period === 'week') return Math.round(daysBetween(a, b) / 7);
  const [ya, ma] = [Number(a.slice(0, 4)), Number(a.slice(5, 7))];
  const [yb, mb] = [Number(b.slice(0, 4)), Number(b.slice(5, 7))];
  const months = (yb - ya) * 12 + (mb - ma);
  return period === 'quarter' ? months / 3 : months;
}

/**
 * The trend's dates (SPEC §4a): the first day of every period strictly after the earliest order's date
 * and before as_of, then as_of itself once. No orders: as_of alone.
 */
export function trendDates(earliestOrder: string | null, asOf: string, period: Period): string[] {
  const out: string[] = [];
  if (earliestOrder !== null)
    for (let d = periodAfter(periodStart(earliestOrder, period), period, 1); d < asOf; d = periodAfter(d, period, 1)) out.push(d);
  out.push(asOf);
  return out;
}

/** Cohort periods: does the period holding the day before as_of end before as_of (not partial)? */
export const lastPeriodPartial = (asOf: string, period: Period): boolean => periodStart(asOf, period) !== asOf;
