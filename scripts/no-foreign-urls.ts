// A build step: no URL of another host stays in the built JavaScript, CSS or HTML. Libraries carry
// inert ones (Svelte's error-page links, DuckDB-WASM's CDN helper we never call); they are replaced by
// about:blank. Namespace names (XML, SVG, OOXML, JSON Schema) are identifiers compared as text, never
// fetched, and stay (docs/privacy.md).
import type { Plugin } from 'vite';

export const NAMESPACE_HOSTS = ['www.w3.org', 'purl.oclc.org', 'schemas.openxmlformats.org', 'json-schema.org'];

const URL_PATTERN = /https?:\/\/([a-zA-Z0-9.-]+)[^\s"'`)<>\\]*/g;

export function foreignUrls(text: string): string[] {
  return [...text.matchAll(URL_PATTERN)].filter((m) => !NAMESPACE_HOSTS.includes(m[1])).map((m) => m[0]);
}

export function stripForeignUrls(code: string): string {
  return code.replace(URL_PATTERN, (url, host: string) => (NAMESPACE_HOSTS.includes(host) ? url : 'about:blank'));
}

export function noForeignUrls(): Plugin {
  return {
    name: 'tierbook-no-foreign-urls',
    enforce: 'post',
    renderChunk(code) {
      return foreignUrls(code).length ? { code: stripForeignUrls(code), map: null } : null;
    },
  };
}
