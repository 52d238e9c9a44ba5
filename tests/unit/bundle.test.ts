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
    for (const name of Object.keys(files)) if (!name.endsWith('1-staging.sql')) expect(strFromU8(cliFiles[name]), name).toBe(strFromU8(files[name]));
  });
});
