// Line numbers in the load report are lines of the file: a quoted cell's line breaks count, in examples
// and in the rejected-rows download, around malformed rows too. In a workbook a row is a row.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { rejectedLines } from '../../src/engine/pipeline';
import { openNodeDb } from '../../src/node/duckdb';
import { segmentFiles } from '../../src/node/segment';

// line 1 header; a: 2-3; b: 4; c: 5-7; d (malformed): 8; e: 9
const FILE = 'customer_id,order_date,amount,note\na,2024-01-01,10,"two\nlines"\nb,2024-01-02,x,plain\nc,2024-01-03,5,"three\nline\nnote"\nd,2024-01-04,1,too,many\ne,bad-date,1,ok\n';

describe('line numbers count the lines of the file', () => {
  test.each([['LF', FILE], ['CRLF', FILE.replace(/\n/g, '\r\n')]])('%s: examples and the rejected rows', async (_n, text) => {
    const dir = mkdtempSync(join(tmpdir(), 'tierbook-lines-'));
    writeFileSync(join(dir, 'orders.csv'), text);
    const r = await segmentFiles({ orders: join(dir, 'orders.csv'), map: [], out: join(dir, 'out.csv') });
    const lines = r.model.examples.orders!.rows.map((x) => [x.reason, x.line]);
    expect(lines).toEqual([['non_numeric_amount', 4], ['parse_error', 8], ['unparseable_date', 9]]);
  });
  test('the download has the same lines', async () => {
    const { loadRawFile } = await import('../../src/node/load');
    const { guessRoles } = await import('../../src/engine/roles');
    const { stage } = await import('../../src/engine/pipeline');
    const dir = mkdtempSync(join(tmpdir(), 'tierbook-lines-'));
    writeFileSync(join(dir, 'orders.csv'), FILE);
    const db = await openNodeDb();
    const { columns, prepared } = await loadRawFile(db, 'orders', join(dir, 'orders.csv'), {});
    const { readFacts } = await import('../../src/engine/readers/prepare');
    const mapping = { orders: { columns, roles: guessRoles('orders', columns).roles as Record<string, string>, ...readFacts(prepared) } };
    await stage(db, mapping);
    const out = await rejectedLines(db, mapping, 'orders');
    db.close();
    expect(out.slice(1).map((l) => l.split(',')[0])).toEqual(['4', '8', '9']);
  });
});
