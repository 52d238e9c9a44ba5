// The saved notebook: save -> open is the identity; a broken document is refused whole, naming the field.
import { describe, expect, test } from 'vitest';
import { parseConfig } from '../../src/engine/config';
import { notebookDoc, notebookFromText, parseNotebook, type Notebook } from '../../src/app/persist/notebook-doc';
import { AUTOSAVE_KEY, readAutosave, writeAutosave } from '../../src/app/persist/autosave';
import { defaultCells, addCell } from '../../src/app/notebook';
import { REVISION_1_SEGMENTS } from '../../src/engine/frameworks';

const config = (() => {
  const r = parseConfig({ version: 1, ladder: { loyalMinPurchases: 6 }, strategy: { exportLanguage: 'zh', matrix: { cells: { 'high|new': null } } } });
  if (!r.ok) throw new Error(r.error);
  return r.config;
})();
const notebook: Notebook = {
  config,
  cells: [...addCell(addCell(defaultCells(), 'note', 'n1'), 'sql', 's1').map((c) => (c.id === 'n1' ? { ...c, text: '# 复盘\n<b>x</b>' } : c)), { id: 'q', kind: 'sql', collapsed: true, text: 'SELECT 1', chart: { mark: 'bar', x: 0, y: 0 } }],
  lang: 'zh',
  mapping: [{ signature: 'a|b|c', name: '订单.csv', table: 'orders', read: { encoding: 'gb18030', delimiter: ',', header: true }, roles: { customer_id: '客户ID', amount: '数量 * 单价' }, dateFormat: 'ymd', numberStyle: 'grouped' }],
};

describe('notebook documents', () => {
  test('save -> open is the identity', () => {
    const text = JSON.stringify(notebookDoc(notebook));
    expect(notebookFromText(text)).toEqual({ ok: true, notebook });
    expect(text).not.toContain('sample');
  });
  test('a pinned config (the baseline of movement between configs) is saved and opened with the notebook', () => {
    const pinned = parseConfig({ version: 1, lifecycle: { loyalMinPurchases: 2 } });
    if (!pinned.ok) throw new Error(pinned.error);
    const withPin = { ...notebook, pinned: pinned.config };
    const doc = notebookDoc(withPin);
    expect(doc.pinned).toEqual({ version: 1, lifecycle: { loyalMinPurchases: 2 } });
    expect(parseNotebook(JSON.parse(JSON.stringify(doc)))).toEqual({ ok: true, notebook: withPin });
    expect(notebookDoc({ ...notebook, pinned: null })).not.toHaveProperty('pinned');
  });
  test('autosave writes and reads the same notebook; a full storage is reported', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(writeAutosave(notebook, storage)).toBeNull();
    expect(store.has(AUTOSAVE_KEY)).toBe(true);
    expect(readAutosave(storage)).toEqual({ ok: true, notebook });
    const full = { setItem: () => { throw new DOMException('quota', 'QuotaExceededError'); } };
    expect(writeAutosave(notebook, full)).toContain('storage is full');
  });
  const doc = notebookDoc(notebook);
  const invalid: [string, unknown, string][] = [
    ['not an object', 'notebook', 'notebook'],
    ['another format', { ...doc, format: 'jupyter' }, 'notebook.format'],
    ['a later version', { ...doc, version: 3 }, 'notebook.version must be 1 or 2'],
    ['an unknown key', { ...doc, data: [[1, 2]] }, 'notebook has unknown key(s): data'],
    ['an unknown cell kind', { ...doc, cells: [{ id: 'x', kind: 'macro', collapsed: false }] }, 'notebook.cells.0.kind'],
    ['a cell with unknown keys', { ...doc, cells: [{ id: 'x', kind: 'note', collapsed: false, html: '<script>' }] }, 'notebook.cells.0 has unknown key(s): html'],
    ['two cells with one id', { ...doc, cells: [{ id: 'x', kind: 'note', collapsed: false }, { id: 'x', kind: 'sql', collapsed: false }] }, 'notebook.cells has two cells with the same id'],
    ['an unknown language', { ...doc, lang: 'fr' }, 'notebook.lang'],
    ['an invalid config', { ...doc, config: { version: 1, lifecycle: { atRiskDays: 500 } } }, 'notebook.config: lifecycle.atRiskDays must be less than lifecycle.churnDays'],
    ['an invalid pinned config', { ...doc, pinned: { version: 1, ladder: { loyalMinPurchases: 0 } } }, 'notebook.pinned: ladder.loyalMinPurchases'],
    ['a mapping for an unknown table', { ...doc, mapping: [{ ...notebook.mapping[0], table: 'products' }] }, 'notebook.mapping.0.table'],
    ['a mapping with sample values', { ...doc, mapping: [{ ...notebook.mapping[0], preview: [['C1', '2024-01-01']] }] }, 'notebook.mapping.0 has unknown key(s): preview'],
    // A hostile notebook's amount expression would be applied to the next file with these columns.
    ['an amount nested 150 deep', { ...doc, mapping: [{ ...notebook.mapping[0], roles: { amount: `${'('.repeat(150)}数量${')'.repeat(150)}` } }] }, 'notebook.mapping.0.roles.amount nests too deeply (more than 100 levels) at position 101'],
    ['an amount of 500 unary minus signs', { ...doc, mapping: [{ ...notebook.mapping[0], roles: { amount: `${'-'.repeat(500)}amount` } }] }, 'notebook.mapping.0.roles.amount nests too deeply (more than 100 levels) at position 101'],
    ['an amount of 120 factors', { ...doc, mapping: [{ ...notebook.mapping[0], roles: { amount: Array(120).fill('q').join('*') } }] }, 'notebook.mapping.0.roles.amount nests too deeply (more than 100 levels) at position 200'],
    ['an amount past the size limit', { ...doc, mapping: [{ ...notebook.mapping[0], roles: { amount: `${'-'.repeat(1999)}amount` } }] }, 'notebook.mapping.0.roles.amount'],
  ];
  test.each(invalid)('refused: %s', (_n, d, field) => {
    const r = parseNotebook(d);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.startsWith(field)).toBe(true);
  });
  test('an amount that is not an expression may still be a column name: kept for the file to decide', () => {
    const named = { ...notebook, mapping: [{ ...notebook.mapping[0], roles: { amount: 'Price ($)' } }] };
    expect(parseNotebook(notebookDoc(named))).toEqual({ ok: true, notebook: named });
  });
  test('a file that is not JSON', () => expect(notebookFromText('{')).toEqual({ ok: false, error: 'notebook file is not JSON' }));
  test('the Dimensions cell keeps its framework, dimension, bar mode and typed bin edges', () => {
    const dims = { framework: 'rfm', dimension: '年龄', mode: 'stacked', edges: [20, 30, 40] } as const;
    const withDims: Notebook = { ...notebook, cells: notebook.cells.map((c) => (c.kind === 'dimensions' ? { ...c, dimensions: { ...dims, edges: [...dims.edges] } } : c)) };
    const text = JSON.stringify(notebookDoc(withDims));
    expect(notebookFromText(text)).toEqual({ ok: true, notebook: withDims });
    expect(JSON.parse(text).cells.find((c: { kind: string }) => c.kind === 'dimensions').dimensions).toEqual(dims);
  });
  test.each([
    ['an unknown bar mode', { mode: 'pie' }, 'notebook.cells.0.dimensions.mode'],
    ['edges out of order', { edges: [40, 20] }, 'notebook.cells.0.dimensions.edges'],
    ['an unknown setting', { colour: 'red' }, 'notebook.cells.0.dimensions has unknown key(s): colour'],
  ])('Dimensions settings refused: %s', (_n, dimensions, field) => {
    const r = parseNotebook({ ...doc, cells: [{ id: 'd', kind: 'dimensions', collapsed: false, dimensions }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.startsWith(field)).toBe(true);
  });
});

