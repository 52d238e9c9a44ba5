// The reproducible export bundle: the CSV with everything needed to say how it was made — the config
// and its hash, the SQL of every step (staging, model, labels and strategy, export) and the load report.
// Built here for the browser and the command line alike, zipped with fixed dates so the bytes agree.
import { strToU8, zipSync } from 'fflate';
import type { Config } from './config';
import type { Db } from './db';
import { FRAMEWORKS } from './frameworks';
import { withoutCellFacts, type Mapping } from './mapping';
import { dialectOf, exportLines, labelsQuery, replayLabelsQuery, toCsv, type Model, type Replay } from './pipeline';
import { exportSql } from './sql/export';
import { modelSql } from './sql/model';
import { clvInputsSql } from './sql/clv';
import { clvInputsSqlClickHouse } from './sql/clv-clickhouse';
import { AS_OF_TABLES } from './sql/tables';
import { stagingSql } from './sql/staging';
import { labelColumn } from './sql/strategy';
import { clvHorizon, clvJson } from './clv-model';

/** Canonical text of the config: the parsed document (defaults filled in, key order fixed by the schema). */
export function configText(config: Config): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', strToU8(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

const statements = (sql: string[]) => `${sql.map((s) => s.trim()).join(';\n\n')};\n`;

/** `replay`: the replay at time.baselineAsOf, needed when the config sets one (the export's baseline columns). */
export async function bundleFiles(db: Db, read: Mapping, config: Config, model: Model, replay?: Replay): Promise<Record<string, string>> {
  // The SQL files stage any file of these columns, not only the one read (whose cells let checks be left out).
  const mapping = withoutCellFacts(read);
  const config_ = configText(config);
  const hash = await sha256Hex(config_);
  // The SQL files are the engine's own: ClickHouse's on `--engine clickhouse` (docs/scale.md).
  const d = dialectOf(db);
  const labels = labelsQuery(config, model, d);
  const readme = [
    'Tierbook export bundle',
    '',
    `customers.csv   the SPEC §6 export: ${model.customers} customers, as of ${model.asOf}`,
    'config.json     the config it was computed under; config.sha256 its SHA-256',
    'load-report.json rows read, used and not used, by table and reason',
    'sql/            every step, in order, over the raw tables raw_<table> (all text) of the files:',
    '  1-staging.sql typed columns and reject reasons; 2-model.sql metrics per customer (tb_metrics);',
    '  3-labels.sql  every label; 4-export.sql the CSV lines',
    ...(replay ? [`  2-model-baseline.sql the same model at the baseline date ${replay.asOf} (time.baselineAsOf), beside it`] : []),
    '',
    'clv.json        the predicted-value fit at as_of (SPEC §3a): BG/NBD and Gamma-Gamma parameters (time in',
    '                days), log-likelihoods, buyers used, horizon and discount; or why the fit was refused (then',
    '                p_alive, expected_purchases, expected_order_value and predicted_clv are empty). The fit runs',
    '                in TypeScript over the per-buyer inputs of sql/2-clv-inputs.sql; its predictions are loaded',
    '                as tb_clv, which 4-export.sql joins.',
    '',
    'Where each label is in 3-labels.sql:',
    ...FRAMEWORKS.map((f) => `  ${f.padEnd(13)} column "${labelColumn(f)}"`),
    '  strategy      columns "strategy_key" and "strategy" (the matrix cell of each customer)',
    '',
  ].join('\n');
  return {
    'README.txt': readme,
    'customers.csv': toCsv(await exportLines(db, read, config, model, undefined, undefined, replay)),
    'config.json': config_,
    'clv.json': clvJson(model.clv, model.asOf, clvHorizon(config)),
    'config.sha256': `${hash}  config.json\n`,
    'load-report.json': `${JSON.stringify({ asOf: model.asOf, customers: model.customers, tables: model.report, formats: model.formats }, null, 2)}\n`,
    'sql/1-staging.sql': statements(stagingSql(mapping, [], d)),
    'sql/2-model.sql': statements(Object.values(modelSql({ mapping, asOf: model.asOf, dialect: d })).flat()),
    // The baseline's tables (at_YYYYMMDD_tb_*) that 4-export.sql joins: the model's SQL at that date.
    ...(replay && { 'sql/2-model-baseline.sql': statements(((m) => [...m.orders, ...m.metrics.slice(0, 3)])(modelSql({ mapping, asOf: replay.asOf, tables: replay.tables, dialect: d }))) }),
    'sql/2-clv-inputs.sql': statements([d === 'duckdb' ? clvInputsSql(mapping, AS_OF_TABLES) : clvInputsSqlClickHouse(mapping, AS_OF_TABLES)]),
    'sql/3-labels.sql': statements([labels]),
    'sql/4-export.sql': statements([exportSql(mapping, labels, undefined, undefined, replay && { asOf: replay.asOf, labelsSql: replayLabelsQuery(config, replay, d) }, d).sql]),
  };
}

/** The bundle as a zip; fixed dates, so the same files give the same bytes. */
export function zipBundle(files: Record<string, string>): Uint8Array {
  const mtime = new Date(Date.UTC(2000, 0, 1));
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [`tierbook-export/${name}`, [strToU8(text), { mtime }]])), { level: 6 });
}
