// The property tests' random small datasets and configs (property.test.ts: engine = reference; clickhouse-
// segment.test.ts: ClickHouse = DuckDB, byte for byte).
import fc from 'fast-check';

const ids = fc.constantFrom('a', 'b', 'c', 'd', 'B', ' 007 ', '+86', 'Ａ1', '');
const day = fc.integer({ min: 0, max: 40 }).map((d) => new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10));
// 9999-12-31 is unparseable (SPEC revision 2), 9999-12-30 the last day read: as_of is then 9999-12-31.
const odd = fc.constantFrom('2024-02-30', 'soon', '', '2024-01-05 10:30:00', '9999-12-31', '9999-12-30');
const date = fc.oneof({ weight: 12, arbitrary: day }, { weight: 1, arbitrary: odd });
// Days far from today, each one DuckDB reads (or refuses) and ClickHouse's Date32 (1900 .. 2299) cannot hold
// (clickhouse-segment.test.ts). Not in `dataset`: the reference reads years 0000 .. 0099 as 19xx (Date.UTC).
export const FAR_DAYS = ['0000-02-29', '0001-01-01', '0999-12-31', '1600-02-29', '1899-12-31', '1900-01-01', '1900-02-29', '2299-12-31', '2300-01-01', '2400-02-29', '9999-12-30'];
const far = fc.constantFrom(...FAR_DAYS);
const dateOrFar = fc.oneof({ weight: 10, arbitrary: day }, { weight: 1, arbitrary: odd }, { weight: 3, arbitrary: far });
// Amounts of 1e18 or more are rejected whole (amount_out_of_range); 1e30 cannot even be held as a decimal.
// (Large amounts that are used would tie as doubles in the live recount: docs/semantics.md, "Live counts".)
const amount = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('10', '20', '20', '0', '-5', '0.1', '0.2', '-0.3', '30', '3e1', 'abc', '7.5', '100', '33.333333333') },
  { weight: 1, arbitrary: fc.constantFrom('1e18', '-1e18', '1000000000000000000.0000000001', '1e20', '-2.5e25', '1e30', '-1e400') },
);

const orderRowOf = (date: fc.Arbitrary<string>) => fc.record({
  customer_id: ids, order_date: date, amount,
  order_id: fc.constantFrom('', '', 'o1', 'o2', 'o3'),
  cost: fc.constantFrom('', '1', '2.5', '-1', 'x', '', '1', '1e18', '-3e20'),
  category: fc.constantFrom('', 'home', 'toys', 'food'),
});
const customerRow = fc.record({
  customer_id: ids,
  signup_date: fc.oneof(day, fc.constantFrom('', 'bad')),
  referred_by: fc.constantFrom('', 'a', 'b', 'c', 'zz'),
});
const feedbackRowOf = (date: fc.Arbitrary<string>) => fc.record({
  customer_id: ids, response_date: date,
  csat: fc.constantFrom('', '1', '3', '3.5', '4', '5', '6'),
  nps: fc.constantFrom('', '0', '6', '7', '8', '9', '10', '11'),
});
const interactionRowOf = (date: fc.Arbitrary<string>) => fc.record({ customer_id: ids, interaction_date: date, kind: fc.constantFrom('visit', 'email', 'Complaint', '') });

const share = fc.constantFrom(0, 0.1, 0.2, 0.25, 0.3, 0.5, 1);
export const config = fc.record({
  asOf: fc.option(day.filter((d) => d > '2024-01-15'), { nil: null }),
  ladder: fc.record({ loyalMinPurchases: fc.integer({ min: 2, max: 4 }), activeDays: fc.integer({ min: 1, max: 40 }), advocateMinReferrals: fc.integer({ min: 0, max: 2 }), advocateMinNps: fc.integer({ min: 0, max: 10 }) }),
  lifecycle: fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 4 }))
    .map(([newDays, atRiskDays, gap, loyalMinPurchases]) => ({ newDays, atRiskDays, churnDays: atRiskDays + gap, loyalMinPurchases })),
  value: fc.oneof(
    fc.tuple(fc.constantFrom('monetary', 'profit', 'aov', 'purchases', 'predicted_clv'), share, share).filter(([, h, m]) => h + m <= 1).map(([metric, high, mid]) => ({ metric, mode: 'share', high, mid })),
    fc.tuple(fc.constantFrom('monetary', 'aov', 'purchases'), fc.constantFrom(0, 1, 10, 20, 30, 33.333333333), fc.constantFrom(0, 1, 10, 20, 30)).map(([metric, a, b]) => ({ metric, mode: 'absolute', high: Math.max(a, b), mid: Math.min(a, b) })),
  ),
  engagement: fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })).map(([windowDays, a, b]) => ({ windowDays, occasionalMin: a, frequentMin: a + b })),
  needs: fc.tuple(fc.constantFrom('purchase_rate', 'categories', 'aov'), fc.constantFrom(0, 0.25, 0.5, 1, 2, 10), fc.constantFrom(0, 0.25, 1, 2)).map(([metric, a, b]) => ({ metric, high: Math.max(a, b), mid: Math.min(a, b) })),
  satisfaction: fc.tuple(fc.constantFrom(1, 3, 3.5, 4, 5), fc.constantFrom(1, 3, 3.5, 4)).map(([a, b]) => ({ high: Math.max(a, b), mid: Math.min(a, b) })),
  nps: fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 })).map(([a, b]) => ({ promoterMin: Math.max(a, b), passiveMin: Math.min(a, b) })),
  rfm: fc.oneof(
    fc.constant({ cuts: 'quintiles' as const }),
    fc.tuple(...[0, 1, 2].map(() => fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 4, maxLength: 4 }).map((a) => a.sort((x, y) => x - y))))
      .map(([r, f, m]) => ({ cuts: { r, f, m } })),
  ),
});

const datasetOf = (date: fc.Arbitrary<string>) => fc.record({
  orders: fc.array(orderRowOf(date), { minLength: 1, maxLength: 40 }),
  customers: fc.option(fc.array(customerRow, { maxLength: 8 }), { nil: undefined }),
  feedback: fc.option(fc.array(feedbackRowOf(date), { maxLength: 10 }), { nil: undefined }),
  interactions: fc.option(fc.array(interactionRowOf(date), { maxLength: 10 }), { nil: undefined }),
});

export const dataset = datasetOf(date);
/** `dataset` with far days (0000-02-29 .. 9999-12-30, and 1900-02-29 that never was) among the dates. */
export const farDataset = datasetOf(dateOrFar);
