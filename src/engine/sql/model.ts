// Per-customer metrics (SPEC §2–§3), materialised once per data + mapping + as_of.
// Everything a threshold can move is left out of here, so a threshold move never re-aggregates orders.
import type { Mapping } from '../mapping';
import { attributeColumns } from '../mapping';
import { day, ident } from './quote';
import { MONEY } from './values';
import { hashParts, inParts } from './parts';
import { AS_OF_TABLES, REPEAT_VALUE, type ModelTables } from './tables';
import type { Dialect } from './dialect';
import { modelSqlClickHouse } from './model-clickhouse';

export interface ModelOptions {
  mapping: Mapping;
  asOf: string;
  /** Build tb_orders in this many parts by customer (a compressed load: sql/parts.ts); 1 or none: whole. */
  orderParts?: number;
  /** Where to build (a replay at another date builds beside the analysis date's tables). */
  tables?: ModelTables;
  /** The engine the SQL is for (ClickHouse's: model-clickhouse.ts). */
  dialect?: Dialect;
}

const usable = (t: string, asOf: string, and?: string) => `(SELECT * FROM stg_${t} WHERE reason IS NULL AND day < ${day(asOf)}${and ? ` AND ${and}` : ''})`;

export function modelSql({ mapping, asOf, orderParts = 1, tables = AS_OF_TABLES, dialect = 'duckdb' }: ModelOptions): { orders: string[]; metrics: string[] } {
  if (dialect === 'clickhouse') return modelSqlClickHouse({ mapping, asOf, orderParts, tables });
  const o = mapping.orders.roles;
  const c = mapping.customers?.roles ?? {};
  const asOfSql = day(asOf);
  const hasCost = Boolean(o.cost);
  const hasOrderId = Boolean(o.order_id);
  const hasCategory = Boolean(o.category);
  const hasChannel = Boolean(o.channel);
  const attrs = attributeColumns(mapping.customers);

  // An order: one customer's rows sharing an order_id; without one, that customer's rows of one day.
  // Columns only for the roles mapped (staging has no others): a distinct list over NULLs alone cost 3×
  // the grouping at 5M rows.
  // Every order of a customer lies in one part (a part is a set of customers).
  const T = tables;
  const orders = inParts(T.orders, (part) => `SELECT customer_id, ${hasOrderId ? 'min(day)' : 'day'} AS day, CAST(sum(amount) AS ${MONEY}) AS value${[
    // The order key (SPEC §3a: the first purchase of a day), only where order_id is mapped: else the day is the key.
    hasOrderId ? 'order_id' : '',
    hasCost ? `CAST(sum(cost) AS ${MONEY}) AS cost` : '',
    // Every row's category and channel, repeats kept: the readers below count distinct values, and
    // list(DISTINCT …) made this grouping ~3× as long (1M rows: 0.9–1.4 s against 0.35–0.6 s, native).
    hasCategory ? 'list(category) FILTER (WHERE category IS NOT NULL) AS categories' : '',
    hasChannel ? 'list(channel) FILTER (WHERE channel IS NOT NULL) AS channels' : '',
  ].filter(Boolean).map((c) => `, ${c}`).join('')}
FROM ${usable('orders', asOf, part)}
GROUP BY customer_id, ${hasOrderId ? 'order_id, CASE WHEN order_id IS NULL THEN day END' : 'day'}`, hashParts('customer_id', orderParts));

  const universe = `CREATE OR REPLACE TABLE ${T.universe} AS
SELECT DISTINCT customer_id FROM ${T.orders}
UNION
SELECT customer_id FROM stg_customers WHERE reason IS NULL AND (signup IS NULL OR signup < ${asOfSql})`;

  const inUniverse = (t: string) => `${usable(t, asOf)} JOIN ${T.universe} USING (customer_id)`;

  const referrals = c.referrals
    ? `SELECT customer_id, CAST(referrals AS INTEGER) AS referrals FROM stg_customers WHERE reason IS NULL AND referrals IS NOT NULL`
    : c.referred_by
      ? `SELECT s.referred_by AS customer_id, CAST(count(*) AS INTEGER) AS referrals
         FROM stg_customers s JOIN ${T.universe} u ON u.customer_id = s.customer_id
         WHERE s.reason IS NULL AND s.referred_by IS NOT NULL GROUP BY s.referred_by`
      : `SELECT CAST(NULL AS VARCHAR) AS customer_id, 0 AS referrals WHERE false`;

  const metrics = `CREATE OR REPLACE TABLE ${T.metrics} AS
WITH o AS (
  SELECT customer_id,
    count(*) FILTER (WHERE value > 0) AS purchases,
    sum(value) AS monetary,
    ${hasCost ? 'sum(cost)' : `CAST(NULL AS ${MONEY})`} AS cost,
    min(day) FILTER (WHERE value > 0) AS first_purchase,
    max(day) FILTER (WHERE value > 0) AS last_purchase,
    ${repeatValueSql(hasOrderId)} AS repeat_value
  FROM ${T.orders} GROUP BY customer_id
),
cat AS (${hasCategory ? `
  SELECT customer_id, count(DISTINCT category) AS categories
  FROM (SELECT customer_id, unnest(categories) AS category FROM ${T.orders} WHERE value > 0) GROUP BY customer_id
` : `SELECT CAST(NULL AS VARCHAR) AS customer_id, 0 AS categories WHERE false`}),
ch AS (${hasChannel ? `
  SELECT customer_id, first(channel ORDER BY n DESC, channel) AS channel FROM (
    SELECT customer_id, channel, count(*) AS n
    FROM (SELECT customer_id, unnest(list_distinct(channels)) AS channel FROM ${T.orders} WHERE value > 0) GROUP BY ALL
  ) GROUP BY customer_id
` : `SELECT CAST(NULL AS VARCHAR) AS customer_id, CAST(NULL AS VARCHAR) AS channel WHERE false`}),
ix AS (
  SELECT customer_id, count(*) AS interactions, count(*) FILTER (WHERE kind = 'complaint') AS complaints
  FROM ${inUniverse('interactions')} GROUP BY customer_id
),
fb AS (
  SELECT customer_id,
    avg(CAST(csat AS DOUBLE)) FILTER (WHERE csat IS NOT NULL) AS csat,
    first(nps ORDER BY day DESC, nps DESC) FILTER (WHERE nps IS NOT NULL) AS nps
  FROM ${inUniverse('feedback')} GROUP BY customer_id
),
ref AS (${referrals}),
m AS (
  SELECT u.customer_id,
    CAST(coalesce(o.purchases, 0) AS INTEGER) AS purchases,
    CAST(coalesce(o.monetary, 0) AS ${MONEY}) AS monetary,
    CAST(coalesce(o.cost, 0) AS ${MONEY}) AS cost_sum,
    o.first_purchase, o.last_purchase, o.repeat_value,
    CAST(date_diff('day', o.last_purchase, ${asOfSql}) AS INTEGER) AS recency_days,
    CAST(date_diff('day', o.first_purchase, ${asOfSql}) AS INTEGER) AS tenure_days,
    ch.channel,
    ${hasCategory ? 'CAST(coalesce(cat.categories, 0) AS INTEGER)' : 'CAST(NULL AS INTEGER)'} AS categories,
    CAST(coalesce(ix.interactions, 0) AS INTEGER) AS interactions,
    CAST(coalesce(ix.complaints, 0) AS INTEGER) AS complaints,
    fb.csat, CAST(fb.nps AS DOUBLE) AS nps,
    CAST(coalesce(ref.referrals, 0) AS INTEGER) AS referrals
  FROM ${T.universe} u
  LEFT JOIN o USING (customer_id) LEFT JOIN cat USING (customer_id) LEFT JOIN ch USING (customer_id)
  LEFT JOIN ix USING (customer_id) LEFT JOIN fb USING (customer_id) LEFT JOIN ref USING (customer_id)
)
SELECT CAST(row_number() OVER (ORDER BY customer_id) - 1 AS INTEGER) AS idx,
  customer_id, purchases, monetary, first_purchase, last_purchase, recency_days, tenure_days,
  ${aovSql()} AS aov,
  ${hasCost ? `CAST(monetary - cost_sum AS ${MONEY})` : `CAST(NULL AS ${MONEY})`} AS profit,
  categories,
  CASE WHEN purchases = 0 THEN 0.0 ELSE purchases * 30.0 / greatest(tenure_days, 30) END AS purchase_rate,
  interactions, complaints, csat, nps, referrals, ${hasChannel ? 'channel' : 'CAST(NULL AS VARCHAR)'} AS channel,
  coalesce(repeat_value, 'NaN'::DOUBLE) AS ${REPEAT_VALUE}
FROM (SELECT *, ${aovUnitsSql()} FROM m) ORDER BY customer_id`;

  // Purchases and interactions as (customer, days before as_of): touches for any window are counted from these.
  const touchEvents = `CREATE OR REPLACE TABLE ${T.touchEvents} AS
SELECT m.idx, CAST(date_diff('day', e.day, ${asOfSql}) AS INTEGER) AS days_before
FROM (
  SELECT customer_id, day FROM ${T.orders} WHERE value > 0
  UNION ALL
  SELECT customer_id, day FROM ${usable('interactions', asOf)}
) e JOIN ${T.metrics} m USING (customer_id)`;

  const attributes = `CREATE OR REPLACE TABLE ${T.attributes} AS
SELECT m.idx${attrs.map((a) => `, s.${ident(`attr:${a}`)} AS ${ident(a)}`).join('')}
FROM ${T.metrics} m LEFT JOIN (SELECT * FROM stg_customers WHERE reason IS NULL) s USING (customer_id)
ORDER BY m.idx`;

  return { orders, metrics: [universe, metrics, touchEvents, attributes] };
}

