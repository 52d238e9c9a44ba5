import { readFileSync } from 'node:fs';
import { test, expect } from 'vitest';
import { openWasmDb } from '../tests/unit/helpers/wasm-db';
import { ingest } from '../workers/ingest';
test('w', async () => {
  const db = await openWasmDb();
  for (const f of ['mal.csv', 'lines.csv', 'mixed.csv', 'cut-mid.csv.gz', 'full.csv.gz', 'junk3.csv', 'long40.csv']) {
    const bytes = readFileSync('/tmp/rd/' + f);
    try {
      const t0 = Date.now();
      await ingest(db, { table: 'orders', name: f, source: { file: new File([bytes], f) } } as never, { progress: () => {}, cancelled: () => false });
      console.log(f, Date.now() - t0, await db.rows('select count(*)::INT n from raw_orders'), await db.rows('select line::INT line, reason, left(text, 40) t from parse_errors_orders'), await db.rows('select row::INT r, line::INT l from lines_orders'));
    } catch (e) { console.log(f, 'ERR', String(e)); }
  }
}, 120000);
