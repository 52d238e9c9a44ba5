// A text cell that starts with a byte-order mark (a later mark in the file: docs/semantics.md) is its own
// value, and the export must show it so: quoted, the mark inside the quotes. Unquoted, a line that starts
// with it (the customer id starts each line) lost it to the reader of the line (DuckDB's node client,
// Arrow's decoder), and the customers `7` and `\uFEFF7` both read `7`.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import { describe, expect, test } from 'vitest';
import { Session } from '../../src/engine/session';
import { segmentFiles } from '../../src/node/segment';
import { loadFiles } from '../../workers/load-files';
import { openWasmDb } from './helpers/wasm-db';

const BOM = '\uFEFF';
const CSV = `customer_id,order_date,amount,channel\n7,2024-01-01,5,web\n${BOM}7,2024-01-02,6,${BOM}web\n8,2024-01-03,4,${BOM}\n`;
const columnsOf = (t: Table) => Object.fromEntries(t.schema.fields.map((f) => [f.name, t.getChild(f.name)!.toArray() as Float64Array | Int32Array]));

describe('a cell that starts with a byte-order mark, exported', () => {
  test('is quoted with its mark, on the command line and in the page alike (the same bytes)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tierbook-bom-export-'));
    writeFileSync(join(dir, 'orders.csv'), CSV);
    await segmentFiles({ orders: join(dir, 'orders.csv'), map: [], out: join(dir, 'out.csv') });
    const cli = readFileSync(join(dir, 'out.csv'));
    const lines = cli.toString('utf8').split('\n');
    const header = lines[0].split(',');
    const channel = header.indexOf('channel');
    expect(channel).toBeGreaterThan(0);
    // Byte order: 7, 8, then the id with the mark (EF BB BF).
    expect(lines.slice(1, 4).map((l) => l.split(',')[0])).toEqual(['7', '8', `"${BOM}7"`]);
    expect(lines.slice(1, 4).map((l) => l.split(',')[channel])).toEqual(['web', `"${BOM}"`, `"${BOM}web"`]);
    expect(cli.subarray(cli.indexOf(`\n"${BOM}7"`) + 1, cli.indexOf(`\n"${BOM}7"`) + 7).toString('hex')).toBe('22efbbbf3722');

    // The page's engine (DuckDB-WASM through the worker's load path): every byte the same.
    const db = await openWasmDb();
    const session = new Session(db, async (sql) => columnsOf(db.arrow(sql)));
    const loaded = await loadFiles(db, session, [{ table: 'orders', name: 'orders.csv', source: { bytes: new TextEncoder().encode(CSV) } }], { version: 1 }, { cancelled: () => false });
    expect(loaded.ok).toBe(true);
    const page = Buffer.from(`${(await session.exportLines()).join('\n')}\n`, 'utf8');
    expect(page.toString('hex')).toBe(cli.toString('hex'));
  }, 60_000);
});
