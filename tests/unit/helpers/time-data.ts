// Small order tables for the time tests: CSV text in, the analysis date's model out (real native DuckDB).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, type Config } from '../../../src/engine/config';
import { detectFormats } from '../../../src/engine/formats';
import type { Mapping } from '../../../src/engine/mapping';
import { buildModel, resolveAsOf, stage, type Model } from '../../../src/engine/pipeline';
import { guessRoles } from '../../../src/engine/roles';
import { openNodeDb, type NodeDb } from '../../../src/node/duckdb';
import { loadRawFile } from '../../../src/node/load';

const dir = mkdtempSync(join(tmpdir(), 'tierbook-time-'));
let n = 0;

/** Rows `customer_id,order_date,amount` (one line each, no header) as a file. */
export function ordersFile(rows: string[]): string {
  const p = join(dir, `orders-${++n}.csv`);
  writeFileSync(p, `customer_id,order_date,amount\n${rows.join('\n')}\n`);
  return p;
}

export interface Loaded { db: NodeDb; mapping: Mapping; model: Model; config: Config }

/** Loads the orders and builds the model at `asOf` (the SPEC default when null). Close `db` after. */
export async function loadOrders(rows: string[], asOf: string | null, time: Partial<Config['time']> = {}): Promise<Loaded> {
  const db = await openNodeDb();
  const { columns } = await loadRawFile(db, 'orders', ordersFile(rows), {});
  const mapping = (await detectFormats(db, { orders: { columns, roles: guessRoles('orders', columns).roles } } as Mapping)).mapping;
  await stage(db, mapping);
  const config = { ...defaultConfig(), asOf, time: { ...defaultConfig().time, ...time } };
  const model = await buildModel(db, mapping, await resolveAsOf(db, config));
  return { db, mapping, model, config };
}
