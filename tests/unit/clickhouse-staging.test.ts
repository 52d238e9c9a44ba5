// Raw text tables -> staging with reject reasons -> the model (tb_metrics, touch events, attributes) ->
// labels and strategy -> the export lines (predicted columns empty on both here; filled and compared by
// clickhouse-segment.test.ts) on
// embedded ClickHouse gives DuckDB's rows, cell for cell and byte for byte (issue 17, step 3): the sample data (all four
// tables) and every reader fixture DuckDB accepts.
import { afterEach, describe, expect, test } from 'vitest';
import { openNodeDb, type NodeDb } from '../../src/node/duckdb';
import { openChDb, type ChDb } from '../../src/node/chdb';
import { copyRawTables } from '../../src/node/chdb-load';
import { loadRawFile } from '../../src/node/load';
import { guessRoles } from '../../src/engine/roles';
import { detectFormats } from '../../src/engine/formats';
import { readFacts } from '../../src/engine/readers/prepare';
import { checkMapping, tablesOf } from '../../src/engine/pipeline';
import { stagingSql } from '../../src/engine/sql/staging';
import { dayText, doubleToMoney, plainDecimalText, type Dialect } from '../../src/engine/sql/dialect';
import { modelSql } from '../../src/engine/sql/model';
import { resolveAsOf } from '../../src/engine/pipeline';
import { parseConfig, type Config } from '../../src/engine/config';
import { labelsSql, planCuts, QUANTILE_COUNTS_SQL, type QuantileCounts } from '../../src/engine/sql/labels';
import { withStrategySql } from '../../src/engine/sql/strategy';
import { emptyClvTableSql } from '../../src/engine/sql/clv';
import { valueConfig } from '../../src/engine/value-metric';
import { AS_OF_TABLES } from '../../src/engine/sql/tables';
import { exportSql } from '../../src/engine/sql/export';
import { reportSql } from '../../src/engine/sql/report';
import { defaultAsOfSql } from '../../src/engine/sql/staging';
import { ident } from '../../src/engine/sql/quote';
import type { DateFormat, Mapping, TableName } from '../../src/engine/mapping';
import type { ReadOptions } from '../../src/engine/readers/plan';

const open: { close(): void }[] = [];
afterEach(() => { for (const db of open.splice(0)) db.close(); });

interface Dataset { files: Partial<Record<TableName, string>>; read?: ReadOptions; maps?: Partial<Record<TableName, Record<string, string>>>; dateFormat?: DateFormat }

/** The command line's steps up to staging (src/node/segment.ts), on DuckDB. */
async function loadOnDuckDb(duck: NodeDb, ds: Dataset): Promise<Mapping> {
  let mapping = {} as Mapping;
  for (const [t, path] of Object.entries(ds.files) as [TableName, string][]) {
    const { columns, prepared } = await loadRawFile(duck, t, path, ds.read ?? {});
    const roles = { ...guessRoles(t, columns).roles, ...ds.maps?.[t] };
    (mapping as Record<string, unknown>)[t] = { columns, roles, ...readFacts(prepared), ...(ds.dateFormat ? { dateFormat: ds.dateFormat } : {}) };
  }
  checkMapping(mapping);
  const detected = await detectFormats(duck, mapping);
  if (detected.questions.length) throw new Error(`a question: ${JSON.stringify(detected.questions)}`);
  mapping = detected.mapping;
  for (const sql of stagingSql(mapping)) await duck.exec(sql);
  return mapping;
}

const DECIMALS = new Set(['amount', 'cost', 'referrals', 'monetary', 'aov', 'profit']);
const DOUBLES = new Set(['purchase_rate']);
const DATES = new Set(['day', 'signup', 'first_purchase', 'last_purchase']);

