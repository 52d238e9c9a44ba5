// npm run segment -- --orders FILE [--customers FILE] [--feedback FILE] [--interactions FILE]
//   [--config FILE] [--map TABLE.ROLE=COLUMN ...] [--amount "EXPR"] [--as-of YYYY-MM-DD] --out FILE
import { parseArgs } from 'node:util';
import { segmentFiles, UsageError, formatReport } from '../src/node/segment';

const USAGE = `usage: npm run segment -- --orders FILE [--customers FILE] [--feedback FILE] [--interactions FILE]
       [--config FILE] [--map TABLE.ROLE=COLUMN ...] [--amount "EXPR"] [--as-of YYYY-MM-DD] --out FILE`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        orders: { type: 'string' }, customers: { type: 'string' }, feedback: { type: 'string' },
        interactions: { type: 'string' }, config: { type: 'string' }, map: { type: 'string', multiple: true },
        amount: { type: 'string' }, 'as-of': { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`segment: ${(e as Error).message.split("\n")[0]} (see --help)\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    const result = await segmentFiles({
      orders: values.orders, customers: values.customers, feedback: values.feedback,
      interactions: values.interactions, config: values.config, map: values.map ?? [],
      amount: values.amount, asOf: values['as-of'], out: values.out,
    });
    process.stderr.write(formatReport(result));
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`segment: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

main().then((code) => process.exit(code));
