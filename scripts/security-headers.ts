// The one source of the app's security headers (docs/privacy.md): the page's <meta> policy, the headers
// of `vite preview`/`vite dev`, the service worker's responses, the `_headers` file in dist/ and the
// nginx snippet in the docs are all made from these constants, and tests compare them.
import type { Plugin } from 'vite';

/**
 * Everything the app loads is its own: scripts, the engine worker and the service worker, the DuckDB wasm
 * (`'wasm-unsafe-eval'` compiles it; no JavaScript eval), the sample data. Images are its own, `data:`
 * (small inlined assets, the favicon) and `blob:` (a chart drawn to a canvas for PNG). Styles may be
 * inline (Svelte and Observable Plot set them). Nothing else: no frames, media, fonts or manifest from
 * anywhere, no plugins, no <base>, no form posts, and the app may not be framed.
 */
const DIRECTIVES: [string, string][] = [
  ['default-src', "'none'"],
  ['script-src', "'self' 'wasm-unsafe-eval'"],
  ['worker-src', "'self'"],
  ['connect-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data: blob:"],
  ['font-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

const policy = (ds: [string, string][]) => ds.map(([k, v]) => `${k} ${v}`).join('; ');

/** The Content-Security-Policy header of every response: the page, the workers' scripts, every asset. */
export const CSP = policy(DIRECTIVES);

/** The same policy in the page's <meta> tag, for a host that sends no headers; a <meta> cannot carry frame-ancestors. */
export const META_CSP = policy(DIRECTIVES.filter(([k]) => k !== 'frame-ancestors'));

/** The <meta> element as it stands in the built page. */
export function metaTag(): string {
  return `<meta http-equiv="Content-Security-Policy" content="${META_CSP}" />`;
}

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** Netlify / Cloudflare Pages `_headers`: every path of the site. */
export function headersFile(): string {
  return `/*\n${Object.entries(SECURITY_HEADERS).map(([k, v]) => `  ${k}: ${v}\n`).join('')}`;
}

/** nginx, inside the `server` or `location` block serving dist/ (`always`: error responses too). */
export function nginxSnippet(): string {
  return Object.entries(SECURITY_HEADERS).map(([k, v]) => `add_header ${k} "${v}" always;\n`).join('');
}

/** index.html with the <meta> policy right after the charset (which must come first), before anything it governs. */
export function withMetaCsp(html: string): string {
  const charset = /<meta charset="[^"]*"\s*\/?>/i;
  if (!charset.test(html)) throw new Error('index.html: no <meta charset> to put the Content-Security-Policy after');
  return html.replace(charset, (m) => `${m}\n    ${metaTag()}`);
}

/** A connect middleware: the headers on the response, whatever serves it next. */
export function setSecurityHeaders(_req: unknown, res: { setHeader(k: string, v: string): unknown }, next: () => void): void {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
  next();
}

/** The page's <meta> policy, preview and dev headers on every response, and dist/_headers. */
export function securityHeaders(): Plugin {
  return {
    name: 'tierbook-security-headers',
    transformIndexHtml: withMetaCsp,
    // Registered before Vite's own middlewares: every response, the worker scripts and 404s included.
    configureServer: (server) => { server.middlewares.use(setSecurityHeaders); },
    configurePreviewServer: (server) => { server.middlewares.use(setSecurityHeaders); },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '_headers', source: headersFile() });
    },
  };
}
