// The reproducible export bundle: the same bytes from the session (the browser's path) and the command
// line; the config hash is the config's; the SQL in it reproduces the export.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, test } from 'vitest';
import { sha256Hex } from '../../src/engine/bundle';
import { segmentFiles } from '../../src/node/segment';
import { openNodeDb } from '../../src/node/duckdb';
import { run, orders } from './harness';

describe('export bundle', () => {
  test('the command line and the session write the same bundle; its parts agree', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tierbook-bundle-'));
    const csv = 'customer_id,order_date,amount\na,2024-01-01,10\na,2024-02-01,20\nb,2024-01-15,5\n,2024-01-01,1\n';
    writeFileSync(join(dir, 'orders.csv'), csv);
    const config = { version: 1, ladder: { loyalMinPurchases: 2 }, strategy: { exportLanguage: 'zh' } };
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    await segmentFiles({ orders: join(dir, 'orders.csv'), config: join(dir, 'config.json'), map: [], out: join(dir, 'out.csv'), bundle: join(dir, 'out.zip') });
    const cli = readFileSync(join(dir, 'out.zip'));

    const db = await openNodeDb();
    const r = await run({ orders: orders(['a', '2024-01-01', '10'], ['a', '2024-02-01', '20'], ['b', '2024-01-15', '5'], ['', '2024-01-01', '1']) }, config, {}, db);
    const files = unzipSync(await r.session.exportBundle());
    const again = await r.session.exportBundle();
    db.close();
    const text = (name: string) => strFromU8(files[`tierbook-export/${name}`]);
    expect(Object.keys(files).sort()).toEqual(['README.txt', 'clv.json', 'config.json', 'config.sha256', 'customers.csv', 'load-report.json', 'sql/1-staging.sql', 'sql/2-clv-inputs.sql', 'sql/2-model.sql', 'sql/3-labels.sql', 'sql/4-export.sql'].map((f) => `tierbook-export/${f}`).sort());
    expect(text('customers.csv')).toBe(readFileSync(join(dir, 'out.csv'), 'utf8'));
    expect(text('config.sha256')).toBe(`${await sha256Hex(text('config.json'))}  config.json\n`);
    expect(JSON.parse(text('config.json'))).toMatchObject(config);
    expect(JSON.parse(text('load-report.json')).tables[0]).toMatchObject({ table: 'orders', read: 4, used: 3, rejected: { empty_customer_id: 1 } });
    expect(text('sql/3-labels.sql')).toContain('strategy_key');
    // Same data, mapping and config: the bytes are the command line's.
    const cliFiles = unzipSync(new Uint8Array(cli));
    for (const name of Object.keys(files)) expect(strFromU8(cliFiles[name]), name).toBe(strFromU8(files[name]));
    expect(Buffer.from(again)).toEqual(cli);
  });

  test('its staging SQL stages any file of those columns: the checks the read of this one made needless are kept', async () => {
    // A file whose cells are all plain (so its own staging leaves trims and patterns out)…
    const dir = mkdtempSync(join(tmpdir(), 'tierbook-bundle-'));
    writeFileSync(join(dir, 'orders.csv'), 'customer_id,order_date,amount\na,2024-01-01,10\nb,2024-01-15,5\n');
    await segmentFiles({ orders: join(dir, 'orders.csv'), map: [], out: join(dir, 'out.csv'), bundle: join(dir, 'out.zip') });
    const staging = strFromU8(unzipSync(new Uint8Array(readFileSync(join(dir, 'out.zip'))))['tierbook-export/sql/1-staging.sql']);
    // …and another with padded ids and amounts and a day with a time, read by that SQL as a file without facts is.
    const db = await openNodeDb();
    try {
      await db.exec(`CREATE TABLE raw_orders AS SELECT * FROM (VALUES (1, ' a ', '2024-01-01', ' 7'), (2, 'b\t', '2024-01-02 10:00', '2')) v(__row, customer_id, order_date, amount)`);
      for (const sql of staging.split(';\n\n').map((s) => s.trim().replace(/;$/, '')).filter(Boolean)) {
        if (!/raw_(customers|feedback|interactions)/.test(sql)) await db.exec(sql);
      }
      const rows = await db.rows<{ customer_id: string; reason: string | null; amount: number; d: string }>('SELECT customer_id, reason, CAST(amount AS DOUBLE) AS amount, CAST(day AS VARCHAR) AS d FROM stg_orders ORDER BY __row');
      expect(rows.map((r) => [r.customer_id, r.reason, r.amount, r.d])).toEqual([['a', null, 7, '2024-01-01'], ['b', null, 2, '2024-01-02']]);
    } finally {
      db.close();
    }
  });
});
