// The command line's counts for the sample data, to hold the page to.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { segmentFiles } from '../../../src/node/segment';

export const RUNGS = ['prospect', 'first_time', 'repeat', 'loyal', 'advocate'];
const SAMPLE = (t: string) => `sample-data/${t}.csv`;

export async function cliColumnCounts(column: string, config?: object): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'tierbook-e2e-'));
  let configFile: string | undefined;
  if (config) {
    configFile = join(dir, 'config.json');
    writeFileSync(configFile, JSON.stringify({ version: 1, ...config }));
  }
  const out = join(dir, 'export.csv');
  await segmentFiles({ orders: SAMPLE('orders'), customers: SAMPLE('customers'), feedback: SAMPLE('feedback'), interactions: SAMPLE('interactions'), config: configFile, map: [], out });
  const lines = readFileSync(out, 'utf8').trim().split('\n');
  const col = lines[0].split(',').indexOf(column);
  const counts: Record<string, number> = {};
  for (const line of lines.slice(1)) counts[line.split(',')[col]] = (counts[line.split(',')[col]] ?? 0) + 1;
  return counts;
}

export async function cliLadder(config?: object): Promise<Record<string, number>> {
  const c = await cliColumnCounts('ladder', config);
  return Object.fromEntries(RUNGS.map((r) => [r, c[r] ?? 0]));
}
