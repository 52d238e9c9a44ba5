// Raw text tables (raw_<table>, every column text, plus __row) become typed staging tables (stg_<table>)
// with a reject reason per row. Depends on the mapping only, never on the config.
import type { Mapping, TableMapping, TableName } from '../mapping';
import { attributeColumns, styleOf } from '../mapping';
import { amountFromText, exprColumns } from './amount-expr';
import { ident, int } from './quote';
import { inParts } from './parts';
import { amountExact, amountIsNumber, date, litCol, MONEY, number, outOfRange, parsedColumns, text, valCol, type IsoCells } from './values';
import { dayText, moneyType, textType, type Dialect } from './dialect';
import { DAY_TYPE } from './ch-days';
import { probeGiven, probeRead, type FormatProbes } from './detect';

/** Type names and the one keyword that differ (ClickHouse: a column that may be NULL says so). */
const typesOf = (d: Dialect) => d === 'duckdb'
  ? { money: MONEY, text: 'VARCHAR', date: 'DATE', bigint: 'BIGINT', exclude: 'EXCLUDE' }
  : { money: moneyType(d), text: textType(d), date: DAY_TYPE, bigint: 'Int64', exclude: 'EXCEPT' };

/** Reasons a row is rejected, in the order they are tested (the first that holds is the row's reason). */
export const REJECT_REASONS = {
  orders: ['empty_customer_id', 'unparseable_date', 'non_numeric_amount', 'non_numeric_cost', 'amount_out_of_range'],
  customers: ['empty_customer_id', 'unparseable_signup_date', 'invalid_referrals', 'duplicate_customer_id'],
  feedback: ['empty_customer_id', 'unparseable_date', 'csat_out_of_range', 'nps_out_of_range', 'no_answer'],
  interactions: ['empty_customer_id', 'unparseable_date'],
} as const satisfies Record<TableName, readonly string[]>;

const raw = (t: TableName) => ident(`raw_${t}`);

/**
 * What the read found of every cell of a column (readers/cell-facts.ts), as the checks staging may leave
 * out. DuckDB only: a ClickHouse table is read by the server, and no scan has seen its cells.
 */
function cellsKnown(m: TableMapping, d: Dialect) {
  const f = d === 'duckdb' ? m.cells : undefined;
  return {
    unpadded: (c: string) => !!f?.unpadded.includes(c),
    decimal: (c: string) => !!f?.decimal.includes(c),
    iso: (c: string): IsoCells | undefined => (f?.isoDay.includes(c) ? 'day' : f?.isoStamp.includes(c) ? 'stamp' : undefined),
  };
}

/** The orders' staging query, over the raw rows `where` admits (all of them without one). */
function ordersSelect(m: TableMapping<'orders'>, where = '', d: Dialect = 'duckdb', probes?: FormatProbes): string {
  const r = m.roles;
  const ty = typesOf(d);
  // Each raw cell is trimmed once (innermost query); each numeric column is then read as a literal once,
  // and as a value once (the queries above), so the amount's SQL grows linearly with its expression.
  const expr = amountFromText(r.amount!, m.columns);
  const t = (c: string) => ident(`t:${c}`);
  const known = cellsKnown(m, d);
  const numeric = parsedColumns([...exprColumns(expr), ...(r.cost ? [r.cost] : [])], t, (c) => styleOf(m, c), d, known.decimal);
  const trimmed = [...new Set([r.customer_id!, r.order_date!, ...exprColumns(expr), r.cost, r.order_id, r.category, r.channel].filter((c): c is string => !!c))];
  // Only mapped roles become columns: a column of NULLs (or of zero costs) costs as much to store as any
  // other, 5M times over; model.ts reads only the columns the mapping has.
  const optional = (['order_id', 'category', 'channel'] as const).filter((role) => r[role]).map((role) => `${t(r[role]!)} AS ${role}`);
  const probed = probes
    ? [...probes.numbers.flatMap((c) => [`${t(c)} IS NOT NULL AS ${probeGiven(c)}`, `${valCol(c)} IS NOT NULL AS ${probeRead(c)}`]), ...(probes.date !== undefined ? [`${t(probes.date)} IS NOT NULL AS ${probeGiven(probes.date)}`] : [])]
    : [];
  const cost = r.cost
    ? [`CASE WHEN ${t(r.cost)} IS NULL THEN CAST(0 AS ${ty.money}) ELSE ${valCol(r.cost)} END AS cost`, `${t(r.cost)} IS NULL OR ${litCol(r.cost)} IS NOT NULL AS cost_is_number`]
    : [];
  return `SELECT * ${ty.exclude} (amount_is_number${r.cost ? ', cost_is_number' : ''}), CASE
    WHEN customer_id IS NULL THEN 'empty_customer_id'
    WHEN day IS NULL THEN 'unparseable_date'
    WHEN amount_is_number IS NULL THEN 'non_numeric_amount'${r.cost ? `
    WHEN NOT cost_is_number THEN 'non_numeric_cost'` : ''}
    WHEN amount IS NULL OR ${outOfRange('amount', d)}${r.cost ? ` OR cost IS NULL OR ${outOfRange('cost', d)}` : ''} THEN 'amount_out_of_range'
  END AS reason
FROM (
  SELECT __row,
    ${t(r.customer_id!)} AS customer_id,
    ${date(t(r.order_date!), m.dateFormat, d, known.iso(r.order_date!))} AS day,
    ${amountExact(expr, d)} AS amount,
    ${[`${amountIsNumber(expr, d)} AS amount_is_number`, ...cost, ...optional, ...probed].join(',\n    ')}
  FROM (
    SELECT *, ${numeric.values.join(', ')}
    FROM (
      SELECT *, ${numeric.literals.join(', ')}
      FROM (SELECT __row, ${trimmed.map((c) => `${text(c, d, known.unpadded(c))} AS ${t(c)}`).join(', ')} FROM ${raw('orders')}${where ? ` WHERE ${where}` : ''})
    )
  )
)`;
}

