// SPEC §4 "Strategy mapping": the matrix gives every customer one strategy; the export carries it.
import { describe, expect, test } from 'vitest';
import { defaultConfig, parseConfig, type Config } from '../../src/engine/config';
import { labelKeys } from '../../src/engine/frameworks';
import { playbookOf } from '../../src/engine/playbook/effective';
import { assignments, defaultStrategy } from '../../src/engine/playbook/matrix';
import { applyPreset, presetOf, presetSegments, RFM_PRESETS } from '../../src/engine/playbook/presets';
import { openNodeDb } from '../../src/node/duckdb';
import { orders, run, type Row } from './harness';

const config = (doc: object): Config => {
  const r = parseConfig({ version: 1, ...doc });
  if (!r.ok) throw new Error(r.error);
  return r.config;
};

describe('the default matrix: value rows × lifecycle columns', () => {
  const cases: [string, string, string][] = [
    ['high', 'new', 'lifecycle.new'],
    ['high', 'at_risk', 'lifecycle.at_risk'],
    ['high', 'churned', 'lifecycle.churned'],
    ['high', 'mature', 'value.high'],
    ['high', 'loyal', 'value.high'],
    ['mid', 'loyal', 'value.mid'],
    ['low', 'mature', 'value.low'],
    ['prospect', 'potential', 'value.prospect'],
  ];
  test.each(cases)('%s × %s → %s', (row, col, id) => {
    expect(defaultStrategy('value', row, 'lifecycle', col)).toBe(id);
    expect(assignments(defaultConfig()).find((a) => a.row === row && a.col === col)?.strategy).toBe(id);
  });
  test('an urgent row label keeps its own strategy (lifecycle rows × value columns)', () => {
    expect(defaultStrategy('lifecycle', 'at_risk', 'value', 'high')).toBe('lifecycle.at_risk');
    expect(defaultStrategy('lifecycle', 'mature', 'value', 'high')).toBe('lifecycle.mature');
  });
  test('every cell of every pair of frameworks has a strategy of the built-in playbook', () => {
    for (const rows of ['ladder', 'value', 'rfm', 'nps'] as const) for (const cols of ['lifecycle', 'engagement', 'none'] as const) {
      const a = assignments(config({ strategy: { matrix: { rows, cols } } }));
      expect(a.length).toBe(labelKeys(rows, defaultConfig()).length * (cols === 'none' ? 1 : labelKeys(cols, defaultConfig()).length));
      expect(a.every((x) => x.strategy !== null)).toBe(true);
    }
  });
  test('a removed strategy leaves its default cells empty; an assigned cell wins over the default', () => {
    const c = config({ strategy: { matrix: { cells: { 'mid|mature': 'rfm.champions', 'low|mature': null } }, playbook: { 'value.high': null } } });
    const at = (row: string, col: string) => assignments(c).find((a) => a.row === row && a.col === col)!;
    expect(at('high', 'mature')).toMatchObject({ strategy: null, assigned: false });
    expect(at('mid', 'mature')).toMatchObject({ strategy: 'rfm.champions', assigned: true });
    expect(at('low', 'mature')).toMatchObject({ strategy: null, assigned: true });
  });
});

describe('the playbook in force', () => {
  test('edits replace, null removes, new ids are added after the built-in ones', () => {
    const c = config({ strategy: { playbook: {
      'value.high': { title: { en: 'VIP desk' }, channel: 'phone', priority: 'high' },
      'nps.unknown': null,
      'custom.vip_dinner': { title: { zh: '年度答谢晚宴' }, actions: { zh: ['邀请前 50 名客户'] }, channel: 'in_store', priority: 'medium' },
    } } });
    const p = playbookOf(c);
    const high = p.find((s) => s.id === 'value.high')!;
    expect(high).toMatchObject({ origin: 'edited', title: { en: 'VIP desk', zh: '' }, channel: 'phone' });
    expect(p.some((s) => s.id === 'nps.unknown')).toBe(false);
    expect(p.at(-1)).toMatchObject({ id: 'custom.vip_dinner', origin: 'added', title: { en: '', zh: '年度答谢晚宴' } });
  });
});

describe('RFM presets', () => {
  test.each(RFM_PRESETS.map((p) => [p]))('%s: rules cover every score, each segment has a strategy, the matrix shows the segments', (preset) => {
    const c = config(JSON.parse(JSON.stringify(applyPreset(defaultConfig(), preset))));
    expect(presetOf(c)).toBe(preset);
    const rules = presetSegments(preset);
    expect(rules.length).toBe({ classic: 10, shopify: 11, klaviyo: 6 }[preset]);
    if (preset !== 'classic') for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) {
      const hit = rules.find((s) => r >= s.r[0] && r <= s.r[1] && f >= s.f[0] && f <= s.f[1] && m >= s.m[0] && m <= s.m[1]);
      expect(hit, `r${r} f${f} m${m}`).toBeDefined();
    }
    const a = assignments(c);
    expect(a.map((x) => x.row)).toEqual(labelKeys('rfm', c));
    expect(a.every((x) => x.strategy === `rfm.${x.row}`)).toBe(true);
  });
});