// SPEC revision 2 reordered the default RFM segments: notebooks saved before (version 1) open with the
// new order, and say so only when they used the default segments.
describe('notebooks saved before SPEC revision 2', () => {
  const v1 = (config: object) => ({ ...notebookDoc(notebook), version: 1, config: { version: 1, ...config } });
  test('new notebooks are version 2 and open without the notice', () => {
    expect(notebookDoc(notebook).version).toBe(2);
    expect(parseNotebook(notebookDoc(notebook))).toEqual({ ok: true, notebook });
  });
  test.each([
    ['the default segments', { ladder: { loyalMinPurchases: 6 } }, true],
    ['their own segment list', { rfm: { segments: REVISION_1_SEGMENTS } }, false],
  ] as const)('version 1 with %s opens; order changed: %s', (_n, config, changed) => {
    const r = parseNotebook(v1(config));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.rfmOrderChanged ?? false).toBe(changed);
    // Nothing is rewritten: the defaults stay "default" (now revision 2's), an own list stays as it was.
    if (r.ok) expect(r.notebook.config.rfm.segments).toEqual(changed ? 'default' : REVISION_1_SEGMENTS);
  });
  test('an old autosave opens with the notice; written again, it is version 2 without it', () => {
    const store = new Map<string, string>([[AUTOSAVE_KEY, JSON.stringify(v1({}))]]);
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const first = readAutosave(storage);
    expect(first).toMatchObject({ ok: true, rfmOrderChanged: true });
    if (first?.ok) writeAutosave(first.notebook, storage);
    expect(JSON.parse(store.get(AUTOSAVE_KEY)!).version).toBe(2);
    expect(readAutosave(storage)).not.toHaveProperty('rfmOrderChanged');
  });
});
