// SPEC §4a trend: customers per label of every framework at every date of the series, zeros included,
// for the --trend file. Correctness over speed: each date replays the whole pipeline (replayModel),
// counts its labels and drops the replay, so a series of n dates costs about n model builds (36 monthly
// dates: 36 builds of orders and metrics). The page's live trend keeps per-date columns instead.
import { valueConfig } from '../value-metric';
import type { Config } from '../config';
import type { Db } from '../db';
import { FRAMEWORKS, labelKeys } from '../frameworks';
import type { Mapping } from '../mapping';
import { cutsFor, dialectOf, dropReplay, replayFits, replayLabelsQuery, replayModel, type Model, type Replay } from '../pipeline';
import { dayText, type Dialect } from '../sql/dialect';
import { labelsSql, quantileCountsSql, type QuantileCounts } from '../sql/labels';
import { labelCountsSql } from '../sql/movement';
import { str } from '../sql/quote';
import { labelColumn } from '../sql/strategy';
import { AS_OF_TABLES, replayPrefix, tablesAt } from '../sql/tables';
import { csvLine } from './csv';
import { trendDates } from './periods';

export interface TrendRow {
  /** The export's column name (ladder … nps, rfm_segment). */
  framework: string;
  date: string;
  label: string;
  customers: number;
}

export const TREND_HEADER = 'framework,date,label,customers';

/** The series' dates: after the earliest usable order before as_of, by config.time.trendPeriod, then as_of. */
export async function trendSeries(db: Db, config: Config, model: Model): Promise<string[]> {
  const d = dialectOf(db);
  const first = d === 'duckdb' ? `strftime(min(day), '%Y-%m-%d')` : `if(count() = 0, NULL, ${dayText('min(day)', d)})`;
  const [{ first: f }] = await db.rows<{ first: string | null }>(`SELECT ${first} AS first FROM tb_orders`);
  return trendDates(f, model.asOf, config.time.trendPeriod);
}

/** Whether the session's own catalog holds `table` (ClickHouse: its current database). */
function tableExistsSql(table: string, d: Dialect): string {
  if (d === 'clickhouse') return `SELECT CAST(count() AS INTEGER) AS n FROM system.tables WHERE database = currentDatabase() AND name = ${str(table)}`;
  return `SELECT CAST(count(*) AS INTEGER) AS n FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = current_schema() AND table_name = ${str(table)}`;
}


/** A replay someone keeps at `date` (the session's baseline): counted from, never dropped here. */
async function keptReplay(db: Db, date: string): Promise<Replay | null> {
  const tables = tablesAt(replayPrefix(date));
  const [{ n }] = await db.rows<{ n: number }>(tableExistsSql(tables.metrics, dialectOf(db)));
  if (Number(n) === 0) return null;
  const [counts] = await db.rows<QuantileCounts>(quantileCountsSql(tables));
  const [{ customers }] = await db.rows<{ customers: number }>(`SELECT CAST(count(*) AS INTEGER) AS customers FROM ${tables.metrics}`);
  return { asOf: date, tables, counts, customers: Number(customers) };
}

/** Every framework (SPEC order), date and label (display order), zeros included. */
export async function trendRows(db: Db, mapping: Mapping, config: Config, model: Model, onDate?: (done: number, of: number, date: string) => void): Promise<TrendRow[]> {
  const dates = await trendSeries(db, config, model);
  const d = dialectOf(db);
  const counts = new Map<string, number>();
  for (const [i, date] of dates.entries()) {
    let labels: string;
    let built: Replay | null = null;
    if (date === model.asOf) labels = labelsSql(valueConfig(config, model.counts), cutsFor(config, model), AS_OF_TABLES, d);
    else {
      const replay = (await keptReplay(db, date)) ?? (built = await replayModel(db, mapping, date, undefined, undefined, replayFits(config)));
      labels = replayLabelsQuery(config, replay, d);
    }
    try {
      for (const r of await db.rows<{ framework: string; label: string; customers: number }>(labelCountsSql(labels)))
        counts.set(JSON.stringify([r.framework, date, r.label]), Number(r.customers));
    } finally {
      if (built) await dropReplay(db, built.tables);
    }
    onDate?.(i + 1, dates.length, date);
  }
  return FRAMEWORKS.flatMap((f) => dates.flatMap((date) => labelKeys(f, config).map((label) => {
    const framework = labelColumn(f);
    return { framework, date, label, customers: counts.get(JSON.stringify([framework, date, label])) ?? 0 };
  })));
}

export function trendCsv(rows: TrendRow[]): string[] {
  return [TREND_HEADER, ...rows.map((r) => csvLine([r.framework, r.date, r.label, r.customers]))];
}

export async function trendLines(db: Db, mapping: Mapping, config: Config, model: Model, onDate?: (done: number, of: number, date: string) => void): Promise<string[]> {
  return trendCsv(await trendRows(db, mapping, config, model, onDate));
}
