// `npm run segment` runs scripts/segment.ts bundled (scripts/segment-run.mjs): the same bytes as the
// script under tsx, and a bundle built again whenever a file it was built from changed.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'tierbook-segment-run-'));
// Inside the project (the bundle imports its packages from node_modules), but not the one `npm run segment` uses.
mkdirSync('node_modules/.cache', { recursive: true });
const cache = mkdtempSync(join('node_modules/.cache', 'tierbook-segment-test-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));
const args = (out: string) => ['--orders', 'sample-data/orders.csv', '--customers', 'sample-data/customers.csv', '--out', out, '--bundle', `${out}.zip`];
const bundled = (out: string) => exec('npm', ['run', '-s', 'segment', '--', ...args(out)], { env: { ...process.env, TIERBOOK_SEGMENT_CACHE: cache } });
const manifest = () => JSON.parse(readFileSync(join(cache, 'manifest.json'), 'utf8')) as { dir: string; inputs: [string, number, number][] };

describe('npm run segment (bundled)', () => {
  test('writes what the script under tsx writes, byte for byte, and its report', async () => {
    const [a, b] = [join(dir, 'tsx.csv'), join(dir, 'bundled.csv')];
    const viaTsx = await exec('node', ['--import', 'tsx', 'scripts/segment.ts', ...args(a)]);
    const viaBundle = await bundled(b);
    expect(readFileSync(b).equals(readFileSync(a))).toBe(true);
    expect(readFileSync(`${b}.zip`).equals(readFileSync(`${a}.zip`))).toBe(true);
    expect(viaBundle.stderr.replaceAll(b, a)).toBe(viaTsx.stderr);
    // Built from the project's own sources, which the manifest lists with their sizes and times.
    const files = manifest().inputs.map(([f]) => f);
    expect(files).toEqual(expect.arrayContaining(['scripts/segment.ts', 'src/node/segment.ts', 'src/engine/pipeline.ts']));
    expect(files.some((f) => f.startsWith('node_modules/'))).toBe(false);
  }, 120_000);

  test('a changed source means a new bundle; an unchanged one is reused', async () => {
    const before = manifest();
    await bundled(join(dir, 'again.csv'));
    expect(manifest().dir).toBe(before.dir);
    // As if src/engine/pipeline.ts had been edited since the build.
    writeFileSync(join(cache, 'manifest.json'), JSON.stringify({ ...before, inputs: before.inputs.map(([f, t, s]) => [f, f === 'src/engine/pipeline.ts' ? t - 1000 : t, s]) }));
    const out = join(dir, 'rebuilt.csv');
    await bundled(out);
    expect(manifest().dir).not.toBe(before.dir);
    expect(readdirSync(cache).filter((d) => d.startsWith('b-'))).toHaveLength(2);
    expect(readFileSync(out).equals(readFileSync(join(dir, 'tsx.csv')))).toBe(true);
  }, 120_000);

  test('where no bundle can be written, the script runs under tsx and says so', async () => {
    const out = join(dir, 'unbundled.csv');
    const r = await exec('node', ['scripts/segment-run.mjs', ...args(out)], { env: { ...process.env, TIERBOOK_SEGMENT_CACHE: '/proc/no-such-dir' } });
    expect(r.stderr.split('\n')[0]).toMatch(/^segment: running without the bundle \(.*\/proc\/no-such-dir/);
    expect(readFileSync(out).equals(readFileSync(join(dir, 'tsx.csv')))).toBe(true);
  }, 120_000);
});
