// The per-customer export (SPEC §6) as CSV lines built in SQL, so the browser and the command line
// produce the same bytes from the same query.
import type { Mapping } from '../mapping';
import { attributeColumns } from '../mapping';
import { FRAMEWORKS, type Framework } from '../frameworks';
import { ident, str, strIn } from './quote';
import { csvFieldText, dayLiteral, dayText, doubleToMoney, moneyType, plainDecimalText, quoteCsv as quoteCsvIn, type Dialect } from './dialect';
import { labelColumn } from './strategy';
import { MONEY } from './values';
import { CLV_COLUMNS } from './clv';
import { AS_OF_TABLES } from './tables';

export const SPEC_COLUMNS = [
  'customer_id', 'purchases', 'monetary', 'recency_days', 'tenure_days', 'ladder', 'lifecycle', 'value',
  'engagement', 'needs', 'satisfaction', 'nps', 'r', 'f', 'm', 'rfm_segment', 'strategy',
] as const;

type Kind = 'int' | 'decimal' | 'double' | 'date' | 'label' | 'text';
interface Column { name: string; sql: string; kind: Kind }

/** Text guarded against spreadsheet formulas (SPEC §6): a leading = + - @ gets a quote mark. */
export function formulaSafe(sqlText: string): string {
  return `CASE WHEN left(${sqlText}, 1) IN ('=', '+', '-', '@') THEN '''' || ${sqlText} ELSE ${sqlText} END`;
}

/** A cell's text in ClickHouse: the same text by the dialect's expressions (dialect.ts). */
function cellIn({ sql, kind }: Column, d: Dialect): string {
  const v = {
    int: `toString(${sql})`,
    decimal: plainDecimalText(`CAST(${sql} AS ${moneyType(d)})`, d),
    double: plainDecimalText(doubleToMoney(sql, d), d),
    date: dayText(sql, d),
    label: sql,
    text: formulaSafe(sql),
  }[kind];
  return quotable(kind) ? quoteCsvIn(`coalesce(${v}, '')`, d) : `coalesce(${v}, '')`;
}

/** Numbers and dates are written in digits, '-' and '.', never a quote, a comma or a line break: never quoted. */
const quotable = (kind: Kind) => kind === 'label' || kind === 'text';

/** A cell's text: numbers plain, text guarded against spreadsheet formulas, then CSV-quoted. */
function cell({ sql, kind }: Column, d: Dialect = 'duckdb'): string {
  if (d === 'clickhouse') return cellIn({ sql, kind, name: '' }, d);
  let v: string;
  switch (kind) {
    case 'int': v = `CAST(${sql} AS VARCHAR)`; break;
    // Plain decimal text: no exponent, no trailing zeros, no binary noise (doubles are rounded to 9 places).
    case 'decimal': v = plainDecimalText(`CAST(${sql} AS ${MONEY})`, d); break;
    case 'double': v = plainDecimalText(`TRY_CAST(${sql} AS ${MONEY})`, d); break;
    case 'date': v = `strftime(${sql}, '%Y-%m-%d')`; break;
    case 'label': v = sql; break;
    case 'text': v = formulaSafe(sql); break;
  }
  return quotable(kind) ? quoteCsv(`coalesce(${v}, '')`) : `coalesce(${v}, '')`;
}

/** A CSV field in DuckDB (dialect.ts `quoteCsv`). */
export const quoteCsv = (sqlText: string): string => quoteCsvIn(sqlText, 'duckdb');

/** A column name in a CSV header (dialect.ts `csvFieldText`). */
export const csvHeaderField = csvFieldText;

/** The labels at a baseline date (SPEC §6 revision 2): a replay's labels query, joined on customer_id. */
export interface BaselineLabels {
  asOf: string;
  labelsSql: string;
}

/** The label a customer outside the baseline's universe gets (SPEC §4a). */
const ABSENT = 'absent';