/**
 * m_x of SPEC §3a, the predicted-value fit's mean repeat order value (NaN where x = 0), grouped with the
 * other metrics: a grouping of its own over every order cost the load ~10% at a million orders
 * (clv.ts reads it; `REPEAT_VALUE`, tables.ts). The first purchase is the earliest; among those of that day the one whose order key
 * is first in byte order: the order_id where mapped (an order without one after those with one:
 * docs/semantics.md), else the day itself, which makes the day's orders one. The sum is exact (decimal),
 * the first purchase taken from it as a decimal, then divided as a double.
 */
function repeatValueSql(hasOrderId: boolean): string {
  const key = hasOrderId ? '{d: day, n: order_id IS NULL, o: order_id}' : 'day';
  const positive = 'FILTER (WHERE value > 0)';
  return `CASE WHEN count(*) ${positive} > 1 THEN CAST(sum(value) ${positive} - arg_min(value, ${key}) ${positive} AS DOUBLE) / (count(*) ${positive} - 1) END`;
}

/**
 * aov = monetary / purchases rounded half away from zero to 9 places, in integers so that equal ratios tie
 * exactly. monetary in units of 1e-9 is built from its whole and fractional parts: `monetary * 1e9` as a
 * DECIMAL(38,9) would overflow from 1e20 on, while HUGEINT holds it for any sum below 8.5e28.
 * 128-bit arithmetic on DECIMAL(38,9) costs ~6 µs a customer (3 s at 500k), so a sum below 1e9 (nearly
 * all) takes its units from its DECIMAL(18,9) text instead (digits without the point: exact) and divides
 * in BIGINT (2 × 1e18 + purchases fits); both give the same integer.
 */
const AOV_UNITS = ident('aov:units');
const SMALL = `abs(monetary) < 1000000000`;
/** Select item: monetary in units of 1e-9 as a BIGINT where it is below 1e9 (read once, by `aovSql`). */
export const aovUnitsSql = () => `CASE WHEN ${SMALL} THEN CAST(replace(CAST(CAST(monetary AS DECIMAL(18,9)) AS VARCHAR), '.', '') AS BIGINT) END AS ${AOV_UNITS}`;

export function aovSql(): string {
  const scaled = `(CAST(trunc(monetary) AS HUGEINT) * 1000000000 + CAST((monetary - trunc(monetary)) * 1000000000 AS HUGEINT))`;
  const rounded = (u: string, width: number) => `CAST(sign(${u}) * ((2 * abs(${u}) + purchases) // (2 * purchases)) AS DECIMAL(${width},0)) * CAST('0.000000001' AS DECIMAL(10,9))`;
  return `CASE WHEN purchases <= 0 THEN NULL
    WHEN ${SMALL} THEN CAST(${rounded(AOV_UNITS, 18)} AS ${MONEY})
    ELSE ${rounded(scaled, 38)} END`;
}
