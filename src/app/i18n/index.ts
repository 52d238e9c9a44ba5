// The UI language: every string of the page and every label key goes through here.
import { en, type Dict } from './en';
import { zh } from './zh';

export type Lang = 'en' | 'zh';
export const DICTS: Record<Lang, Dict> = { en, zh };

/** A label key shown in the language; an unknown key (a custom RFM segment) is shown as written. */
export function labelName(dict: Dict, framework: string, key: string): string {
  return dict.labels[framework]?.[key] ?? key;
}

// Building an Intl.NumberFormat costs far more than using one: one per (language, digits), kept.
const formats = new Map<string, Intl.NumberFormat>();
/** A file's size as people read one: `7.3 MB`, `151 KB`, `151 bytes` (a small file was `0.0 MB`). */
export function formatBytes(lang: Lang, bytes: number): string {
  if (bytes >= 2 ** 20) return `${formatNumber(lang, bytes / 2 ** 20, 1)} MB`;
  if (bytes >= 2 ** 10) return `${formatNumber(lang, Math.round(bytes / 2 ** 10))} KB`;
  return lang === 'zh' ? `${formatNumber(lang, bytes)} 字节` : `${formatNumber(lang, bytes)} ${bytes === 1 ? 'byte' : 'bytes'}`;
}

export function formatNumber(lang: Lang, x: number, digits = 0): string {
  const key = `${lang}|${digits}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })));
  return f.format(x);
}

/** A number as it was given: a whole one without decimals ("6"), any other with two ("5.40"). */
export function formatWholeOr2(lang: Lang, x: number): string {
  return formatNumber(lang, x, Number.isInteger(x) ? 0 : 2);
}

export function formatPercent(lang: Lang, x: number | null, digits = 1): string {
  if (x === null || !Number.isFinite(x)) return '–';
  // A share that is not nothing never reads 0% (19 of 4,372 customers is "<1%"), nor one short of all 100%.
  const step = 10 ** -digits;
  if (x > 0 && x * 100 < step / 2) return `<${formatNumber(lang, step, digits)}%`;
  if (x < 1 && x * 100 >= 100 - step / 2) return `>${formatNumber(lang, 100 - step, digits)}%`;
  return `${formatNumber(lang, x * 100, digits)}%`;
}
