// A record's bytes as the scanner needs them: joined from pieces, checked as UTF-8, shown as text.

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });
const utf8 = new TextDecoder('utf-8');

/** The UTF-8 byte-order mark. */
export const UTF8_BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

/** b[at, end) begins with the UTF-8 byte-order mark. */
export function startsWithBom(b: Uint8Array, at = 0, end = b.length): boolean {
  return end - at >= 3 && b[at] === 0xef && b[at + 1] === 0xbb && b[at + 2] === 0xbf;
}

export function recordText(bytes: Uint8Array, cut: boolean): string {
  return utf8.decode(bytes).replace(/\0/g, '\u2400').replace(/\ufffd$/, '') + (cut ? '…' : '');
}

export function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

export function validUtf8(carry: Uint8Array[], rest: Uint8Array): boolean {
  try {
    if (carry.length === 0) utf8Fatal.decode(rest);
    else new TextDecoder('utf-8', { fatal: true }).decode(concat([...carry, rest], carry.reduce((n, c) => n + c.length, rest.length)));
    return true;
  } catch {
    return false;
  }
}