/** Every staged row as one line of text, in row order: numbers as the export writes them, NULL as NULL (a text cell 'NULL' cannot be told apart; none is). */
async function dump(db: NodeDb | ChDb, d: Dialect, table: string, columns: string[], order = '__row'): Promise<string[]> {
  const cell = (c: string) => {
    const x = ident(c);
    // csat and nps: decimals in staging, doubles in tb_metrics; both written as the export writes them.
    // m_x (the fit's input, NaN for a buyer without repeats): as a decimal rounded to 9 places, NaN said so.
    if (c === 'clv:m_x') return `CASE WHEN ${d === 'duckdb' ? 'isnan' : 'isNaN'}(${x}) THEN 'NaN' ELSE ${plainDecimalText(doubleToMoney(x, d), d)} END`;
    const v = DOUBLES.has(c) || (/metrics/.test(table) && (c === 'csat' || c === 'nps')) ? plainDecimalText(doubleToMoney(x, d), d) : DECIMALS.has(c) || c === 'csat' || c === 'nps' ? plainDecimalText(x, d) : DATES.has(c) ? dayText(x, d) : d === 'duckdb' ? `CAST(${x} AS VARCHAR)` : `toString(${x})`;
    return `coalesce(${v}, 'NULL')`;
  };
  const rows = await db.rows<{ line: string }>(`SELECT ${columns.map(cell).join(` || '|' || `)} AS line FROM ${table} ORDER BY ${order}`);
  return rows.map((r) => r.line);
}

const F = (name: string) => `tests/fixtures/readers/${name}`;
const datasets: [string, Dataset][] = [
  ['sample data, all four tables', { files: { orders: 'sample-data/orders.csv', customers: 'sample-data/customers.csv', feedback: 'sample-data/feedback.csv', interactions: 'sample-data/interactions.csv' } }],
  ...['comma.csv', 'comma.csv.gz', 'bom.csv', 'tab.tsv', 'pipe.txt', 'semicolon-decimal-comma.csv', 'numbers-grouped.csv', 'gbk-chinese-headers.csv', 'utf16le.txt', 'orders.parquet', 'two-sheets.xlsx',
    'dates-dmy.csv', 'dates-mdy.csv', 'dates-ymd.csv', 'dates-yyyymmdd.csv', 'dates-zh.csv', 'dates-excel.csv', 'dates-unix_s.csv', 'dates-unix_ms.csv'].map((f): [string, Dataset] => [f, { files: { orders: F(f) } }]),
  ['quantity-unit-price.csv (amount = Quantity * UnitPrice)', { files: { orders: F('quantity-unit-price.csv') }, maps: { orders: { amount: 'Quantity * UnitPrice' } } }],
  ['dates-ambiguous.csv (--date-format dmy)', { files: { orders: F('dates-ambiguous.csv') }, dateFormat: 'dmy' }],
  ['aligned-no-header.txt (--no-header --delimiter whitespace --date-format yyyymmdd)', { files: { orders: F('aligned-no-header.txt') }, read: { header: false, delimiter: 'whitespace' }, dateFormat: 'yyyymmdd',
    maps: { orders: { customer_id: 'column_1', order_date: 'column_2', amount: 'column_3' } } }],
];

const CONFIGS: object[] = [
  {},
  { rfm: { cuts: { r: [30, 60, 90, 180], f: [2, 3, 5, 8], m: [10, 50, 100, 500] } }, value: { mode: 'absolute', high: 500, mid: 100 } },
  { value: { metric: 'aov', high: 0.1, mid: 0.3 }, strategy: { exportLanguage: 'zh' } },
];
function configOf(doc: object): Config {
  const r = parseConfig({ version: 1, ...doc });
  if (!r.ok) throw new Error(r.error);
  return r.config;
}

