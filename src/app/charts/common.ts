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

/**
 * Ticks of an axis of whole counts (customers, buyers): under twenty, whole numbers only (every one up to
 * ten, then every second), never `0.2` customers (the tour of 2026-12-04: three customers drew a tick every
 * 0.2). From twenty on, Plot's own ticks are whole already (at most one per customer).
 */
export function countTicks(max: number): { ticks?: number[]; tickFormat?: string } {
  if (!(max < 20)) return {};
  const top = Math.max(1, Math.ceil(max));
  const step = top <= 10 ? 1 : 2;
  // Given ticks, Plot formats them to the precision of a default count ("1.0"): whole numbers say so.
  return { ticks: Array.from({ length: Math.floor(top / step) + 1 }, (_, k) => k * step), tickFormat: 'd' };
}

export const FONT = 'system-ui, -apple-system, "Segoe UI", "Noto Sans", "PingFang SC", "Microsoft YaHei", sans-serif';

export const base = (o: ChartOptions, title: string) => ({
  title,
  ariaLabel: title,
  width: o.width,
  style: { fontFamily: FONT, fontSize: '12px', overflow: 'visible' },
});

/**
 * Room for a bottom x axis's label on a line of its own: Plot sets it 27 px below the axis by default, where
 * it runs into the last tick label (a CJK label, being taller, always did). 37 px clears the tick labels;
 * the chart grows by the 10 px instead of its marks shrinking.
 */
export const xLabelBelow = (height: number) => ({ height: height + 10, marginBottom: 40 });

/**
 * A generous estimate of a label's width in pixels (no DOM: charts are pure functions). Wide (CJK,
 * full-width) characters count one em, narrow punctuation a third, the rest 0.62 em; margins sized
 * from it keep labels inside the chart, so a download holds them too.
 */
export function textWidth(text: string, fontSize = 12): number {
  let em = 0;
  for (const ch of text) em += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 1 : /[\s.,:;·'’|!il()]/.test(ch) ? 0.34 : 0.62;
  return Math.ceil(em * fontSize);
}

/** The label cut (with an ellipsis) to fit `px` by the same estimate. */
export function fitText(text: string, px: number, fontSize = 12): string {
  if (textWidth(text, fontSize) <= px) return text;
  const chars = [...text];
  while (chars.length > 1 && textWidth(`${chars.join('')}…`, fontSize) > px) chars.pop();
  return `${chars.join('')}…`;
}
