// Each customer's strategy (SPEC §4 "Strategy mapping") as SQL over the labels: the strategy of their
// matrix cell, as a stable key and as its title in the export language. The live matrix counts the
// same cells over typed arrays (src/engine/live/matrix.ts).
import type { Config } from '../config';
import type { Framework } from '../frameworks';
import { inLanguage, playbookOf } from '../playbook/effective';
import { assignments, NO_COLUMNS } from '../playbook/matrix';
import { ident, strIn } from './quote';
import type { Dialect } from './dialect';

/** The labels query's column holding a framework's label. */
export function labelColumn(framework: Framework): string {
  return framework === 'rfm' ? 'rfm_segment' : framework;
}

const caseOn = (column: string, arms: [string, string][], d: Dialect = 'duckdb') =>
  arms.length ? `CASE ${column} ${arms.map(([k, v]) => `WHEN ${strIn(k, d)} THEN ${v}`).join(' ')} END` : `CAST(NULL AS ${d === 'duckdb' ? 'VARCHAR' : 'Nullable(String)'})`;

/** strategy_key: a CASE on the row label, then on the column label; NULL for an empty cell. */
export function strategyKeySql(config: Config, alias: string, d: Dialect = 'duckdb'): string {
  const { rows, cols } = config.strategy.matrix;
  const rowCol = `${alias}.${ident(labelColumn(rows))}`;
  const byRow = new Map<string, [string, string][]>();
  for (const a of assignments(config)) {
    if (a.strategy === null) continue;
    if (!byRow.has(a.row)) byRow.set(a.row, []);
    byRow.get(a.row)!.push([a.col, strIn(a.strategy, d)]);
  }
  if (cols === NO_COLUMNS) return caseOn(rowCol, [...byRow].map(([row, [[, id]]]) => [row, id]), d);
  const colCol = `${alias}.${ident(labelColumn(cols))}`;
  return caseOn(rowCol, [...byRow].map(([row, arms]) => [row, caseOn(colCol, arms, d)]), d);
}

/** The strategy's title in the export language (the other language's when it has none there). */
export function strategyTitleSql(config: Config, keySql: string, d: Dialect = 'duckdb'): string {
  const lang = config.strategy.exportLanguage;
  const used = new Set(assignments(config).map((a) => a.strategy));
  const arms = playbookOf(config)
    .filter((s) => used.has(s.id))
    .map((s): [string, string] => [s.id, strIn(inLanguage(s.title, lang).text, d)]);
  return caseOn(keySql, arms, d);
}

/** The labels query with each customer's strategy_key and strategy title added. */
export function withStrategySql(labelsSql: string, config: Config, d: Dialect = 'duckdb'): string {
  return `SELECT * ${d === 'duckdb' ? 'EXCLUDE' : 'EXCEPT'} (tb_key), tb_key AS strategy_key, ${strategyTitleSql(config, 'tb_key', d)} AS strategy
FROM (SELECT l1.*, ${strategyKeySql(config, 'l1', d)} AS tb_key FROM (${labelsSql}) l1)`;
}
