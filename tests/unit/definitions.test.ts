// Every parameter with a slider and every metric a cell can rank by has a short definition, in both languages.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { DICTS } from '../../src/app/i18n';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.svelte') ? [join(dir, e.name)] : []));
}
const params = [...new Set(sources('src/app').flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/<Param [^>]*path="([a-zA-Z.]+)"/g)].map((m) => m[1])))];
const metrics = ['monetary', 'profit', 'aov', 'purchases', 'purchase_rate', 'categories', 'recency', 'tenure', 'touches'];

test('the parameters were found', () => expect(params.length).toBeGreaterThanOrEqual(19));
test.each(['en', 'zh'] as const)('%s: a definition for every parameter and metric', (lang) => {
  const missing = [...params, ...metrics].filter((k) => !(DICTS[lang].definitions[k]?.length > 10));
  expect(missing).toEqual([]);
});
