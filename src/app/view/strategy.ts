// How strategies and matrix cells read on the page. Pure: tested in tests/unit/strategy-view.test.ts.
import { FRAMEWORKS } from '../../engine/frameworks';
import { inLanguage, type PlaybookEntry } from '../../engine/playbook/effective';
import { ALL, NO_COLUMNS, type MatrixColumns } from '../../engine/playbook/matrix';
import { formatNumber, labelName, type Lang } from '../i18n';
import type { Dict } from '../i18n/en';

/** A strategy's title in the page language, and the language it fell back to (shown, never hidden). */
export function titleOf(s: PlaybookEntry | undefined, lang: Lang): { text: string; fallback: Lang | null } {
  return s ? inLanguage(s.title, lang) : { text: '', fallback: null };
}

/** Shown in option lists, where no markup fits: the fallback language in brackets. */
export function plainTitle(s: PlaybookEntry | undefined, lang: Lang): string {
  const t = titleOf(s, lang);
  return t.fallback ? `${t.text} [${t.fallback.toUpperCase()}]` : t.text;
}

export function cellName(dict: Dict, rows: string, row: string, cols: MatrixColumns, col: string): string {
  const r = labelName(dict, rows, row);
  return cols === NO_COLUMNS || col === ALL ? r : `${r} × ${labelName(dict, cols, col)}`;
}

/** "312 High value × At risk customers get “Win-back call within 7 days”." */
export function cellSentence(lang: Lang, dict: Dict, customers: number, name: string, title: string | null): string {
  const n = formatNumber(lang, customers);
  if (lang === 'zh') return title ? `${n} 位「${name}」客户执行“${title}”。` : `${n} 位「${name}」客户${dict.matrix.nothing}。`;
  return title ? `${n} ${name} customers get “${title}”.` : `${n} ${name} customers ${dict.matrix.nothing}.`;
}

/** Playbook groups: one per framework (in SPEC order), then the user's own strategies. */
export function playbookGroups(entries: PlaybookEntry[]): { key: string; entries: PlaybookEntry[] }[] {
  const groups = new Map<string, PlaybookEntry[]>(FRAMEWORKS.map((f) => [f, []]));
  groups.set('mine', []);
  for (const s of entries) {
    const fw = s.id.split('.')[0];
    groups.get(s.origin === 'added' || !groups.has(fw) ? 'mine' : fw)!.push(s);
  }
  return [...groups].filter(([, e]) => e.length).map(([key, e]) => ({ key, entries: e }));
}

/** A fresh id for a strategy the user adds. */
export function newStrategyId(taken: Set<string>): string {
  let n = 1;
  while (taken.has(`custom.strategy_${n}`)) n++;
  return `custom.strategy_${n}`;
}