const columnsOf = async (duck: NodeDb, table: string) => (await duck.rows<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE ${table})`)).map((c) => c.column_name);

describe('staging and the model on ClickHouse equal DuckDB\'s, row for row', () => {
  test.each(datasets)('%s', async (_name, ds) => {
    const duck = await openNodeDb();
    open.push(duck);
    // ClickHouse reads the raw tables' Parquet from DuckDB's scratch directory, as the command line's session does.
    const ch = await openChDb({ readable: [`${duck.scratch}/`] });
    open.push(ch);
    const mapping = await loadOnDuckDb(duck, ds);
    const tables = tablesOf(mapping);
    await copyRawTables(duck, ch, tables);
    for (const sql of stagingSql(mapping, [], 'clickhouse')) await ch.exec(sql);
    for (const t of ['orders', 'customers', 'feedback', 'interactions'] as const) {
      const columns = (await duck.rows<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE stg_${t})`)).map((c) => c.column_name);
      const want = await dump(duck, 'duckdb', `stg_${t}`, columns);
      if (tables.includes(t)) expect(want.length).toBeGreaterThan(0);
      expect(await dump(ch, 'clickhouse', `stg_${t}`, columns)).toEqual(want);
    }
    const config = parseConfig({ version: 1 });
    if (!config.ok) throw new Error(config.error);
    const asOf = await resolveAsOf(duck, config.config);
    // The default as_of (the day after the latest usable order), as both engines find it.
    expect((await ch.rows<{ as_of: string }>(defaultAsOfSql('clickhouse')))[0].as_of).toBe((await duck.rows<{ as_of: string }>(defaultAsOfSql('duckdb')))[0].as_of);
    for (const [db, dialect] of [[duck, 'duckdb'], [ch, 'clickhouse']] as const) {
      const { orders, metrics } = modelSql({ mapping, asOf, dialect });
      for (const sql of [...orders, ...metrics]) await db.exec(sql);
    }
    for (const [table, order] of [['tb_metrics', 'idx'], ['tb_touch_events', 'idx, days_before'], ['tb_attributes', 'idx']] as const) {
      const columns = await columnsOf(duck, table);
      const want = await dump(duck, 'duckdb', table, columns, order);
      expect(want.length).toBeGreaterThan(0);
      expect(await dump(ch, 'clickhouse', table, columns, order)).toEqual(want);
    }
    // Labels and strategy under each config: the quantile cuts by position, fixed cuts, another playbook language.
    // The load report: every row read, used, rejected or ignored, by reason.
    const report = async (db: NodeDb | ChDb, dl: Dialect) => (await db.rows<Record<string, unknown>>(reportSql(asOf, tables, dl))).map((r) => JSON.stringify(r));
    expect(await report(ch, 'clickhouse')).toEqual(await report(duck, 'duckdb'));
    // Labels and export without a fit here (the fit on both engines: clickhouse-segment.test.ts).
    await duck.exec(emptyClvTableSql(AS_OF_TABLES));
    await ch.exec(emptyClvTableSql(AS_OF_TABLES));
    const [counts] = await duck.rows<QuantileCounts>(QUANTILE_COUNTS_SQL);
    for (const doc of CONFIGS) {
      const c = configOf(doc);
      const vc = valueConfig(c, counts);
      const sql = (dl: Dialect) => withStrategySql(labelsSql(vc, planCuts(vc, counts), AS_OF_TABLES, dl), c, dl);
      const labels = `(${sql('duckdb')})`;
      const columns = (await duck.rows<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE ${labels})`)).map((x) => x.column_name);
      const want = await dump(duck, 'duckdb', labels, columns, 'idx');
      expect(await dump(ch, 'clickhouse', `(${sql('clickhouse')})`, columns, 'idx')).toEqual(want);
      // The export lines (SPEC §6), byte for byte.
      const lines = async (db: NodeDb | ChDb, dl: Dialect) => (await db.rows<{ line: string }>(exportSql(mapping, sql(dl), undefined, undefined, undefined, dl).sql)).map((r) => r.line);
      const wantLines = await lines(duck, 'duckdb');
      expect(wantLines.length).toBeGreaterThan(0);
      expect(await lines(ch, 'clickhouse')).toEqual(wantLines);
    }
  });
});
