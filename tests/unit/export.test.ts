// SPEC §6: the export's columns, number formats, formula guard, channel, and a segment's own list.
import { describe, expect, test } from 'vitest';
import { openNodeDb } from '../../src/node/duckdb';
import { orders, run } from './harness';

describe('export format (SPEC §6)', () => {
  test('the SPEC columns come first, in order', async () => {
    const r = await run({ orders: orders(['A', '2024-01-01', '1']) });
    expect(r.header.slice(0, 17)).toEqual([
      'customer_id', 'purchases', 'monetary', 'recency_days', 'tenure_days', 'ladder', 'lifecycle', 'value',
      'engagement', 'needs', 'satisfaction', 'nps', 'r', 'f', 'm', 'rfm_segment', 'strategy',
    ]);
  });
  test('numbers are plain: no exponent, no binary noise, nulls empty', async () => {
    const r = await run({ orders: orders(['A', '2024-01-01', '100.05'], ['A', '2024-01-01', '298.11'], ['B', '2024-01-01', '1e-7'], ['C', '2024-01-01', '12345678901234567.5']) });
    expect(r.byId.A.monetary).toBe('398.16');
    expect(r.byId.B.monetary).toBe('0.0000001');
    expect(r.byId.C.monetary).toBe('12345678901234567.5');
    expect(r.byId.A.csat_mean).toBe('');
  });
  test('dimension values are guarded against formulas; numeric columns never are', async () => {
    const r = await run({ orders: orders(['A', '2024-01-01', '-5'], ['A', '2024-01-02', '1']), customers: [{ customer_id: 'A', region: '@north', note: '-x', age: '-3' }] });
    expect(r.byId.A.region).toBe("'@north");
    expect(r.byId.A.note).toBe("'-x");
    expect(r.byId.A.monetary).toBe('-4');
  });
  test('the channel is the most frequent over purchases; ties go to the alphabetically first', async () => {
    const r = await run(
      { orders: [
        { customer_id: 'A', order_date: '2024-01-01', amount: '1', channel: 'web' },
        { customer_id: 'A', order_date: '2024-01-02', amount: '1', channel: 'app' },
        { customer_id: 'A', order_date: '2024-01-03', amount: '-1', channel: 'store' },
        { customer_id: 'A', order_date: '2024-01-04', amount: '-1', channel: 'store' },
        { customer_id: 'B', order_date: '2024-01-01', amount: '1', channel: 'web' },
        { customer_id: 'B', order_date: '2024-01-02', amount: '1', channel: 'web' },
        { customer_id: 'B', order_date: '2024-01-03', amount: '1', channel: 'app' },
      ] },
    );
    expect(r.byId.A.channel).toBe('app');
    expect(r.byId.B.channel).toBe('web');
  });
  test('an order counts once for its channels and categories, however many of its rows repeat them', async () => {
    const row = (order_id: string, order_date: string, amount: string, channel: string, category: string) =>
      ({ customer_id: 'A', order_id, order_date, amount, channel, category });
    const r = await run({ orders: [
      // Three rows of one web order against two app orders: app is the most frequent over purchases.
      row('o1', '2024-01-01', '1', 'web', 'shoes'), row('o1', '2024-01-01', '1', 'web', 'shoes'), row('o1', '2024-01-01', '1', 'web', 'hats'),
      row('o2', '2024-01-02', '1', 'app', 'shoes'), row('o3', '2024-01-03', '1', 'app', 'shoes'),
      // A refund order's category and channel are not a purchase's.
      row('o4', '2024-01-04', '-5', 'store', 'bags'), row('o4', '2024-01-04', '1', 'store', 'belts'),
    ] });
    expect(r.byId.A.channel).toBe('app');
    expect(r.byId.A.categories).toBe('2');
  });
  test("a segment's own list: the same lines, only that label's customers", async () => {
    const db = await openNodeDb();
    const r = await run({ orders: orders(['a', '2024-01-01', '1'], ['b', '2024-01-01', '1'], ['b', '2024-01-02', '1'], ['c', '2024-01-01', '-1']) }, {}, {}, db);
    const repeat = await r.session.exportLines({ framework: 'ladder', label: 'repeat' });
    expect(repeat).toEqual([r.lines[0], r.lines[2]]);
    const prospects = await r.session.exportLines({ framework: 'rfm', label: 'prospect' });
    expect(prospects.slice(1).map((l) => l.split(',')[0])).toEqual(['c']);
    await expect(r.session.exportLines({ framework: 'ladder; DROP TABLE tb_metrics', label: 'x' })).rejects.toThrow('unknown framework');
    db.close();
  });
});
