// `npm run segment -- --engine clickhouse` writes DuckDB's export byte for byte, with the same load report
// on stderr and the same refusals (issue 17): the sample data (all four tables; the default config and
// value tiers by predicted_clv), Online Retail with its README's mapping, every reader fixture DuckDB
// accepts, and the property test's random datasets. Each case runs the whole command on both engines.
import fc from 'fast-check';
import { unzipSync, strFromU8 } from 'fflate';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatReport, segmentFiles } from '../../src/node/segment';
import { UsageError, type SegmentOptions } from '../../src/node/segment-options';
import { config as randomConfig, dataset as randomDataset, FAR_DAYS, farDataset } from './helpers/random-data';

const dir = mkdtempSync(join(tmpdir(), 'tierbook-ch-segment-'));
let runs = 0;

type Input = Omit<SegmentOptions, 'out' | 'engine'>;
/** What a user sees: the export's bytes and the report on stderr, or the one-line refusal (and whether anything was written). */
type Outcome = { csv: string; report: string; bundle?: Record<string, string>; files?: Record<string, string> } | { error: string; kind: string; written: boolean };

/** The time and holdout files a run may write besides the export, by option. */
const FILE_OPTIONS = ['movement', 'trend', 'cohorts', 'whatChanged', 'clvHoldout'] as const;

async function segment(input: Input, engine: 'duckdb' | 'clickhouse', bundle = false): Promise<Outcome> {
  const n = ++runs;
  const out = join(dir, `${n}-${engine}.csv`);
  const zip = join(dir, `${n}-${engine}.zip`);
  // Each file option given (as `true`) gets a file of this run's own.
  const extra = Object.fromEntries(FILE_OPTIONS.filter((k) => input[k] !== undefined).map((k) => [k, join(dir, `${n}-${engine}-${k}.csv`)]));
  try {
    const r = await segmentFiles({ ...input, ...extra, out, engine, ...(bundle && { bundle: zip }) });
    const files = bundle ? Object.fromEntries(Object.entries(unzipSync(readFileSync(zip))).map(([k, v]) => [k, strFromU8(v)])) : undefined;
    const written = Object.keys(extra).length ? Object.fromEntries(Object.entries(extra).map(([k, f]) => [k, readFileSync(f, 'utf8')])) : undefined;
    return { csv: readFileSync(out, 'utf8'), report: formatReport(r).replaceAll(out, 'OUT'), ...(files && { bundle: files }), ...(written && { files: written }) };
  } catch (e) {
    return { error: (e as Error).message, kind: (e as Error).constructor.name, written: [out, zip, ...Object.values(extra)].some((f) => existsSync(f)) };
  }
}

/** Both engines on one input; ClickHouse's outcome must be DuckDB's. */
async function both(input: Input): Promise<Outcome> {
  const duck = await segment(input, 'duckdb');
  expect(await segment(input, 'clickhouse')).toEqual(duck);
  return duck;
}

const lines = (o: Outcome) => ('csv' in o ? o.csv.trimEnd().split('\n') : []);

const SAMPLE: Input = { orders: 'sample-data/orders.csv', customers: 'sample-data/customers.csv', feedback: 'sample-data/feedback.csv', interactions: 'sample-data/interactions.csv', map: [] };
const BY_CLV = join(dir, 'by-clv.json');
writeFileSync(BY_CLV, JSON.stringify({ version: 1, value: { metric: 'predicted_clv' } }));

