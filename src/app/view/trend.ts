// Words of the Trend cell: the sentence reading the series and the thresholds it is counted under. Pure.
import type { Config } from '../../engine/config';
import type { Framework } from '../../engine/frameworks';
import type { TrendSeries } from '../../engine/live/trend';
import { periodsBetween } from '../../engine/time/periods';
import { formatNumber, formatWholeOr2, labelName, type Lang } from '../i18n';
import type { Dict } from '../i18n/en';

/** The label a sentence follows per framework: the one a strategy grows (loyal, high, frequent, ...). */
export const FOCUS: Record<Framework, string> = {
  ladder: 'loyal', lifecycle: 'loyal', value: 'high', engagement: 'frequent', needs: 'high', satisfaction: 'high', nps: 'promoter', rfm: 'champions',
};

/** "Loyal customers grew from 310 to 402 over 24 months" (first date to last); the largest label if the focus is absent. */
export function trendSentence(lang: Lang, dict: Dict, s: TrendSeries): string {
  if (s.dates.length < 2) return dict.trend.onePoint;
  let k = s.labels.indexOf(FOCUS[s.framework]);
  if (k < 0) { const last = s.counts.at(-1)!; k = last.indexOf(Math.max(...last)); }
  const from = s.counts[0][k], to = s.counts.at(-1)![k];
  const n = periodsBetween(s.dates[0], s.dates.at(-1)!, s.period);
  const span = dict.trend.span(n, s.period);
  const name = labelName(dict, s.framework, s.labels[k]);
  const [a, b] = [formatNumber(lang, from), formatNumber(lang, to)];
  if (lang === 'zh') {
    const who = name.endsWith('客户') ? name : `${name}客户`;
    return from === to ? `${who}在${span}内保持 ${a} 位。` : `${who}在${span}内从 ${a} 位${to > from ? '增加' : '减少'}到 ${b} 位。`;
  }
  return from === to ? `${name} customers stayed at ${a} over ${span}.` : `${name} customers ${to > from ? 'grew' : 'fell'} from ${a} to ${b} over ${span}.`;
}

/** Numeric thresholds of a framework's config section, in the words of its controls ("Loyal: minimum purchases 4"). */
export function thresholdsText(dict: Dict, framework: Framework, config: Config): string {
  if (framework === 'rfm') {
    const cuts = config.rfm.cuts;
    return typeof cuts === 'string' ? dict.trend.rfmQuintiles : `R ${cuts.r.join(', ')} · F ${cuts.f.join(', ')} · M ${cuts.m.join(', ')}`;
  }
  const section = config[framework] as unknown as Record<string, unknown>;
  return Object.entries(section).map(([k, v]) => {
    const words = dict.controls[`${framework}.${k}`] ?? k;
    return typeof v === 'number' ? `${words} ${formatWholeOr2('en', v)}` : `${words}${dict.colon}${dict.options[String(v)] ?? v}`;
  }).join(' · ');
}
