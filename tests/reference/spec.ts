// An independent, deliberately plain implementation of SPEC §1–§6 (no engine code), for property tests
// and real-data checks. Slow and simple: exact rationals everywhere, the quantile formula taken literally.
import type { Config } from '../../src/engine/config/schema';
import { add, cmp, div, fromInt, fromNumber, mul, parseDecimal, plain, q, round, sub, type Q } from './rational';
import { DEFAULT_PLAYBOOK } from '../../src/engine/playbook/default';

export type Row = Record<string, string | undefined>;
export interface RefInput {
  orders: Row[];
  customers?: Row[];
  feedback?: Row[];
  interactions?: Row[];
  /** role -> column; amount may be `A * B`. */
  roles: { orders: Record<string, string>; customers?: Record<string, string>; feedback?: Record<string, string>; interactions?: Record<string, string> };
}

const txt = (v: string | undefined) => { const t = (v ?? '').replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, ''); return t === '' ? null : t; };
const abs = (x: Q) => (x.n < 0n ? q(-x.n, x.d) : x);
/** A decimal literal's value rounded to 9 places, however large; null when the text is not one. */
function literal(v: string | undefined): Q | null {
  const t = txt(v);
  if (t === null || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  const x = parseDecimal(t);
  return x && round(x, 9);
}
/** Too large to hold (10^29 or more): a csat, nps or referrals value counts as not a number. */
const unheld = (x: Q) => cmp(abs(x), q(10n ** 29n)) >= 0;
function num(v: string | undefined): Q | null {
  const r = literal(v);
  return r && !unheld(r) ? r : null;
}
/** SPEC §1 (revision 2): an amount or cost of 1e18 or more is amount_out_of_range. */
const outOfRange = (x: Q) => cmp(abs(x), q(10n ** 18n)) >= 0;
function dayOf(v: string | undefined): number | null {
  const t = txt(v);
  if (t === null || !/^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/.test(t)) return null;
  const [y, m, d] = [Number(t.slice(0, 4)), Number(t.slice(5, 7)), Number(t.slice(8, 10))];
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return null;
  // SPEC §1 (revision 2): a date after 9999-12-30 is unparseable.
  if (t.slice(0, 10) > '9999-12-30') return null;
  return ms / 86_400_000;
}
const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

export interface RefCustomer {
  customer_id: string; purchases: number; monetary: Q; recency_days: number | null; tenure_days: number | null;
  aov: Q | null; profit: Q | null; categories: number | null; purchase_rate: Q; touches: number;
  csat: Q | null; nps: Q | null; referrals: number;
  labels: Record<string, string>; r: number | null; f: number | null; m: number | null;
}
/** An order as SPEC §2 groups it at as_of: its customer, its date (YYYY-MM-DD) and its value. */
export interface RefOrder { customer_id: string; day: string; value: Q }
export interface RefResult { asOf: string; customers: RefCustomer[]; report: Record<string, Record<string, number>>; orders: RefOrder[] }

// SPEC revision 2's table, copied by hand (not imported from the engine).
const DEFAULT_SEGMENTS: [string, number[], number[], number[]][] = [
  ['champions', [4, 5], [4, 5], [4, 5]], ['loyal_customers', [2, 5], [3, 5], [3, 5]],
  ['new_customers', [4, 5], [1, 1], [1, 1]], ['promising', [3, 4], [1, 1], [1, 1]],
  ['potential_loyalist', [3, 5], [1, 3], [1, 3]], ['need_attention', [2, 3], [2, 3], [2, 3]],
  ['about_to_sleep', [2, 3], [1, 2], [1, 2]], ['cant_lose_them', [1, 1], [4, 5], [4, 5]],
  ['at_risk', [1, 2], [2, 5], [2, 5]], ['lost', [1, 2], [1, 2], [1, 2]],
];

/** quantile_cont(p) over ascending values, exactly: v[lo] + (v[hi] - v[lo]) * (p(n-1) - lo). */
function quantile(sorted: Q[], p: Q): Q | null {
  if (!sorted.length) return null;
  const pos = mul(p, fromInt(sorted.length - 1));
  const lo = Number(pos.n / pos.d);
  const hi = pos.n % pos.d === 0n ? lo : lo + 1;
  return add(sorted[lo], mul(sub(sorted[hi], sorted[lo]), sub(pos, fromInt(lo))));
}
const ge = (a: Q | null, b: Q | null) => a !== null && b !== null && cmp(a, b) >= 0;

export function reference(input: RefInput, config: Config): RefResult {
  const R = input.roles;
  const report: Record<string, Record<string, number>> = {};
  const count = (t: string, k: string) => { (report[t] ??= {})[k] = (report[t][k] ?? 0) + 1; };

  // The amount, exact however large, and whether an operand was too large to hold at all (10^29 or more).
  const amountOf = (row: Row): { v: Q; unheld: boolean } | null => {
    const parts = R.orders.amount.split('*').map((s) => s.trim());
    let v: Q | null = fromInt(1);
    let big = false;
    for (const p of parts) { const x = literal(row[p]); big ||= !!x && unheld(x); v = x && v ? mul(v, x) : null; }
    return v && { v: parts.length > 1 ? round(v, 9) : v, unheld: big };
  };
  const orderRows = input.orders.map((row) => {
    const cid = txt(row[R.orders.customer_id]);
    const day = dayOf(row[R.orders.order_date]);
    const read = amountOf(row);
    const amount = read && read.v;
    const costText = R.orders.cost ? txt(row[R.orders.cost]) : null;
    const cost = costText === null ? fromInt(0) : literal(costText);
    const reason = !cid ? 'empty_customer_id' : day === null ? 'unparseable_date' : !read ? 'non_numeric_amount' : !cost ? 'non_numeric_cost'
      : read.unheld || outOfRange(read.v) || outOfRange(cost) ? 'amount_out_of_range' : null;
    return { cid, day, amount, cost, reason, oid: R.orders.order_id ? txt(row[R.orders.order_id]) : null, cat: R.orders.category ? txt(row[R.orders.category]) : null };
  });
  let latest = NaN;
  for (const r of orderRows) if (!r.reason && !(r.day! <= latest)) latest = r.day!;
  const asOf = config.asOf ? dayOf(config.asOf)! : latest + 1;

  // Orders: rows before as_of, grouped by customer and order_id (or day without one).
  const orders = new Map<string, { cid: string; day: number; value: Q; cost: Q; cats: Set<string> }>();
  for (const r of orderRows) {
    if (r.reason) { count('orders', r.reason); continue; }
    if (r.day! >= asOf) { count('orders', 'on_or_after_as_of'); continue; }
    count('orders', 'used');
    const key = JSON.stringify([r.cid, r.oid ?? null, r.oid ? null : r.day]);
    const o = orders.get(key) ?? { cid: r.cid!, day: r.day!, value: fromInt(0), cost: fromInt(0), cats: new Set<string>() };
    o.day = Math.min(o.day, r.day!); o.value = add(o.value, r.amount!); o.cost = add(o.cost, r.cost!);
    if (r.cat) o.cats.add(r.cat);
    orders.set(key, o);
  }

  // Customers table: first valid row per id; signup before as_of (or empty) joins the universe.
  const custRows = new Map<string, { signup: number | null; referredBy: string | null; referrals: number | null }>();
  const custStatus: [string | null, string | null][] = [];
  for (const row of input.customers ?? []) {
    const cr = R.customers!;
    const cid = txt(row[cr.customer_id]);
    const st = cr.signup_date ? txt(row[cr.signup_date]) : null;
    const signup = st === null ? null : dayOf(st);
    const rt = cr.referrals ? txt(row[cr.referrals]) : null;
    const refs = rt === null ? null : num(rt);
    const reason = !cid ? 'empty_customer_id' : st !== null && signup === null ? 'unparseable_signup_date'
      : rt !== null && (!refs || refs.d !== 1n || refs.n < 0n) ? 'invalid_referrals' : custRows.has(cid) ? 'duplicate_customer_id' : null;
    custStatus.push([cid, reason]);
    if (!reason) custRows.set(cid!, { signup, referredBy: cr.referred_by ? txt(row[cr.referred_by]) : null, referrals: refs ? Number(refs.n) : null });
  }
  const universe = new Set<string>([...orders.values()].map((o) => o.cid));
  for (const [cid, c] of custRows) if (c.signup === null || c.signup < asOf) universe.add(cid);
  for (const [cid, reason] of custStatus) count('customers', reason ?? (universe.has(cid!) ? 'used' : 'signup_on_or_after_as_of'));

  const fb = new Map<string, { csat: Q[]; nps: [number, Q][] }>();
  for (const row of input.feedback ?? []) {
    const fr = R.feedback!;
    const cid = txt(row[fr.customer_id]);
    const day = dayOf(row[fr.response_date]);
    const ct = fr.csat ? txt(row[fr.csat]) : null, nt = fr.nps ? txt(row[fr.nps]) : null;
    const c = ct === null ? null : num(ct), n = nt === null ? null : num(nt);
    const reason = !cid ? 'empty_customer_id' : day === null ? 'unparseable_date'
      : ct !== null && (!c || cmp(c, fromInt(1)) < 0 || cmp(c, fromInt(5)) > 0) ? 'csat_out_of_range'
      : nt !== null && (!n || cmp(n, fromInt(0)) < 0 || cmp(n, fromInt(10)) > 0) ? 'nps_out_of_range'
      : ct === null && nt === null ? 'no_answer' : null;
    if (reason) { count('feedback', reason); continue; }
    if (day! >= asOf) { count('feedback', 'on_or_after_as_of'); continue; }
    if (!universe.has(cid!)) { count('feedback', 'outside_universe'); continue; }
    count('feedback', 'used');
    const f = fb.get(cid!) ?? { csat: [], nps: [] };
    if (c) f.csat.push(c);
    if (n) f.nps.push([day!, n]);
    fb.set(cid!, f);
  }
  const touchDays = new Map<string, number[]>();
  for (const row of input.interactions ?? []) {
    const ir = R.interactions!;
    const cid = txt(row[ir.customer_id]);
    const day = dayOf(row[ir.interaction_date]);
    const reason = !cid ? 'empty_customer_id' : day === null ? 'unparseable_date' : null;
    if (reason) { count('interactions', reason); continue; }
    if (day! >= asOf) { count('interactions', 'on_or_after_as_of'); continue; }
    if (!universe.has(cid!)) { count('interactions', 'outside_universe'); continue; }
    count('interactions', 'used');
    touchDays.set(cid!, [...(touchDays.get(cid!) ?? []), day!]);
  }

  const byCustomer = new Map<string, { value: Q; day: number; cost: Q; cats: Set<string> }[]>();
  for (const o of orders.values()) byCustomer.set(o.cid, [...(byCustomer.get(o.cid) ?? []), o]);
  const referredCount = new Map<string, number>();
  for (const [cid, c] of custRows) if (universe.has(cid) && c.referredBy) referredCount.set(c.referredBy, (referredCount.get(c.referredBy) ?? 0) + 1);

  const zero = fromInt(0);
  const customers: RefCustomer[] = [...universe].map((cid) => {
    const os = byCustomer.get(cid) ?? [];
    const buys = os.filter((o) => cmp(o.value, zero) > 0);
    const purchases = buys.length;
    const monetary = os.reduce((s, o) => add(s, o.value), zero);
    const first = purchases ? buys.reduce((a, o) => Math.min(a, o.day), Infinity) : null;
    const last = purchases ? buys.reduce((a, o) => Math.max(a, o.day), -Infinity) : null;
    const tenure = first === null ? null : asOf - first;
    const f = fb.get(cid);
    let nps: Q | null = null;
    if (f?.nps.length) {
      const latest = f.nps.reduce((a, [d]) => Math.max(a, d), -Infinity);
      nps = f.nps.filter(([d]) => d === latest).map(([, v]) => v).reduce((a, b) => (cmp(a, b) >= 0 ? a : b));
    }
    const windowStart = asOf - config.engagement.windowDays;
    const touches = [...buys.map((o) => o.day), ...(touchDays.get(cid) ?? [])].filter((d) => d >= windowStart && d < asOf).length;
    return {
      customer_id: cid, purchases, monetary, recency_days: last === null ? null : asOf - last, tenure_days: tenure,
      aov: purchases ? round(div(monetary, fromInt(purchases)), 9) : null,
      profit: R.orders.cost ? sub(monetary, os.reduce((s, o) => add(s, o.cost), zero)) : null,
      categories: R.orders.category ? new Set(buys.flatMap((o) => [...o.cats])).size : null,
      purchase_rate: q(BigInt(purchases * 30), BigInt(Math.max(tenure ?? 30, 30))),
      touches,
      csat: f?.csat.length ? div(f.csat.reduce(add, zero), fromInt(f.csat.length)) : null,
      nps,
      referrals: R.customers?.referrals ? custRows.get(cid)?.referrals ?? 0 : R.customers?.referred_by ? referredCount.get(cid) ?? 0 : 0,
      labels: {}, r: null, f: null, m: null,
    };
  });
  label(customers, config);
  customers.sort((a, b) => Buffer.compare(Buffer.from(a.customer_id), Buffer.from(b.customer_id)));
  const grouped = [...orders.values()].map((o) => ({ customer_id: o.cid, day: iso(o.day), value: o.value }));
  return { asOf: Number.isNaN(asOf) ? '' : iso(asOf), customers, report, orders: grouped };
}

/** SPEC §3a: fewer than this many buyers with a repeat purchase, and no fit is made. */
const MIN_REPEAT_BUYERS = 20;

function label(cs: RefCustomer[], config: Config): void {
  const N = fromNumber;
  const buyers = cs.filter((x) => x.purchases > 0);
  // Value tiers by predicted_clv without a fit (too few repeat buyers) are cut by monetary (SPEC §3a, other
  // dates; docs/semantics.md: the same at as_of). The reference makes no fit of its own: with enough
  // repeat buyers it refuses, and tests/unit/clv-*.test.ts check the predictions against the fit's unit.
  let c = config;
  if (c.value.metric === 'predicted_clv') {
    if (buyers.filter((x) => x.purchases >= 2).length >= MIN_REPEAT_BUYERS) throw new Error('the reference does not fit BG/NBD: value.metric predicted_clv needs fewer than 20 repeat buyers here');
    c = { ...c, value: { ...c.value, metric: 'monetary' } };
  }
  const metricOf = (x: RefCustomer, m: string): Q | null =>
    m === 'purchases' ? fromInt(x.purchases) : m === 'categories' || m === 'recency_days'
      ? ((v: number | null) => (v === null ? null : fromInt(v)))(m === 'categories' ? x.categories : x.recency_days)
      : (x as never)[m];
  const sortedOf = (m: string) => buyers.map((x) => metricOf(x, m)).filter((v): v is Q => v !== null).sort(cmp);
  let vHigh: Q | null, vMid: Q | null;
  if (c.value.mode === 'share') {
    const s = sortedOf(c.value.metric);
    vHigh = quantile(s, sub(fromInt(1), N(c.value.high)));
    vMid = quantile(s, sub(sub(fromInt(1), N(c.value.high)), N(c.value.mid)));
  } else [vHigh, vMid] = [N(c.value.high), N(c.value.mid)];
  const cutsOf = (m: string, key: 'r' | 'f' | 'm') => {
    if (c.rfm.cuts !== 'quintiles') return c.rfm.cuts[key].map(N);
    const s = sortedOf(m);
    return ['0.2', '0.4', '0.6', '0.8'].map((p) => quantile(s, parseDecimal(p)!)!);
  };
  const [rc, fc, mc] = [cutsOf('recency_days', 'r'), cutsOf('purchases', 'f'), cutsOf('monetary', 'm')];
  const segs = c.rfm.segments === 'default' ? DEFAULT_SEGMENTS : c.rfm.segments.map((s) => [s.name, s.r, s.f, s.m] as [string, number[], number[], number[]]);
  for (const x of cs) {
    const p = x.purchases, rec = x.recency_days;
    const L = c.ladder, LC = c.lifecycle;
    const loyal = p >= L.loyalMinPurchases && rec !== null && rec <= L.activeDays;
    x.labels.ladder = p === 0 ? 'prospect' : p === 1 ? 'first_time'
      : loyal && (x.referrals >= L.advocateMinReferrals || ge(x.nps, N(L.advocateMinNps))) ? 'advocate' : loyal ? 'loyal' : 'repeat';
    x.labels.lifecycle = p === 0 ? 'potential' : rec! > LC.churnDays ? 'churned' : rec! > LC.atRiskDays ? 'at_risk'
      : x.tenure_days! <= LC.newDays ? 'new' : p >= LC.loyalMinPurchases ? 'loyal' : 'mature';
    const vm = metricOf(x, c.value.metric);
    x.labels.value = p === 0 ? 'prospect' : ge(vm, vHigh) ? 'high' : ge(vm, vMid) ? 'mid' : 'low';
    x.labels.engagement = x.touches >= c.engagement.frequentMin ? 'frequent' : x.touches >= c.engagement.occasionalMin ? 'occasional' : 'low';
    const nm = c.needs.metric === 'purchase_rate' ? x.purchase_rate : metricOf(x, c.needs.metric);
    x.labels.needs = p === 0 ? 'prospect' : ge(nm, N(c.needs.high)) ? 'high' : ge(nm, N(c.needs.mid)) ? 'mid' : 'low';
    x.labels.satisfaction = x.csat === null ? 'unknown' : ge(x.csat, N(c.satisfaction.high)) ? 'high' : ge(x.csat, N(c.satisfaction.mid)) ? 'mid' : 'low';
    x.labels.nps = x.nps === null ? 'unknown' : ge(x.nps, N(c.nps.promoterMin)) ? 'promoter' : ge(x.nps, N(c.nps.passiveMin)) ? 'passive' : 'detractor';
    if (p === 0) { x.labels.rfm_segment = 'prospect'; continue; }
    x.r = 1 + rc.filter((cut) => cmp(fromInt(rec!), cut) < 0).length;
    x.f = 1 + fc.filter((cut) => cmp(fromInt(p), cut) > 0).length;
    x.m = 1 + mc.filter((cut) => cmp(x.monetary, cut) > 0).length;
    const hit = segs.find(([, r, f, m]) => x.r! >= r[0] && x.r! <= r[1] && x.f! >= f[0] && x.f! <= f[1] && x.m! >= m[0] && x.m! <= m[1]);
    x.labels.rfm_segment = hit ? hit[0] : 'other';
  }
}

/**
 * SPEC §4 "Strategy mapping" under the default matrix (value rows × lifecycle columns; docs/playbook.md):
 * new, at-risk and churned customers get their lifecycle stage's strategy, everyone else their value tier's.
 */
function defaultStrategyTitle(x: RefCustomer): string {
  const stage = x.labels.lifecycle;
  const id = stage === 'new' || stage === 'at_risk' || stage === 'churned' ? `lifecycle.${stage}` : `value.${x.labels.value}`;
  return DEFAULT_PLAYBOOK.find((s) => s.id === id)!.title.en;
}

/** The SPEC §6 columns as the export writes them, under the default strategy matrix. */
export function exportRow(x: RefCustomer): string[] {
  const guard = (s: string) => (/^[=+\-@]/.test(s) ? `'${s}` : s);
  const n = (v: number | null) => (v === null ? '' : String(v));
  return [
    guard(x.customer_id), String(x.purchases), plain(x.monetary), n(x.recency_days), n(x.tenure_days),
    x.labels.ladder, x.labels.lifecycle, x.labels.value, x.labels.engagement, x.labels.needs,
    x.labels.satisfaction, x.labels.nps, n(x.r), n(x.f), n(x.m), x.labels.rfm_segment, guard(defaultStrategyTitle(x)),
  ];
}
