// A build step: no URL of another host stays in the built files. Libraries carry inert ones (Svelte's
// error-page links, DuckDB-WASM's CDN helper we never call, documentation links and the extension
// repository in DuckDB's wasm); they become about:blank. In the wasm the replacement has the same byte
// length, so no offset moves. Namespace names (XML, SVG, OOXML, JSON Schema) are identifiers compared
// as text, never fetched, and stay (docs/privacy.md).
import type { Plugin } from 'vite';

export const NAMESPACE_HOSTS = ['www.w3.org', 'purl.oclc.org', 'schemas.openxmlformats.org', 'json-schema.org'];

const URL_PATTERN = /https?:\/\/([a-zA-Z0-9.-]+)[^\s"'`)<>\\]*/g;

export function foreignUrls(text: string): string[] {
  return [...text.matchAll(URL_PATTERN)].filter((m) => !NAMESPACE_HOSTS.includes(m[1])).map((m) => m[0]);
}

export function stripForeignUrls(code: string): string {
  return code.replace(URL_PATTERN, (url, host: string) => (NAMESPACE_HOSTS.includes(host) ? url : 'about:blank'));
}

/** URLs in binary text: printable ASCII up to a NUL, blank or quote. */
const BINARY_URL = /https?:\/\/([a-zA-Z0-9.-]+)[\x21-\x7e]*/g;

export function foreignUrlsInBytes(bytes: Uint8Array): string[] {
  return [...Buffer.from(bytes).toString('latin1').matchAll(BINARY_URL)].filter((m) => !NAMESPACE_HOSTS.includes(m[1])).map((m) => m[0]);
}

/** Same-length replacement: `about:blank#####…` (or x's for a URL shorter than that). */
export function stripForeignUrlsInBytes(bytes: Uint8Array): Uint8Array {
  const text = Buffer.from(bytes).toString('latin1').replace(BINARY_URL, (url, host: string) =>
    NAMESPACE_HOSTS.includes(host) ? url : url.length >= 11 ? 'about:blank'.padEnd(url.length, '#') : 'x'.repeat(url.length));
  const out = Buffer.from(text, 'latin1');
  if (out.length !== bytes.length) throw new Error('wasm length changed while removing URLs');
  return new Uint8Array(out);
}

export function noForeignUrls(): Plugin {
  return {
    name: 'tierbook-no-foreign-urls',
    enforce: 'post',
    renderChunk(code) {
      return foreignUrls(code).length ? { code: stripForeignUrls(code), map: null } : null;
    },
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle))
        if (file.type === 'asset' && file.fileName.endsWith('.wasm') && typeof file.source !== 'string')
          file.source = stripForeignUrlsInBytes(file.source);
    },
  };
}
