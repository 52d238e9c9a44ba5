// SPEC §1–§3 and §6, case by case, with hand-computed expectations. Every run also checks the live
// recount against the SQL labels (harness.ts).
import { describe, expect, test } from 'vitest';
import { orders, run, type Roles, type Tables } from './harness';

interface Case {
  name: string;
  tables: Tables;
  config?: object;
  roles?: Roles;
  asOf?: string;
  customers?: Record<string, Record<string, string>>;
  absent?: string[];
  report?: Record<string, { read?: number; used?: number; rejected?: Record<string, number>; ignored?: Record<string, number> }>;
  order?: string[];
}

const cases: Case[] = [
  {
    name: 'returns-only customer: negative monetary, no purchase, a prospect everywhere',
    tables: { orders: orders(['A', '2024-01-10', '-50'], ['B', '2024-01-05', '10']) },
    asOf: '2024-01-11',
    customers: {
      A: { purchases: '0', monetary: '-50', recency_days: '', tenure_days: '', ladder: 'prospect', lifecycle: 'potential', value: 'prospect', needs: 'prospect', rfm_segment: 'prospect', r: '', f: '', m: '', aov: '' },
      B: { purchases: '1', monetary: '10', recency_days: '6', tenure_days: '6', ladder: 'first_time', aov: '10' },
    },
  },
  {
    name: 'zero-value order is not a purchase',
    tables: { orders: orders(['A', '2024-01-10', '0'], ['B', '2024-01-05', '10']) },
    customers: { A: { purchases: '0', monetary: '0', ladder: 'prospect' } },
  },
  {
    name: 'rows split across one order_id form one order dated at its earliest row',
    tables: { orders: orders(['A', '2024-01-03', '-4', 'o1'], ['A', '2024-01-01', '10', 'o1']) },
    customers: { A: { purchases: '1', monetary: '6', recency_days: '3', tenure_days: '3', first_purchase: '2024-01-01' } },
  },
  {
    name: 'empty order_id: the rows of one customer on one day are one order; an order_id keeps its own',
    tables: { orders: orders(['A', '2024-01-01', '10', ''], ['A', '2024-01-01 18:30', '5', ' '], ['A', '2024-01-02', '-20', ''], ['B', '2024-01-01', '1', 'o9'], ['B', '2024-01-01', '2', '']) },
    customers: { A: { purchases: '1', monetary: '-5' }, B: { purchases: '2', monetary: '3' } },
  },
  {
    name: 'the same order_id of two customers is two orders',
    tables: { orders: orders(['A', '2024-01-01', '10', 'o1'], ['B', '2024-01-02', '20', 'o1']) },
    customers: { A: { purchases: '1', monetary: '10' }, B: { purchases: '1', monetary: '20' } },
  },
  {
    name: 'rows on or after as_of are ignored and counted',
    tables: { orders: orders(['A', '2024-01-09', '10'], ['A', '2024-01-10', '99'], ['B', '2024-02-01', '5']) },
    config: { asOf: '2024-01-10' },
    customers: { A: { purchases: '1', monetary: '10', recency_days: '1' } },
    absent: ['B'],
    report: { orders: { read: 3, used: 1, ignored: { on_or_after_as_of: 2 } } },
  },
  {
    name: 'as_of in the past reproduces that day',
    tables: { orders: orders(['A', '2024-01-01', '10'], ['A', '2024-01-04', '10'], ['A', '2024-01-08', '10']) },
    config: { asOf: '2024-01-05' },
    customers: { A: { purchases: '2', monetary: '20', recency_days: '1', tenure_days: '4' } },
  },
  {
    name: 'default as_of is the day after the latest usable order row (rejected rows do not count)',
    tables: { orders: [...orders(['A', '2024-03-01', '10']), { customer_id: '', order_date: '2025-01-01', amount: '1' }] },
    asOf: '2024-03-02',
  },
  {
    name: '0.10 + 0.20 - 0.30 is exactly zero: no purchase; 0.1 + 0.2 is 0.3',
    tables: { orders: orders(['A', '2024-01-01', '0.10', 'o1'], ['A', '2024-01-01', '0.20', 'o1'], ['A', '2024-01-01', '-0.30', 'o1'], ['B', '2024-01-01', '0.1'], ['B', '2024-01-02', '0.2'], ['C', '2024-01-01', '3e2']) },
    customers: { A: { purchases: '0', monetary: '0' }, B: { purchases: '2', monetary: '0.3', aov: '0.15' }, C: { monetary: '300' } },
  },
  {
    name: 'aov is rounded half away from zero to 9 places',
    tables: { orders: orders(['A', '2024-01-01', '10'], ['A', '2024-01-02', '10'], ['A', '2024-01-03', '0.000000002']) },
    customers: { A: { purchases: '3', monetary: '20.000000002', aov: '6.666666667' } },
  },
  {
    name: 'amount as an expression over columns',
    tables: { orders: [{ customer_id: 'A', order_date: '2024-01-01', Quantity: '3', 'Unit Price': '2.55' }, { customer_id: 'A', order_date: '2024-01-02', Quantity: '-1', 'Unit Price': '2.55' }] },
    roles: { orders: { amount: 'Quantity * "Unit Price"' } },
    customers: { A: { purchases: '1', monetary: '5.1' } },
  },
  {
    name: 'profit and categories from cost and category',
    tables: {
      orders: [
        { customer_id: 'A', order_date: '2024-01-01', amount: '100', cost: '60', category: 'home', order_id: 'o1' },
        { customer_id: 'A', order_date: '2024-01-01', amount: '50', cost: '', category: 'toys', order_id: 'o1' },
        { customer_id: 'A', order_date: '2024-01-02', amount: '-30', cost: '-20', category: 'garden', order_id: 'r1' },
        { customer_id: 'A', order_date: '2024-01-03', amount: '10', cost: '5', category: ' ', order_id: 'o2' },
      ],
    },
    customers: { A: { purchases: '2', monetary: '130', profit: '85', categories: '2' } },
  },
  {
    name: 'purchase_rate is purchases per 30 days of tenure, at least 30',
    tables: { orders: orders(['A', '2024-01-01', '1'], ['A', '2024-02-01', '1'], ['A', '2024-03-01', '1'], ['B', '2024-03-25', '1'], ['B', '2024-03-26', '1']) },
    config: { asOf: '2024-03-31' },
    customers: { A: { tenure_days: '90', purchase_rate: '1', needs: 'high' }, B: { tenure_days: '6', purchase_rate: '2', needs: 'high' } },
  },
  {
    name: 'same-day NPS answers: the latest day, its maximum; csat is the mean',
    tables: {
      orders: orders(['A', '2024-01-01', '10']),
      feedback: [
        { customer_id: 'A', response_date: '2024-01-01', csat: '4', nps: '10' },
        { customer_id: 'A', response_date: '2024-01-05', csat: '', nps: '3' },
        { customer_id: 'A', response_date: '2024-01-05', csat: '3', nps: '6' },
        { customer_id: 'A', response_date: '2024-02-01', csat: '1', nps: '0' },
      ],
    },
    config: { asOf: '2024-01-10' },
    customers: { A: { nps: 'detractor', nps_latest: '6', csat_mean: '3.5', satisfaction: 'mid' } },
    report: { feedback: { used: 3, ignored: { on_or_after_as_of: 1 } } },
  },
  {
    name: 'referrals from a referrals column make a loyal customer an advocate',
    tables: {
      orders: orders(['A', '2024-01-01', '10'], ['A', '2024-01-02', '10'], ['A', '2024-01-03', '10'], ['A', '2024-01-04', '10'], ['B', '2024-01-01', '10'], ['B', '2024-01-02', '10'], ['B', '2024-01-03', '10'], ['B', '2024-01-04', '10']),
      customers: [{ customer_id: 'A', referrals: '2' }, { customer_id: 'B', referrals: '' }],
    },
    customers: { A: { referrals: '2', ladder: 'advocate' }, B: { referrals: '0', ladder: 'loyal' } },
  },
  {
    name: 'referrals counted from referred_by, over the universe only',
    tables: {
      orders: orders(['A', '2024-01-01', '10'], ['A', '2024-01-02', '10'], ['A', '2024-01-03', '10'], ['A', '2024-01-04', '10']),
      customers: [
        { customer_id: 'A', signup_date: '2023-01-01', referred_by: '' },
        { customer_id: 'B', signup_date: '2023-06-01', referred_by: 'A' },
        { customer_id: 'C', signup_date: '2024-06-01', referred_by: 'A' },
      ],
    },
    config: { asOf: '2024-01-10' },
    customers: { A: { referrals: '1', ladder: 'advocate' }, B: { ladder: 'prospect', purchases: '0' } },
    absent: ['C'],
    report: { customers: { read: 3, used: 2, ignored: { signup_on_or_after_as_of: 1 } } },
  },
  {
    name: 'signup after as_of: out, unless the customer ordered before as_of; empty signup keeps a customer',
    tables: {
      orders: orders(['D2', '2024-01-02', '10']),
      customers: [
        { customer_id: 'D', signup_date: '2024-02-01' },
        { customer_id: 'D2', signup_date: '2024-02-01' },
        { customer_id: 'E', signup_date: '' },
        { customer_id: 'F', signup_date: '2024-01-09' },
      ],
    },
    config: { asOf: '2024-01-10' },
    customers: { D2: { purchases: '1' }, E: { ladder: 'prospect' }, F: { ladder: 'prospect' } },
    absent: ['D'],
  },
  {
    name: 'feedback and interactions outside the universe are ignored and counted',
    tables: {
      orders: orders(['A', '2024-01-01', '10']),
      feedback: [{ customer_id: 'Z', response_date: '2024-01-01', csat: '5', nps: '10' }],
      interactions: [{ customer_id: 'Z', interaction_date: '2024-01-01', kind: 'visit' }, { customer_id: 'A', interaction_date: '2024-01-01', kind: ' Complaint ' }],
    },
    customers: { A: { complaints: '1', interactions: '1', touches: '2' } },
    absent: ['Z'],
    report: { feedback: { used: 0, ignored: { outside_universe: 1 } }, interactions: { used: 1, ignored: { outside_universe: 1 } } },
  },
  {
    name: 'every orders rejection reason, first reason wins',
    tables: {
      orders: [
        { customer_id: 'A', order_date: '2024-01-01', amount: '10', cost: '1' },
        { customer_id: '  ', order_date: 'bad', amount: 'bad', cost: 'x' },
        { customer_id: 'A', order_date: '2023-02-30', amount: '10', cost: '' },
        { customer_id: 'A', order_date: '2024-01-01x', amount: '10', cost: '' },
        { customer_id: 'A', order_date: '01/02/2024', amount: '10', cost: '' },
        { customer_id: 'A', order_date: '', amount: '10', cost: '' },
        { customer_id: 'A', order_date: '2024-01-01', amount: '0x10', cost: '' },
        { customer_id: 'A', order_date: '2024-01-01', amount: 'Infinity', cost: '' },
        { customer_id: 'A', order_date: '2024-01-01', amount: 'NaN', cost: '' },
        { customer_id: 'A', order_date: '2024-01-01', amount: '12,50', cost: '' },
        { customer_id: 'A', order_date: '2024-01-01', amount: '', cost: '' },
        { customer_id: 'A', order_date: '2024-01-01', amount: '10', cost: 'n/a' },
      ],
    },
    customers: { A: { purchases: '1', monetary: '10', profit: '9' } },
    report: { orders: { read: 12, used: 1, rejected: { empty_customer_id: 1, unparseable_date: 4, non_numeric_amount: 5, non_numeric_cost: 1 } } },
  },
  {
    name: 'every customers, feedback and interactions rejection reason',
    tables: {
      orders: orders(['A', '2024-01-01', '10']),
      customers: [
        { customer_id: 'A', signup_date: '2023-01-01', referrals: '1' },
        { customer_id: '', signup_date: '2023-01-01', referrals: '' },
        { customer_id: 'B', signup_date: '2023-13-01', referrals: '' },
        { customer_id: 'C', signup_date: '', referrals: '1.5' },
        { customer_id: 'D', signup_date: '', referrals: '-1' },
        { customer_id: 'A', signup_date: '2023-01-01', referrals: '7' },
      ],
      feedback: [
        { customer_id: 'A', response_date: '2024-01-01', csat: '5', nps: '' },
        { customer_id: '', response_date: '2024-01-01', csat: '5', nps: '' },
        { customer_id: 'A', response_date: '2024-02-30', csat: '5', nps: '' },
        { customer_id: 'A', response_date: '2024-01-01', csat: '0', nps: '9' },
        { customer_id: 'A', response_date: '2024-01-01', csat: '6', nps: '' },
        { customer_id: 'A', response_date: '2024-01-01', csat: 'good', nps: '' },
        { customer_id: 'A', response_date: '2024-01-01', csat: '4', nps: '11' },
        { customer_id: 'A', response_date: '2024-01-01', csat: '', nps: '-1' },
        { customer_id: 'A', response_date: '2024-01-01', csat: '', nps: '' },
      ],
      interactions: [
        { customer_id: 'A', interaction_date: '2024-01-01', kind: 'visit' },
        { customer_id: '', interaction_date: '2024-01-01', kind: 'visit' },
        { customer_id: 'A', interaction_date: 'yesterday', kind: 'visit' },
      ],
    },
    customers: { A: { referrals: '1', csat_mean: '5', satisfaction: 'high', nps: 'unknown' } },
    report: {
      customers: { read: 6, used: 1, rejected: { empty_customer_id: 1, unparseable_signup_date: 1, invalid_referrals: 2, duplicate_customer_id: 1 } },
      feedback: { read: 9, used: 1, rejected: { empty_customer_id: 1, unparseable_date: 1, csat_out_of_range: 3, nps_out_of_range: 2, no_answer: 1 } },
      interactions: { read: 3, used: 1, rejected: { empty_customer_id: 1, unparseable_date: 1 } },
    },
  },
  {
    name: 'ids: blanks trimmed, text kept as written, formula guard, byte order',
    tables: { orders: orders([' 007 ', '2024-01-01', '1'], ['+8613800000001', '2024-01-01', '1'], ['Ａ01', '2024-01-01', '1'], ['=cmd', '2024-01-01', '1'], ['a,"b"', '2024-01-01', '1'], ['17850.0', '2024-01-01', '1'], ['b', '2024-01-01', '1'], ['B', '2024-01-01', '1']) },
    order: ["'+8613800000001", '007', '17850.0', "'=cmd", 'B', 'a,"b"', 'b', 'Ａ01'],
  },
  {
    name: 'value tiers, share mode: ties at a cut all go up, exactly',
    tables: { orders: orders(['a', '2024-01-01', '10'], ['b', '2024-01-01', '20'], ['c', '2024-01-01', '30'], ['d', '2024-01-01', '30'], ['e', '2024-01-01', '30']) },
    customers: { a: { value: 'low' }, b: { value: 'low' }, c: { value: 'high' }, d: { value: 'high' }, e: { value: 'high' } },
  },
  {
    name: 'value tiers, share mode: an interpolated cut (40 + 0.2 * 10 = 42)',
    tables: { orders: orders(['a', '2024-01-01', '10'], ['b', '2024-01-01', '20'], ['c', '2024-01-01', '30'], ['d', '2024-01-01', '40'], ['e', '2024-01-01', '50']) },
    customers: { a: { value: 'low' }, b: { value: 'low' }, c: { value: 'mid' }, d: { value: 'mid' }, e: { value: 'high' } },
  },
  {
    name: 'value tiers: 1 - 0.2 - 0.2 is exactly 0.6, so the mid cut is v[3] itself',
    tables: { orders: orders(['a', '2024-01-01', '10'], ['b', '2024-01-01', '20'], ['c', '2024-01-01', '30'], ['d', '2024-01-01', '40'], ['e', '2024-01-01', '50'], ['f', '2024-01-01', '60']) },
    config: { value: { high: 0.2, mid: 0.2 } },
    customers: { c: { value: 'low' }, d: { value: 'mid' }, e: { value: 'high' }, f: { value: 'high' } },
  },
  {
    name: 'value tiers: tied neighbours that DOUBLE interpolation would miss by one ulp',
    tables: { orders: orders(['a', '2024-01-01', '0.1'], ['b', '2024-01-01', '0.7'], ['c', '2024-01-01', '0.7'], ['d', '2024-01-01', '0.7'], ['e', '2024-01-01', '0.7'], ['f', '2024-01-01', '0.7']) },
    config: { value: { high: 0.3, mid: 0.3 } },
    customers: { a: { value: 'low' }, b: { value: 'high' }, f: { value: 'high' } },
  },
  {
    name: 'value tiers, absolute mode: the cut values themselves are in',
    tables: { orders: orders(['a', '2024-01-01', '100'], ['b', '2024-01-01', '50'], ['c', '2024-01-01', '49.999999999']) },
    config: { value: { mode: 'absolute', high: 100, mid: 50 } },
    customers: { a: { value: 'high' }, b: { value: 'mid' }, c: { value: 'low' } },
  },
  {
    name: 'value tiers by aov and by purchases',
    tables: { orders: orders(['a', '2024-01-01', '10'], ['a', '2024-01-02', '10'], ['b', '2024-01-01', '15'], ['c', '2024-01-01', '5']) },
    config: { value: { metric: 'aov', mode: 'absolute', high: 15, mid: 10 } },
    customers: { a: { value: 'mid' }, b: { value: 'high' }, c: { value: 'low' } },
  },
  {
    name: 'ladder and lifecycle: every boundary is inclusive as the SPEC writes it',
    tables: {
      orders: orders(
        ['L', '2023-01-01', '1'], ['L', '2023-01-02', '1'], ['L', '2023-01-03', '1'], ['L', '2023-01-10', '1'],
        ['R', '2023-01-01', '1'], ['R', '2023-01-02', '1'], ['R', '2023-01-03', '1'], ['R', '2023-01-09', '1'],
        ['N', '2023-10-12', '1'], ['N', '2023-10-13', '1'],
        ['M', '2023-06-01', '1'], ['M', '2023-07-14', '1'],
      ),
    },
    config: { asOf: '2024-01-10', lifecycle: { newDays: 90, atRiskDays: 180, churnDays: 365 } },
    customers: {
      L: { recency_days: '365', ladder: 'loyal', lifecycle: 'at_risk' },
      R: { recency_days: '366', ladder: 'repeat', lifecycle: 'churned' },
      N: { tenure_days: '90', recency_days: '89', lifecycle: 'new', ladder: 'repeat' },
      M: { recency_days: '180', lifecycle: 'mature' },
    },
  },
  {
    name: 'engagement: touches in [as_of - window, as_of), interactions plus purchases',
    tables: {
      orders: orders(['A', '2024-01-01', '1'], ['A', '2023-10-02', '1'], ['A', '2023-10-01', '1']),
      interactions: [
        { customer_id: 'A', interaction_date: '2024-03-30', kind: 'visit' },
        { customer_id: 'A', interaction_date: '2024-03-30', kind: 'email' },
        { customer_id: 'A', interaction_date: '2024-03-31', kind: 'visit' },
      ],
    },
    config: { asOf: '2023-12-31', engagement: { windowDays: 90, frequentMin: 2, occasionalMin: 1 } },
    customers: { A: { touches: '1', engagement: 'occasional', purchases: '2' } },
  },
  {
    name: 'satisfaction and nps: thresholds are inclusive; no answer is unknown',
    tables: {
      orders: orders(['a', '2024-01-01', '1'], ['b', '2024-01-01', '1'], ['c', '2024-01-01', '1'], ['d', '2024-01-01', '1']),
      feedback: [
        { customer_id: 'a', response_date: '2024-01-01', csat: '4', nps: '9' },
        { customer_id: 'b', response_date: '2024-01-01', csat: '3', nps: '7' },
        { customer_id: 'c', response_date: '2024-01-01', csat: '2.99', nps: '6' },
      ],
    },
    config: { asOf: '2024-02-01' },
    customers: {
      a: { satisfaction: 'high', nps: 'promoter' }, b: { satisfaction: 'mid', nps: 'passive' },
      c: { satisfaction: 'low', nps: 'detractor' }, d: { satisfaction: 'unknown', nps: 'unknown' },
    },
  },
  {
    name: 'rfm: quintile cuts with ties (everyone bought once: f = 1 for all)',
    tables: { orders: orders(['a', '2024-01-01', '10'], ['b', '2024-01-02', '20'], ['c', '2024-01-03', '30'], ['d', '2024-01-04', '40'], ['e', '2024-01-05', '50'], ['f', '2024-01-06', '60']) },
    config: { asOf: '2024-01-07' },
    customers: {
      // recency cuts 2, 3, 4, 5 (days); monetary cuts 20, 30, 40, 50
      a: { r: '1', f: '1', m: '1', rfm_segment: 'lost' },
      c: { r: '2', f: '1', m: '2', rfm_segment: 'about_to_sleep' },
      f: { r: '5', f: '1', m: '5', rfm_segment: 'other' },
    },
  },
  {
    name: 'rfm: SPEC revision 2 default order: new_customers, promising and cant_lose_them hold customers',
    // explicit cuts: r counts cuts above recency, f and m cuts below purchases and monetary
    tables: {
      orders: orders(
        ['n', '2024-02-25', '5'], // recency 5, 1 purchase of 5: r 5, f 1, m 1 (revision 1: potential_loyalist)
        ['p', '2024-02-05', '5'], // recency 25: r 3, f 1, m 1 (revision 1: potential_loyalist)
        ['c', '2024-01-07', '20'], ['c', '2024-01-08', '20'], ['c', '2024-01-09', '20'], ['c', '2024-01-10', '20'], ['c', '2024-01-11', '20'], // recency 50, 5 purchases, 100: r 1, f 5, m 5 (revision 1: at_risk)
        ['a', '2024-01-10', '20'], ['a', '2024-01-11', '20'], // r 1, f 2, m 4: at_risk in both
      ),
    },
    config: { asOf: '2024-03-01', rfm: { cuts: { r: [10, 20, 30, 40], f: [1, 2, 3, 4], m: [10, 20, 30, 40] } } },
    customers: {
      n: { r: '5', f: '1', m: '1', rfm_segment: 'new_customers' },
      p: { r: '3', f: '1', m: '1', rfm_segment: 'promising' },
      c: { r: '1', f: '5', m: '5', rfm_segment: 'cant_lose_them' },
      a: { r: '1', f: '2', m: '4', rfm_segment: 'at_risk' },
    },
  },
  {
    name: 'rfm: explicit cuts and a custom rule list',
    tables: { orders: orders(['a', '2024-01-01', '10'], ['a', '2024-01-05', '10'], ['b', '2023-06-01', '500']) },
    config: {
      asOf: '2024-01-10',
      rfm: { cuts: { r: [10, 30, 90, 180], f: [1, 2, 3, 4], m: [10, 50, 100, 200] }, segments: [{ name: 'vip', r: [1, 5], f: [1, 5], m: [5, 5] }, { name: 'fresh', r: [5, 5], f: [1, 5], m: [1, 5] }] },
    },
    customers: { a: { r: '5', f: '2', m: '2', rfm_segment: 'fresh' }, b: { r: '1', f: '1', m: '5', rfm_segment: 'vip' } },
  },
];

describe('engine, case by case', () => {
  test.each(cases)('$name', async (c) => {
    const r = await run(c.tables, c.config, c.roles);
    if (c.asOf) expect(r.asOf).toBe(c.asOf);
    for (const [id, want] of Object.entries(c.customers ?? {})) {
      expect(r.byId[id], `customer ${id}`).toBeDefined();
      expect(Object.fromEntries(Object.keys(want).map((k) => [k, r.byId[id][k]])), `customer ${id}`).toEqual(want);
    }
    for (const id of c.absent ?? []) expect(r.byId[id], `customer ${id} is outside the universe`).toBeUndefined();
    for (const [table, want] of Object.entries(c.report ?? {})) {
      const got = r.report[table];
      for (const k of Object.keys(want) as (keyof typeof want)[]) expect(got[k], `${table}.${k}`).toEqual(want[k]);
      expect(got.read).toBe(got.used + sum(got.rejected) + sum(got.ignored));
    }
    if (c.order) expect(r.rows.map((x) => x.customer_id)).toEqual(c.order);
  });
});

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
