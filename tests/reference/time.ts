// SPEC §4a (movement, trend, cohorts, what changed), independently: built on `reference()` run at each date
// and on its own grouped orders, with its own calendar, label orders and ranks copied from the SPEC by hand.
// No engine code. Lines are written as the CLI's files are (docs/semantics.md, "Customers over time").
import type { Config } from '../../src/engine/config/schema';
import { add, cmp, div, fromInt, plain, sub, type Q } from './rational';
import { reference, type RefInput, type RefResult } from './spec';

export type Period = 'week' | 'month' | 'quarter';
const FW = ['ladder', 'lifecycle', 'value', 'engagement', 'needs', 'satisfaction', 'nps', 'rfm_segment'];
const ABSENT = 'absent';

/** Display orders (the charts'), by hand. */
function labelOrder(fw: string, config: Config): string[] {
  const segments = config.rfm.segments === 'default'
    ? ['champions', 'loyal_customers', 'new_customers', 'promising', 'potential_loyalist', 'need_attention', 'about_to_sleep', 'cant_lose_them', 'at_risk', 'lost']
    : config.rfm.segments.map((s) => s.name);
  return ({
    ladder: ['prospect', 'first_time', 'repeat', 'loyal', 'advocate'], lifecycle: ['potential', 'new', 'mature', 'loyal', 'at_risk', 'churned'],
    value: ['high', 'mid', 'low', 'prospect'], engagement: ['frequent', 'occasional', 'low'], needs: ['high', 'mid', 'low', 'prospect'],
    satisfaction: ['high', 'mid', 'low', 'unknown'], nps: ['promoter', 'passive', 'detractor', 'unknown'], rfm_segment: [...segments, 'other', 'prospect'],
  } as Record<string, string[]>)[fw];
}

/** SPEC §4a ranks, lowest first. */
const RANK: Record<string, string[]> = {
  ladder: ['prospect', 'first_time', 'repeat', 'loyal', 'advocate'], value: ['prospect', 'low', 'mid', 'high'],
  engagement: ['low', 'occasional', 'frequent'], needs: ['prospect', 'low', 'mid', 'high'], satisfaction: ['low', 'mid', 'high'], nps: ['detractor', 'passive', 'promoter'],
};
function move(fw: string, from: string, to: string): string {
  if (from === to) return 'same';
  const r = RANK[fw];
  if (!r || !r.includes(from) || !r.includes(to)) return 'changed';
  return r.indexOf(to) > r.indexOf(from) ? 'up' : 'down';
}

