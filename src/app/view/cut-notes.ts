// The words beside the cuts (SPEC §4 rfm: ties and skew are said, not hidden): what each RFM cut list
// is, which scores cannot occur and why, the value-tier shares obtained next to those asked, and which
// segment rules never match. Pure: the engine sends the numbers, these only word them (tests/unit).
import type { ScoreCuts, ValueShares } from '../../engine/live/cut-notes';
import type { RuleReach } from '../../engine/rfm-rules';
import { formatNumber, formatPercent, type Lang } from '../i18n';
import type { Dict } from '../i18n/en';

// Cuts are shown as written: 1 · 1 · 3 · 6, 746.4, 91.134 (not 1.00 or 91.13).
const cutFormats = new Map<Lang, Intl.NumberFormat>();
export function formatCut(lang: Lang, x: number | null): string {
  if (x === null) return '–';
  let f = cutFormats.get(lang);
  if (!f) cutFormats.set(lang, (f = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: 3 })));
  return f.format(x);
}

export const cutList = (lang: Lang, cuts: (number | null)[]) => cuts.map((x) => formatCut(lang, x)).join(' · ');

/** "R: days since last purchase, quintiles of buyers at 20 · 40 · 60 · 80%" */
export function cutListLabel(lang: Lang, dict: Dict, s: ScoreCuts): string {
  const metric = dict.cutNotes.metric[s.metric];
  const source = s.levels
    ? `${dict.cutNotes.quintiles} ${s.levels.map((p) => formatNumber(lang, p * 100)).join(' · ')}%`
    : dict.cutNotes.explicit;
  return lang === 'zh' ? `${metric}，${source}` : `${metric}, ${source}`;
}

/** What a tie means in the data: "55% of buyers bought once". */
function tieClause(lang: Lang, s: ScoreCuts, tie: ScoreCuts['ties'][number]): string {
  const share = formatPercent(lang, tie.share, 0);
  const v = formatCut(lang, tie.value);
  if (lang === 'zh') {
    if (s.metric === 'purchases') return `${share} 的买家购买过 ${v} 次`;
    if (s.metric === 'recency_days') return `${share} 的买家最近一次购买在 ${v} 天前`;
    return `${share} 的买家消费金额恰为 ${v}`;
  }
  if (s.metric === 'purchases') return `${share} of buyers bought ${tie.value === 1 ? 'once' : `${v} times`}`;
  if (s.metric === 'recency_days') return `${share} of buyers last bought ${v} days ago`;
  return `${share} of buyers have a monetary value of exactly ${v}`;
}

/**
 * One line per score that some buyer cannot hold: "F cuts 1 · 1 · 3 · 6: F = 2 cannot occur; 55% of
 * buyers bought once." Quantile cuts: the score cannot occur on this data; explicit cuts: no buyer holds it.
 */
export function scoreNotes(lang: Lang, scores: ScoreCuts[]): string[] {
  return scores.filter((s) => s.empty.length).map((s) => {
    const S = s.score.toUpperCase();
    const which = s.empty.map((k) => `${S} = ${k}`);
    const ties = s.ties.map((t) => tieClause(lang, s, t));
    if (lang === 'zh') {
      const verb = s.source === 'quintiles' ? '不可能出现' : '没有买家';
      return `${S} 切分点 ${cutList(lang, s.cuts)}：${which.join('、')} ${verb}${ties.length ? `；${ties.join('；')}` : ''}。`;
    }
    const verb = s.source === 'quintiles' ? 'cannot occur' : which.length > 1 ? 'hold no buyer' : 'holds no buyer';
    return `${S} cuts ${cutList(lang, s.cuts)}: ${which.join(' and ')} ${verb}${ties.length ? `; ${ties.join('; ')}` : ''}.`;
  });
}

/** A share as the user typed it: 20% for 0.2, 12.5% for 0.125 (no decimal unless it has one). */
export const askedShare = (lang: Lang, x: number) => formatPercent(lang, x, Number.isInteger(Math.round(x * 1e6) / 1e4) ? 0 : 1);

/** "Asked 20% / 30%, got 22.1% / 37.9% of the 5,424 buyers ranked by monetary: ties at the cut." (buyers with a value) */
export function valueSharesNote(lang: Lang, dict: Dict, v: ValueShares, metric: string): string {
  // A share that ties made inexact shows the difference: 30.015% reads "30.02%", not "30.0%" beside "30%".
  // Both shares with the same digits, so the pair reads as one ("20.04% / 30.00%", not "20.04% / 30.0%").
  const digitsFor = (x: number, want: number, tiedHere: boolean) => {
    let digits = 1;
    while (tiedHere && x !== want && digits < 3 && formatPercent(lang, x, digits) === formatPercent(lang, want, digits)) digits++;
    return digits;
  };
  const digits = Math.max(digitsFor(v.got.high, v.asked.high, v.tiedAtCut.high), digitsFor(v.got.mid, v.asked.mid, v.tiedAtCut.mid));
  const gotHigh = formatPercent(lang, v.got.high, digits);
  const gotMid = formatPercent(lang, v.got.mid, digits);
  const tied = v.tiedAtCut.high || v.tiedAtCut.mid;
  const name = dict.options[metric] ?? metric;
  const n = formatNumber(lang, v.base);
  return lang === 'zh'
    ? `要求 ${askedShare(lang, v.asked.high)} / ${askedShare(lang, v.asked.mid)}，实得 ${gotHigh} / ${gotMid}（按${name}排序的 ${n} 位买家）${tied ? '：切分点处有并列值' : ''}。`
    : `Asked ${askedShare(lang, v.asked.high)} / ${askedShare(lang, v.asked.mid)}, got ${gotHigh} / ${gotMid} of the ${n} buyers ranked by ${name}${tied ? ': ties at the cut' : ''}.`;
}

/** "never matches: covered by rule 3" (1-based, as the table numbers them); empty when the rule can match. */
export function ruleNote(lang: Lang, reach: RuleReach): string {
  if (!reach.coveredBy) return '';
  const nums = reach.coveredBy.map((i) => String(i + 1));
  if (lang === 'zh') return nums.length === 1 ? `永远不会匹配：已被规则 ${nums[0]} 覆盖` : `永远不会匹配：已被规则 ${nums.join('、')} 共同覆盖`;
  return nums.length === 1
    ? `never matches: covered by rule ${nums[0]}`
    : `never matches: covered by rules ${nums.slice(0, -1).join(', ')} and ${nums[nums.length - 1]} together`;
}
