// Config links: short, exact round trips, and every hostile or broken link refused whole, naming why.
import fc from 'fast-check';
import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, test } from 'vitest';
import { defaultConfig, parseConfig, type Config } from '../../src/engine/config';
import { bytesToFragment, configToFragment, docToFragment, fragmentToConfig, MAX_LINK_CHARS, minimalDoc } from '../../src/engine/config/link';
import { applyPreset } from '../../src/engine/playbook/presets';
import { REVISION_1_SEGMENTS } from '../../src/engine/frameworks';
import { linkDimensionsOf } from '../../src/engine/config/view';

const ORIGIN = 'https://tierbook.example.com/';
const parsed = (doc: object): Config => {
  const r = parseConfig({ version: 1, ...doc });
  if (!r.ok) throw new Error(r.error);
  return r.config;
};

describe('config links are short', () => {
  test('the default config: under 200 characters with the address', () => {
    const url = `${ORIGIN}#${configToFragment(defaultConfig())}`;
    expect(url.length).toBeLessThan(200);
    expect(minimalDoc(defaultConfig())).toEqual({ version: 1 });
  });
  test('a typical edited config (thresholds, a preset, assigned cells, an edited strategy): under 1,000', () => {
    const base = parsed({
      asOf: '2024-12-31', ladder: { loyalMinPurchases: 5, activeDays: 180 }, lifecycle: { atRiskDays: 120, churnDays: 300 },
      value: { high: 0.1, mid: 0.4 }, nps: { promoterMin: 8 },
      strategy: { exportLanguage: 'zh', matrix: { cells: { 'high|at_risk': 'rfm.cant_lose_them', 'low|churned': null } },
        playbook: { 'value.high': { title: { en: 'VIP desk within 24 hours', zh: '24 小时内 VIP 专席' }, actions: { en: ['Call within a day', 'Send a thank-you gift'], zh: ['一天内致电', '寄送感谢礼物'] }, kpi: { en: 'Retention', zh: '留存率' }, channel: 'phone', priority: 'high' } } },
    });
    expect(`${ORIGIN}#${configToFragment(base)}`.length).toBeLessThan(1000);
    const preset = applyPreset(base, 'shopify');
    expect(`${ORIGIN}#${configToFragment(preset)}`.length).toBeLessThan(1000);
  });
});

// Random valid configs across every section, the strategy keys included.
const share = fc.constantFrom(0, 0.05, 0.1, 0.2, 0.25, 0.3, 0.5);
const configDoc = fc.record({
  asOf: fc.option(fc.integer({ min: 0, max: 3000 }).map((d) => new Date(Date.UTC(2020, 0, 1 + d)).toISOString().slice(0, 10)), { nil: null }),
  ladder: fc.record({ loyalMinPurchases: fc.integer({ min: 2, max: 50 }), activeDays: fc.integer({ min: 1, max: 3650 }), advocateMinReferrals: fc.integer({ min: 0, max: 9 }), advocateMinNps: fc.integer({ min: 0, max: 10 }) }),
  lifecycle: fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 20 }))
    .map(([newDays, a, b, loyalMinPurchases]) => ({ newDays, atRiskDays: a, churnDays: a + b, loyalMinPurchases })),
  value: fc.oneof(
    fc.tuple(fc.constantFrom('monetary', 'profit', 'aov', 'purchases'), share, share).map(([metric, high, mid]) => ({ metric, mode: 'share', high, mid })),
    fc.tuple(fc.constantFrom('monetary', 'aov'), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true })).map(([metric, a, b]) => ({ metric, mode: 'absolute', high: Math.max(a, b), mid: Math.min(a, b) })),
  ),
  nps: fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 })).map(([a, b]) => ({ promoterMin: Math.max(a, b), passiveMin: Math.min(a, b) })),
  rfm: fc.oneof(
    fc.constant({}),
    fc.constant({ segments: [{ name: 'vip', r: [4, 5], f: [1, 5], m: [5, 5] }, { name: 'rest', r: [1, 5], f: [1, 5], m: [1, 5] }] }),
    fc.tuple(...[0, 1, 2].map(() => fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 4, maxLength: 4 }).map((a) => a.sort((x, y) => x - y)))).map(([r, f, m]) => ({ cuts: { r, f, m } })),
  ),
  strategy: fc.record({
    exportLanguage: fc.constantFrom('en', 'zh'),
    matrix: fc.constantFrom(
      { rows: 'value', cols: 'lifecycle', cells: {} },
      { rows: 'value', cols: 'lifecycle', cells: { 'high|at_risk': 'rfm.champions', 'mid|new': null } },
      { rows: 'ladder', cols: 'none', cells: { loyal: 'value.high' } },
      { rows: 'nps', cols: 'engagement', cells: {} },
    ),
    playbook: fc.dictionary(
      fc.constantFrom('value.high', 'custom.a', 'custom.b', 'nps.unknown'),
      fc.option(fc.record({ title: fc.record({ en: fc.string({ maxLength: 40 }), zh: fc.constantFrom('标题', '') }).filter((t) => t.en.trim() !== '' || t.zh !== ''), channel: fc.constantFrom('email', 'phone'), priority: fc.constantFrom('high', 'low'), actions: fc.constant({ en: ['a', 'b'] }), kpi: fc.constant({}) }), { nil: null }),
    ),
  }),
});

