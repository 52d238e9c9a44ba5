// One sentence that reads each chart in words, computed from the snapshot. Pure: tested in tests/unit.
import type { FunnelStep } from '../../engine/funnel';
import type { Breakdown } from '../../engine/session-types';
import { formatNumber, formatPercent, labelName, type Lang } from '../i18n';
import type { Dict } from '../i18n/en';

type Counts = { key: string; customers: number }[];

export function ladderSentence(lang: Lang, steps: FunnelStep[], advocateData = true): string {
  // A rung nobody stands on has no share to give: said in words, not as a dash.
  const step = (rung: string, share: (p: string) => string, none: string) => {
    const x = steps.find((s) => s.rung === rung)?.conversion ?? null;
    return x === null ? none : share(formatPercent(lang, x, 0));
  };
  // Without referrals or NPS answers nobody can be an advocate: say why, rather than "0% became advocates".
  if (lang === 'zh') {
    const last = advocateData ? step('loyal', (p) => `忠诚客户中有 ${p} 成为推荐者`, '没有忠诚客户可成为推荐者') : '成为推荐者需要推荐或 NPS 数据（映射客户文件的推荐列，或打开问卷文件）';
    return `${step('first_time', (p) => `首次购买的客户中有 ${p} 再次购买`, '还没有首次购买的客户')}；${step('repeat', (p) => `重复购买的客户中有 ${p} 成为忠诚客户`, '没有重复购买的客户可成为忠诚客户')}；${last}。`;
  }
  const last = advocateData ? step('loyal', (p) => `${p} of loyal customers became advocates`, 'no loyal customers to become advocates') : 'advocates need referral or NPS data (map a referrals column of a customers file, or open a survey file)';
  return `${step('first_time', (p) => `${p} of first-time buyers came back`, 'no first-time buyers yet to come back')}; ${step('repeat', (p) => `${p} of repeat buyers became loyal`, 'no repeat buyers to become loyal')}; ${last}.`;
}

/**
 * Prospects in data with no customers file: every customer came from the orders, so a prospect is one whose
 * orders are all returns, cancellations or zero (SPEC §2: a purchase is an order with value > 0). Said, since a
 * newcomer sees "Prospect 34" on a file of orders and wonders who they are. Null when there is none to explain.
 */
export function ordersOnlyProspects(lang: Lang, prospects: number, customersFile: boolean): string | null {
  if (customersFile || prospects <= 0) return null;
  const n = formatNumber(lang, prospects);
  return lang === 'zh'
    ? `这 ${n} 位潜在客户有订单但没有购买：他们的每笔订单都是退货、取消或金额为零（金额大于 0 的订单才算购买）。`
    : `The ${n} ${prospects === 1 ? 'prospect has' : 'prospects have'} orders but no purchase: every order of theirs is a return, a cancellation or zero (an order is a purchase when its value is above 0).`;
}

export function valueSentence(lang: Lang, counts: Counts, revenue: number[]): string {
  const buyers = counts.filter((c) => c.key !== 'prospect').reduce((a, c) => a + c.customers, 0);
  const total = revenue.slice(0, 3).reduce((a, b) => a + b, 0);
  const high = counts.find((c) => c.key === 'high')?.customers ?? 0;
  const share = buyers ? high / buyers : null;
  const rev = total > 0 ? revenue[0] / total : null;
  return lang === 'zh'
    ? `高价值客户占买家的 ${formatPercent(lang, share, 0)}，贡献了 ${formatPercent(lang, rev, 0)} 的收入。`
    : `High-value customers are ${formatPercent(lang, share, 0)} of buyers and bring ${formatPercent(lang, rev, 0)} of revenue.`;
}

export function lifecycleSentence(lang: Lang, counts: Counts): string {
  const total = counts.reduce((a, c) => a + c.customers, 0);
  const n = (k: string) => counts.find((c) => c.key === k)?.customers ?? 0;
  const pct = (k: string) => formatPercent(lang, total ? n(k) / total : null, 0);
  return lang === 'zh'
    ? `${formatNumber(lang, n('at_risk'))} 位客户（${pct('at_risk')}）有流失风险，${formatNumber(lang, n('churned'))} 位（${pct('churned')}）已流失。`
    : `${formatNumber(lang, n('at_risk'))} customers (${pct('at_risk')}) are at risk and ${formatNumber(lang, n('churned'))} (${pct('churned')}) have churned.`;
}

/**
 * The largest group of a framework among the labels not skipped (prospects, no answer), with its share of
 * all customers as the chart shows it. When a skipped label holds as many customers or more, the skipped
 * labels are named with their count, so the sentence never calls a group the largest while the chart shows
 * a larger one beside it.
 */
export function largestSentence(lang: Lang, dict: Dict, framework: string, counts: Counts, skip: string[] = []): string {
  const rows = counts.filter((c) => !skip.includes(c.key));
  const total = counts.reduce((a, c) => a + c.customers, 0);
  const left = counts.filter((c) => skip.includes(c.key) && c.customers > 0);
  const names = left.map((c) => labelName(dict, framework, c.key));
  const leftOut = left.reduce((a, c) => a + c.customers, 0);
  if (!rows.some((c) => c.customers > 0)) {
    if (!total) return lang === 'zh' ? '没有可统计的客户。' : 'No customers to count.';
    return lang === 'zh'
      ? `全部 ${formatNumber(lang, total)} 位客户都在${names.map((n) => `「${n}」`).join('或')}。`
      : `All ${formatNumber(lang, total)} customers are in ${names.join(' or ')}.`;
  }
  const top = rows.reduce((a, b) => (b.customers > a.customers ? b : a));
  const name = labelName(dict, framework, top.key);
  const pct = formatPercent(lang, top.customers / total, 0);
  // Named only when one of them is as large as the group called the largest.
  if (left.some((c) => c.customers >= top.customers)) {
    return lang === 'zh'
      ? `除${names.map((n) => `「${n}」`).join('和')}（${formatNumber(lang, leftOut)} 位）外，最大的群体是「${name}」：${formatNumber(lang, top.customers)} 位客户（${pct}）。`
      : `Besides ${names.join(' and ')} (${formatNumber(lang, leftOut)} customers), the largest group is ${name}: ${formatNumber(lang, top.customers)} customers (${pct}).`;
  }
  return lang === 'zh'
    ? `最大的群体是「${name}」：${formatNumber(lang, top.customers)} 位客户（${pct}）。`
    : `The largest group is ${name}: ${formatNumber(lang, top.customers)} customers (${pct}).`;
}

