import { describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/engine/config';
import { labelFieldChanges } from '../../src/engine/config/diff';

const config = (doc: Record<string, unknown>): Config => {
  const r = parseConfig({ version: 1, ...doc });
  if (!r.ok) throw new Error(r.error);
  return r.config;
};

describe('the fields that separate a pinned config from the current one', () => {
  it.each([
    ['the same config', {}, {}, []],
    ['one threshold', {}, { ladder: { loyalMinPurchases: 6 } }, [{ field: 'ladder.loyalMinPurchases', from: '4', to: '6' }]],
    ['a metric name', {}, { value: { metric: 'aov' } }, [{ field: 'value.metric', from: 'monetary', to: 'aov' }]],
    ['an analysis date', { asOf: '2024-06-30' }, {}, [{ field: 'asOf', from: '2024-06-30', to: 'null' }]],
    ['explicit RFM cuts, compared whole', {}, { rfm: { cuts: { r: [1, 2, 3, 4], f: [1, 2, 3, 4], m: [1, 2, 3, 4] } } },
      [{ field: 'rfm.cuts', from: 'quintiles', to: '{"r":[1,2,3,4],"f":[1,2,3,4],"m":[1,2,3,4]}' }]],
    ['the baseline date and the playbook change no label', {}, { time: { baselineAsOf: '2024-01-01', trendPeriod: 'week' } }, []],
    ['the holdout check\'s date changes no label; the horizon is listed (it re-tiers value tiers by predicted_clv)', {},
      { clv: { holdoutFrom: '2024-01-01', horizonDays: 90 } }, [{ field: 'clv.horizonDays', from: '365', to: '90' }]],
    ['two sections, in the config order', { nps: { promoterMin: 10 } }, { ladder: { activeDays: 200 } },
      [{ field: 'ladder.activeDays', from: '365', to: '200' }, { field: 'nps.promoterMin', from: '10', to: '9' }]],
  ])('%s', (_name, a, b, want) => {
    expect(labelFieldChanges(config(a), config(b))).toEqual(want);
  });
});