// Calendar over YYYY-MM-DD in UTC.
const ms = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const plusDays = (d: string, n: number) => iso(ms(d) + n * 86_400_000);
export function startOf(d: string, p: Period): string {
  if (p === 'week') return plusDays(d, -((new Date(ms(d)).getUTCDay() + 6) % 7));
  const m = Number(d.slice(5, 7)) - 1;
  return iso(Date.UTC(Number(d.slice(0, 4)), p === 'quarter' ? m - (m % 3) : m, 1));
}
const next = (start: string, p: Period) => (p === 'week' ? plusDays(start, 7) : iso(Date.UTC(Number(start.slice(0, 4)), Number(start.slice(5, 7)) - 1 + (p === 'quarter' ? 3 : 1), 1)));
function periodsApart(a: string, b: string, p: Period): number {
  if (p === 'week') return Math.round((ms(b) - ms(a)) / (7 * 86_400_000));
  const months = (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
  return p === 'quarter' ? months / 3 : months;
}

const labelsById = (r: RefResult, fw: string) => new Map(r.customers.map((c) => [c.customer_id, c.labels[fw]]));

/** The --movement file: `now` at as_of, `base` the reference run at the baseline date. */
export function refMovement(now: RefResult, base: RefResult, config: Config): string[] {
  const lines = ['framework,from,to,direction,customers'];
  for (const fw of FW) {
    const before = labelsById(base, fw);
    const n = new Map<string, number>();
    for (const c of now.customers) {
      const k = `${before.get(c.customer_id) ?? ABSENT}\u0000${c.labels[fw]}`;
      n.set(k, (n.get(k) ?? 0) + 1);
    }
    const order = [ABSENT, ...labelOrder(fw, config)];
    for (const from of order) for (const to of order) {
      const count = n.get(`${from}\u0000${to}`);
      if (count) lines.push(`${fw},${from},${to},${move(fw, from, to)},${count}`);
    }
  }
  return lines;
}

/** The trend's dates: the first day of every period after the earliest order's date and before as_of, then as_of. */
export function refTrendDates(now: RefResult, p: Period): string[] {
  const days = now.orders.map((o) => o.day).sort();
  const out: string[] = [];
  if (days.length) for (let d = next(startOf(days[0], p), p); d < now.asOf; d = next(d, p)) out.push(d);
  return [...out, now.asOf];
}

/** The --trend file: reference() run at every date of the series. */
export function refTrend(input: RefInput, config: Config, now: RefResult, p: Period): string[] {
  const at = new Map(refTrendDates(now, p).map((d) => [d, d === now.asOf ? now : reference(input, { ...config, asOf: d })]));
  const lines = ['framework,date,label,customers'];
  for (const fw of FW) for (const [d, r] of at) for (const label of labelOrder(fw, config))
    lines.push(`${fw},${d},${label},${r.customers.filter((c) => c.labels[fw] === label).length}`);
  return lines;
}

/** The --cohorts file, from the reference's own orders at as_of. */
export function refCohorts(now: RefResult, p: Period): string[] {
  const zero = fromInt(0);
  const orders = new Map<string, { start: string; value: Q }[]>();
  const first = new Map<string, string>();
  for (const o of now.orders) {
    orders.set(o.customer_id, [...(orders.get(o.customer_id) ?? []), { start: startOf(o.day, p), value: o.value }]);
    if (cmp(o.value, zero) > 0 && !(o.day >= (first.get(o.customer_id) ?? '9999'))) first.set(o.customer_id, o.day);
  }
  const last = startOf(plusDays(now.asOf, -1), p);
  const partial = startOf(now.asOf, p) !== now.asOf;
  const cohorts = new Map<string, string[]>();
  for (const [id, d] of first) cohorts.set(startOf(d, p), [...(cohorts.get(startOf(d, p)) ?? []), id]);
  const lines = ['cohort,period,customers,active,customer_retention,revenue,revenue_retention,partial'];
  for (const c of [...cohorts.keys()].sort()) {
    const members = cohorts.get(c)!;
    const K = periodsApart(c, last, p);
    const cells = Array.from({ length: K + 1 }, () => ({ active: new Set<string>(), revenue: zero }));
    for (const id of members) for (const o of orders.get(id)!) {
      if (o.start < c) continue;
      const cell = cells[periodsApart(c, o.start, p)];
      cell.revenue = add(cell.revenue, o.value);
      if (cmp(o.value, zero) > 0) cell.active.add(id);
    }
    const base = cells[0].revenue;
    cells.forEach(({ active, revenue }, k) => {
      const rr = cmp(base, zero) === 0 ? '' : plain(div(revenue, base));
      lines.push(`${c},${k},${members.length},${active.size},${plain(div(fromInt(active.size), fromInt(members.length)))},${plain(revenue)},${rr},${k === K && partial}`);
    });
  }
  return lines;
}

export interface RefChange { line: string; contribution: number | null }

/** The --what-changed file's rows without the contribution column, and each contribution as a number. */
export function refWhatChanged(now: RefResult, config: Config, baseline: string): RefChange[] {
  const L = Math.round((ms(now.asOf) - ms(baseline)) / 86_400_000);
  const start = plusDays(baseline, -L);
  const zero = fromInt(0);
  const out: RefChange[] = [];
  const split = (scope: string, label: string, who: (id: string) => boolean) => {
    const w = [0, 1].map((win) => {
      const os = now.orders.filter((o) => who(o.customer_id) && (win === 0 ? o.day >= start && o.day < baseline : o.day >= baseline && o.day < now.asOf));
      const buys = os.filter((o) => cmp(o.value, zero) > 0);
      const R = os.reduce((s, o) => add(s, o.value), zero);
      return { R, B: new Set(buys.map((o) => o.customer_id)).size, P: buys.length };
    });
    const f = w.map(({ R, B, P }) => [R, fromInt(B), B ? div(fromInt(P), fromInt(B)) : null, P ? div(R, fromInt(P)) : null]);
    const positive = f.every((x) => x.every((v) => v !== null && cmp(v, zero) > 0));
    const num = (x: Q) => Number(x.n) / Number(x.d);
    const dR = num(sub(w[1].R, w[0].R));
    const lnR = Math.log(num(w[1].R) / num(w[0].R));
    ['revenue', 'buyers', 'purchases_per_buyer', 'revenue_per_purchase'].forEach((factor, i) => {
      const t = (v: Q | null) => (v === null ? '' : plain(v));
      const c = i === 0 ? dR : !positive ? null : lnR === 0 ? num(w[0].R) * Math.log(num(f[1][i]!) / num(f[0][i]!)) : (dR * Math.log(num(f[1][i]!) / num(f[0][i]!))) / lnR;
      out.push({ line: `${scope},${label},${factor},${t(f[0][i])},${t(f[1][i])}`, contribution: c });
    });
  };
  split('all', '', () => true);
  for (const fw of FW) {
    const at = labelsById(now, fw);
    for (const label of labelOrder(fw, config)) split(fw, label, (id) => at.get(id) === label);
  }
  return out;
}
