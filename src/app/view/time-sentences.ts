// Sentences of the Cohort and What-changed cells, from timecli's rows. Pure.
import type { CohortRow } from '../../engine/time/cohorts';
import type { WhatChangedRow } from '../../engine/time/what-changed';
import { formatNumber, formatPercent, type Lang } from '../i18n';
import type { Dict } from '../i18n/en';

/** The latest cohort with a whole period 1: how many of it bought again one period later. */
export function cohortSentence(lang: Lang, dict: Dict, rows: CohortRow[]): string {
  const r = [...rows].reverse().find((x) => x.period === 1 && !x.partial);
  if (!r) return dict.cohorts.note;
  return dict.cohorts.sentence(r.cohort, formatNumber(lang, r.customers), 1, formatPercent(lang, Number(r.customerRetention), 1));
}

/** "Revenue fell by 1,234; the largest contributor is buyers." (the factor with the largest |contribution|). */
export function whatChangedSentence(lang: Lang, dict: Dict, all: WhatChangedRow[]): string {
  const rev = all.find((r) => r.factor === 'revenue');
  const parts = all.filter((r) => r.factor !== 'revenue');
  if (!rev || parts.some((p) => p.contribution === null)) return dict.whatChanged.noSplit;
  const largest = parts.reduce((a, b) => (Math.abs(Number(b.contribution)) > Math.abs(Number(a.contribution)) ? b : a));
  const delta = Number(rev.contribution);
  return dict.whatChanged.largest(dict.whatChanged.steps[largest.factor].toLowerCase(), formatNumber(lang, Math.abs(delta), 2), delta >= 0 ? dict.whatChanged.up : dict.whatChanged.down);
}
