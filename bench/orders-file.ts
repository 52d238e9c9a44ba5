// The large orders file of bench:load and bench:engines: `rows` orders for rows/10 customers over two years
// (customer_id, order_date, amount), written once under $TIERBOOK_BENCH_DATA and reused.
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BENCH_DATA = process.env.TIERBOOK_BENCH_DATA ?? join(tmpdir(), 'tierbook-bench-data');

export async function ordersFile(rows: number): Promise<string> {
  const dir = join(BENCH_DATA, `load-${rows}`);
  const file = join(dir, 'orders.csv');
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const out = createWriteStream(file);
  out.write('customer_id,order_date,amount\n');
  const customers = Math.max(1, Math.floor(rows / 10));
  const day0 = Date.UTC(2023, 0, 1);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const c = (i * 7919) % customers;
    chunk += `C${c},${new Date(day0 + ((i * 31) % 730) * 86_400_000).toISOString().slice(0, 10)},${((i * 37) % 20000) / 100 + 1}\n`;
    if (chunk.length > 1 << 20) { if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r())); chunk = ''; }
  }
  out.write(chunk);
  await new Promise<void>((r) => out.end(() => r()));
  return file;
}