describe('config -> link -> config is the identity', () => {
  test('for random valid configs', () => {
    fc.assert(fc.property(configDoc, (doc) => {
      const r = parseConfig({ version: 1, ...doc });
      fc.pre(r.ok);
      const config = (r as { config: Config }).config;
      const back = fragmentToConfig(configToFragment(config));
      expect(back).toEqual({ ok: true, config });
    }), { numRuns: 300 });
  });
});

// Hostile and broken links: each refused whole, the message naming the fault or the field.
const valid = configToFragment(parsed({ ladder: { loyalMinPurchases: 6 }, strategy: { exportLanguage: 'zh' } }));
const bomb = bytesToFragment(deflateSync(new Uint8Array(10 * 1024 * 1024), { level: 9 }));
const link = (doc: unknown) => docToFragment(doc);
const invalid: [string, string, string][] = [
  ['empty', '', 'link is not a Tierbook config link'],
  ['only the version', 'c2.', 'link is not a Tierbook config link (it should start with #c2.)'],
  ['no version', valid.slice(3), 'link is not a Tierbook config link'],
  ['a future version', valid.replace(/^c2/, 'c3'), 'link version c3 is not one this build reads (it reads c1 and c2)'],
  ['version zero', valid.replace(/^c2/, 'c0'), 'link version c0'],
  ['a plain URL', 'https://evil.example/x', 'link is not a Tierbook config link'],
  ['percent-encoded junk', 'c1.%3Cscript%3E', 'link has characters a config link never contains'],
  ['spaces', 'c1.abc def', 'link has characters'],
  ['a script tag', 'c1.<script>alert(1)</script>', 'link has characters'],
  ['standard base64 padding', `${valid}==`, 'link has characters'],
  ['truncated to half', valid.slice(0, Math.floor(valid.length / 2)), 'link is'],
  ['truncated by one character', valid.slice(0, -1), 'link is'],
  ['truncated by five characters', valid.slice(0, -5), 'link is'],
  ['one base64 digit (not decodable)', 'c1.A', 'link is'],
  ['bytes that are not deflate', bytesToFragment(strToU8('{"version":1}')), 'link is'],
  ['random bytes', bytesToFragment(Uint8Array.from({ length: 64 }, (_, i) => (i * 97 + 13) % 256)), 'link is'],
  ['too long', `c1.${'A'.repeat(MAX_LINK_CHARS)}`, 'link is too long'],
  ['a decompression bomb (10 MiB of zeros)', bomb, 'link expands past 256 KiB'],
  ['not JSON', bytesToFragment(deflateSync(strToU8('version=1'))), 'link does not hold a JSON document'],
  ['JSON cut short', bytesToFragment(deflateSync(strToU8('{"version":1,"ladder":{'))), 'link does not hold a JSON document'],
  ['JSON null', link(null), 'config'],
  ['JSON array', link([1, 2]), 'config'],
  ['JSON number', link(1), 'config'],
  ['JSON text', link('version 1'), 'config'],
  ['no version key', link({ ladder: { loyalMinPurchases: 5 } }), 'version'],
  ['config version 2', link({ version: 2 }), 'version must be 1'],
  ['unknown top-level key', link({ version: 1, theme: 'dark' }), 'config has unknown key(s): theme'],
  ['prototype pollution attempt', '', 'config has unknown key(s): __proto__'],
  ['unknown nested key', link({ version: 1, lifecycle: { churn: 300 } }), 'lifecycle has unknown key(s): churn'],
  ['a value out of range', link({ version: 1, nps: { promoterMin: 11 } }), 'nps.promoterMin'],
  ['a negative day count', link({ version: 1, ladder: { activeDays: -5 } }), 'ladder.activeDays'],
  ['a wrong type', link({ version: 1, value: { high: '0.2' } }), 'value.high'],
  ['a broken ordering (atRiskDays >= churnDays)', link({ version: 1, lifecycle: { atRiskDays: 400, churnDays: 365 } }), 'lifecycle.atRiskDays must be less than lifecycle.churnDays'],
  ['a broken ordering (shares past 1)', link({ version: 1, value: { high: 0.7, mid: 0.5 } }), 'value.mid plus value.high must not exceed 1'],
  ['a broken ordering (occasional above frequent)', link({ version: 1, engagement: { frequentMin: 1, occasionalMin: 4 } }), 'engagement.occasionalMin'],
  ['rfm cuts not ascending', link({ version: 1, rfm: { cuts: { r: [9, 1, 2, 3], f: [1, 2, 3, 4], m: [1, 2, 3, 4] } } }), 'rfm.cuts.r must be in ascending order'],
  ['asOf not a date', link({ version: 1, asOf: '31/12/2024' }), 'asOf'],
  ['a matrix cell that does not exist', link({ version: 1, strategy: { matrix: { cells: { 'vip|new': 'value.high' } } } }), 'strategy.matrix.cells.vip|new is not a cell'],
  ['a matrix cell naming no strategy', link({ version: 1, strategy: { matrix: { cells: { 'high|new': 'evil.plan' } } } }), 'strategy.matrix.cells.high|new names strategy "evil.plan"'],
  ['matrix rows = columns', link({ version: 1, strategy: { matrix: { rows: 'nps', cols: 'nps' } } }), 'strategy.matrix.cols must differ'],
  ['a strategy with markup in its id', link({ version: 1, strategy: { playbook: { '<img src=x>': null } } }), 'strategy.playbook'],
  ['a strategy title too long', link({ version: 1, strategy: { playbook: { 'x.y': { title: { en: 'x'.repeat(500) }, channel: 'email', priority: 'low' } } } }), 'strategy.playbook.x.y.title.en must be at most 120 characters'],
  ['too many strategies', link({ version: 1, strategy: { playbook: Object.fromEntries(Array.from({ length: 301 }, (_, i) => [`custom.s${i}`, null])) } }), 'strategy.playbook must hold at most 300 strategies'],
  ['an export language that does not exist', link({ version: 1, strategy: { exportLanguage: 'fr' } }), 'strategy.exportLanguage'],
  // SPEC §5 (revision 2): numbers out of their field's range; such a link was once opened, then Export failed.
  ['value.high 1e300 in absolute mode', link({ version: 1, value: { mode: 'absolute', high: 1e300, mid: 0 } }), 'value.high must be at most 1e15'],
  ['RFM cuts of 1e300', link({ version: 1, rfm: { cuts: { r: [1, 2, 3, 1e300], f: [1, 2, 3, 4], m: [1, 2, 3, 4] } } }), 'rfm.cuts.r.3 must be at most 1e15'],
  ['needs.mid -1e300', link({ version: 1, needs: { mid: -1e300 } }), 'needs.mid must be at least 0'],
  ['__proto__ as a matrix cell', '', 'strategy.matrix.cells.__proto__ is a reserved name'],
  ['constructor as a playbook id', link({ version: 1, strategy: { playbook: { constructor: null } } }), 'strategy.playbook.constructor is a reserved name'],
];
// JSON.stringify drops a __proto__ own key made by an object literal; write the text by hand.
invalid.find((c) => c[0] === 'prototype pollution attempt')![1] = bytesToFragment(deflateSync(strToU8('{"version":1,"__proto__":{"polluted":true}}')));
invalid.find((c) => c[0] === '__proto__ as a matrix cell')![1] = bytesToFragment(deflateSync(strToU8('{"version":1,"strategy":{"matrix":{"cells":{"__proto__":"value.high"}}}}')));

