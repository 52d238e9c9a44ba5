// The horizon and discount predictions are made for (SPEC §5, `clv`): pure, so the live recount and the
// early worker can key on them without the fit's SQL.
import type { Config } from '../config';
import type { ClvHorizon } from './api';

export const clvHorizon = (config: Config): ClvHorizon => ({ horizonDays: config.clv.horizonDays, annualDiscount: config.clv.annualDiscount });

/** The horizon and discount as one key (tb_clv's `written`, the live column's, the movement counts'). */
export const horizonKey = (h: ClvHorizon) => `${h.horizonDays}|${h.annualDiscount}`;
