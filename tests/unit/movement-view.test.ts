// The Movement cell in words: the sentence names the largest move between two labels, the totals say
// who moved up, down and who is new, in both languages.
import { describe, expect, test } from 'vitest';
import { countMoves } from '../../src/engine/live/movement';
import { DICTS } from '../../src/app/i18n';
import { largestMove, moveKind, moveListSentence, movementSentence, movementTotals } from '../../src/app/view/movement';

const LIFE = ['potential', 'new', 'mature', 'loyal', 'at_risk', 'churned'];
const code = (keys: string[], k: string) => keys.indexOf(k);

/** A lifecycle matrix from (from, to, customers) triples, counted by the engine's own counting pass. */
function lifecycle(moves: [string, string, number][]) {
  const from = [...LIFE, 'absent'];
  const a: number[] = [];
  const b: number[] = [];
  for (const [x, y, n] of moves) for (let i = 0; i < n; i++) { a.push(code(from, x)); b.push(code(LIFE, y)); }
  return countMoves('lifecycle', from, LIFE, Uint8Array.from(a), Uint8Array.from(b));
}

describe('movement sentences', () => {
  const m = lifecycle([['loyal', 'at_risk', 212], ['loyal', 'loyal', 500], ['new', 'mature', 40], ['absent', 'new', 300], ['absent', 'potential', 1000]]);
  test.each([
    ['en', '2024-10-02', '212 Loyal customers of 2024-10-02 are At risk now.'],
    ['zh', '2024-10-02', '2024-10-02 属于「忠诚期」的 212 位客户，现在是「流失风险」。'],
    ['zh', null, '固定配置下属于「忠诚期」的 212 位客户，在当前配置下是「流失风险」。'],
    ['en', null, '212 Loyal customers under the pinned config are At risk under the current one.'],
  ] as const)('%s, baseline %s', (lang, base, sentence) => {
    expect(movementSentence(lang, DICTS[lang], 'lifecycle', m, base)).toBe(sentence);
  });
  test('absent customers are new, never the largest move', () => {
    expect(largestMove(m)).toEqual({ from: 'loyal', to: 'at_risk', customers: 212 });
    expect(m.new).toBe(1300);
    // Lifecycle labels have no order (SPEC §4a): no "0 moved down" above 212 customers who went Loyal → At risk.
    expect(movementTotals('en', 'lifecycle', m, '2024-10-02')).toBe('1,300 new since the baseline, 252 changed label; 500 stayed.');
    expect(movementTotals('zh', 'lifecycle', m, '2024-10-02')).toBe('自 2024-10-02 以来：1,300 位新客户，252 位换了标签，500 位不变。');
    expect(movementTotals('en', 'lifecycle', lifecycle([['loyal', 'loyal', 3]]), null)).toBe('0 changed label against the pinned config; 3 stayed.');
  });
  test('ordered frameworks move up and down', () => {
    const keys = ['prospect', 'first_time', 'repeat', 'loyal', 'advocate'];
    const x = countMoves('ladder', [...keys, 'absent'], keys, Uint8Array.from([1, 1, 3, 2, 5]), Uint8Array.from([2, 2, 2, 2, 1]));
    expect([x.up, x.down, x.stayed, x.new, x.changed]).toEqual([2, 1, 1, 1, 0]);
    expect(movementTotals('en', 'ladder', x, '2024-01-01')).toBe('2 moved up, 1 moved down, 1 new since the baseline; 1 stayed.');
    expect(movementTotals('zh', 'ladder', x, '2024-01-01')).toBe('自 2024-01-01 以来：2 位上升，1 位下降，1 位新客户，1 位不变。');
    expect(movementTotals('en', 'ladder', x, null)).toBe('2 moved up, 1 moved down against the pinned config; 1 stayed.');
    expect([moveKind('ladder', 'loyal', 'repeat'), moveKind('ladder', 'absent', 'repeat'), moveKind('lifecycle', 'loyal', 'at_risk')]).toEqual(['down', 'new', 'changed']);
  });
  test('nobody moved', () => {
    const still = lifecycle([['loyal', 'loyal', 3]]);
    expect(movementSentence('en', DICTS.en, 'lifecycle', still, '2024-10-02')).toBe('No customer changed label since 2024-10-02.');
  });
  test('a cell heading names both labels and the count', () => {
    expect(moveListSentence('en', DICTS.en, 'lifecycle', 'loyal', 'at_risk', 143)).toBe('Loyal → At risk: 143 customers');
    expect(moveListSentence('en', DICTS.en, 'lifecycle', 'absent', 'new', 1)).toBe('absent (not yet a customer) → New: 1 customer');
  });
});

describe('a Movement cell in a saved notebook', () => {
  test('its framework, its mode and the baseline date survive save -> open', async () => {
    const { notebookDoc, notebookFromText } = await import('../../src/app/persist/notebook-doc');
    const { addCell, defaultCells } = await import('../../src/app/notebook');
    const { parseConfig } = await import('../../src/engine/config');
    const r = parseConfig({ version: 1, time: { baselineAsOf: '2024-10-03' } });
    if (!r.ok) throw new Error(r.error);
    expect(defaultCells().some((c) => c.kind === 'movement')).toBe(false);
    const cells = addCell(defaultCells(), 'movement', 'mv').map((c) => (c.id === 'mv' ? { ...c, movement: { framework: 'ladder' as const, pinned: true } } : c));
    const notebook = { config: r.config, cells, lang: 'en' as const, mapping: [] };
    const back = notebookFromText(JSON.stringify(notebookDoc(notebook)));
    expect(back.ok && back.notebook.cells.find((c) => c.id === 'mv')).toEqual({ id: 'mv', kind: 'movement', collapsed: false, movement: { framework: 'ladder', pinned: true } });
    expect(back.ok && back.notebook.config.time.baselineAsOf).toBe('2024-10-03');
  });
});