function customersSql(m: TableMapping<'customers'>, d: Dialect = 'duckdb'): string {
  const r = m.roles;
  const ty = typesOf(d);
  const known = cellsKnown(m, d);
  const tx = (c: string) => text(c, d, known.unpadded(c));
  const attrs = attributeColumns(m).map((c) => `${tx(c)} AS ${ident(`attr:${c}`)}`);
  const signupText = r.signup_date ? tx(r.signup_date) : 'NULL';
  const referralsText = r.referrals ? tx(r.referrals) : 'NULL';
  // The first valid row of an id is the customer; later valid rows are duplicates. Rejected rows never block.
  return `CREATE OR REPLACE TABLE stg_customers AS
SELECT * ${ty.exclude} (signup_text, referrals_text, invalid),
  coalesce(invalid, CASE WHEN row_number() OVER (PARTITION BY customer_id, invalid IS NULL ORDER BY __row) > 1 THEN 'duplicate_customer_id' END) AS reason
FROM (
  SELECT *, CASE
      WHEN customer_id IS NULL THEN 'empty_customer_id'
      WHEN signup_text IS NOT NULL AND signup IS NULL THEN 'unparseable_signup_date'
      WHEN referrals_text IS NOT NULL AND (referrals IS NULL OR referrals < 0 OR referrals <> floor(referrals)) THEN 'invalid_referrals'
    END AS invalid
  FROM (
    SELECT __row,
      ${tx(r.customer_id!)} AS customer_id,
      ${signupText} AS signup_text,
      ${r.signup_date ? date(signupText, m.dateFormat, d, known.iso(r.signup_date)) : `CAST(NULL AS ${ty.date})`} AS signup,
      ${r.referred_by ? tx(r.referred_by) : `CAST(NULL AS ${ty.text})`} AS referred_by,
      ${referralsText} AS referrals_text,
      ${r.referrals ? number(referralsText, styleOf(m, r.referrals), d) : `CAST(NULL AS ${ty.money})`} AS referrals${attrs.length ? ',\n      ' + attrs.join(',\n      ') : ''}
    FROM ${raw('customers')}
  )
)`;
}

function feedbackSql(m: TableMapping<'feedback'>, d: Dialect = 'duckdb'): string {
  const r = m.roles;
  const known = cellsKnown(m, d);
  const tx = (c: string) => text(c, d, known.unpadded(c));
  const answer = (role: 'csat' | 'nps') => (r[role] ? tx(r[role]!) : 'NULL');
  return `CREATE OR REPLACE TABLE stg_feedback AS
SELECT __row, customer_id, day, csat, nps, CASE
    WHEN customer_id IS NULL THEN 'empty_customer_id'
    WHEN day IS NULL THEN 'unparseable_date'
    WHEN csat_text IS NOT NULL AND (csat IS NULL OR csat < 1 OR csat > 5) THEN 'csat_out_of_range'
    WHEN nps_text IS NOT NULL AND (nps IS NULL OR nps < 0 OR nps > 10) THEN 'nps_out_of_range'
    WHEN csat_text IS NULL AND nps_text IS NULL THEN 'no_answer'
  END AS reason
FROM (
  SELECT __row,
    ${tx(r.customer_id!)} AS customer_id,
    ${date(tx(r.response_date!), m.dateFormat, d, known.iso(r.response_date!))} AS day,
    ${answer('csat')} AS csat_text, ${number(answer('csat'), r.csat ? styleOf(m, r.csat) : 'plain', d)} AS csat,
    ${answer('nps')} AS nps_text, ${number(answer('nps'), r.nps ? styleOf(m, r.nps) : 'plain', d)} AS nps
  FROM ${raw('feedback')}
)`;
}

