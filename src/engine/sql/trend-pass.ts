// The trend's one pass (SPEC §4a trend): every date's per-customer metrics from one grouping of the
// staged orders, instead of the pipeline replayed at each date (7–12× the model build). A date's orders
// are the rows dated before it grouped by order key, so an order's rows are cut at the dates into
// pieces (customer, order key, bucket: how many dates lie on or before the row's day). At the date of
// index k an order is the sum of its pieces of bucket <= k, dated by its first piece's earliest day:
// every metric of a date is then a running aggregate over buckets, changing only at buckets where the
// customer has a piece. Exact as the replay is (same DECIMAL sums, same aov expression), provided no
// order stops being a purchase at a later date (a later piece bringing its value to <= 0): then a
// running min or max of purchase dates would be wrong, and `TREND_FLIPS_SQL` sends the trend to the replays.
import type { Mapping } from '../mapping';
import { day, int } from './quote';
import { MONEY } from './values';
import { hashParts, inParts } from './parts';
import { aovSql, aovUnitsSql } from './model';

/** The tables the pass builds (dropped once read). */
export const TREND_PASS_TABLES = ['tr_pieces', 'tr_steps', 'tr_entry'] as const;

/**
 * How many of `dates` (ascending) are on or before the date column `col`: a nested binary search, so a
 * row meets ~log2(dates) comparisons. A row of bucket b is before the date of index k iff b <= k.
 */
export function bucketSql(col: string, dates: readonly string[], lo = 0, hi = dates.length): string {
  if (lo >= hi) return int(lo);
  const mid = (lo + hi) >> 1;
  return `CASE WHEN ${col} < ${day(dates[mid])} THEN ${bucketSql(col, dates, lo, mid)} ELSE ${bucketSql(col, dates, mid + 1, hi)} END`;
}

/** Days since 1970-01-01 (what the per-date recency and tenure are computed from); -1 for NULL. */
const epochDay = (col: string) => `CAST(coalesce(date_diff('day', DATE '1970-01-01', ${col}), -1) AS INTEGER)`;
const dbl = (col: string) => `coalesce(CAST(${col} AS DOUBLE), 'NaN'::DOUBLE)`;

export interface TrendPassSql {
  /** Statements building the tables, in order. */
  build: string[];
  /** Read after `build`, each in current idx order (then bucket). */
  states: string;
  entry: string;
  feedback: string;
  referrals: { static: string } | { rows: string } | null;
  events: string;
}

/**
 * The pass over `dates` (the trend's dates before as_of, ascending), against the analysis date's model
 * (tb_metrics: the current idx). `orderParts`: pieces built in that many parts by customer (sql/parts.ts).
 */