export function exportColumns(mapping: Mapping, baselineAsOf?: string, d: Dialect = 'duckdb'): Column[] {
  const c = (name: string, kind: Kind, sql = `l.${ident(name)}`): Column => ({ name, sql, kind });
  const m = (name: string, kind: Kind) => c(name, kind, `mt.${ident(name)}`);
  const cols: Column[] = [
    m('customer_id', 'text'), m('purchases', 'int'), m('monetary', 'decimal'), m('recency_days', 'int'),
    m('tenure_days', 'int'), c('ladder', 'label'), c('lifecycle', 'label'), c('value', 'label'),
    c('engagement', 'label'), c('needs', 'label'), c('satisfaction', 'label'), c('nps', 'label'),
    c('r', 'int'), c('f', 'int'), c('m', 'int'), c('rfm_segment', 'label'),
    c('strategy', 'text'), c('strategy_key', 'label'),
    m('first_purchase', 'date'), m('last_purchase', 'date'), m('aov', 'decimal'), m('profit', 'decimal'),
    m('categories', 'int'), m('purchase_rate', 'double'), c('touches', 'int'), m('interactions', 'int'),
    m('complaints', 'int'), { name: 'csat_mean', sql: 'mt.csat', kind: 'double' },
    { name: 'nps_latest', sql: 'mt.nps', kind: 'double' }, m('referrals', 'int'),
  ];
  if (mapping.orders.roles.channel) cols.push(m('channel', 'text'));
  // Predicted value (SPEC §3a), always: after the metrics and channel, before the baseline columns.
  for (const name of CLV_COLUMNS) cols.push(c(name, 'decimal', `pc.${ident(name)}`));
  // After the predictions, before the attributes (docs/semantics.md, Export).
  if (baselineAsOf !== undefined) {
    cols.push({ name: 'baseline_as_of', sql: dayLiteral(baselineAsOf, d), kind: 'date' });
    for (const f of FRAMEWORKS) cols.push({ name: `${labelColumn(f)}_baseline`, sql: `coalesce(bl.${ident(labelColumn(f))}, ${str(ABSENT)})`, kind: 'label' });
  }
  const taken = new Set(cols.map((x) => x.name));
  for (const a of attributeColumns(mapping.customers)) {
    let name = a;
    while (taken.has(name)) name = `${name}_attribute`;
    taken.add(name);
    cols.push({ name, sql: `ca.${ident(a)}`, kind: 'text' });
  }
  return cols;
}

/** Restricts an export to the customers holding one label of one framework (a segment's own list). */
export interface Segment {
  framework: string;
  label: string;
}

/** Customers holding every one of these labels: a segment, or a matrix cell (a campaign list). */
export type Selection = Segment | Segment[];

/**
 * One row per customer, one VARCHAR column `line`, in byte order of the UTF-8 customer_id. `keep` is an
 * extra condition over `mt` and `ca` (a dimension filter, `filterSql` in dimensions.ts). `baseline` adds
 * baseline_as_of and each framework's label at that date.
 */
export function exportSql(mapping: Mapping, labelsSql: string, selection?: Selection, keep?: string, baseline?: BaselineLabels, d: Dialect = 'duckdb'): { header: string; sql: string } {
  const where = selection ? [selection].flat().map((s) => `l.${ident(labelColumn(s.framework as Framework))} = ${strIn(s.label, d)}`) : [];
  if (keep) where.push(keep);
  const cols = exportColumns(mapping, baseline?.asOf, d);
  const header = cols.map((x) => csvHeaderField(x.name)).join(',');
  // One concat_ws of the cells, never NULL (each is coalesced): a chain of || made a string per cell
  // and row (0.5 s of the export's 1.3 s at 83k customers, DuckDB, one thread).
  // DuckDB computes the labels once (MATERIALIZED): inlined, each label expression went into every place
  // its column is read, three times per quoted cell (the strategy's nested CASE most of all): ~170 ms of
  // the export's 600 at 83k customers, native.
  const sql = `WITH l AS ${d === 'duckdb' ? 'MATERIALIZED ' : ''}(${labelsSql})
SELECT concat_ws(',', ${cols.map((c) => cell(c, d)).join(', ')}) AS line
FROM tb_metrics mt JOIN l USING (idx) JOIN tb_attributes ca USING (idx) LEFT JOIN ${AS_OF_TABLES.clv} pc USING (idx)${baseline ? `
LEFT JOIN (${baseline.labelsSql}) bl ON bl.customer_id = mt.customer_id` : ''}
${where.length ? `WHERE ${where.join(' AND ')}` : ''}
ORDER BY mt.customer_id`;
  return { header, sql };
}
