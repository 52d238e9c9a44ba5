// SPEC §4a movement between the baseline date and as_of: the --movement file, and its rows for the page.
import { valueConfig } from '../value-metric';
import type { Config } from '../config';
import type { Db } from '../db';
import { FRAMEWORKS, labelKeys } from '../frameworks';
import type { Mapping } from '../mapping';
import { cutsFor, dialectOf, replayLabelsQuery, syncPredictions, type Model, type Replay } from '../pipeline';
import { labelsSql } from '../sql/labels';
import { AS_OF_TABLES } from '../sql/tables';
import { movementSql } from '../sql/movement';
import { labelColumn } from '../sql/strategy';
import { checkBaseline } from './baseline';
import { csvLine } from './csv';
import { ABSENT, direction, type Direction } from './direction';

export interface MovementRow {
  /** The export's column name (ladder … nps, rfm_segment). */
  framework: string;
  from: string;
  to: string;
  direction: Direction;
  customers: number;
}

export const MOVEMENT_HEADER = 'framework,from,to,direction,customers';

/** Frameworks in SPEC order, then labels in display order (labelKeys), `absent` before every label. */
export function sortMovement(rows: Omit<MovementRow, 'direction'>[], config: Config): MovementRow[] {
  const byColumn = new Map(FRAMEWORKS.map((f, i) => [labelColumn(f), { f, i, keys: [ABSENT, ...labelKeys(f, config)] }]));
  const rank = (keys: string[], k: string) => (keys.includes(k) ? keys.indexOf(k) : keys.length);
  return rows
    .map((r) => ({ ...r, direction: direction(byColumn.get(r.framework)!.f, r.from, r.to) }))
    .sort((a, b) => {
      const [fa, fb] = [byColumn.get(a.framework)!, byColumn.get(b.framework)!];
      return fa.i - fb.i || rank(fa.keys, a.from) - rank(fa.keys, b.from) || rank(fa.keys, a.to) - rank(fa.keys, b.to);
    });
}

/** Every framework's non-empty (label at the baseline, label at as_of) pairs; `replay` is the baseline's. */
export async function movementRows(db: Db, _mapping: Mapping, config: Config, model: Model, replay: Replay): Promise<MovementRow[]> {
  checkBaseline(replay.asOf, model.asOf);
  // Both dates' tb_clv at the config's horizon (value tiers by predicted_clv read them), as the export's.
  await syncPredictions(db, config, model, replay);
  const d = dialectOf(db);
  const sql = movementSql(labelsSql(valueConfig(config, model.counts), cutsFor(config, model), AS_OF_TABLES, d), replayLabelsQuery(config, replay, d));
  const rows = await db.rows<{ framework: string; from: string; to: string; customers: number }>(sql);
  return sortMovement(rows.map((r) => ({ framework: r.framework, from: r.from, to: r.to, customers: Number(r.customers) })), config);
}

export function movementCsv(rows: MovementRow[]): string[] {
  return [MOVEMENT_HEADER, ...rows.map((r) => csvLine([r.framework, r.from, r.to, r.direction, r.customers]))];
}

export async function movementLines(db: Db, mapping: Mapping, config: Config, model: Model, replay: Replay): Promise<string[]> {
  return movementCsv(await movementRows(db, mapping, config, model, replay));
}

