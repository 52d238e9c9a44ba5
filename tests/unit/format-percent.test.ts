// Shares as the charts and sentences print them: a group that is not empty never reads 0%, one short of
// everyone never reads 100% (the tour of 2026-12-02: "Can't lose them 19 · 0%" of 4,372 customers).
import { describe, expect, test } from 'vitest';
import { formatPercent } from '../../src/app/i18n';

describe('formatPercent', () => {
  test.each([
    [0, 0, '0%'],
    [19 / 4372, 0, '<1%'],
    [0.005, 0, '1%'],
    [0.0049, 0, '<1%'],
    [0.5, 0, '50%'],
    [0.994, 0, '99%'],
    [0.995, 0, '>99%'],
    [4371 / 4372, 0, '>99%'],
    [1, 0, '100%'],
    [0.0004, 1, '<0.1%'],
    [0.0005, 1, '0.1%'],
    [0.123, 1, '12.3%'],
    [0.9996, 1, '>99.9%'],
    [1.5, 0, '150%'],
    [-0.2, 0, '-20%'],
  ])('%d with %d digits: %s', (x, digits, want) => {
    expect(formatPercent('en', x, digits)).toBe(want);
  });
  test('no value', () => {
    expect(formatPercent('en', null)).toBe('–');
    expect(formatPercent('zh', Number.NaN)).toBe('–');
  });
});
