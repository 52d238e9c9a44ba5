import { describe, expect, test } from 'vitest';
import { applyConfig, defaultConfig, parseConfig } from '../../src/engine/config';

describe('config defaults (SPEC §5)', () => {
  test('the version-1 document with defaults', () => {
    expect(defaultConfig()).toEqual({
      version: 1,
      asOf: null,
      ladder: { loyalMinPurchases: 4, activeDays: 365, advocateMinReferrals: 1, advocateMinNps: 9 },
      lifecycle: { newDays: 90, atRiskDays: 180, churnDays: 365, loyalMinPurchases: 4 },
      value: { metric: 'monetary', mode: 'share', high: 0.2, mid: 0.3 },
      engagement: { windowDays: 90, frequentMin: 6, occasionalMin: 2 },
      needs: { metric: 'purchase_rate', high: 1.0, mid: 0.25 },
      satisfaction: { high: 4, mid: 3 },
      nps: { promoterMin: 9, passiveMin: 7 },
      rfm: { cuts: 'quintiles', segments: 'default' },
      clv: { horizonDays: 365, annualDiscount: 0, holdoutFrom: null },
      time: { baselineAsOf: null, trendPeriod: 'month', cohortPeriod: 'month' },
      strategy: { exportLanguage: 'en', matrix: { rows: 'value', cols: 'lifecycle', cells: {} }, playbook: {} },
    });
  });
  test('a partial document is completed with defaults', () => {
    const r = parseConfig({ version: 1, ladder: { loyalMinPurchases: 6 }, asOf: '2024-02-29' });
    expect(r.ok && r.config.ladder).toEqual({ loyalMinPurchases: 6, activeDays: 365, advocateMinReferrals: 1, advocateMinNps: 9 });
    expect(r.ok && r.config.asOf).toBe('2024-02-29');
  });
  test('thresholds and cuts at ±1e15 are accepted, and kept exactly', () => {
    const r = parseConfig({ version: 1, value: { mode: 'absolute', high: 1e15, mid: -1e15 }, needs: { high: 1e15, mid: 1e-300 }, rfm: { cuts: { r: [-1e15, 0, 1, 1e15], f: [1, 2, 3, 4], m: [-1e15, -1, 1e-9, 1e15] } } });
    expect(r.ok && [r.config.value.high, r.config.value.mid, r.config.needs.mid, r.config.rfm.cuts]).toEqual([1e15, -1e15, 1e-300, { r: [-1e15, 0, 1, 1e15], f: [1, 2, 3, 4], m: [-1e15, -1, 1e-9, 1e15] }]);
  });
  test('explicit rfm cuts and segment rules are accepted', () => {
    const r = parseConfig({ version: 1, rfm: { cuts: { r: [1, 2, 3, 4], f: [1, 1, 2, 3], m: [0, 10, 20, 30] }, segments: [{ name: 'vip', r: [4, 5], f: [1, 5], m: [5, 5] }] } });
    expect(r.ok).toBe(true);
  });
});

