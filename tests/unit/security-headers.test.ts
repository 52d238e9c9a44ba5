// One policy, every place it is delivered (docs/privacy.md): the page's <meta>, the preview/dev headers,
// the service worker's responses and the docs a host follows all carry exactly scripts/security-headers.ts.
import { readFileSync } from 'node:fs';
import { createContext, runInContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { CSP, headersFile, META_CSP, metaTag, nginxSnippet, SECURITY_HEADERS, securityHeaders, setSecurityHeaders, withMetaCsp } from '../../scripts/security-headers';
import { swSource } from '../../scripts/service-worker';

const directives = (policy: string) => Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0], d.slice(d.indexOf(' ') + 1)]));

describe('the policy', () => {
  test('denies by default; only what the app itself needs is allowed, and it cannot be framed', () => {
    expect(directives(CSP)).toEqual({
      'default-src': "'none'",
      'script-src': "'self' 'wasm-unsafe-eval'",
      'worker-src': "'self'",
      'connect-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data: blob:",
      'font-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    });
    expect(SECURITY_HEADERS).toEqual({ 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
  });

  test('the <meta> policy is the header policy less frame-ancestors (which a <meta> cannot carry)', () => {
    expect(`${META_CSP}; frame-ancestors 'none'`).toBe(CSP);
    expect(metaTag()).toBe(`<meta http-equiv="Content-Security-Policy" content="${META_CSP}" />`);
  });
});

describe('where it is delivered', () => {
  test('index.html has no policy of its own; the build puts the <meta> right after the charset', () => {
    const source = readFileSync('index.html', 'utf8');
    expect(source).not.toContain('Content-Security-Policy');
    expect(withMetaCsp(source)).toContain(`<meta charset="UTF-8" />\n    ${metaTag()}\n`);
    expect(() => withMetaCsp('<head></head>')).toThrow('no <meta charset>');
    expect(securityHeaders().transformIndexHtml).toBe(withMetaCsp);
  });

  test('preview and dev: every response gets the three headers, then goes on', () => {
    const set: Record<string, string> = {};
    let nextCalled = false;
    setSecurityHeaders({}, { setHeader: (k: string, v: string) => { set[k] = v; } }, () => { nextCalled = true; });
    expect(set).toEqual(SECURITY_HEADERS);
    expect(nextCalled).toBe(true);
    for (const hook of ['configurePreviewServer', 'configureServer'] as const) {
      const used: unknown[] = [];
      (securityHeaders()[hook] as (s: unknown) => void)({ middlewares: { use: (f: unknown) => used.push(f) } });
      expect(used).toEqual([setSecurityHeaders]);
    }
  });

  test('docs/privacy.md gives a host exactly these headers: the table, the nginx snippet and the _headers file', () => {
    const doc = readFileSync('docs/privacy.md', 'utf8');
    expect(doc).toContain('```nginx\n' + nginxSnippet() + '```');
    expect(doc).toContain('```\n' + headersFile() + '```');
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) expect(doc).toContain(`| \`${k}\` | \`${v}\` |`);
  });
});

/** The generated service worker, run against a fake cache and network: what it answers for a request. */
async function serviceWorkerAnswer(cached: Response | null, network: Response, mode = 'cors'): Promise<Response> {
  const handlers: Record<string, (e: unknown) => void> = {};
  const put: string[] = [];
  // Relative to the worker's own address, as in a browser.
  const WorkerRequest = class extends Request { constructor(url: string, init?: RequestInit) { super(new URL(url, 'http://app.test/'), init); } };
  const context = createContext({
    Headers, Response, Request: WorkerRequest, URL, Object, Promise,
    self: { addEventListener: (type: string, f: (e: unknown) => void) => { handlers[type] = f; }, location: { origin: 'http://app.test' } },
    caches: { open: async () => ({ match: async () => cached?.clone() ?? undefined, put: async (r: Request) => { put.push(r.url); } }) },
    fetch: async () => network.clone(),
  });
  runInContext(swSource(['./'], 'test'), context);
  let answer: Promise<Response> | null = null;
  handlers.fetch({ request: { url: 'http://app.test/assets/engine.worker-x.js', method: 'GET', mode }, respondWith: (p: Promise<Response>) => { answer = p; } });
  expect(answer).not.toBeNull();
  return answer!;
}

describe('the service worker sets the headers on every response it serves', () => {
  const host = () => new Response('self.onmessage = () => {}', { status: 200, statusText: 'OK', headers: { 'Content-Type': 'text/javascript', 'X-Content-Type-Options': 'sniff-me' } });

  for (const [what, cached] of [['from its cache', host()], ['from the network (a file not precached)', null]] as const)
    test(what, async () => {
      const res = await serviceWorkerAnswer(cached, host());
      expect(Object.fromEntries(Object.keys(SECURITY_HEADERS).map((k) => [k, res.headers.get(k)]))).toEqual(SECURITY_HEADERS);
      // The same file otherwise: status, type and bytes.
      expect([res.status, res.statusText, res.headers.get('Content-Type'), await res.text()]).toEqual([200, 'OK', 'text/javascript', 'self.onmessage = () => {}']);
    });

  test('a cached response served as the page (a navigation) too', async () => {
    const page = new Response('<!doctype html>', { headers: { 'Content-Type': 'text/html' } });
    const res = await serviceWorkerAnswer(page, new Response('never'), 'navigate');
    expect(res.headers.get('Content-Security-Policy')).toBe(CSP);
    expect(await res.text()).toBe('<!doctype html>');
  });

  test('a response that already carries them (as the host sent it) is served as is', async () => {
    const headers = { 'Content-Type': 'application/wasm', ...SECURITY_HEADERS };
    const cached = new Response(new Uint8Array([0, 97, 115, 109]), { headers });
    let served: Response | null = null;
    const handlers: Record<string, (e: unknown) => void> = {};
    const context = createContext({
      Headers, Response, URL, Object, Promise, Request,
      self: { addEventListener: (type: string, f: (e: unknown) => void) => { handlers[type] = f; }, location: { origin: 'http://app.test' } },
      caches: { open: async () => ({ match: async () => cached }) },
    });
    runInContext(swSource(['./'], 'test'), context);
    handlers.fetch({ request: { url: 'http://app.test/assets/duckdb-eh.wasm', method: 'GET', mode: 'cors' }, respondWith: (p: Promise<Response>) => { void p.then((r) => { served = r; }); } });
    await new Promise((r) => setTimeout(r, 10));
    expect(served).toBe(cached);
  });

  test('the generated worker names the headers of scripts/security-headers.ts', () => {
    expect(swSource(['./'], 'v')).toContain(`const HEADERS = ${JSON.stringify(SECURITY_HEADERS)};`);
  });
});
