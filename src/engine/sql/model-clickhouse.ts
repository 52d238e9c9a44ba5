// The per-customer metrics (model.ts, SPEC §2–§3) in ClickHouse's words: the same tables, columns and
// values, statement for statement. Kept beside model.ts rather than woven into it: nearly every line
// differs in spelling (FILTER and list() become -If combinators and arrays; a column that may be NULL is
// Nullable), and DuckDB's SQL must stay byte-for-byte what it was. Not yet: building tb_orders in parts.
import { attributeColumns } from '../mapping';
import { dayLiteral, daysBetween, decimalToDouble, decimalUnits, moneyType, roundedRatio, textType } from './dialect';
import { ident } from './quote';
import type { ModelOptions } from './model';
import { AS_OF_TABLES, REPEAT_VALUE } from './tables';

const d = 'clickhouse';
const MONEY = moneyType(d);
const INT = 'Nullable(Int32)';
const dayLit = (iso: string) => dayLiteral(iso, d);
const usable = (t: string, asOf: string) => `(SELECT * FROM stg_${t} WHERE reason IS NULL AND day < ${dayLit(asOf)})`;

export function modelSqlClickHouse({ mapping, asOf, orderParts = 1, tables = AS_OF_TABLES }: ModelOptions): { orders: string[]; metrics: string[] } {
  if (orderParts > 1) throw new Error('ClickHouse builds tb_orders whole (orderParts is a DuckDB-WASM measure)');
  const o = mapping.orders.roles;
  const c = mapping.customers?.roles ?? {};
  const asOfSql = dayLit(asOf);
  const hasCost = Boolean(o.cost);
  const hasOrderId = Boolean(o.order_id);
  const hasCategory = Boolean(o.category);
  const hasChannel = Boolean(o.channel);
  const attrs = attributeColumns(mapping.customers);
  const T = tables;

  const orders = `CREATE OR REPLACE TABLE ${T.orders} AS
SELECT customer_id, ${hasOrderId ? 'min(day)' : 'day'} AS day, CAST(sum(amount) AS ${MONEY}) AS value${[
    hasOrderId ? 'order_id' : '',
    hasCost ? `CAST(sum(cost) AS ${MONEY}) AS cost` : '',
    hasCategory ? 'groupUniqArrayIf(category, category IS NOT NULL) AS categories' : '',
    hasChannel ? 'groupUniqArrayIf(channel, channel IS NOT NULL) AS channels' : '',
  ].filter(Boolean).map((x) => `, ${x}`).join('')}
FROM ${usable('orders', asOf)}
GROUP BY customer_id, ${hasOrderId ? 'order_id, CASE WHEN order_id IS NULL THEN day END' : 'day'}`;

  const universe = `CREATE OR REPLACE TABLE ${T.universe} AS
SELECT DISTINCT customer_id FROM ${T.orders}
UNION DISTINCT
SELECT customer_id FROM stg_customers WHERE reason IS NULL AND (signup IS NULL OR signup < ${asOfSql})`;

  const inUniverse = (t: string) => `(SELECT x.* FROM ${usable(t, asOf)} AS x JOIN ${T.universe} AS u ON u.customer_id = x.customer_id)`;

  const referrals = c.referrals
    ? `SELECT customer_id, CAST(referrals AS ${INT}) AS referrals FROM stg_customers WHERE reason IS NULL AND referrals IS NOT NULL`
    : c.referred_by
      ? `SELECT s.referred_by AS customer_id, CAST(count() AS ${INT}) AS referrals
         FROM stg_customers AS s JOIN ${T.universe} AS u ON u.customer_id = s.customer_id
         WHERE s.reason IS NULL AND s.referred_by IS NOT NULL GROUP BY s.referred_by`
      : `SELECT CAST(NULL AS ${textType(d)}) AS customer_id, CAST(0 AS ${INT}) AS referrals WHERE 0`;

  const metrics = `CREATE OR REPLACE TABLE ${T.metrics} AS
WITH o AS (
  SELECT customer_id,
    countIf(value > 0) AS purchases,
    sum(value) AS monetary,
    ${hasCost ? 'sum(cost)' : `CAST(NULL AS ${MONEY})`} AS cost,
    if(countIf(value > 0) = 0, NULL, minIf(day, value > 0)) AS first_purchase,
    if(countIf(value > 0) = 0, NULL, maxIf(day, value > 0)) AS last_purchase,
    ${repeatValueSql(hasOrderId)} AS repeat_value
  FROM ${T.orders} GROUP BY customer_id
),
cat AS (${hasCategory ? `
  SELECT customer_id, count(DISTINCT category) AS categories
  FROM (SELECT customer_id, arrayJoin(categories) AS category FROM ${T.orders} WHERE value > 0) GROUP BY customer_id
` : `SELECT CAST(NULL AS ${textType(d)}) AS customer_id, 0 AS categories WHERE 0`}),
ch AS (${hasChannel ? `
  SELECT customer_id, argMin(channel, (-toInt64(n), channel)) AS channel FROM (
    SELECT customer_id, channel, count() AS n
    FROM (SELECT customer_id, arrayJoin(channels) AS channel FROM ${T.orders} WHERE value > 0) GROUP BY customer_id, channel
  ) GROUP BY customer_id
` : `SELECT CAST(NULL AS ${textType(d)}) AS customer_id, CAST(NULL AS ${textType(d)}) AS channel WHERE 0`}),
ix AS (
  SELECT customer_id, count() AS interactions, countIf(kind = 'complaint') AS complaints
  FROM ${inUniverse('interactions')} GROUP BY customer_id
),
fb AS (
  SELECT customer_id,
    avg(toFloat64(csat)) AS csat,
    if(countIf(nps IS NOT NULL) = 0, NULL, argMaxIf(nps, (day, nps), nps IS NOT NULL)) AS nps
  FROM ${inUniverse('feedback')} GROUP BY customer_id
),
ref AS (${referrals}),
m AS (
  SELECT u.customer_id AS customer_id,
    CAST(coalesce(o.purchases, 0) AS Int32) AS purchases,
    CAST(coalesce(o.monetary, 0) AS ${MONEY}) AS monetary,
    CAST(coalesce(o.cost, 0) AS ${MONEY}) AS cost_sum,
    o.first_purchase AS first_purchase, o.last_purchase AS last_purchase, o.repeat_value AS repeat_value,
    CAST(${daysBetween('o.last_purchase', asOfSql, d)} AS ${INT}) AS recency_days,
    CAST(${daysBetween('o.first_purchase', asOfSql, d)} AS ${INT}) AS tenure_days,
    ch.channel AS channel,
    ${hasCategory ? 'CAST(coalesce(cat.categories, 0) AS Int32)' : `CAST(NULL AS ${INT})`} AS categories,
    CAST(coalesce(ix.interactions, 0) AS Int32) AS interactions,
    CAST(coalesce(ix.complaints, 0) AS Int32) AS complaints,
    fb.csat AS csat, toFloat64(fb.nps) AS nps,
    CAST(coalesce(ref.referrals, 0) AS Int32) AS referrals
  FROM ${T.universe} AS u
  LEFT JOIN o ON o.customer_id = u.customer_id LEFT JOIN cat ON cat.customer_id = u.customer_id LEFT JOIN ch ON ch.customer_id = u.customer_id
  LEFT JOIN ix ON ix.customer_id = u.customer_id LEFT JOIN fb ON fb.customer_id = u.customer_id LEFT JOIN ref ON ref.customer_id = u.customer_id
)
SELECT CAST(row_number() OVER (ORDER BY customer_id) - 1 AS Int32) AS idx,
  customer_id, purchases, monetary, first_purchase, last_purchase, recency_days, tenure_days,
  CAST(if(purchases <= 0, NULL, ${roundedRatio(decimalUnits('monetary', d), 'purchases', d)}) AS ${MONEY}) AS aov,
  ${hasCost ? `CAST(monetary - cost_sum AS ${MONEY})` : `CAST(NULL AS ${MONEY})`} AS profit,
  categories,
  if(purchases = 0, 0., purchases * 30. / greatest(tenure_days, 30)) AS purchase_rate,
  interactions, complaints, csat, nps, referrals, ${hasChannel ? 'channel' : `CAST(NULL AS ${textType(d)})`} AS channel,
  coalesce(repeat_value, nan) AS ${REPEAT_VALUE}
FROM m ORDER BY customer_id`;

  const touchEvents = `CREATE OR REPLACE TABLE ${T.touchEvents} AS
SELECT m.idx AS idx, CAST(${daysBetween('e.day', asOfSql, d)} AS Int32) AS days_before
FROM (
  SELECT customer_id, day FROM ${T.orders} WHERE value > 0
  UNION ALL
  SELECT customer_id, day FROM ${usable('interactions', asOf)}
) AS e JOIN ${T.metrics} AS m ON m.customer_id = e.customer_id`;

  const attributes = `CREATE OR REPLACE TABLE ${T.attributes} AS
SELECT m.idx AS idx${attrs.map((a) => `, s.${ident(`attr:${a}`)} AS ${ident(a)}`).join('')}
FROM ${T.metrics} AS m LEFT JOIN (SELECT * FROM stg_customers WHERE reason IS NULL) AS s ON s.customer_id = m.customer_id
ORDER BY m.idx`;

  return { orders: [orders], metrics: [universe, metrics, touchEvents, attributes] };
}

/**
 * m_x as model.ts's `repeatValueSql`: the first purchase on its day by order key (an order without an
 * order_id after those with one), the whole sum less it converted as DuckDB converts a decimal.
 */
function repeatValueSql(hasOrderId: boolean): string {
  const key = hasOrderId ? "(day, isNull(order_id), coalesce(order_id, ''))" : 'day';
  const n = 'countIf(value > 0)';
  return `if(${n} > 1, ${decimalToDouble(`sumIf(value, value > 0) - argMinIf(value, ${key}, value > 0)`)} / toFloat64(${n} - 1), NULL)`;
}
