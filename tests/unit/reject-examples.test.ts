// The load report's examples are the first rows of each reason in file order, with their lines and cells:
// checked on seeded files with thousands of rejects (quoted line breaks moving the lines) against the
// rejected-rows download (every rejected row, in file order), an independent query.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, test } from 'vitest';
import { autoRoles, type Mapping } from '../../src/engine/mapping';
import { detectAndStage, rejectedLines } from '../../src/engine/pipeline';
import { EXAMPLES_PER_REASON, rejectExamplesSql, type RejectExample } from '../../src/engine/sql/rejected';
import { openNodeDb, type NodeDb } from '../../src/node/duckdb';
import { loadRawFile } from '../../src/node/load';
import { prng } from '../reference/clv';

const dir = mkdtempSync(join(tmpdir(), 'tierbook-examples-'));
const opened: NodeDb[] = [];
afterAll(() => opened.forEach((db) => db.close()));

function ordersFile(seed: number, rows: number): string {
  const r = prng(seed);
  const out = ['customer_id,order_date,amount,note'];
  for (let i = 0; i < rows; i++) {
    const k = r();
    const id = k < 0.2 ? '' : `c${Math.floor(r() * 300)}`;
    const date = k > 0.2 && k < 0.35 ? '2024-02-30' : `2024-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 10)}`;
    const amount = k > 0.35 && k < 0.45 ? 'n/a' : k > 0.45 && k < 0.5 ? '1e30' : (r() * 100).toFixed(2);
    // A quoted cell with a line break now and then: later rows' lines move down by one.
    const note = r() < 0.05 ? '"two\nlines"' : 'x';
    out.push(`${id},${date},${amount},${note}`);
  }
  return out.join('\n') + '\n';
}

describe('examples are the first rejected rows of each reason, in file order', () => {
  test.each([1, 2, 3])('seed %i, 3,000 rows', async (seed) => {
    const path = join(dir, `orders-${seed}.csv`);
    writeFileSync(path, ordersFile(seed, 3000));
    const db = await openNodeDb();
    opened.push(db);
    const { columns } = await loadRawFile(db, 'orders', path);
    const staged = await detectAndStage(db, { orders: { columns, roles: autoRoles('orders', columns) } } as Mapping);
    const mapping = staged.mapping;
    const examples = (await db.rows<RejectExample>(rejectExamplesSql('orders', mapping.orders))).map((e) => ({ reason: e.reason, line: Number(e.line), cells: [...(e.cells as Iterable<string | null>)] }));

    // Every rejected row in file order, as the download writes it: the first few per reason.
    const all = parse((await rejectedLines(db, mapping, 'orders')).join('\n'), { columns: true }) as Record<string, string>[];
    const expected = new Map<string, Record<string, string>[]>();
    for (const row of all) {
      const list = expected.get(row.reason) ?? [];
      if (list.length < EXAMPLES_PER_REASON) list.push(row);
      expected.set(row.reason, list);
    }
    expect(expected.size).toBeGreaterThanOrEqual(4);
    const want = [...expected.values()].flat()
      .map((row) => ({ reason: row.reason, line: Number(row.line), cells: columns.map((c) => (row[c] === '' ? null : row[c])) }))
      .sort((a, b) => (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : a.line - b.line));
    expect(examples).toEqual(want);
  });
});
