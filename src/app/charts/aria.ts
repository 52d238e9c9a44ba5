// Plot names each part of a chart for screen readers in English ("bar", "x-axis tick label"); a Chinese
// page reads them in Chinese. The chart functions stay Plot's; the hosted chart's parts are renamed here.
import type { Lang } from '../i18n';

/** Plot's names of chart parts (its marks' `ariaLabel` defaults and its axes' and grids') in Chinese. */
const PART_ZH: Record<string, string> = {
  bar: '条形', text: '文字', rule: '参考线', tip: '提示', line: '折线', rect: '矩形', cell: '单元格',
  dot: '点', area: '面积', link: '连线', tick: '刻度', frame: '边框', arrow: '箭头', image: '图片', vector: '向量',
};
const AXIS_ZH: Record<string, string> = { x: '横轴', y: '纵轴', fx: '分面横轴', fy: '分面纵轴' };
const AXIS_PART_ZH: Record<string, string> = { '': '', ' tick': '刻度', ' tick label': '刻度标签', ' label': '标题' };

/** The name a screen reader reads for one part of a chart, in the page's language (titles pass through). */
export function partName(label: string, lang: Lang): string {
  if (lang !== 'zh') return label;
  if (label in PART_ZH) return PART_ZH[label];
  const axis = /^(fx|fy|x|y)-axis( tick label| tick| label)?$/.exec(label);
  if (axis) return AXIS_ZH[axis[1]] + AXIS_PART_ZH[axis[2] ?? ''];
  const grid = /^(fx|fy|x|y)-grid$/.exec(label);
  if (grid) return `${AXIS_ZH[grid[1]]}网格线`;
  return label;
}

/** Renames every part of a drawn chart (its own title and the page's labels are left as they are). */
export function nameParts(root: Element, lang: Lang): void {
  if (lang !== 'zh') return;
  for (const el of root.querySelectorAll('svg [aria-label]')) {
    const label = el.getAttribute('aria-label')!;
    const named = partName(label, lang);
    if (named !== label) el.setAttribute('aria-label', named);
  }
}
