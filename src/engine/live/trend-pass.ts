// The trend's dates from one SQL pass (sql/trend-pass.ts): the per-customer states read once, then each
// date's columns are a walk over them in the worker (no SQL per date). Same columns, same numbers as a
// replay at that date (tests/unit/trend-pass.test.ts holds the two together on random data).
import type { Db } from '../db';
import type { Mapping } from '../mapping';
import { TREND_FLIPS_SQL, TREND_PASS_TABLES, trendPassSql } from '../sql/trend-pass';
import { daysBetween } from '../time/periods';
import { sortMetrics, sortTouchEvents, type MetricColumns, type TouchEvents } from './columns';
import type { TrendDate } from './trend';
import type { TrendNeed } from './trend-need';

type ColumnReader = (sql: string) => Promise<Record<string, Float64Array | Int32Array>>;

/** Rows of one customer lie at [start[c], start[c + 1]) by current idx c, in bucket order. */
interface ByCustomer {
  start: Int32Array;
  bucket: Int32Array;
}

export interface TrendPass {
  /** The dates served (the trend's dates before as_of), ascending; date k is bucket k. */
  dates: string[];
  hasCost: boolean;
  hasCategory: boolean;
  /** Per current idx: the index of the first date whose universe holds the customer (dates.length: none). */
  entry: Int32Array;
  states: ByCustomer & { purchases: Int32Array; firstDay: Int32Array; lastDay: Int32Array; monetary: Float64Array; profit: Float64Array; aov: Float64Array; categories: Float64Array };
  feedback: ByCustomer & { csat: Float64Array; nps: Float64Array };
  /** customers.referrals by current idx, or referrals gained per bucket (referred_by), or none (0). */
  referrals: { static: Int32Array } | (ByCustomer & { n: Int32Array }) | null;
  /** Touch events: current idx, day (days since 1970-01-01), the first date index they count at. */
  events: { cidx: Int32Array; day: Int32Array; bucket: Int32Array };
}

const ints = (a: ArrayLike<number>) => Int32Array.from(a);
const doubles = (a: ArrayLike<number>) => Float64Array.from(a);

function byCustomer(cidx: ArrayLike<number>, n: number): Int32Array {
  const start = new Int32Array(n + 1);
  for (let k = 0; k < cidx.length; k++) start[cidx[k] + 1]++;
  for (let c = 0; c < n; c++) start[c + 1] += start[c];
  return start;
}

/**
 * Run the pass over `dates` (ascending, all before as_of) and read it; null when an order of the data stops
 * being a purchase at a later date (then the trend replays each date). `customers`: tb_metrics' rows.
 */
export async function buildTrendPass(db: Db, read: ColumnReader, mapping: Mapping, dates: string[], customers: number, partRows?: number): Promise<TrendPass | null> {
  let parts = 1;
  if (partRows) {
    const [{ n }] = await db.rows<{ n: number }>(`SELECT CAST(count(*) AS DOUBLE) AS n FROM stg_orders`);
    parts = Math.ceil(Number(n) / partRows);
  }
  const sql = trendPassSql(mapping, dates, parts);
  try {
    for (const s of sql.build) await db.exec(s);
    const [{ n: flips }] = await db.rows<{ n: number }>(TREND_FLIPS_SQL);
    if (Number(flips) > 0) return null;
    const st = await read(sql.states);
    const fb = await read(sql.feedback);
    const ev = await read(sql.events);
    const entry = ints((await read(sql.entry)).entry);
    if (entry.length !== customers) throw new Error('the trend pass does not cover the analysis date\'s customers');
    let referrals: TrendPass['referrals'] = null;
    if (sql.referrals && 'static' in sql.referrals) referrals = { static: ints((await read(sql.referrals.static)).referrals) };
    else if (sql.referrals) {
      const r = await read(sql.referrals.rows);
      referrals = { start: byCustomer(r.cidx, customers), bucket: ints(r.bucket), n: ints(r.n) };
    }
    return {
      dates, entry, referrals,
      hasCost: Boolean(mapping.orders.roles.cost), hasCategory: Boolean(mapping.orders.roles.category),
      states: {
        start: byCustomer(st.cidx, customers), bucket: ints(st.bucket), purchases: ints(st.purchases), firstDay: ints(st.first_day), lastDay: ints(st.last_day),
        monetary: doubles(st.monetary), profit: doubles(st.profit), aov: doubles(st.aov), categories: doubles(st.categories),
      },
      feedback: { start: byCustomer(fb.cidx, customers), bucket: ints(fb.bucket), csat: doubles(fb.csat), nps: doubles(fb.nps) },
      events: { cidx: ints(ev.cidx), day: ints(ev.day), bucket: ints(ev.bucket) },
    };
  } finally {
    for (const t of TREND_PASS_TABLES) await db.exec(`DROP TABLE IF EXISTS ${t}`);
  }
}