export function trendPassSql(mapping: Mapping, dates: readonly string[], orderParts = 1): TrendPassSql {
  if (!dates.length) throw new Error('the trend pass needs a date');
  const o = mapping.orders.roles;
  const c = mapping.customers?.roles ?? {};
  const hasCost = Boolean(o.cost), hasCategory = Boolean(o.category), hasOrderId = Boolean(o.order_id);
  const R = dates.length;
  const end = day(dates[R - 1]);
  // The order key of model.ts: the order_id, or the day where there is none.
  const keys = hasOrderId ? ['order_id', 'k_day'] : ['k_day'];
  const kDay = hasOrderId ? 'CASE WHEN order_id IS NULL THEN day END' : 'day';

  const pieces = inParts('tr_pieces', (part) => `SELECT customer_id, ${keys.join(', ')}, bucket, min(day) AS day, CAST(sum(amount) AS ${MONEY}) AS value${
    hasCost ? `, CAST(sum(cost) AS ${MONEY}) AS cost` : ''}${
    hasCategory ? ', list(category) FILTER (WHERE category IS NOT NULL) AS categories' : ''}
FROM (SELECT *, ${kDay} AS k_day, ${bucketSql('day', dates)} AS bucket FROM stg_orders WHERE reason IS NULL AND day < ${end}${part ? ` AND ${part}` : ''})
GROUP BY customer_id, ${keys.join(', ')}, bucket`, hashParts('customer_id', orderParts));

  // Per piece: whether its order is a purchase from this bucket on (buy), was one before (was), the
  // order's date and the bucket it first became a purchase (start).
  const order = `PARTITION BY customer_id, ${keys.join(', ')}`;
  const steps = `CREATE OR REPLACE TABLE tr_steps AS
SELECT customer_id, bucket, value${hasCost ? ', cost' : ''}${hasCategory ? ', categories' : ''}, odate, buy, was,
  min(CASE WHEN buy THEN bucket END) OVER (${order}) AS start
FROM (
  SELECT *, coalesce(lag(buy) OVER (${order} ORDER BY bucket), false) AS was
  FROM (SELECT *, sum(value) OVER (${order} ORDER BY bucket ROWS UNBOUNDED PRECEDING) > 0 AS buy, min(day) OVER (${order}) AS odate FROM tr_pieces)
)`;

  const signupBucket = `CASE WHEN signup IS NULL THEN 0 ELSE ${bucketSql('signup', dates)} END`;
  const entry = `CREATE OR REPLACE TABLE tr_entry AS
SELECT m.idx, m.customer_id, CAST(least(coalesce(p.b, ${R}), coalesce(s.b, ${R})) AS INTEGER) AS entry
FROM tb_metrics m
LEFT JOIN (SELECT customer_id, min(bucket) AS b FROM tr_pieces GROUP BY customer_id) p USING (customer_id)
LEFT JOIN (SELECT customer_id, ${signupBucket} AS b FROM stg_customers WHERE reason IS NULL) s USING (customer_id)`;

  const cats = hasCategory
    ? `SELECT customer_id, bucket, count(*) AS dcat FROM (
    SELECT customer_id, category, min(greatest(start, bucket)) AS bucket
    FROM (SELECT customer_id, start, bucket, unnest(categories) AS category FROM tr_steps WHERE start IS NOT NULL)
    GROUP BY customer_id, category
  ) GROUP BY customer_id, bucket`
    : `SELECT CAST(NULL AS VARCHAR) AS customer_id, 0 AS bucket, 0 AS dcat WHERE false`;
  const w = 'w AS (PARTITION BY customer_id ORDER BY bucket ROWS UNBOUNDED PRECEDING)';
  const states = `WITH s AS (
  SELECT customer_id, bucket, sum(value) AS dvalue, ${hasCost ? 'sum(cost)' : `CAST(0 AS ${MONEY})`} AS dcost,
    sum(CAST(buy AS INTEGER) - CAST(was AS INTEGER)) AS dbuy,
    min(odate) FILTER (WHERE buy AND NOT was) AS dfirst, max(odate) FILTER (WHERE buy AND NOT was) AS dlast
  FROM tr_steps GROUP BY customer_id, bucket
),
c AS (${cats}),
cum AS (
  SELECT customer_id, bucket,
    CAST(sum(dbuy) OVER w AS INTEGER) AS purchases, CAST(sum(dvalue) OVER w AS ${MONEY}) AS monetary,
    CAST(sum(dcost) OVER w AS ${MONEY}) AS cost_sum, min(dfirst) OVER w AS first_purchase, max(dlast) OVER w AS last_purchase,
    sum(coalesce(dcat, 0)) OVER w AS categories
  FROM s LEFT JOIN c USING (customer_id, bucket)
  WINDOW ${w}
)
SELECT CAST(e.idx AS INTEGER) AS cidx, CAST(bucket AS INTEGER) AS bucket, purchases,
  ${dbl('monetary')} AS monetary,
  ${hasCost ? dbl(`CAST(monetary - cost_sum AS ${MONEY})`) : `'NaN'::DOUBLE`} AS profit,
  ${dbl(aovSql())} AS aov,
  ${hasCategory ? dbl('categories') : `'NaN'::DOUBLE`} AS categories,
  ${epochDay('first_purchase')} AS first_day, ${epochDay('last_purchase')} AS last_day
FROM (SELECT *, ${aovUnitsSql()} FROM cum) JOIN tr_entry e USING (customer_id)
ORDER BY cidx, bucket`;

  // Survey answers at every bucket where a customer has one: the model's own aggregates over the
  // answers dated before that bucket's dates (few per customer: the join stays small).
  const feedback = `WITH f AS (
  SELECT customer_id, day, csat, nps, ${bucketSql('day', dates)} AS bucket FROM stg_feedback WHERE reason IS NULL AND day < ${end}
),
ch AS (SELECT DISTINCT customer_id, bucket FROM f)
SELECT CAST(e.idx AS INTEGER) AS cidx, CAST(ch.bucket AS INTEGER) AS bucket,
  ${dbl('avg(CAST(f.csat AS DOUBLE)) FILTER (WHERE f.csat IS NOT NULL)')} AS csat,
  ${dbl('first(f.nps ORDER BY f.day DESC, f.nps DESC) FILTER (WHERE f.nps IS NOT NULL)')} AS nps
FROM ch JOIN f ON f.customer_id = ch.customer_id AND f.bucket <= ch.bucket JOIN tr_entry e ON e.customer_id = ch.customer_id
GROUP BY e.idx, ch.bucket ORDER BY cidx, bucket`;

  const referrals = c.referrals
    ? { static: `SELECT CAST(coalesce(CAST(s.referrals AS INTEGER), 0) AS INTEGER) AS referrals FROM tr_entry e
LEFT JOIN (SELECT customer_id, referrals FROM stg_customers WHERE reason IS NULL AND referrals IS NOT NULL) s USING (customer_id) ORDER BY e.idx` }
    : c.referred_by
      // A referrer's referrals at a date: the customers it referred who are in that date's universe.
      ? { rows: `SELECT CAST(r.idx AS INTEGER) AS cidx, CAST(e.entry AS INTEGER) AS bucket, CAST(count(*) AS INTEGER) AS n
FROM stg_customers s JOIN tr_entry e ON e.customer_id = s.customer_id JOIN tr_entry r ON r.customer_id = s.referred_by
WHERE s.reason IS NULL AND s.referred_by IS NOT NULL AND e.entry < ${R} GROUP BY ALL ORDER BY cidx, bucket` }
      : null;

  // Touches: each order's date once it is a purchase, and every interaction from its bucket on.
  const events = `SELECT CAST(e.idx AS INTEGER) AS cidx, ${epochDay('x.day')} AS day, CAST(x.bucket AS INTEGER) AS bucket FROM (
  SELECT customer_id, odate AS day, bucket FROM tr_steps WHERE bucket = start
  UNION ALL
  SELECT customer_id, day, ${bucketSql('day', dates)} AS bucket FROM stg_interactions WHERE reason IS NULL AND day < ${end}
) x JOIN tr_entry e USING (customer_id)`;

  return { build: [...pieces, steps, entry], states, entry: `SELECT entry FROM tr_entry ORDER BY idx`, feedback, referrals, events };
}

/** Orders that stop being purchases at a later date (the pass cannot serve those: see the top). */
export const TREND_FLIPS_SQL = `SELECT CAST(count(*) AS DOUBLE) AS n FROM tr_steps WHERE was AND NOT buy`;
