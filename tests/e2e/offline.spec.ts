// Privacy and offline: the built files name no other host, the page's CSP allows only its own origin,
// and after one visit the app opens and computes with the network off.
import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { foreignUrls, foreignUrlsInBytes } from '../../scripts/no-foreign-urls';
import { CSP, headersFile, META_CSP } from '../../scripts/security-headers';
import { engineReady } from './helpers/ready';

const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));

test('the built JavaScript, CSS and HTML contain no URL of another host', () => {
  const text = files('dist').filter((f) => /\.(js|css|html)$/.test(f));
  expect(text.length).toBeGreaterThan(3);
  expect(text.flatMap((f) => foreignUrls(readFileSync(f, 'utf8')).map((u) => `${f}: ${u}`))).toEqual([]);
});

test('the DuckDB wasm binaries as built contain no URL of another host either', () => {
  const wasm = files('dist').filter((f) => f.endsWith('.wasm'));
  expect(wasm.length).toBe(2);
  expect(wasm.flatMap((f) => foreignUrlsInBytes(readFileSync(f)).map((u) => `${f}: ${u}`))).toEqual([]);
});

test('the built page carries a strict Content-Security-Policy, the one the headers send (less frame-ancestors)', () => {
  const html = readFileSync('dist/index.html', 'utf8');
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  expect(csp).toBe(META_CSP);
  expect(`${csp}; frame-ancestors 'none'`).toBe(CSP);
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v.join(' ')]));
  expect(directives).toMatchObject({
    'default-src': "'none'", 'script-src': "'self' 'wasm-unsafe-eval'", 'worker-src': "'self'", 'connect-src': "'self'",
    'object-src': "'none'", 'base-uri': "'none'", 'form-action': "'none'",
  });
  // Before anything it governs: right after the charset.
  expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
});

test('dist/_headers gives a static host every security header', () => {
  expect(readFileSync('dist/_headers', 'utf8')).toBe(headersFile());
});

test('after one visit the app reloads and computes with the network off', async ({ page, context }) => {
  await page.goto('/');
  await engineReady(page);
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await context.setOffline(true);
  await page.reload();
  await engineReady(page, '6,000');
  const loyal = page.getByLabel('Loyal: minimum purchases (value)', { exact: true });
  await loyal.fill('6');
  await loyal.press('Enter');
  await expect(page.locator('main')).not.toHaveClass(/updating/);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(Buffer.concat(await (await dl.createReadStream()).toArray()).toString().trim().split('\n')).toHaveLength(6001);
  await context.setOffline(false);
});
