// A build step: dist/sw.js, a service worker that keeps every built file, so the app opens and runs
// with the network off after one visit (a demo on a plane). Cache-first for same-origin GETs only.
// Every response it gives carries the security headers (scripts/security-headers.ts), whatever the
// host sent when the file was cached: a worker's policy is the one on its script's response.
import { createHash } from 'node:crypto';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import { SECURITY_HEADERS } from './security-headers.ts';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}

/** The second DuckDB build is only for browsers without wasm exceptions: cached when used, not up front. */
const ON_DEMAND = /duckdb-mvp-.*\.wasm$/;
/** Written for the host, not served by it (Netlify, Cloudflare Pages): precaching it would fail the install. */
const HOST_ONLY = ['sw.js', '_headers'];

export function swSource(precache: string[], version: string, headers: Readonly<Record<string, string>> = SECURITY_HEADERS): string {
  return `// Generated at build (scripts/service-worker.ts). Keeps the app's own files for offline use.
const CACHE = 'tierbook-${version}';
const PRECACHE = ${JSON.stringify(precache)};
const HEADERS = ${JSON.stringify(headers)};
// The response with the security headers. One that has them already (as the host sent it) is served as
// is, which keeps what the browser attaches to it (compiled wasm); any other is rebuilt: the same bytes,
// status and headers, with the security headers set (a cached response's headers are immutable).
function secured(res) {
  if (Object.entries(HEADERS).every(([k, v]) => res.headers.get(k) === v)) return res;
  const headers = new Headers(res.headers);
  for (const [k, v] of Object.entries(HEADERS)) headers.set(k, v);
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}
self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(PRECACHE)).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k.startsWith('tierbook-') && k !== CACHE).map((k) => caches.delete(k)))).then(() => self.clients.claim()));
});
self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== self.location.origin) return;
  // The page itself: any address of the app (a config link's fragment never reaches here) is index.html.
  const key = e.request.mode === 'navigate' ? new Request('./') : e.request;
  e.respondWith(caches.open(CACHE).then(async (c) => {
    // ignoreVary: precached without an Origin header, asked for with one (module scripts), same bytes.
    const hit = await c.match(key, { ignoreVary: true, ignoreSearch: e.request.mode === 'navigate' });
    if (hit) return secured(hit);
    const res = await fetch(e.request);
    if (res.ok && e.request.mode !== 'navigate') c.put(e.request, res.clone());
    return secured(res);
  }));
});
`;
}

export function serviceWorker(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'tierbook-service-worker',
    apply: 'build',
    configResolved(c) { config = c; },
    closeBundle() {
      const out = config.build.outDir;
      const all = files(out).map((f) => relative(out, f).split('\\').join('/')).filter((f) => !HOST_ONLY.includes(f)).sort();
      const precache = ['./', ...all.filter((f) => f !== 'index.html' && !ON_DEMAND.test(f)).map((f) => `./${f}`)];
      const version = createHash('sha256').update(all.join('\n')).digest('hex').slice(0, 12);
      writeFileSync(join(out, 'sw.js'), swSource(precache, version));
    },
  };
}
