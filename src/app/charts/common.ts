// Shared chart options: one palette per framework's label order, sizes, and the language.
import type { Lang } from '../i18n';
import type { Dict } from '../i18n/en';

export interface ChartOptions {
  lang: Lang;
  dict: Dict;
  width: number;
}

/** Ordered from "best" to "worst" for tiers; prospects and unknowns are grey. */
export const PALETTE = ['#3b5bdb', '#4dabf7', '#f59f00', '#e8590c', '#c92a2a', '#862e9c', '#2b8a3e', '#74b816', '#0ca678', '#5c7cfa', '#adb5bd', '#ced4da'];
export const GREY = '#adb5bd';

export function colours(keys: string[]): string[] {
  let k = 0;
  return keys.map((key) => (key === 'prospect' || key === 'unknown' || key === 'other' || key === 'potential' ? GREY : PALETTE[k++ % PALETTE.length]));
}

export const FONT = 'system-ui, -apple-system, "Segoe UI", "Noto Sans", "PingFang SC", "Microsoft YaHei", sans-serif';

export const base = (o: ChartOptions, title: string) => ({
  title,
  ariaLabel: title,
  width: o.width,
  style: { fontFamily: FONT, fontSize: '12px', overflow: 'visible' },
});
