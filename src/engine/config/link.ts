// The config as a link fragment: the document minus its defaults, deflated and base64url-encoded
// behind a format version. Opening a link is all or nothing, like any config document.
import { deflateSync, Inflate, strFromU8, strToU8 } from 'fflate';
import { defaultConfig, parseConfig, type Config, type ConfigResult } from './index';
import { rfmOrderChanged } from './revision';
import { parseLinkView, type LinkView } from './view';

/**
 * A link's config and the view settings it may carry beside it (src/engine/config/view.ts);
 * `rfmOrderChanged` when it was made before SPEC revision 2 with the default RFM segments.
 */
export type LinkResult = ({ ok: true; config: Config; view?: LinkView } | { ok: false; error: string }) & { rfmOrderChanged?: true };

/**
 * The link format's version; bump it (and keep reading the old one) when the encoding or the meaning of
 * a document changes. c2: SPEC revision 2 reordered the default RFM segments; a c1 link still opens.
 */
export const LINK_VERSION = 'c2';
/** Versions read besides the current one. */
const OLD_LINK_VERSIONS = ['c1'];
/** A fragment longer than this is refused before any decoding. */
export const MAX_LINK_CHARS = 20_000;
/** The JSON a link may expand to: far above any real config, far below a decompression bomb. */
export const MAX_LINK_JSON_BYTES = 256 * 1024;

/** The document with every value equal to its default left out (the SPEC fills defaults back in). */
export function minimalDoc(config: Config): Record<string, unknown> {
  const diff = strip(config, defaultConfig()) as Record<string, unknown> | undefined;
  return { version: 1, ...diff };
}

function strip(value: unknown, base: unknown): unknown {
  if (isPlainObject(value) && isPlainObject(base)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const s = k in base ? strip(v, base[k]) : v;
      if (s !== undefined) out[k] = s;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return JSON.stringify(value) === JSON.stringify(base) ? undefined : value;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `c1.<base64url of raw deflate of the minimal JSON>`; view settings, if any, ride along under `view`. */
export function configToFragment(config: Config, view?: LinkView): string {
  const v = view && Object.values(view).some((x) => x !== undefined) ? { view } : {};
  return docToFragment({ ...minimalDoc(config), ...v });
}

/** Any JSON value as a fragment (valid or not: the tests build hostile links with it). */
export function docToFragment(doc: unknown, version = LINK_VERSION): string {
  return `${version}.${toBase64Url(deflateSync(strToU8(JSON.stringify(doc)), { level: 9 }))}`;
}

export function bytesToFragment(bytes: Uint8Array, version = LINK_VERSION): string {
  return `${version}.${toBase64Url(bytes)}`;
}


/** The config a fragment holds; any fault refuses it whole and names what is wrong. */
export function fragmentToConfig(fragment: string): LinkResult {
  const f = fragment.replace(/^#/, '');
  if (f.length > MAX_LINK_CHARS) return fail(`link is too long (${f.length} characters; at most ${MAX_LINK_CHARS})`);
  const m = /^(c\d+)\.(.+)$/s.exec(f);
  if (!m) return fail(`link is not a Tierbook config link (it should start with #${LINK_VERSION}.)`);
  if (m[1] !== LINK_VERSION && !OLD_LINK_VERSIONS.includes(m[1]))
    return fail(`link version ${m[1]} is not one this build reads (it reads ${[...OLD_LINK_VERSIONS, LINK_VERSION].join(' and ')})`);
  if (!/^[A-Za-z0-9_-]+$/.test(m[2])) return fail('link has characters a config link never contains (it may have been cut or altered)');
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(m[2]);
  } catch {
    return fail('link is not valid base64url (it may have been cut)');
  }
  const inflated = inflateCapped(bytes, MAX_LINK_JSON_BYTES);
  if ('error' in inflated) return fail(inflated.error);
  let doc: unknown;
  try {
    doc = JSON.parse(strFromU8(inflated.bytes));
  } catch {
    return fail('link does not hold a JSON document (it may have been cut or altered)');
  }
  const r = withView(doc);
  return r.ok && m[1] === 'c1' && rfmOrderChanged(r.config) ? { ...r, rfmOrderChanged: true } : r;
}

/** `view` is checked on its own and taken out; the rest is a config document like any other. */
function withView(doc: unknown): LinkResult {
  if (!isPlainObject(doc) || !Object.hasOwn(doc, 'view')) return parseConfig(doc);
  const { view, ...config } = doc;
  const v = parseLinkView(view);
  if (!v.ok) return v;
  const r = parseConfig(config);
  return r.ok ? { ...r, view: v.view } : r;
}

const fail = (error: string): ConfigResult => ({ ok: false, error });

/** Inflates, stopping as soon as the output passes `max` bytes (a decompression bomb never expands). */
function inflateCapped(bytes: Uint8Array, max: number): { bytes: Uint8Array } | { error: string } {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let tooBig = false;
  const inflate = new Inflate((chunk) => {
    total += chunk.length;
    if (total > max) tooBig = true;
    else chunks.push(chunk);
  });
  try {
    // Fed in small pieces, so a bomb is stopped after at most one piece's expansion.
    for (let i = 0; i < bytes.length && !tooBig; i += 1024) inflate.push(bytes.subarray(i, i + 1024), i + 1024 >= bytes.length);
  } catch {
    return { error: 'link is truncated or corrupted (it does not decompress)' };
  }
  if (tooBig) return { error: `link expands past ${max / 1024} KiB (refused)` };
  if (!chunks.length && !total) return { error: 'link is truncated or corrupted (it does not decompress)' };
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return { bytes: out };
}

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}
