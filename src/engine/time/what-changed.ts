// SPEC §4a "What changed": revenue in [B - L, B) against [as_of - L, as_of), L = as_of - B, split as
// revenue = buyers × purchases per buyer × revenue per purchase, for everyone and per label at as_of.
// Values are exact (DECIMAL sums, BigInt ratios rounded to 9 places); the logarithmic-mean contributions
// need ln, so they are doubles (docs/semantics.md), rounded half away from zero to 9 places when written.
import type { Config } from '../config';
import type { Db } from '../db';
import { FRAMEWORKS, labelKeys, type Framework } from '../frameworks';
import { dialectOf, labelsQuery, type Model } from '../pipeline';
import { labelColumn } from '../sql/strategy';
import { whatChangedSql } from '../sql/what-changed';
import { baselineOf } from './baseline';
import { csvLine } from './csv';
import { intUnits, plainDouble, plainUnits, ratioUnits, units } from './decimal';
import { addDays, daysBetween } from './periods';

export const FACTORS = ['revenue', 'buyers', 'purchases_per_buyer', 'revenue_per_purchase'] as const;
export type Factor = (typeof FACTORS)[number];

export interface WhatChangedRow {
  /** 'all', or a framework's export column (ladder … nps, rfm_segment). */
  scope: string;
  /** The label at as_of; '' for scope all. */
  label: string;
  factor: Factor;
  /** Exact plain text (ratios rounded to 9 places); null where undefined (no buyers, no purchases). */
  baseline: string | null;
  current: string | null;
  /** The factor's share of the revenue change; for `revenue`, the change itself. null where the SPEC gives none. */
  contribution: string | null;
}

export const WHAT_CHANGED_HEADER = 'scope,label,factor,baseline,current,contribution';

interface Window { revenue: bigint; buyers: number; purchases: number }
const EMPTY: Window = { revenue: 0n, buyers: 0, purchases: 0 };

/** The factors of one window, in units of 1e-9 (null: undefined). */
function factorsOf(w: Window): (bigint | null)[] {
  return [w.revenue, intUnits(w.buyers), ratioUnits(intUnits(w.purchases), intUnits(w.buyers)), ratioUnits(w.revenue, intUnits(w.purchases))];
}

const asNumber = (u: bigint) => Number(u) / 1e9;

/**
 * Each factor's contribution ΔR × ln(f1/f0) / ln(R1/R0), none unless every revenue and factor is > 0.
 * Factors enter unrounded (P/B and R/P as doubles of exact values), so the four multiply to R exactly
 * and the three contributions add up to ΔR up to double rounding. Equal revenues: the logarithmic
 * mean's limit, R itself.
 */
export function contributions(w0: Window, w1: Window): number[] | null {
  const raw = (w: Window) => [asNumber(w.revenue), w.buyers, w.purchases / w.buyers, asNumber(w.revenue) / w.purchases];
  if (w0.revenue <= 0n || w1.revenue <= 0n || w0.purchases === 0 || w1.purchases === 0) return null;
  const [f0, f1] = [raw(w0), raw(w1)];
  if ([...f0, ...f1].some((x) => !(x > 0))) return null;
  const dR = asNumber(w1.revenue - w0.revenue);
  const lnRatio = (a: number, b: number) => Math.log1p((b - a) / a);
  const mean = w1.revenue === w0.revenue ? f0[0] : dR / lnRatio(f0[0], f1[0]);
  return [1, 2, 3].map((i) => mean * lnRatio(f0[i], f1[i]));
}

/** One scope's four rows. */
function split(scope: string, label: string, w0: Window, w1: Window): WhatChangedRow[] {
  const [a, b] = [factorsOf(w0), factorsOf(w1)];
  const c = contributions(w0, w1);
  const text = (u: bigint | null) => (u === null ? null : plainUnits(u));
  return FACTORS.map((factor, i) => ({
    scope, label, factor, baseline: text(a[i]), current: text(b[i]),
    contribution: i === 0 ? plainUnits(w1.revenue - w0.revenue) : c ? plainDouble(c[i - 1]) : null,
  }));
}

/**
 * `all` first, then per framework (SPEC order, or only `framework`) every label in display order
 * (labelKeys), zeros included. B = config.time.baselineAsOf, which must be before as_of.
 * `keep`: a condition over `mt` and `ca` (the dimension filter).
 */
export async function whatChangedRows(db: Db, config: Config, model: Model, framework?: Framework, keep?: string): Promise<WhatChangedRow[]> {
  const end0 = baselineOf(config, model.asOf, 'what changed');
  const span = daysBetween(end0, model.asOf);
  const frameworks = framework ? [framework] : FRAMEWORKS;
  const d = dialectOf(db);
  const sql = whatChangedSql(labelsQuery(config, model, d), { start0: addDays(end0, -span), end0, end1: model.asOf }, frameworks, keep, d);
  const got = new Map<string, Window>();
  for (const r of await db.rows<{ win: number; scope: string; label: string; revenue: string; buyers: number; purchases: number }>(sql))
    got.set(JSON.stringify([r.scope, r.label, Number(r.win)]), { revenue: units(r.revenue), buyers: Number(r.buyers), purchases: Number(r.purchases) });
  const at = (scope: string, label: string, win: number) => got.get(JSON.stringify([scope, label, win])) ?? EMPTY;
  const rows = split('all', '', at('all', '', 0), at('all', '', 1));
  for (const fw of frameworks) {
    const scope = labelColumn(fw);
    for (const label of labelKeys(fw, config)) rows.push(...split(scope, label, at(scope, label, 0), at(scope, label, 1)));
  }
  return rows;
}

export function whatChangedCsv(rows: WhatChangedRow[]): string[] {
  return [WHAT_CHANGED_HEADER, ...rows.map((r) => csvLine([r.scope, r.label, r.factor, r.baseline, r.current, r.contribution]))];
}

export async function whatChangedLines(db: Db, config: Config, model: Model, framework?: Framework, keep?: string): Promise<string[]> {
  return whatChangedCsv(await whatChangedRows(db, config, model, framework, keep));
}