describe('invalid links are refused whole, naming the fault', () => {
  test('the corpus has at least 40 links', () => expect(invalid.length).toBeGreaterThanOrEqual(40));
  test.each(invalid)('%s', (_name, fragment, message) => {
    const r = fragmentToConfig(fragment);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  test('a link of under 100 characters with value.high = 1e300 is refused whole', () => {
    const fragment = link({ version: 1, value: { mode: 'absolute', high: 1e300, mid: 0 } });
    expect(fragment.length).toBeLessThan(100);
    expect(fragmentToConfig(fragment)).toEqual({ ok: false, error: 'value.high must be at most 1e15' });
  });
  test('a leading # is accepted, and a valid link opens', () => {
    const r = fragmentToConfig(`#${valid}`);
    expect(r.ok && r.config.ladder.loyalMinPurchases).toBe(6);
  });
});

// SPEC revision 2 reordered the default RFM segments: a link made before (format c1) opens with the new
// order, and says so only when it used the default segments; its own segment list keeps its meaning.
describe('links made before SPEC revision 2', () => {
  const c1 = (doc: object) => docToFragment({ version: 1, ...doc }, 'c1');
  test('new links are c2', () => expect(configToFragment(defaultConfig())).toMatch(/^c2\./));
  test.each([
    ['the default config', {}],
    ['thresholds with the default segments', { ladder: { loyalMinPurchases: 6 }, rfm: { cuts: { r: [10, 30, 90, 180], f: [1, 2, 3, 4], m: [10, 50, 100, 200] } } }],
    ['"default" written out', { rfm: { segments: 'default' } }],
  ] as const)('a c1 link with %s opens under the new order, and says the order changed', (_n, doc) => {
    expect(fragmentToConfig(c1(doc))).toEqual({ ok: true, config: parsed(doc), rfmOrderChanged: true });
  });
  test('no notice when the meaning did not change: a c1 link with its own segment list, and any c2 link', () => {
    const own = { rfm: { segments: REVISION_1_SEGMENTS } };
    expect(fragmentToConfig(c1(own))).toEqual({ ok: true, config: parsed(own) });
    for (const doc of [{}, { ladder: { loyalMinPurchases: 6 } }, own])
      expect(fragmentToConfig(docToFragment({ version: 1, ...doc }, 'c2'))).toEqual({ ok: true, config: parsed(doc) });
  });
  test('an old link is held to the same rules: a broken one is refused whole; c3 is not read', () => {
    expect(fragmentToConfig(c1({ lifecycle: { atRiskDays: 400, churnDays: 365 } }))).toEqual({ ok: false, error: 'lifecycle.atRiskDays must be less than lifecycle.churnDays' });
    expect(fragmentToConfig(docToFragment({ version: 1 }, 'c3'))).toEqual({ ok: false, error: 'link version c3 is not one this build reads (it reads c1 and c2)' });
  });
});

// The Dimensions cell's settings ride along under `view`: only the framework, the bar mode and typed bin
// edges (no column name, no data value), each checked like the config, the field named when refused.
describe('view settings in a link', () => {
  const config = parsed({ ladder: { loyalMinPurchases: 6 } });
  test.each([
    ['framework and bar mode', { dimensions: { framework: 'rfm', mode: 'stacked' } }],
    ['typed bin edges', { dimensions: { edges: [18, 30.5, 60] } }],
    ['everything', { dimensions: { framework: 'nps', mode: 'percent', edges: [-10, 0, 1e6] } }],
  ] as const)('round trip: %s', (_n, view) => {
    const r = fragmentToConfig(configToFragment(config, view as never));
    expect(r).toEqual({ ok: true, config, view });
  });
  test('no view settings: no `view` key, and the link is the one a config alone makes', () => {
    expect(configToFragment(config, { dimensions: undefined })).toBe(configToFragment(config));
    expect(fragmentToConfig(configToFragment(config))).toEqual({ ok: true, config });
  });
  test('a cell\'s settings in a link: the dimension\'s name and defaults left out', () => {
    expect(linkDimensionsOf({ framework: 'ladder', mode: 'percent', dimension: '客户城市' })).toBeUndefined();
    expect(linkDimensionsOf({ framework: 'value', mode: 'stacked', dimension: 'income', edges: [1000, 5000] })).toEqual({ framework: 'value', mode: 'stacked', edges: [1000, 5000] });
  });
  const hostile: [string, unknown, string][] = [
    ['a column name (dimension) in the link', { dimensions: { dimension: 'region' } }, 'view.dimensions has unknown key(s): dimension'],
    ['an unknown view key', { theme: 'dark' }, 'view has unknown key(s): theme'],
    ['an unknown framework', { dimensions: { framework: 'crm' } }, 'view.dimensions.framework'],
    ['a bar mode that does not exist', { dimensions: { mode: 'pie' } }, 'view.dimensions.mode'],
    ['edges out of order', { dimensions: { edges: [30, 18] } }, 'view.dimensions.edges must be in ascending order'],
    ['edges as text', { dimensions: { edges: ['18', '<img src=x>'] } }, 'view.dimensions.edges'],
    ['an empty edge list', { dimensions: { edges: [] } }, 'view.dimensions.edges'],
    ['too many edges', { dimensions: { edges: Array.from({ length: 51 }, (_, i) => i) } }, 'view.dimensions.edges must hold at most 50 edges'],
    ['view not an object', 'percent', 'view'],
    ['view null', null, 'view'],
  ];
  test.each(hostile)('refused whole: %s', (_n, view, message) => {
    const r = fragmentToConfig(docToFragment({ version: 1, ladder: { loyalMinPurchases: 6 }, view }));
    expect(r).toEqual({ ok: false, error: expect.stringContaining(message) });
  });
  test('a valid view does not let an invalid config through, nor unknown config keys', () => {
    expect(fragmentToConfig(docToFragment({ version: 1, theme: 'dark', view: {} }))).toEqual({ ok: false, error: 'config has unknown key(s): theme' });
    expect(fragmentToConfig(docToFragment({ version: 1, nps: { promoterMin: 11 }, view: { dimensions: { mode: 'stacked' } } }))).toMatchObject({ ok: false, error: expect.stringContaining('nps.promoterMin') });
    const proto = bytesToFragment(deflateSync(strToU8('{"version":1,"view":{"__proto__":{"polluted":true}}}')));
    expect(fragmentToConfig(proto)).toMatchObject({ ok: false, error: expect.stringContaining('view has unknown key(s): __proto__') });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
