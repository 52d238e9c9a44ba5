// @vitest-environment jsdom
// The movement flow: one band per non-empty (from, to) pair, as wide as its customers, coloured by its
// SPEC §4a direction; labels nobody holds take no room; the headings name the two sides.
import { describe, expect, test } from 'vitest';
import { countMoves } from '../../src/engine/live/movement';
import { DICTS } from '../../src/app/i18n';
import { dodge, movementFlow, MOVE_COLOURS } from '../../src/app/charts/movement';

const KEYS = ['prospect', 'first_time', 'repeat', 'loyal', 'advocate'];
const FROM = [...KEYS, 'absent'];
// 3 first_time → repeat (up), 1 loyal → repeat (down), 2 repeat → repeat (stayed), 4 absent → first_time (new).
const m = countMoves('ladder', FROM, KEYS, Uint8Array.from([1, 1, 1, 3, 2, 2, 5, 5, 5, 5]), Uint8Array.from([2, 2, 2, 2, 2, 2, 1, 1, 1, 1]));

describe('movement flow', () => {
  test.each(['en', 'zh'] as const)('%s', (lang) => {
    const svg = movementFlow(m, { lang, dict: DICTS[lang], width: 640, framework: 'ladder', left: '2024-10-02', right: 'now' });
    const bands = [...svg.querySelectorAll('path')].map((p) => [p.getAttribute('data-move'), p.getAttribute('stroke'), Number(p.getAttribute('stroke-width'))] as const);
    expect(bands.map(([k, c]) => [k, c])).toEqual([
      ['first_time>repeat', MOVE_COLOURS.up], ['repeat>repeat', MOVE_COLOURS.same], ['loyal>repeat', MOVE_COLOURS.down], ['absent>first_time', MOVE_COLOURS.new],
    ]);
    // Widths are proportional to customers: 3 up against 1 down.
    expect(bands[0][2] / bands[2][2]).toBeCloseTo(3, 5);
    const texts = [...svg.querySelectorAll('text')].map((t) => t.textContent);
    // The title first (a downloaded PNG or SVG carries it), then the two column headings.
    expect(texts.slice(0, 3)).toEqual([`${DICTS[lang].kinds.movement}${lang === 'zh' ? '：' : ': '}${DICTS[lang].kinds.ladder}`, '2024-10-02', 'now']);
    const d = DICTS[lang].labels.ladder;
    expect(texts).toContain(`${d.repeat} 6`);
    expect(texts).toContain(`${d.first_time} 3`);
    expect(texts.some((t) => t?.startsWith(d.prospect))).toBe(false);
  });
});

describe('node labels never overlap', () => {
  test.each([
    ['apart: unchanged', [10, 40, 80], [10, 40, 80]],
    ['crowded: pushed down a gap apart', [50, 52, 53], [50, 65, 80]],
    ['order of input kept', [53, 50, 52], [80, 50, 65]],
    ['past the bottom: the run pulled back up', [95, 96, 97], [70, 85, 100]],
    ['above the top: pushed to it', [-5, 0], [0, 15]],
  ])('%s', (_n, ys, want) => expect(dodge(ys, 15, 0, 100)).toEqual(want));

  test('a flow with thin nodes side by side (a few loyal and advocate customers among thousands)', () => {
    const from = Uint8Array.from([...Array(3000).fill(2), ...Array(3).fill(3), ...Array(2).fill(4), ...Array(2000).fill(1)]);
    const to = Uint8Array.from([...Array(3000).fill(2), ...Array(3).fill(3), ...Array(2).fill(4), ...Array(2000).fill(1)]);
    const many = countMoves('ladder', FROM, KEYS, from, to);
    for (const lang of ['en', 'zh'] as const) {
      const svg = movementFlow(many, { lang, dict: DICTS[lang], width: 640, framework: 'ladder', left: '2024-10-02', right: 'now' });
      const labels = [...svg.querySelectorAll('text')].slice(3);
      for (const anchor of ['end', 'start']) {
        const ys = labels.filter((t) => t.getAttribute('text-anchor') === anchor).map((t) => Number(t.getAttribute('y'))).sort((a, b) => a - b);
        expect(ys.length).toBe(4);
        for (let i = 1; i < ys.length; i++) expect(ys[i] - ys[i - 1]).toBeGreaterThanOrEqual(15);
      }
      // The labels moved off their nodes point back to them.
      expect(svg.querySelectorAll('line').length).toBeGreaterThan(0);
    }
  });
});
