// The CDNOW sample (tests/fixtures/cdnow) loaded as the command line loads it: whitespace-aligned, no header,
// customer_id = column_2, order_date = column_3 (yyyymmdd), amount = column_5, no order_id.
import { readFileSync, writeFileSync } from 'node:fs';
import { detectFormats } from '../../../src/engine/formats';
import type { Mapping } from '../../../src/engine/mapping';
import { stage } from '../../../src/engine/pipeline';
import { linesOf } from '../../../src/engine/readers/prepare';
import { loadRawFile } from '../../../src/node/load';
import type { NodeDb } from '../../../src/node/duckdb';

export const CDNOW = 'tests/fixtures/cdnow/CDNOW_sample.txt';
export const CDNOW_SUMMARY = 'tests/fixtures/cdnow/cdnow_customers_summary.csv';
export const CDNOW_MAPS = ['orders.customer_id=column_2', 'orders.order_date=column_3', 'orders.amount=column_5'];
export const CDNOW_READ = { delimiter: 'whitespace', header: false } as const;

export async function loadCdnow(db: NodeDb, path = CDNOW): Promise<Mapping> {
  const { columns, prepared } = await loadRawFile(db, 'orders', path, CDNOW_READ);
  const raw = { orders: { columns, roles: { customer_id: 'column_2', order_date: 'column_3', amount: 'column_5' }, ...linesOf(prepared), dateFormat: 'yyyymmdd' } } as Mapping;
  const mapping = (await detectFormats(db, raw)).mapping;
  await stage(db, mapping);
  return mapping;
}

/** The sample's lines in another order (a fixed permutation), written to `to`. */
export function shuffledCdnow(to: string): void {
  const lines = readFileSync(CDNOW, 'utf8').split('\n').filter((l) => l.trim());
  let seed = 7;
  for (let i = lines.length - 1; i > 0; i--) {
    seed = (seed * 48271) % 2147483647;
    const j = seed % (i + 1);
    [lines[i], lines[j]] = [lines[j], lines[i]];
  }
  writeFileSync(to, lines.join('\n') + '\n');
}