// Each invalid document is refused whole, and the message names the field.
const invalid: [string, unknown, string][] = [
  ['not an object', 'hello', 'config'],
  ['null', null, 'config'],
  ['no version', {}, 'version'],
  ['unknown version', { version: 2 }, 'version'],
  ['version as text', { version: '1' }, 'version'],
  ['unknown top-level key', { version: 1, colour: 'red' }, 'config has unknown key(s): colour'],
  ['unknown nested key', { version: 1, ladder: { loyalMin: 3 } }, 'ladder has unknown key(s): loyalMin'],
  ['asOf not a date', { version: 1, asOf: '2024/01/01' }, 'asOf'],
  ['asOf not a calendar date', { version: 1, asOf: '2023-02-29' }, 'asOf is not a real calendar date'],
  ['loyalMinPurchases below 2', { version: 1, ladder: { loyalMinPurchases: 1 } }, 'ladder.loyalMinPurchases'],
  ['loyalMinPurchases not an integer', { version: 1, ladder: { loyalMinPurchases: 2.5 } }, 'ladder.loyalMinPurchases'],
  ['activeDays as text', { version: 1, ladder: { activeDays: '365' } }, 'ladder.activeDays'],
  ['advocateMinNps above 10', { version: 1, ladder: { advocateMinNps: 11 } }, 'ladder.advocateMinNps'],
  ['advocateMinReferrals negative', { version: 1, ladder: { advocateMinReferrals: -1 } }, 'ladder.advocateMinReferrals'],
  ['atRiskDays >= churnDays', { version: 1, lifecycle: { atRiskDays: 365, churnDays: 365 } }, 'lifecycle.atRiskDays must be less than lifecycle.churnDays'],
  ['newDays negative', { version: 1, lifecycle: { newDays: -1 } }, 'lifecycle.newDays'],
  ['lifecycle as a list', { version: 1, lifecycle: [] }, 'lifecycle'],
  ['value metric unknown', { version: 1, value: { metric: 'revenue' } }, 'value.metric'],
  ['value mode unknown', { version: 1, value: { mode: 'percent' } }, 'value.mode'],
  ['share above 1', { version: 1, value: { high: 1.2 } }, 'value.high'],
  ['negative share', { version: 1, value: { mid: -0.1 } }, 'value.mid'],
  ['shares adding past 1', { version: 1, value: { high: 0.6, mid: 0.5 } }, 'value.mid plus value.high must not exceed 1'],
  ['absolute mid above high', { version: 1, value: { mode: 'absolute', high: 100, mid: 200 } }, 'value.mid must not exceed value.high'],
  ['value high NaN-like text', { version: 1, value: { high: 'NaN' } }, 'value.high'],
  ['windowDays zero', { version: 1, engagement: { windowDays: 0 } }, 'engagement.windowDays'],
  ['occasionalMin above frequentMin', { version: 1, engagement: { frequentMin: 2, occasionalMin: 3 } }, 'engagement.occasionalMin'],
  ['needs metric unknown', { version: 1, needs: { metric: 'monetary' } }, 'needs.metric'],
  ['needs mid above high', { version: 1, needs: { high: 0.5, mid: 0.6 } }, 'needs.mid'],
  ['satisfaction above 5', { version: 1, satisfaction: { high: 6 } }, 'satisfaction.high'],
  ['satisfaction mid above high', { version: 1, satisfaction: { high: 3, mid: 4 } }, 'satisfaction.mid'],
  ['nps passive above promoter', { version: 1, nps: { promoterMin: 7, passiveMin: 9 } }, 'nps.passiveMin'],
  ['nps below 0', { version: 1, nps: { passiveMin: -1 } }, 'nps.passiveMin'],
  ['rfm cuts unknown word', { version: 1, rfm: { cuts: 'quartiles' } }, 'rfm.cuts'],
  ['rfm cuts with 3 values', { version: 1, rfm: { cuts: { r: [1, 2, 3], f: [1, 2, 3, 4], m: [1, 2, 3, 4] } } }, 'rfm.cuts'],
  ['rfm cuts descending', { version: 1, rfm: { cuts: { r: [4, 3, 2, 1], f: [1, 2, 3, 4], m: [1, 2, 3, 4] } } }, 'rfm.cuts.r must be in ascending order'],
  ['rfm segment name not snake_case', { version: 1, rfm: { segments: [{ name: 'VIP!', r: [1, 5], f: [1, 5], m: [1, 5] }] } }, 'rfm.segments.0.name'],
  ['rfm segment range reversed', { version: 1, rfm: { segments: [{ name: 'a', r: [5, 1], f: [1, 5], m: [1, 5] }] } }, 'rfm.segments.0.r'],
  ['rfm segment score out of 1..5', { version: 1, rfm: { segments: [{ name: 'a', r: [0, 5], f: [1, 5], m: [1, 5] }] } }, 'rfm.segments.0.r.0'],
  ['rfm segment name reserved', { version: 1, rfm: { segments: [{ name: 'other', r: [1, 5], f: [1, 5], m: [1, 5] }] } }, 'rfm.segments.0.name is reserved'],
  ['rfm segment names repeated', { version: 1, rfm: { segments: [{ name: 'a', r: [1, 5], f: [1, 5], m: [1, 5] }, { name: 'a', r: [1, 5], f: [1, 5], m: [1, 5] }] } }, 'rfm.segments has a repeated segment name'],
  ['rfm segments empty', { version: 1, rfm: { segments: [] } }, 'rfm.segments'],
  // SPEC §5 revision 2: clv and time
  ['clv horizon 0 days', { version: 1, clv: { horizonDays: 0 } }, 'clv.horizonDays'],
  ['clv horizon past 3650 days', { version: 1, clv: { horizonDays: 3651 } }, 'clv.horizonDays'],
  ['clv horizon not whole', { version: 1, clv: { horizonDays: 30.5 } }, 'clv.horizonDays'],
  ['clv discount above 1', { version: 1, clv: { annualDiscount: 1.5 } }, 'clv.annualDiscount'],
  ['clv discount negative', { version: 1, clv: { annualDiscount: -0.1 } }, 'clv.annualDiscount'],
  ['clv holdout not a date', { version: 1, clv: { holdoutFrom: '2024-13-01' } }, 'clv.holdoutFrom'],
  ['time baseline not a date', { version: 1, time: { baselineAsOf: 'last quarter' } }, 'time.baselineAsOf must be a date written YYYY-MM-DD'],
  ['time baseline not a calendar date', { version: 1, time: { baselineAsOf: '2023-02-29' } }, 'time.baselineAsOf is not a real calendar date'],
  ['trend period unknown', { version: 1, time: { trendPeriod: 'day' } }, 'time.trendPeriod must be week, month or quarter'],
  ['cohort period unknown', { version: 1, time: { cohortPeriod: 'year' } }, 'time.cohortPeriod must be week, month or quarter'],
  ['time unknown key', { version: 1, time: { baseline: '2024-01-01' } }, 'time has unknown key(s): baseline'],
  // The strategy section (Tierbook's addition to SPEC §5; docs/config.md)
  ['strategy as text', { version: 1, strategy: 'win-back' }, 'strategy'],
  ['strategy unknown key', { version: 1, strategy: { language: 'zh' } }, 'strategy has unknown key(s): language'],
  ['export language unknown', { version: 1, strategy: { exportLanguage: 'fr' } }, 'strategy.exportLanguage'],
  ['matrix rows unknown framework', { version: 1, strategy: { matrix: { rows: 'region' } } }, 'strategy.matrix.rows'],
  ['matrix columns none as rows', { version: 1, strategy: { matrix: { rows: 'none' } } }, 'strategy.matrix.rows'],
  ['matrix rows = columns', { version: 1, strategy: { matrix: { rows: 'value', cols: 'value' } } }, 'strategy.matrix.cols must differ from strategy.matrix.rows'],
  ['matrix cell not a cell', { version: 1, strategy: { matrix: { cells: { 'gold|new': 'value.high' } } } }, 'strategy.matrix.cells.gold|new is not a cell of value × lifecycle'],
  ['matrix cell without column', { version: 1, strategy: { matrix: { cells: { high: 'value.high' } } } }, 'strategy.matrix.cells.high is not a cell'],
  ['matrix cell names unknown strategy', { version: 1, strategy: { matrix: { cells: { 'high|new': 'value.gold' } } } }, 'strategy.matrix.cells.high|new names strategy "value.gold", which is not in the playbook'],
  ['matrix cell names removed strategy', { version: 1, strategy: { matrix: { cells: { 'high|new': 'value.mid' } }, playbook: { 'value.mid': null } } }, 'strategy.matrix.cells.high|new names strategy "value.mid"'],
  ['matrix cell id malformed', { version: 1, strategy: { matrix: { cells: { 'high|new': 'DROP TABLE' } } } }, 'strategy.matrix.cells.high|new must be a strategy id'],
  ['matrix cell of a renamed RFM segment', { version: 1, rfm: { segments: [{ name: 'vip', r: [1, 5], f: [1, 5], m: [1, 5] }] }, strategy: { matrix: { rows: 'rfm', cols: 'none', cells: { champions: 'rfm.champions' } } } }, 'strategy.matrix.cells.champions is not a cell of rfm'],
  ['playbook id malformed', { version: 1, strategy: { playbook: { 'Value High': null } } }, 'strategy.playbook'],
  ['playbook strategy without title', { version: 1, strategy: { playbook: { 'my.plan': { title: { en: ' ' }, channel: 'email', priority: 'low' } } } }, 'strategy.playbook.my.plan.title must have a title'],
  ['playbook strategy unknown channel', { version: 1, strategy: { playbook: { 'my.plan': { title: { en: 'x' }, channel: 'fax', priority: 'low' } } } }, 'strategy.playbook.my.plan.channel'],
  ['playbook strategy unknown priority', { version: 1, strategy: { playbook: { 'my.plan': { title: { en: 'x' }, channel: 'email', priority: 'urgent' } } } }, 'strategy.playbook.my.plan.priority'],
  ['playbook title too long', { version: 1, strategy: { playbook: { 'my.plan': { title: { en: 'x'.repeat(121) }, channel: 'email', priority: 'low' } } } }, 'strategy.playbook.my.plan.title.en must be at most 120 characters'],
  ['playbook too many actions', { version: 1, strategy: { playbook: { 'my.plan': { title: { en: 'x' }, actions: { en: Array(9).fill('a') }, channel: 'email', priority: 'low' } } } }, 'strategy.playbook.my.plan.actions.en must list at most 8 actions'],
  ['playbook strategy unknown key', { version: 1, strategy: { playbook: { 'my.plan': { title: { en: 'x' }, channel: 'email', priority: 'low', script: 'alert(1)' } } } }, 'strategy.playbook.my.plan has unknown key(s): script'],
  // SPEC §5 (revision 2): every number finite and within its field's range, thresholds and cuts within ±1e15.
  ['value.high 1e300 in absolute mode', { version: 1, value: { mode: 'absolute', high: 1e300, mid: 0 } }, 'value.high must be at most 1e15'],
  ['value.high just past 1e15', { version: 1, value: { mode: 'absolute', high: 1.0000000000000002e15, mid: 0 } }, 'value.high must be at most 1e15'],
  ['value.mid -1e300 in absolute mode', { version: 1, value: { mode: 'absolute', high: 0, mid: -1e300 } }, 'value.mid must be at least -1e15'],
  ['value.high 1e300 in share mode', { version: 1, value: { high: 1e300 } }, 'value.high must be at most 1e15'],
  ['a number JSON reads as Infinity (1e999)', JSON.parse('{"version":1,"value":{"mode":"absolute","high":1e999,"mid":0}}'), 'value.high is invalid: expected number, received Infinity'],
  ['needs.high 1e300', { version: 1, needs: { high: 1e300 } }, 'needs.high must be at most 1e15'],
  ['RFM cut 1e300', { version: 1, rfm: { cuts: { r: [1, 2, 3, 4], f: [1, 2, 3, 4], m: [0, 1, 2, 1e300] } } }, 'rfm.cuts.m.3 must be at most 1e15'],
  ['RFM cut -1e300', { version: 1, rfm: { cuts: { r: [-1e300, 2, 3, 4], f: [1, 2, 3, 4], m: [1, 2, 3, 4] } } }, 'rfm.cuts.r.0 must be at least -1e15'],
  // Keys JavaScript gives a meaning of its own: refused by name, never dropped silently.
  ['__proto__ as a matrix cell', JSON.parse('{"version":1,"strategy":{"matrix":{"cells":{"__proto__":"value.high"}}}}'), 'strategy.matrix.cells.__proto__ is a reserved name'],
  ['constructor as a matrix cell', { version: 1, strategy: { matrix: { cells: { constructor: 'value.high' } } } }, 'strategy.matrix.cells.constructor is a reserved name'],
  ['prototype as a matrix cell', { version: 1, strategy: { matrix: { cells: { prototype: null } } } }, 'strategy.matrix.cells.prototype is a reserved name'],
  ['__proto__ as a playbook id', JSON.parse('{"version":1,"strategy":{"playbook":{"__proto__":null}}}'), 'strategy.playbook.__proto__ is a reserved name'],
  ['constructor as a playbook id', { version: 1, strategy: { playbook: { constructor: null } } }, 'strategy.playbook.constructor is a reserved name'],
  ['prototype as a playbook id', { version: 1, strategy: { playbook: { prototype: { title: { en: 'x' }, channel: 'email', priority: 'low' } } } }, 'strategy.playbook.prototype is a reserved name'],
];

describe('invalid config documents are refused whole, naming the field', () => {
  test.each(invalid)('%s', (_name, doc, field) => {
    const r = parseConfig(doc);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.startsWith(field)).toBe(true);
  });
  test('the current config stays in force when a document is refused', () => {
    const current = parseConfig({ version: 1, ladder: { loyalMinPurchases: 5 } });
    if (!current.ok) throw new Error(current.error);
    const r = applyConfig(current.config, { version: 1, lifecycle: { atRiskDays: 400 } });
    expect(r.error).toBe('lifecycle.atRiskDays must be less than lifecycle.churnDays');
    expect(r.config).toBe(current.config);
  });
});
