// The loopback ClickHouse server (src/node/ch-loopback.ts: chdb behind ClickHouse's HTTP interface) with
// CSV files loaded as String tables of one database, for docs/scale.md's worked example:
//   CLICKHOUSE_USER=analyst CLICKHOUSE_PASSWORD=… npx tsx scripts/ch-loopback.ts [--port 8123] [--database shop] FILE.csv …
// Each FILE becomes DATABASE.<its name without extensions>; the server runs until Ctrl-C.
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startLoopback } from '../src/node/ch-loopback';

const { values, positionals } = parseArgs({ options: { port: { type: 'string' }, database: { type: 'string' } }, allowPositionals: true });
const database = values.database ?? 'shop';
const lb = await startLoopback({ user: process.env.CLICKHOUSE_USER || 'default', password: process.env.CLICKHOUSE_PASSWORD ?? '', port: values.port ? Number(values.port) : undefined });
await lb.admin(`CREATE DATABASE ${database}`);
for (const file of positionals) {
  const table = basename(file).replace(/\..*$/, '');
  const structure = readFileSync(file, 'utf8').split('\n', 1)[0].split(',').map((c) => `\`${c}\` Nullable(String)`).join(', ');
  await lb.admin(`CREATE TABLE ${database}.${table} (${structure}) ENGINE = MergeTree ORDER BY tuple()`);
  await lb.admin(`INSERT INTO ${database}.${table} SELECT * FROM file('${resolve(file)}', CSVWithNames, '${structure}')`);
  process.stdout.write(`${database}.${table}: ${(await lb.admin(`SELECT count() FROM ${database}.${table}`)).trim()} rows\n`);
}
process.stdout.write(`ClickHouse HTTP interface (chdb loopback) at ${lb.url}\n`);
process.on('SIGINT', () => { lb.close().then(() => process.exit(0)); });
