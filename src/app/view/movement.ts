// The Movement cell in words (SPEC §4a): the totals, the sentence naming the largest move, and a cell's
// name. Pure: tested in tests/unit/movement-view.test.ts.
import type { Framework } from '../../engine/frameworks';
import type { FrameworkMovement } from '../../engine/live/movement';
import { ABSENT, direction, RANKS, type Direction } from '../../engine/time/direction';
import { formatNumber, labelName, type Lang } from '../i18n';
import type { Dict } from '../i18n/en';

/** A baseline label's name: `absent` is said as such. */
export const fromName = (d: Dict, fw: Framework, key: string): string => (key === ABSENT ? d.movement.absent : labelName(d, fw, key));

/** How a matrix cell is coloured: a SPEC §4a direction, or `new` for customers absent at the baseline. */
export const moveKind = (fw: Framework, from: string, to: string): Direction | 'new' => (from === ABSENT ? 'new' : direction(fw, from, to));

/** "Loyal → At risk". */
export const moveName = (d: Dict, fw: Framework, from: string, to: string): string => `${fromName(d, fw, from)} → ${labelName(d, fw, to)}`;

/** "Loyal → At risk: 143 customers", the customer list's heading. */
export function moveListSentence(lang: Lang, d: Dict, fw: Framework, from: string, to: string, customers: number): string {
  return lang === 'zh' ? `${moveName(d, fw, from, to)}：${formatNumber(lang, customers)} 位客户` : `${moveName(d, fw, from, to)}: ${formatNumber(lang, customers)} customer${customers === 1 ? '' : 's'}`;
}

/** "N moved up, M moved down, K new since the baseline" (baselineAsOf null: since the pinned config, where nobody is new).
 * Lifecycle and rfm_segment labels have no order (SPEC §4a): "0 moved up, 0 moved down" would read as "nobody
 * got worse" above a matrix full of At risk → Churned, so those say only how many changed label. */
export function movementTotals(lang: Lang, fw: Framework, m: FrameworkMovement, baselineAsOf: string | null): string {
  const n = (x: number) => formatNumber(lang, x);
  const ordered = RANKS[fw] !== undefined;
  if (lang === 'zh') {
    const since = baselineAsOf ? `自 ${baselineAsOf} 以来` : '相对固定的配置';
    const parts = [...(ordered ? [`${n(m.up)} 位上升`, `${n(m.down)} 位下降`] : []), ...(baselineAsOf ? [`${n(m.new)} 位新客户`] : []), ...(m.changed || !ordered ? [`${n(m.changed)} 位换了标签`] : [])];
    return `${since}：${parts.join('，')}，${n(m.stayed)} 位不变。`;
  }
  const since = baselineAsOf ? 'since the baseline' : 'against the pinned config';
  const parts = [...(ordered ? [`${n(m.up)} moved up`, `${n(m.down)} moved down`] : []), ...(baselineAsOf ? [`${n(m.new)} new ${since}`] : []), ...(m.changed || !ordered ? [`${n(m.changed)} changed label`] : [])];
  return `${parts.join(', ')}${baselineAsOf ? '' : ` ${since}`}; ${n(m.stayed)} stayed.`;
}

/** The largest move between two labels (customers absent at the baseline left out); null when nobody moved. */
export function largestMove(m: FrameworkMovement): { from: string; to: string; customers: number } | null {
  let best: { from: string; to: string; customers: number } | null = null;
  m.from.forEach((a, r) => m.to.forEach((b, c) => {
    const x = m.counts[r * m.to.length + c];
    if (a !== ABSENT && a !== b && x > 0 && (!best || x > best.customers)) best = { from: a, to: b, customers: x };
  }));
  return best;
}

/** "212 Loyal customers of 2024-10-02 are At risk now", or that nobody moved. */
export function movementSentence(lang: Lang, d: Dict, fw: Framework, m: FrameworkMovement, baselineAsOf: string | null): string {
  const top = largestMove(m);
  if (!top) {
    if (lang === 'zh') return baselineAsOf ? `自 ${baselineAsOf} 以来，没有客户换了标签。` : '在两个配置之间，没有客户换了标签。';
    return baselineAsOf ? `No customer changed label since ${baselineAsOf}.` : 'No customer changed label between the two configs.';
  }
  const n = formatNumber(lang, top.customers);
  const a = labelName(d, fw, top.from);
  const b = labelName(d, fw, top.to);
  // The label stays quoted and the count is of 客户 once: 「忠诚客户」客户 read twice (a label may end in 客户).
  if (lang === 'zh') return baselineAsOf ? `${baselineAsOf} 属于「${a}」的 ${n} 位客户，现在是「${b}」。` : `固定配置下属于「${a}」的 ${n} 位客户，在当前配置下是「${b}」。`;
  return baselineAsOf ? `${n} ${a} customers of ${baselineAsOf} are ${b} now.` : `${n} ${a} customers under the pinned config are ${b} under the current one.`;
}
