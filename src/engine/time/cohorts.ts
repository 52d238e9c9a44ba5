// SPEC §4a cohorts: the structured rows (the page's heatmap) and the CLI's --cohorts file, one source.
import type { Config } from '../config';
import type { Db } from '../db';
import { dialectOf, type Model } from '../pipeline';
import { cohortSql } from '../sql/cohorts';
import { csvLine } from './csv';
import { intUnits, plainUnits, ratioUnits, units } from './decimal';
import { lastPeriodPartial } from './periods';

export interface CohortRow {
  /** The first day of the cohort's period, YYYY-MM-DD. */
  cohort: string;
  /** k: periods since the cohort's own. */
  period: number;
  /** The cohort's size (its buyers; all of them bought in period 0). */
  customers: number;
  active: number;
  /** active / customers rounded half away from zero to 9 places, as plain text (Number() it to draw). */
  customerRetention: string;
  /** Summed value of the cohort's orders in the period, exact plain text. */
  revenue: string;
  /** revenue / the cohort's period-0 revenue, 9 places; null when that base is 0. */
  revenueRetention: string | null;
  /** The cohort's last period, when as_of is not the first day of a period. */
  partial: boolean;
}

export const COHORT_HEADER = 'cohort,period,customers,active,customer_retention,revenue,revenue_retention,partial';

/** Every cohort's periods in order (cohort, then k); `keep` over `mt` and `ca` is the dimension filter. */
export async function cohortRows(db: Db, config: Config, model: Model, keep?: string): Promise<CohortRow[]> {
  const period = config.time.cohortPeriod;
  const raw = await db.rows<{ cohort: string; k: number; customers: number; active: number; revenue: string }>(cohortSql(period, model.asOf, keep, dialectOf(db)));
  const partialLast = lastPeriodPartial(model.asOf, period);
  const base = new Map<string, bigint>();
  return raw.map((r, i) => {
    const revenue = units(r.revenue);
    if (Number(r.k) === 0) base.set(r.cohort, revenue);
    const last = i === raw.length - 1 || raw[i + 1].cohort !== r.cohort;
    const rr = ratioUnits(revenue, base.get(r.cohort)!);
    return {
      cohort: r.cohort, period: Number(r.k), customers: Number(r.customers), active: Number(r.active),
      customerRetention: plainUnits(ratioUnits(intUnits(r.active), intUnits(r.customers))!),
      revenue: plainUnits(revenue), revenueRetention: rr === null ? null : plainUnits(rr), partial: last && partialLast,
    };
  });
}

export function cohortCsv(rows: CohortRow[]): string[] {
  return [COHORT_HEADER, ...rows.map((r) => csvLine([r.cohort, r.period, r.customers, r.active, r.customerRetention, r.revenue, r.revenueRetention, r.partial]))];
}

export async function cohortLines(db: Db, config: Config, model: Model, keep?: string): Promise<string[]> {
  return cohortCsv(await cohortRows(db, config, model, keep));
}