describe('the sample data, all four tables', () => {
  test('default config: the export, the load report and the bundle\'s files (its SQL ClickHouse\'s own)', async () => {
    const duck = await segment(SAMPLE, 'duckdb', true);
    const ch = await segment(SAMPLE, 'clickhouse', true);
    if (!('csv' in duck) || !('csv' in ch)) throw new Error(JSON.stringify({ duck, ch }));
    expect(lines(duck)).toHaveLength(6001);
    expect(ch.csv).toBe(duck.csv);
    expect(ch.report).toBe(duck.report);
    // The predicted-value columns are filled (the fit runs on both), e.g. the first customer's predicted_clv.
    const header = lines(duck)[0].split(',');
    expect(lines(ch)[1].split(',')[header.indexOf('predicted_clv')]).toMatch(/^\d+\.\d+$/);
    const sqlFiles = Object.keys(duck.bundle!).filter((f) => f.includes('/sql/'));
    for (const [name, text] of Object.entries(duck.bundle!)) if (!sqlFiles.includes(name)) expect(ch.bundle![name], name).toBe(text);
    expect(sqlFiles.map((f) => f.replace(/.*\/sql\//, ''))).toEqual(['1-staging.sql', '2-model.sql', '2-clv-inputs.sql', '3-labels.sql', '4-export.sql']);
    for (const f of sqlFiles) expect(ch.bundle![f], f).not.toBe(duck.bundle![f]);
    expect(ch.bundle!['tierbook-export/sql/3-labels.sql']).toContain('arraySort(groupArray(');
    expect(ch.bundle!['tierbook-export/sql/2-model.sql']).toContain('countIf(value > 0)');
  }, 120_000);

  test('value tiers by predicted_clv', async () => {
    const out = await both({ ...SAMPLE, config: BY_CLV });
    const value = lines(out)[0].split(',').indexOf('value');
    const tiers = new Set(lines(out).slice(1).map((l) => l.split(',')[value]));
    expect([...tiers].sort()).toEqual(['high', 'low', 'mid', 'prospect']);
  }, 120_000);

  test('a baseline (its columns in the export, the --movement file, its own fit for value by predicted_clv) and the --clv-holdout file', async () => {
    const out = await both({ ...SAMPLE, config: BY_CLV, baselineAsOf: '2024-07-01', movement: 'yes', clvHoldoutFrom: '2024-09-01', clvHoldout: 'yes' });
    if (!('csv' in out)) throw new Error(out.error);
    expect(lines(out)[0]).toContain(',baseline_as_of,ladder_baseline,');
    expect(lines(out)[1]).toContain(',2024-07-01,');
    expect(out.files!.movement).toMatch(/^framework,from,to,direction,customers\nladder,absent,prospect,changed,\d+\n/);
    expect(out.files!.clvHoldout.split('\n')[0]).toBe('repeat_purchases_before,customers,actual,predicted');
  }, 180_000);

  // By week too in the random datasets below (a weekly trend over three years is 150 replays per engine).
  test.each(['month', 'quarter'])('the time files by %s: --trend, --cohorts, --what-changed (with --movement)', async (period) => {
    const out = await both({ ...SAMPLE, baselineAsOf: '2024-10-01', trendPeriod: period, cohortPeriod: period, trend: 'yes', cohorts: 'yes', whatChanged: 'yes', movement: 'yes' });
    if (!('csv' in out)) throw new Error(out.error);
    expect(out.files!.trend).toMatch(/^framework,date,label,customers\nladder,20\d\d-\d\d-\d\d,prospect,\d+\n/);
    expect(out.files!.cohorts).toMatch(/^cohort,period,customers,active,customer_retention,revenue,revenue_retention,partial\n20\d\d-\d\d-\d\d,0,\d+,\d+,1,/);
    expect(out.files!.whatChanged).toMatch(/^scope,label,factor,baseline,current,contribution\nall,,revenue,\d/);
  }, 300_000);
});

const ONLINE_RETAIL = 'tests/fixtures/online-retail/online-retail.csv.gz';
describe('Online Retail (README mapping)', () => {
  test('541,909 rows, amount = Quantity * UnitPrice, default config and by predicted_clv', async () => {
    const input: Input = { orders: ONLINE_RETAIL, amount: 'Quantity * UnitPrice', map: ['orders.customer_id=CustomerID', 'orders.order_date=InvoiceDate', 'orders.order_id=InvoiceNo'] };
    const out = await both(input);
    expect(lines(out)).toHaveLength(4373);
    expect('report' in out && out.report).toMatch(/read 541909, used 406829; rejected 135080 empty_customer_id/);
    await both({ ...input, config: BY_CLV });
  }, 600_000);
});

const F = (name: string) => `tests/fixtures/readers/${name}`;
const FIXTURES: [string, Input][] = [
  ...['comma.csv', 'comma.csv.gz', 'bom.csv', 'tab.tsv', 'pipe.txt', 'semicolon-decimal-comma.csv', 'numbers-grouped.csv', 'gbk-chinese-headers.csv', 'utf16le.txt', 'orders.parquet', 'two-sheets.xlsx',
    'dates-dmy.csv', 'dates-mdy.csv', 'dates-ymd.csv', 'dates-yyyymmdd.csv', 'dates-zh.csv', 'dates-excel.csv', 'dates-unix_s.csv', 'dates-unix_ms.csv'].map((f): [string, Input] => [f, { orders: F(f), map: [] }]),
  ['quantity-unit-price.csv (--amount "Quantity * UnitPrice")', { orders: F('quantity-unit-price.csv'), amount: 'Quantity * UnitPrice', map: [] }],
  ['dates-ambiguous.csv (--date-format dmy)', { orders: F('dates-ambiguous.csv'), dateFormat: 'dmy', map: [] }],
  ['aligned-no-header.txt (--no-header --delimiter whitespace --date-format yyyymmdd)', { orders: F('aligned-no-header.txt'), read: { header: false, delimiter: 'whitespace' }, dateFormat: 'yyyymmdd',
    map: ['orders.customer_id=column_1', 'orders.order_date=column_2', 'orders.amount=column_3'] }],
];

describe('every reader fixture DuckDB accepts', () => {
  test.each(FIXTURES)('%s', async (_name, input) => {
    const out = await both(input);
    expect(lines(out).length).toBeGreaterThan(1);
  }, 60_000);
});

const BOM_LED = join(dir, 'bom-led.csv');
writeFileSync(BOM_LED, 'customer_id,order_date,amount,channel\n7,2024-01-01,5,web\n\uFEFF7,2024-01-02,6,\uFEFFweb\n');

test('cells that start with a later byte-order mark: quoted with it, the same bytes on both engines', async () => {
  const out = await both({ orders: BOM_LED, map: [] });
  expect(lines(out).slice(1).map((l) => l.split(',')[0])).toEqual(['7', '"\uFEFF7"']);
}, 60_000);

const ORDERS_OK = join(dir, 'ok.csv');
writeFileSync(ORDERS_OK, 'customer_id,order_date,amount\nA,2024-01-01,10\nA,2024-01-09,12\nB,2024-01-02,-5\n');
const BAD_CONFIG = join(dir, 'bad-config.json');
writeFileSync(BAD_CONFIG, JSON.stringify({ version: 1, value: { high: 2 } }));
const NO_USABLE = join(dir, 'no-usable.csv');
writeFileSync(NO_USABLE, 'customer_id,order_date,amount\n,2024-01-01,10\nA,not a day,12\n');

describe('every kind of invalid input: the same one-line refusal on both engines, nothing written', () => {
  test.each([
    ['no such file', { orders: join(dir, 'missing.csv'), map: [] }],
    ['an empty file', { orders: F('bad-empty.csv'), map: [] }],
    ['a header and no rows', { orders: F('bad-header-only.csv'), map: [] }],
    ['a binary file', { orders: F('bad-binary.csv'), map: [] }],
    ['a zip archive', { orders: F('bad-zip.zip'), map: [] }],
    ['customers given as orders (required roles missing)', { orders: F('bad-customers-as-orders.csv'), map: [] }],
    ['a mapped column not in the file', { orders: ORDERS_OK, map: ['orders.amount=price'] }],
    ['a malformed amount expression', { orders: ORDERS_OK, amount: 'amount *', map: [] }],
    ['dates read both ways', { orders: F('dates-ambiguous.csv'), map: [] }],
    ['an invalid config', { orders: ORDERS_OK, config: BAD_CONFIG, map: [] }],
    ['clv.holdoutFrom not before the analysis date (found after staging)', { orders: ORDERS_OK, clvHoldoutFrom: '2099-01-01', map: [] }],
    ['--as-of not a date', { orders: ORDERS_OK, asOf: '2024-13-01', map: [] }],
  ] as [string, Input][])('%s', async (_name, input) => {
    const duck = await segment(input, 'duckdb');
    if (!('error' in duck)) throw new Error('DuckDB accepted it');
    expect(duck.kind).toBe(UsageError.name);
    expect(duck.error).not.toContain('\n');
    expect(duck.written).toBe(false);
    expect(await segment(input, 'clickhouse')).toEqual(duck);
  }, 60_000);

  test('no usable order at all: the same (empty) export and report', async () => {
    const out = await both({ orders: NO_USABLE, map: [] });
    expect(lines(out)).toHaveLength(1);
  }, 60_000);
});


/** A CSV of rows with these columns, fields quoted where the SPEC's CSV needs it. */
function csvOf(columns: string[], rows: Record<string, string>[]): string {
  const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return [columns.join(','), ...rows.map((r) => columns.map((c) => field(r[c])).join(','))].join('\n') + '\n';
}

const ROLES = {
  orders: ['customer_id', 'order_date', 'amount', 'order_id', 'cost', 'category'],
  customers: ['customer_id', 'signup_date', 'referred_by'],
  feedback: ['customer_id', 'response_date', 'csat', 'nps'],
  interactions: ['customer_id', 'interaction_date', 'kind'],
} as const;

describe('the property test\'s random datasets and configs', () => {
  test('ClickHouse = DuckDB, byte for byte (the export, the report, the time files), or the same refusal', async () => {
    let exported = 0;
    let farExported = 0;
    await fc.assert(
      // Half the runs also write every time file (a baseline before as_of, or the same refusal on both); the
      // other half draw far days too (0000-02-29 .. 9999-12-30: outside ClickHouse's Date32).
      fc.asyncProperty(fc.boolean().chain((timeFiles) => fc.tuple(fc.constant(timeFiles), timeFiles ? randomDataset : farDataset)), randomConfig, async ([timeFiles, data], cfg) => {
        const n = ++runs;
        const input: Input = timeFiles ? { map: [], baselineAsOf: '2024-01-08', trendPeriod: 'week', cohortPeriod: 'week', movement: 'yes', trend: 'yes', cohorts: 'yes', whatChanged: 'yes' } : { map: [] };
        for (const [t, columns] of Object.entries(ROLES) as [keyof typeof ROLES, readonly string[]][]) {
          // A weekly trend to as_of 9999-12-31 would be 416,000 replays: with time files, the last day stands in for nothing later than 2024.
          const rows = (data[t] ?? []).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, timeFiles && v === '9999-12-30' ? '2024-02-10' : v])));
          if (rows.length === 0) continue;
          const file = join(dir, `random-${n}-${t}.csv`);
          writeFileSync(file, csvOf([...columns], rows));
          input[t] = file;
          input.map.push(...columns.map((c) => `${t}.${c}=${c}`));
        }
        const config = join(dir, `random-${n}.json`);
        writeFileSync(config, JSON.stringify({ version: 1, ...cfg }));
        const out = await both({ ...input, config });
        if ('csv' in out) exported++;
        const far = !timeFiles && Object.values(data).some((rows) => rows?.some((r: Record<string, string>) => Object.values(r).some((v) => FAR_DAYS.includes(v))));
        if (far && 'csv' in out) farExported++;
      }),
      { numRuns: 25, seed: 20261130 },
    );
    expect(exported).toBeGreaterThan(15);
    expect(farExported).toBeGreaterThan(3);
  }, 600_000);
});
