// npm run segment -- --orders FILE [--customers FILE] [--feedback FILE] [--interactions FILE]
//   [--config FILE] [--map TABLE.ROLE=COLUMN ...] [--amount "EXPR"] [--as-of YYYY-MM-DD]
//   [--encoding ENC] [--delimiter D] [--no-header] [--sheet NAME|N] [--date-format F] [--number-style S] --out FILE [--bom] [--bundle FILE.zip]
//   [--baseline-as-of YYYY-MM-DD] [--trend-period P] [--cohort-period P] [--movement FILE] [--trend FILE] [--cohorts FILE] [--what-changed FILE]
//   [--clv-horizon DAYS] [--clv-discount RATE] [--clv-holdout-from YYYY-MM-DD] [--clv-holdout FILE]
//   [--engine duckdb|clickhouse] [--timings]
//   --engine clickhouse --clickhouse-url URL --orders-table DB.TABLE [--customers-table …] [--feedback-table …] [--interactions-table …] (instead of the files)
import { parseArgs } from 'node:util';
import { segmentFiles, formatReport, formatTimings } from '../src/node/segment';
import { UsageError, readOptions, wantsServer } from '../src/node/segment-options';

const USAGE = `usage: npm run segment -- --orders FILE [--customers FILE] [--feedback FILE] [--interactions FILE]
       [--config FILE] [--map TABLE.ROLE=COLUMN ...] [--amount "EXPR"] [--as-of YYYY-MM-DD]
       [--encoding utf-8|gbk|gb18030|utf-16le|utf-16be|big5|shift_jis|windows-1252] [--delimiter ,|tab|;|pipe|whitespace]
       [--no-header] [--sheet NAME|N] [--date-format iso|ymd|dmy|mdy|yyyymmdd|excel|zh|unix_s|unix_ms]
       [--number-style plain|grouped|decimal_comma] --out FILE [--bom] [--bundle FILE.zip]
       [--baseline-as-of YYYY-MM-DD] [--trend-period week|month|quarter] [--cohort-period week|month|quarter]
       [--movement FILE] [--trend FILE] [--cohorts FILE] [--what-changed FILE]
       [--clv-horizon DAYS] [--clv-discount RATE] [--clv-holdout-from YYYY-MM-DD] [--clv-holdout FILE]
       [--engine duckdb|clickhouse] [--timings]
   or: npm run segment -- --engine clickhouse --clickhouse-url http://host:8123 --orders-table DB.TABLE
       [--customers-table DB.TABLE] [--feedback-table DB.TABLE] [--interactions-table DB.TABLE] --out FILE [the options above but the files' own]
       (user and password from CLICKHOUSE_USER and CLICKHOUSE_PASSWORD only)
Options after the files apply to every file; anything not given is detected.
--bom starts the export with a UTF-8 byte-order mark, so Excel shows Chinese text correctly.
--movement and --what-changed need a baseline date (--baseline-as-of, or time.baselineAsOf in the config).
--clv-holdout writes the predicted-value holdout check; it needs --clv-holdout-from (or clv.holdoutFrom) before the analysis date.
--timings adds one line to stderr: the wall-clock time of each phase (read, to clickhouse, stage, orders, metrics, predicted value,
  load report, labels and export, write).`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        orders: { type: 'string' }, customers: { type: 'string' }, feedback: { type: 'string' },
        interactions: { type: 'string' }, config: { type: 'string' }, map: { type: 'string', multiple: true },
        amount: { type: 'string' }, 'as-of': { type: 'string' }, out: { type: 'string' }, bundle: { type: 'string' }, bom: { type: 'boolean' }, help: { type: 'boolean' },
        encoding: { type: 'string' }, delimiter: { type: 'string' }, 'no-header': { type: 'boolean' }, sheet: { type: 'string' },
        'date-format': { type: 'string' }, 'number-style': { type: 'string' },
        'baseline-as-of': { type: 'string' }, 'trend-period': { type: 'string' }, 'cohort-period': { type: 'string' },
        movement: { type: 'string' }, trend: { type: 'string' }, cohorts: { type: 'string' }, 'what-changed': { type: 'string' },
        'clv-horizon': { type: 'string' }, 'clv-discount': { type: 'string' }, 'clv-holdout-from': { type: 'string' }, 'clv-holdout': { type: 'string' },
        engine: { type: 'string' }, timings: { type: 'boolean' },
        'clickhouse-url': { type: 'string' }, 'orders-table': { type: 'string' }, 'customers-table': { type: 'string' },
        'feedback-table': { type: 'string' }, 'interactions-table': { type: 'string' },
      },
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`segment: ${(e as Error).message.split("\n")[0]} (see --help)\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    const options = {
      orders: values.orders, customers: values.customers, feedback: values.feedback,
      interactions: values.interactions, config: values.config, map: values.map ?? [],
      amount: values.amount, asOf: values['as-of'], out: values.out, bundle: values.bundle, bom: values.bom,
      baselineAsOf: values['baseline-as-of'], trendPeriod: values['trend-period'], cohortPeriod: values['cohort-period'],
      movement: values.movement, trend: values.trend, cohorts: values.cohorts, whatChanged: values['what-changed'],
      clvHorizon: values['clv-horizon'], clvDiscount: values['clv-discount'], clvHoldoutFrom: values['clv-holdout-from'], clvHoldout: values['clv-holdout'],
      engine: values.engine,
      ...readOptions({ encoding: values.encoding, delimiter: values.delimiter, noHeader: values['no-header'], sheet: values.sheet, dateFormat: values['date-format'], numberStyle: values['number-style'] }),
      clickhouseUrl: values['clickhouse-url'], ordersTable: values['orders-table'], customersTable: values['customers-table'],
      feedbackTable: values['feedback-table'], interactionsTable: values['interactions-table'],
    };
    // The server path (the ClickHouse client) is loaded only when asked for: a file's run starts faster.
    const result = await (wantsServer(options) ? (await import('../src/node/segment-server')).segmentServer(options) : segmentFiles(options));
    process.stderr.write(formatReport(result));
    if (values.timings) process.stderr.write(formatTimings(result));
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`segment: ${e.message}\n`);
      return 2;
    }
    // The contract is one line and exit 2 for every failure; anything unforeseen still says what it was.
    process.stderr.write(`segment: unexpected error: ${String(e instanceof Error ? e.message : e).split('\n')[0]}${process.env.TIERBOOK_DEBUG ? `\n${(e as Error).stack}` : ' (TIERBOOK_DEBUG=1 shows where)'}\n`);
    return 2;
  }
}

main().then((code) => process.exit(code));
