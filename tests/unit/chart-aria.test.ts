// @vitest-environment jsdom
// A Chinese page's screen reader names each part of a chart in Chinese (src/app/charts/aria.ts); the
// names are Plot's own defaults, so a chart drawn by Plot here is the check that the table covers them.
import { describe, expect, test } from 'vitest';
import * as Plot from '@observablehq/plot';
import { partName } from '../../src/app/charts/aria';

describe('partName', () => {
  test.each([
    ['bar', '条形'], ['text', '文字'], ['rule', '参考线'], ['tip', '提示'], ['line', '折线'], ['rect', '矩形'],
    ['cell', '单元格'], ['dot', '点'], ['area', '面积'], ['frame', '边框'],
    ['x-axis', '横轴'], ['x-axis tick', '横轴刻度'], ['x-axis tick label', '横轴刻度标签'], ['x-axis label', '横轴标题'],
    ['y-axis tick label', '纵轴刻度标签'], ['fy-axis tick label', '分面纵轴刻度标签'], ['fx-axis label', '分面横轴标题'],
    ['x-grid', '横轴网格线'], ['y-grid', '纵轴网格线'],
  ])('zh: %s → %s', (label, zh) => {
    expect(partName(label, 'zh')).toBe(zh);
    expect(partName(label, 'en')).toBe(label);
  });

  test('a chart\'s own title and any other name pass through', () => {
    expect(partName('Customer ladder', 'zh')).toBe('Customer ladder');
    expect(partName('客户阶梯', 'zh')).toBe('客户阶梯');
    expect(partName('x-axis-ish', 'zh')).toBe('x-axis-ish');
  });

  test('every part name Plot gives the marks and axes the charts use has a Chinese name', () => {
    const data = [{ k: 'a', f: 'p', v: 1, d: new Date(Date.UTC(2024, 0, 1)) }, { k: 'b', f: 'q', v: 2, d: new Date(Date.UTC(2024, 1, 1)) }];
    const chart = Plot.plot({
      grid: true, fy: { label: 'f' }, x: { label: 'x' }, y: { label: 'y' },
      marks: [Plot.barX(data, { x: 'v', y: 'k', fy: 'f' }), Plot.text(data, { x: 'v', y: 'k', fy: 'f', text: 'k' }), Plot.ruleX([0]), Plot.frame(),
        Plot.dot(data, { x: 'v', y: 'k', fy: 'f' }), Plot.tickX(data, { x: 'v', y: 'k', fy: 'f' })],
      // (No tip mark here: jsdom has no getBBox for the tip's post-render frame; 'tip' is in the table above.)
    });
    const names = new Set([...chart.querySelectorAll('[aria-label]')].map((e) => e.getAttribute('aria-label')!));
    expect(names.size).toBeGreaterThan(8);
    for (const n of names) expect(partName(n, 'zh'), n).toMatch(/[\u4e00-\u9fff]/);
  });
});
