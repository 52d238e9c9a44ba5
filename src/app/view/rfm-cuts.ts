// Explicit RFM cuts typed in the RFM cell (SPEC §5 rfm.cuts: four ascending numbers per score): read
// from the boxes' text, each fault named by its box, in both languages. Pure: tested in tests/unit.
import type { RfmCuts } from '../../engine/config';
import type { Score } from '../../engine/live/cut-notes';
import type { Lang } from '../i18n';
import { formatCut } from './cut-notes';

export const SCORES: Score[] = ['r', 'f', 'm'];
export type CutTexts = Record<Score, string[]>;

/** Why a box is refused: not a number, below the box before it, or outside ±1e15 (SPEC §5). */
export type CutIssue =
  | { score: Score; index: number; kind: 'number' | 'range' }
  | { score: Score; index: number; kind: 'order'; previous: number };

export const CUT_LIMIT = 1e15;
// The SPEC's decimal literal: no hex, no Infinity, no thousands separators.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The cuts the boxes hold, or every box that is wrong (then nothing is applied). */
export function readCuts(texts: CutTexts): { cuts: RfmCuts | null; issues: CutIssue[] } {
  const issues: CutIssue[] = [];
  const cuts = {} as RfmCuts;
  for (const score of SCORES) {
    cuts[score] = texts[score].map((text, index) => {
      const t = text.trim();
      const x = DECIMAL.test(t) ? Number(t) : NaN;
      if (!Number.isFinite(x)) issues.push({ score, index, kind: 'number' });
      else if (Math.abs(x) > CUT_LIMIT) issues.push({ score, index, kind: 'range' });
      return x;
    });
    cuts[score].forEach((x, index) => {
      const previous = cuts[score][index - 1];
      if (index > 0 && Math.abs(x) <= CUT_LIMIT && Number.isFinite(previous) && x < previous) issues.push({ score, index, kind: 'order', previous });
    });
  }
  return issues.length ? { cuts: null, issues } : { cuts, issues };
}

/** The box's name: "F cut 3". */
export function cutBoxName(lang: Lang, score: Score, index: number): string {
  return lang === 'zh' ? `${score.toUpperCase()} 切分点 ${index + 1}` : `${score.toUpperCase()} cut ${index + 1}`;
}

/** "F cut 3 must not be less than F cut 2 (6)" */
export function cutIssueText(lang: Lang, issue: CutIssue): string {
  const box = cutBoxName(lang, issue.score, issue.index);
  if (issue.kind === 'order') {
    const before = `${cutBoxName(lang, issue.score, issue.index - 1)}`;
    return lang === 'zh'
      ? `${box} 不能小于 ${before}（${formatCut(lang, issue.previous)}）`
      : `${box} must not be less than ${before} (${formatCut(lang, issue.previous)})`;
  }
  if (issue.kind === 'range') return lang === 'zh' ? `${box} 必须在 −10^15 到 10^15 之间` : `${box} must be between −10^15 and 10^15`;
  return lang === 'zh' ? `${box} 必须是数字` : `${box} must be a number`;
}

/** Starting numbers when switching to explicit cuts: the quintile cuts in force, to 3 decimals (0 without buyers). */
export function startingCuts(shown: Record<Score, (number | null)[]>): RfmCuts {
  const round = (x: number | null) => (x === null ? 0 : Math.round(x * 1000) / 1000);
  return { r: shown.r.map(round), f: shown.f.map(round), m: shown.m.map(round) };
}
