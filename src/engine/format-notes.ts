// How each numeric and date column was read, in words: the load report's line per decision (page and CLI).
import type { FormatDecision } from './mapping';

type Lang = 'en' | 'zh';
const STYLE: Record<Lang, Record<string, string>> = {
  en: { plain: 'plain numbers', grouped: 'grouped numbers', decimal_comma: 'numbers with a decimal comma' },
  zh: { plain: '普通数字', grouped: '带千位分隔符或货币符号的数字', decimal_comma: '以逗号为小数点的数字' },
};
const FORMAT: Record<Lang, Record<string, string>> = {
  en: { iso: 'ISO dates (YYYY-MM-DD)', ymd: 'year/month/day dates', dmy: 'day/month/year dates', mdy: 'month/day/year dates', yyyymmdd: 'YYYYMMDD dates', excel: 'Excel serial days', zh: 'Chinese dates (年月日)', unix_s: 'Unix seconds', unix_ms: 'Unix milliseconds' },
  zh: { iso: 'ISO 日期（YYYY-MM-DD）', ymd: '年/月/日 日期', dmy: '日/月/年 日期', mdy: '月/日/年 日期', yyyymmdd: 'YYYYMMDD 日期', excel: 'Excel 序列日', zh: '中文日期（年月日）', unix_s: 'Unix 秒', unix_ms: 'Unix 毫秒' },
};

const n = (lang: Lang, x: number) => x.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');

/** e.g. `"Amount" read as grouped numbers: 12,408 of 541,909 values with thousands separators or currency symbols`. */
export function formatNote(d: FormatDecision, lang: Lang = 'en'): string {
  const named = d.kind === 'number' ? STYLE[lang][d.style] : FORMAT[lang][d.format];
  // Chinese text sets Latin words apart with a space ("按 ISO 日期", "按 Unix 秒"), not CJK ones ("按年/月/日").
  const what = lang === 'zh' ? `${/^[A-Za-z0-9]/.test(named) ? ' ' : ''}${named}${/[A-Za-z0-9]$/.test(named) ? ' ' : ''}` : named;
  // A column's name quoted as each language quotes a name: "order_date", 「order_date」.
  const col = lang === 'zh' ? `「${d.column}」` : `"${d.column}"`;
  if (lang === 'zh') {
    if (d.given) return `${col}按${what}读取（已指定）`;
    const values = d.values ?? 0;
    if (d.kind === 'number' && d.style === 'grouped') return `${col}按${what}读取：全列 ${n(lang, values)} 个值中有 ${n(lang, (d.read ?? 0) - (d.plain ?? 0))} 个带千位分隔符或货币符号`;
    const unread = values - (d.read ?? 0);
    return `${col}按${what}读取：全列 ${n(lang, values)} 个值${unread ? `，其中 ${n(lang, unread)} 个无法读取，已拒绝` : '全部可读'}`;
  }
  if (d.given) return `${col} read as ${what} (as chosen)`;
  const values = d.values ?? 0;
  if (d.kind === 'number' && d.style === 'grouped')
    return `${col} read as ${what}: ${n(lang, (d.read ?? 0) - (d.plain ?? 0))} of ${n(lang, values)} values with thousands separators or currency symbols`;
  const unread = values - (d.read ?? 0);
  return `${col} read as ${what}: ${unread ? `${n(lang, unread)} of ${n(lang, values)} values cannot be read and are rejected` : `all ${n(lang, values)} values`}`;
}