function interactionsSql(m: TableMapping<'interactions'>, d: Dialect = 'duckdb'): string {
  const r = m.roles;
  const known = cellsKnown(m, d);
  const tx = (c: string) => text(c, d, known.unpadded(c));
  return `CREATE OR REPLACE TABLE stg_interactions AS
SELECT *, CASE
    WHEN customer_id IS NULL THEN 'empty_customer_id'
    WHEN day IS NULL THEN 'unparseable_date'
  END AS reason
FROM (
  SELECT __row,
    ${tx(r.customer_id!)} AS customer_id,
    ${date(tx(r.interaction_date!), m.dateFormat, d, known.iso(r.interaction_date!))} AS day,
    lower(${tx(r.kind!)}) AS kind
  FROM ${raw('interactions')}
)`;
}

/** Empty stand-ins so that later SQL never branches on which tables were given. */
const emptyTables = (d: Dialect): Record<Exclude<TableName, 'orders'>, string> => {
  const { money, text: v, date: day, bigint } = typesOf(d);
  return {
    customers: `CREATE OR REPLACE TABLE stg_customers (__row ${bigint}, customer_id ${v}, signup ${day}, referred_by ${v}, referrals ${money}, reason ${v})`,
    feedback: `CREATE OR REPLACE TABLE stg_feedback (__row ${bigint}, customer_id ${v}, day ${day}, csat ${money}, nps ${money}, reason ${v})`,
    interactions: `CREATE OR REPLACE TABLE stg_interactions (__row ${bigint}, customer_id ${v}, day ${day}, kind ${v}, reason ${v})`,
  };
};

/**
 * The staging statements. `orderRows`, the raw orders' row numbers cut into ranges (a compressed load:
 * workers/load-files.ts), stages the orders a range a statement, so that each commits (and is compressed)
 * before the next is staged; the rows and their order are the same. `probes` (DuckDB) adds the columns
 * that count the orders' open formats (detect.ts), to be dropped once counted.
 */
export function stagingSql(m: Mapping, orderRows: readonly (readonly [number, number])[] = [], d: Dialect = 'duckdb', probes?: FormatProbes): string[] {
  const EMPTY = emptyTables(d);
  const { text: v, bigint } = d === 'duckdb' ? { text: 'VARCHAR', bigint: 'BIGINT' } : { text: 'String', bigint: 'Int64' };
  return [
    // Every table's unreadable rows and line breakpoints, empty unless its reader found some (see raw.ts).
    ...(['orders', 'customers', 'feedback', 'interactions'] as const).flatMap((t) => [
      `CREATE TABLE IF NOT EXISTS ${ident(`parse_errors_${t}`)} (line ${bigint}, reason ${v}, text ${v})`,
      `CREATE TABLE IF NOT EXISTS ${ident(`lines_${t}`)} (row ${bigint}, line ${bigint})`,
    ]),
    ...inParts('stg_orders', (where) => ordersSelect(m.orders, where, d, probes), orderRows.map(([from, to]) => `__row > ${int(from)} AND __row <= ${int(to)}`)),
    m.customers ? customersSql(m.customers, d) : EMPTY.customers,
    m.feedback ? feedbackSql(m.feedback, d) : EMPTY.feedback,
    m.interactions ? interactionsSql(m.interactions, d) : EMPTY.interactions,
  ];
}

/** The default as_of: the day after the latest usable order row (SPEC §2); NULL without one. */
export const DEFAULT_AS_OF_SQL = `SELECT strftime(max(day) + 1, '%Y-%m-%d') AS as_of FROM stg_orders WHERE reason IS NULL`;
export const defaultAsOfSql = (d: Dialect): string => (d === 'duckdb' ? DEFAULT_AS_OF_SQL : `SELECT ${dayText('max(day) + 1', d)} AS as_of FROM stg_orders WHERE reason IS NULL`);