// Customers a..f across value tiers and lifecycle stages (as_of 2024-07-01 by the latest order).
const data = (): Row[] => orders(
  ['a', '2024-06-20', '500'], ['a', '2024-05-01', '500'], ['a', '2024-03-01', '500'], ['a', '2024-02-01', '500'],
  ['b', '2023-06-01', '900'], ['b', '2023-05-01', '900'],
  ['c', '2024-06-30', '20'],
  ['d', '2023-01-01', '10'],
  ['e', '2024-06-01', '60'], ['e', '2024-01-01', '60'],
  ['f', '2023-12-01', '5'],
  ['g', '2024-01-10', '8'], ['g', '2024-06-10', '8'],
);

describe('each customer gets the strategy of their cell (export)', () => {
  test('the strategy column is the title in the export language, strategy_key the id', async () => {
    const en = await run({ orders: data() });
    expect(en.header.slice(16, 18)).toEqual(['strategy', 'strategy_key']);
    expect(en.byId.b).toMatchObject({ value: 'high', lifecycle: 'churned', strategy_key: 'lifecycle.churned', strategy: 'Find out why, then win back' });
    const zh = await run({ orders: data() }, { strategy: { exportLanguage: 'zh' } });
    expect(zh.byId.b.strategy).toBe('分析流失原因并挽回');
    expect(zh.rows.map((r) => r.strategy_key)).toEqual(en.rows.map((r) => r.strategy_key));
  });
  test("assigning one cell changes exactly that cell's customers' strategy", async () => {
    const before = await run({ orders: data() });
    const cell = `${before.byId.a.value}|${before.byId.a.lifecycle}`;
    const after = await run({ orders: data() }, { strategy: { matrix: { cells: { [cell]: 'rfm.champions' } } } });
    for (const r of before.rows) {
      const inCell = `${r.value}|${r.lifecycle}` === cell;
      const now = after.byId[r.customer_id];
      if (inCell) expect(now).toMatchObject({ strategy_key: 'rfm.champions', strategy: 'Reward and involve champions' });
      else expect(now).toEqual(r);
    }
    expect(before.rows.filter((r) => `${r.value}|${r.lifecycle}` === cell).length).toBeGreaterThan(0);
  });
  test('an empty cell leaves strategy and strategy_key empty; a missing translation falls back to the other language', async () => {
    const r = await run({ orders: data() }, { strategy: {
      exportLanguage: 'zh',
      matrix: { cells: { 'high|churned': null } },
      playbook: { 'value.low': { title: { en: 'Only English' }, channel: 'sms', priority: 'low' } },
    } });
    expect(r.byId.b).toMatchObject({ strategy: '', strategy_key: '' });
    const low = r.rows.find((x) => x.strategy_key === 'value.low');
    expect(low?.strategy).toBe('Only English');
  });
  test('a formula-like title is guarded like any text field (SPEC §6)', async () => {
    const r = await run({ orders: data() }, { strategy: { playbook: { 'lifecycle.churned': { title: { en: '=HYPERLINK("x")' }, channel: 'email', priority: 'low' } } } });
    expect(r.byId.b.strategy).toBe(`'=HYPERLINK("x")`);
  });
  test('another matrix: RFM rows without columns, and the campaign list of one cell', async () => {
    const db = await openNodeDb();
    const r = await run({ orders: data() }, JSON.parse(JSON.stringify(applyPreset(defaultConfig(), 'klaviyo'))), {}, db);
    for (const x of r.rows) expect(x.strategy_key).toBe(x.rfm_segment === 'prospect' ? 'rfm.prospect' : `rfm.${x.rfm_segment}`);
    const seg = r.rows[0].rfm_segment;
    const list = await r.session.exportLines([{ framework: 'rfm', label: seg }]);
    expect(list.slice(1)).toEqual(r.lines.slice(1).filter((_, i) => r.rows[i].rfm_segment === seg));
    db.close();
  });
});

describe('the customer list of a cell', () => {
  test('searched, sorted, counted; the cell and the export agree', async () => {
    const db = await openNodeDb();
    const r = await run({ orders: data() }, {}, {}, db);
    const { value, lifecycle } = r.byId.a;
    const cell = [{ framework: 'value', label: value }, { framework: 'lifecycle', label: lifecycle }];
    const inCell = r.rows.filter((x) => x.value === value && x.lifecycle === lifecycle).map((x) => x.customer_id);
    const all = await r.session.customers({ cell, search: '', sort: 'monetary', descending: true, limit: 100 });
    expect(all.total).toBe(inCell.length);
    // Too few repeat buyers to fit (SPEC §3a): no predicted columns to show dashes in.
    expect(r.session.predictions.summary().ok).toBe(false);
    expect(all.columns).toEqual(['customer_id', 'purchases', 'monetary', 'recency_days', 'tenure_days', 'aov', 'r', 'f', 'm']);
    expect(all.rows.map((x) => x[0]).sort()).toEqual(inCell.sort());
    const byId = await r.session.customers({ cell: [{ framework: 'value', label: 'low' }], search: '', sort: 'customer_id', descending: true, limit: 2 });
    const lows = r.rows.filter((x) => x.value === 'low').map((x) => x.customer_id).sort().reverse();
    expect(byId).toMatchObject({ total: lows.length, rows: lows.slice(0, 2).map((id) => expect.arrayContaining([id])) });
    const searched = await r.session.customers({ cell: [], search: 'E', sort: 'monetary', descending: false, limit: 10 });
    expect(searched.rows.map((x) => x[0])).toEqual(['e']);
    await expect(r.session.customers({ cell: [{ framework: 'value', label: 'gold' }], search: '', sort: 'monetary', descending: false, limit: 1 })).rejects.toThrow('"gold" is not a value label');
    db.close();
  });
});
