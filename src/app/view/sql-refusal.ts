// Why the SQL cell did not run a text, in the user's language.
import type { Refusal } from '../../engine/sql/query-guard';
import type { Lang } from '../i18n';

const ordinal = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
const article = (word: string) => (/^[AEIOU]/.test(word) ? 'an' : 'a');

export function refusalText(lang: Lang, r: Refusal): string {
  if (lang === 'zh') {
    const rule = 'SQL 单元格只运行一条 SELECT 或 WITH 查询';
    if (r.kind === 'empty') return `${rule}；这段文字里没有语句。`;
    if (r.kind === 'not-a-query') return `${rule}；这段文字是 ${r.word} 语句，未运行。`;
    return `${rule}；这段文字有 ${r.statements} 条语句${r.index ? `，第 ${r.index} 条是 ${r.word}` : '，请一次运行一条'}。未运行任何语句。`;
  }
  const rule = 'The SQL cell runs one SELECT or WITH query';
  if (r.kind === 'empty') return `${rule}; this text has none.`;
  if (r.kind === 'not-a-query') return `${rule}; this text is ${article(r.word)} ${r.word} statement. Nothing was run.`;
  return `${rule}; this text has ${r.statements} statements${r.index ? `, the ${ordinal(r.index)} is ${article(r.word!)} ${r.word}` : '; run them one at a time'}. Nothing was run.`;
}
