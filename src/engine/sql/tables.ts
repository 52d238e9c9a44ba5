// The model's tables at one analysis date. Those of as_of are tb_*; a replay of the pipeline at another
// date (SPEC §4a: a baseline, a trend date) builds the same tables under a prefix of its own, beside them,
// so the analysis date's tables are never touched and the replay is the very same SQL.
export interface ModelTables {
  orders: string;
  universe: string;
  metrics: string;
  touchEvents: string;
  attributes: string;
  /** SPEC §3a predictions per buyer (idx, p_alive, expected_purchases, expected_order_value, predicted_clv). */
  clv: string;
}

export function tablesAt(prefix = ''): ModelTables {
  if (!/^[a-z0-9_]*$/.test(prefix)) throw new Error(`bad table prefix "${prefix}"`);
  return {
    orders: `${prefix}tb_orders`, universe: `${prefix}tb_universe`, metrics: `${prefix}tb_metrics`,
    touchEvents: `${prefix}tb_touch_events`, attributes: `${prefix}tb_attributes`, clv: `${prefix}tb_clv`,
  };
}

/** The tables of the analysis date in force. */
export const AS_OF_TABLES: ModelTables = tablesAt();

/** The prefix of a replay at `date` (YYYY-MM-DD): at_20241002_. */
export const replayPrefix = (date: string): string => `at_${date.replace(/-/g, '')}_`;

/**
 * tb_metrics' column holding m_x (SPEC §3a: the mean value of a buyer's purchases after the first; NaN where
 * there is none), grouped with the other metrics and read by the predicted-value fit's inputs only.
 */
export const REPEAT_VALUE = '"clv:m_x"';