/** The last of customer c's rows with bucket <= k, or -1. */
function at(rows: ByCustomer, c: number, k: number): number {
  let found = -1;
  for (let j = rows.start[c], e = rows.start[c + 1]; j < e && rows.bucket[j] <= k; j++) found = j;
  return found;
}

const NO_INTS = new Int32Array(0);
const NO_DOUBLES = new Float64Array(0);
const EPOCH = '1970-01-01';

/**
 * One date's columns (what `buildTrendDate` reads back from a replay), keeping only what `need` asks
 * (all of them when null; predicted_clv is never served here: the session replays for it).
 */
export function passDate(pass: TrendPass, date: string, need: TrendNeed | null): TrendDate {
  const k = pass.dates.indexOf(date);
  if (k < 0) throw new Error(`${date} is not a date of the trend pass`);
  const today = daysBetween(EPOCH, date);
  const { entry, states: S, feedback: F, referrals: Ref } = pass;
  let n = 0;
  for (let c = 0; c < entry.length; c++) if (entry[c] <= k) n++;
  const current = new Int32Array(n);
  for (let c = 0, i = 0; c < entry.length; c++) if (entry[c] <= k) current[i++] = c;

  const wants = (col: keyof MetricColumns) => !need || need.columns.has(col as never);
  const int = (col: keyof MetricColumns) => (wants(col) ? new Int32Array(n) : NO_INTS);
  const dbl = (col: keyof MetricColumns) => (wants(col) ? new Float64Array(n) : NO_DOUBLES);
  // Purchases and recency feed every rule that masks prospects: built always, dropped below if unasked.
  const purchases = new Int32Array(n), recency = new Int32Array(n);
  const tenure = int('tenure_days'), referrals = int('referrals');
  const monetary = dbl('monetary'), profit = dbl('profit'), aov = dbl('aov'), categories = dbl('categories');
  const rate = dbl('purchase_rate'), csat = dbl('csat'), nps = dbl('nps');
  const noCost = pass.hasCost ? 0 : NaN, noCategory = pass.hasCategory ? 0 : NaN;
  for (let i = 0; i < n; i++) {
    const c = current[i];
    const s = at(S, c, k);
    const p = s < 0 ? 0 : S.purchases[s];
    purchases[i] = p;
    const ten = p > 0 ? today - S.firstDay[s] : -1;
    recency[i] = p > 0 ? today - S.lastDay[s] : -1;
    if (tenure.length) tenure[i] = ten;
    if (monetary.length) monetary[i] = s < 0 ? 0 : S.monetary[s];
    if (profit.length) profit[i] = s < 0 ? noCost : S.profit[s];
    if (aov.length) aov[i] = s < 0 ? NaN : S.aov[s];
    if (categories.length) categories[i] = s < 0 ? noCategory : S.categories[s];
    // SQL: purchases * 30.0 / greatest(tenure_days, 30), a double division of two exact integers.
    if (rate.length) rate[i] = p > 0 ? (p * 30) / Math.max(ten, 30) : 0;
    if (csat.length || nps.length) {
      const f = at(F, c, k);
      if (csat.length) csat[i] = f < 0 ? NaN : F.csat[f];
      if (nps.length) nps[i] = f < 0 ? NaN : F.nps[f];
    }
    if (referrals.length && Ref) {
      if ('static' in Ref) referrals[i] = Ref.static[c];
      else { let r = 0; for (let j = Ref.start[c], e = Ref.start[c + 1]; j < e && Ref.bucket[j] <= k; j++) r += Ref.n[j]; referrals[i] = r; }
    }
  }
  const cols = {
    n, purchases, recency_days: recency, tenure_days: tenure, referrals, monetary, profit, aov, categories, purchase_rate: rate, csat, nps,
    purchasesValue: wants('purchasesValue') ? Float64Array.from(purchases) : NO_DOUBLES,
    predicted_clv: wants('predicted_clv') ? new Float64Array(n).fill(NaN) : NO_DOUBLES,
  } as MetricColumns;
  const sorted = sortMetrics(cols, need ? need.sorted : undefined);
  if (!wants('purchases')) cols.purchases = NO_INTS;
  if (!wants('recency_days')) cols.recency_days = NO_INTS;

  let events: TouchEvents = { idx: NO_INTS, daysBefore: NO_INTS };
  if (!need || need.events) {
    const at = new Int32Array(entry.length).fill(-1);
    for (let i = 0; i < n; i++) at[current[i]] = i;
    const E = pass.events;
    let m = 0;
    for (let j = 0; j < E.cidx.length; j++) if (E.bucket[j] <= k && at[E.cidx[j]] >= 0) m++;
    const idx = new Int32Array(m), before = new Int32Array(m);
    for (let j = 0, q = 0; j < E.cidx.length; j++) if (E.bucket[j] <= k && at[E.cidx[j]] >= 0) { idx[q] = at[E.cidx[j]]; before[q++] = today - E.day[j]; }
    events = sortTouchEvents(idx, before, n);
  }
  return { date, cols, events, sorted, current, kept: need };
}