export function npsSentence(lang: Lang, counts: Counts, score: number | null): string {
  const n = (k: string) => counts.find((c) => c.key === k)?.customers ?? 0;
  const answered = n('promoter') + n('passive') + n('detractor');
  if (score === null) return lang === 'zh' ? '还没有客户回答 NPS 问题。' : 'No customer has answered the NPS question yet.';
  const s = `${score > 0 ? '+' : ''}${formatNumber(lang, score, 0)}`;
  const p = (k: string) => formatPercent(lang, n(k) / answered, 0);
  return lang === 'zh'
    ? `NPS 得分 ${s}：${formatNumber(lang, answered)} 位作答客户中推荐者 ${p('promoter')}，贬损者 ${p('detractor')}。`
    : `NPS is ${s}: of ${formatNumber(lang, answered)} customers who answered, ${p('promoter')} are promoters and ${p('detractor')} detractors.`;
}

/**
 * Champions (only when the rule list has them) and the largest segment, both as shares of all customers:
 * the base the bars beside it show.
 */
export function rfmSentence(lang: Lang, dict: Dict, counts: Counts): string {
  const total = counts.reduce((a, c) => a + c.customers, 0);
  const champions = counts.find((c) => c.key === 'champions');
  const largest = largestSentence(lang, dict, 'rfm', counts, ['prospect']);
  if (!champions || !total) return largest;
  const name = labelName(dict, 'rfm', 'champions');
  const n = formatNumber(lang, champions.customers);
  const pct = formatPercent(lang, champions.customers / total, 0);
  return lang === 'zh'
    ? `「${name}」共 ${n} 位，占全部客户的 ${pct}。${largest}`
    : `${name} are ${n} customers, ${pct} of all customers. ${largest}`;
}

/** Which dimension value holds the largest share of a label. */
export function breakdownSentence(lang: Lang, dict: Dict, framework: string, label: string, values: string[], counts: number[][], labels: string[]): string {
  const k = labels.indexOf(label);
  if (k < 0 || !values.length) return '';
  const shares = values.map((_, j) => {
    const col = labels.reduce((a, _l, i) => a + counts[i][j], 0);
    return col ? counts[k][j] / col : 0;
  });
  const name = labelName(dict, framework, label);
  const bestShare = Math.max(...shares);
  // Nobody with this label anywhere: no group "has the highest share" of 0%.
  if (bestShare <= 0) return lang === 'zh' ? `各组中都没有「${name}」客户。` : `No group has any ${name} customers.`;
  const shown = (v: string) => v || dict.chart.missing;
  const best = values.filter((_, j) => shares[j] === bestShare).map(shown);
  const pct = formatPercent(lang, bestShare, 0);
  if (best.length > 1) {
    const list = best.length > 3 ? [...best.slice(0, 3), lang === 'zh' ? `另外 ${best.length - 3} 组` : `${best.length - 3} more`] : best;
    return lang === 'zh'
      ? `「${list.join('」、「')}」中「${name}」的占比并列最高：各 ${pct}。`
      : `${list.join(', ')} tie for the highest share of ${name}: ${pct} each.`;
  }
  return lang === 'zh'
    ? `「${best[0]}」中「${name}」的占比最高：${pct}。`
    : `${best[0]} has the highest share of ${name}: ${pct}.`;
}

/** NPS by a dimension: where the score (over those who answered) is highest and lowest. */
export function npsBreakdownSentence(lang: Lang, dict: Dict, b: Breakdown): string {
  const names = [...b.values, dict.chart.missing];
  const scored = (b.nps ?? []).map((x, j) => ({ ...x, name: names[j] })).filter((x) => x.score !== null) as { score: number; answered: number; name: string }[];
  if (!scored.length) return lang === 'zh' ? '还没有客户回答 NPS 问题。' : 'No customer has answered the NPS question yet.';
  const top = scored.reduce((a, x) => (x.score > a.score ? x : a));
  const low = scored.reduce((a, x) => (x.score < a.score ? x : a));
  const s = (x: number) => `${x > 0 ? '+' : ''}${formatNumber(lang, x, 0)}`;
  const one = (x: typeof top) => lang === 'zh'
    ? `「${x.name}」${s(x.score)}（${formatNumber(lang, x.answered)} 位作答）`
    : `${x.name}: ${s(x.score)} (${formatNumber(lang, x.answered)} answered)`;
  if (top === low) return lang === 'zh' ? `NPS 得分：${one(top)}。` : `NPS is ${s(top.score)} in ${top.name} (${formatNumber(lang, top.answered)} answered).`;
  return lang === 'zh' ? `NPS 最高的是${one(top)}，最低的是${one(low)}。` : `NPS is highest in ${one(top)}, and lowest in ${one(low)}.`;
}
