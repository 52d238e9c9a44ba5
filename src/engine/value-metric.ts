// Value tiers by predicted_clv need predictions (SPEC §3a); shared by the SQL labels and the live recount.
import type { Config } from './config';

/** Value tiers rank by predicted lifetime value (they then need predictions: SPEC §3a). */
export const tiersByPrediction = (config: Config): boolean => config.value.metric === 'predicted_clv';

/**
 * The config value tiers are cut under: by predicted_clv only where the date has predictions (its tb_clv
 * counts them, so a kept replay answers too); where its fit was refused, by monetary (SPEC §3a, other dates; the same at as_of: docs/semantics.md), and the views say so.
 */
export function valueConfig(config: Config, counts: { predicted_clv: number }): Config {
  if (!tiersByPrediction(config) || counts.predicted_clv > 0) return config;
  return { ...config, value: { ...config.value, metric: 'monetary' } };
}
