// Each customer's strategy (SPEC §4 "Strategy mapping") as SQL over the labels: the strategy of their
// matrix cell, as a stable key and as its title in the export language. The live matrix counts the
// same cells over typed arrays (src/engine/live/matrix.ts).
import type { Config } from '../config';
import type { Framework } from '../frameworks';
import { inLanguage, playbookOf } from '../playbook/effective';
import { assignments, NO_COLUMNS } from '../playbook/matrix';
import { ident, str } from './quote';

/** The labels query's column holding a framework's label. */
export function labelColumn(framework: Framework): string {
  return framework === 'rfm' ? 'rfm_segment' : framework;
}

const caseOn = (column: string, arms: [string, string][]) =>
  arms.length ? `CASE ${column} ${arms.map(([k, v]) => `WHEN ${str(k)} THEN ${v}`).join(' ')} END` : 'CAST(NULL AS VARCHAR)';

/** strategy_key: a CASE on the row label, then on the column label; NULL for an empty cell. */
export function strategyKeySql(config: Config, alias: string): string {
  const { rows, cols } = config.strategy.matrix;
  const rowCol = `${alias}.${ident(labelColumn(rows))}`;
  const byRow = new Map<string, [string, string][]>();
  for (const a of assignments(config)) {
    if (a.strategy === null) continue;
    if (!byRow.has(a.row)) byRow.set(a.row, []);
    byRow.get(a.row)!.push([a.col, str(a.strategy)]);
  }
  if (cols === NO_COLUMNS) return caseOn(rowCol, [...byRow].map(([row, [[, id]]]) => [row, id]));
  const colCol = `${alias}.${ident(labelColumn(cols))}`;
  return caseOn(rowCol, [...byRow].map(([row, arms]) => [row, caseOn(colCol, arms)]));
}

/** The strategy's title in the export language (the other language's when it has none there). */
export function strategyTitleSql(config: Config, keySql: string): string {
  const lang = config.strategy.exportLanguage;
  const used = new Set(assignments(config).map((a) => a.strategy));
  const arms = playbookOf(config)
    .filter((s) => used.has(s.id))
    .map((s): [string, string] => [s.id, str(inLanguage(s.title, lang).text)]);
  return caseOn(keySql, arms);
}

/** The labels query with each customer's strategy_key and strategy title added. */
export function withStrategySql(labelsSql: string, config: Config): string {
  return `SELECT * EXCLUDE (tb_key), tb_key AS strategy_key, ${strategyTitleSql(config, 'tb_key')} AS strategy
FROM (SELECT l1.*, ${strategyKeySql(config, 'l1')} AS tb_key FROM (${labelsSql}) l1)`;
}
