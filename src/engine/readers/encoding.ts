// Which text encoding a file is in, guessed from its first bytes; decoded with the platform's TextDecoder
// (browsers and Node with full ICU know every encoding listed here).

export const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'gb18030', 'big5', 'shift_jis', 'windows-1252'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export interface EncodingGuess {
  encoding: Encoding;
  /** Bytes of a byte-order mark to skip. */
  bom: number;
  /** Why: shown beside the override so the user can judge the guess. */
  reason: 'bom' | 'valid_utf8' | 'utf16_nuls' | 'cjk_text' | 'fallback';
}

const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/gu;

/** True when `bytes` is valid UTF-8, ignoring a sequence cut short at the very end (a head sample). */
function validUtf8(bytes: Uint8Array): boolean {
  let end = bytes.length;
  // Step back over a trailing partial sequence: up to 3 continuation bytes and their lead byte.
  for (let k = 1; k <= 3 && end - k >= 0; k++) {
    const b = bytes[end - k];
    if ((b & 0xc0) === 0x80) continue;
    if (b >= 0xc0) end -= k;
    break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

export function detectEncoding(head: Uint8Array): EncodingGuess {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3, reason: 'bom' };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2, reason: 'bom' };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2, reason: 'bom' };
  // UTF-16 text of mostly ASCII has a NUL in every other byte.
  const n = Math.min(head.length, 4096) & ~1;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  if (n >= 4 && oddNul > n / 8 && evenNul < n / 64) return { encoding: 'utf-16le', bom: 0, reason: 'utf16_nuls' };
  if (n >= 4 && evenNul > n / 8 && oddNul < n / 64) return { encoding: 'utf-16be', bom: 0, reason: 'utf16_nuls' };
  if (validUtf8(head)) return { encoding: 'utf-8', bom: 0, reason: 'valid_utf8' };
  // Not UTF-8: Chinese exports are GBK/GB18030; take it when most non-ASCII characters read as CJK.
  const text = new TextDecoder('gb18030').decode(head);
  const nonAscii = text.replace(/[\x00-\x7f]/g, '').length;
  const cjk = text.match(CJK)?.length ?? 0;
  if (nonAscii > 0 && cjk / nonAscii >= 0.6) return { encoding: 'gb18030', bom: 0, reason: 'cjk_text' };
  return { encoding: 'windows-1252', bom: 0, reason: 'fallback' };
}

/** The text of `bytes` in `encoding`, without its byte-order mark. */
export function decode(bytes: Uint8Array, encoding: Encoding): string {
  // TextDecoder drops a matching BOM itself (ignoreBOM is false by default).
  return new TextDecoder(encoding).decode(bytes);
}

/** Replacement characters in a decoded preview: a sign the encoding is wrong. */
export function undecodable(text: string): number {
  let n = 0;
  for (const ch of text) if (ch === '\ufffd') n++;
  return n;
}
