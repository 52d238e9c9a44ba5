// bench:time's generated orders (one line per order item) as one line per order, for the page's benchmarks
// (bench:time's browser and ui parts, bench:clv's worker part) when a file is over the tab's limit.
import { createReadStream, createWriteStream, existsSync, renameSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** The tab's limit on one file (workers/load-files.ts): bench:time's 1M file (757 MiB) is above it. */
export const TAB_LIMIT = 512 * 2 ** 20;

/**
 * bench:time's orders (one line per item, orders consecutive) as one line per order: customer_id,
 * order_id, order_date, amount (the items' sum, in cents). The same customers and purchases in a
 * quarter of the bytes, under the tab's limit; written once beside the original.
 */
export async function ordersByOrder(file: string): Promise<string> {
  const out = file.replace(/\.csv$/, '-by-order.csv');
  if (existsSync(out)) return out;
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  const w = createWriteStream(`${out}.part`);
  let header: string[] | null = null;
  let iCustomer = -1, iOrder = -1, iDate = -1, iAmount = -1;
  let key = '', row = '', cents = 0;
  const flush = async () => { if (key && !w.write(`${row},${(cents / 100).toFixed(2)}\n`)) await once(w, 'drain'); };
  for await (const line of lines) {
    const f = line.split(',');
    if (!header) {
      header = f;
      [iCustomer, iOrder, iDate, iAmount] = ['customer_id', 'order_id', 'order_date', 'amount'].map((c) => header!.indexOf(c));
      w.write('customer_id,order_id,order_date,amount\n');
      continue;
    }
    if (f[iOrder] !== key) {
      await flush();
      key = f[iOrder];
      row = `${f[iCustomer]},${key},${f[iDate]}`;
      cents = 0;
    }
    cents += Math.round(Number(f[iAmount]) * 100);
  }
  await flush();
  w.end();
  await once(w, 'finish');
  renameSync(`${out}.part`, out);
  return out;
}

/** The file the tab can read: `file` itself, or its by-order version when `file` is over the tab's limit. */
export async function tabFile(file: string): Promise<string> {
  return statSync(file).size > TAB_LIMIT ? ordersByOrder(file) : file;
}
