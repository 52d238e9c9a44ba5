// The CDNOW sample (tests/fixtures/cdnow) loaded as the command line loads it: whitespace-aligned, no header,
// customer_id = column_2, order_date = column_3 (yyyymmdd), amount = column_5, no order_id.
import { readFileSync, writeFileSync } from 'node:fs';
import { detectFormats } from '../../../src/engine/formats';
import type { Mapping } from '../../../src/engine/mapping';
import { buildModel, exportLines, stage } from '../../../src/engine/pipeline';
import { parseConfig } from '../../../src/engine/config';
import { readFacts } from '../../../src/engine/readers/prepare';
import { loadRawFile } from '../../../src/node/load';
import { openNodeDb, type NodeDb } from '../../../src/node/duckdb';

export const CDNOW = 'tests/fixtures/cdnow/CDNOW_sample.txt';
export const CDNOW_SUMMARY = 'tests/fixtures/cdnow/cdnow_customers_summary.csv';
export const CDNOW_MAPS = ['orders.customer_id=column_2', 'orders.order_date=column_3', 'orders.amount=column_5'];
export const CDNOW_READ = { delimiter: 'whitespace', header: false } as const;

export async function loadCdnow(db: NodeDb, path = CDNOW): Promise<Mapping> {
  const { columns, prepared } = await loadRawFile(db, 'orders', path, CDNOW_READ);
  const raw = { orders: { columns, roles: { customer_id: 'column_2', order_date: 'column_3', amount: 'column_5' }, ...readFacts(prepared), dateFormat: 'yyyymmdd' } } as Mapping;
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

/** The command line's export of the sample under `config` (native pipeline, the fit inside the model build). */
export async function cdnowCliLines(config: object): Promise<string[]> {
  const cli = await openNodeDb();
  try {
    const m = await loadCdnow(cli);
    const parsed = parseConfig(config);
    if (!parsed.ok) throw new Error(parsed.error);
    const model = await buildModel(cli, m, parsed.config.asOf ?? '1997-10-01');
    return await exportLines(cli, m, parsed.config, model);
  } finally {
    cli.close();
  }
}
