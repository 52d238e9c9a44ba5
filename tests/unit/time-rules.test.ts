// SPEC §4a's calendar and move rules, as tables.
import { describe, expect, test } from 'vitest';
import { direction } from '../../src/engine/time/direction';
import { lastPeriodPartial, periodAfter, periodsBetween, periodStart, trendDates } from '../../src/engine/time/periods';

describe('periods: weeks start on Monday, months and quarters on their first day', () => {
  test.each([
    ['2024-10-02', 'week', '2024-09-30'], ['2024-09-30', 'week', '2024-09-30'], ['2024-10-06', 'week', '2024-09-30'],
    ['2024-01-01', 'week', '2024-01-01'], ['2023-01-01', 'week', '2022-12-26'],
    ['2024-02-29', 'month', '2024-02-01'], ['2024-12-31', 'month', '2024-12-01'],
    ['2024-05-15', 'quarter', '2024-04-01'], ['2024-12-31', 'quarter', '2024-10-01'], ['2024-01-01', 'quarter', '2024-01-01'],
    // years 0–99 are those years (Date.UTC would make them 1900–1999), and so are the far ones
    ['0050-03-15', 'month', '0050-03-01'], ['0099-12-31', 'quarter', '0099-10-01'], ['0001-01-03', 'week', '0001-01-01'], ['9999-12-30', 'month', '9999-12-01'],
  ] as const)('%s is in the %s starting %s', (d, p, start) => expect(periodStart(d, p)).toBe(start));
  test.each([
    ['2024-01-01', 'month', 13, '2025-02-01'], ['2024-11-01', 'quarter', 1, '2025-02-01'], ['2024-12-30', 'week', 1, '2025-01-06'],
    ['0099-12-01', 'month', 1, '0100-01-01'], ['0050-11-01', 'quarter', 1, '0051-02-01'],
  ] as const)('%s + %s × %i', (d, p, k, want) => expect(periodAfter(d, p, k)).toBe(want));
  test.each([
    ['2024-01-31', '2024-02-01', 'month', 1], ['2023-12-15', '2024-03-31', 'quarter', 1], ['2024-09-30', '2024-10-06', 'week', 0],
    ['2024-09-29', '2024-09-30', 'week', 1], ['2024-01-10', '2024-01-20', 'month', 0],
  ] as const)('%s to %s: %i %s(s)', (a, b, p, n) => expect(periodsBetween(a, b, p)).toBe(n));
});

describe('trend dates: the first day of every period after the earliest order and before as_of, then as_of', () => {
  test.each([
    ['2024-01-15', '2024-04-10', 'month', ['2024-02-01', '2024-03-01', '2024-04-01', '2024-04-10']],
    // an earliest order on a first day: that day holds no order before it, so the series starts a period later
    ['2024-01-01', '2024-03-01', 'month', ['2024-02-01', '2024-03-01']],
    ['2024-01-15', '2024-02-01', 'month', ['2024-02-01']],
    ['2024-01-15', '2024-01-20', 'month', ['2024-01-20']],
    ['2023-11-20', '2024-05-01', 'quarter', ['2024-01-01', '2024-04-01', '2024-05-01']],
    ['2024-09-25', '2024-10-10', 'week', ['2024-09-30', '2024-10-07', '2024-10-10']],
    ['0050-11-20', '0051-02-10', 'month', ['0050-12-01', '0051-01-01', '0051-02-01', '0051-02-10']],
  ] as const)('earliest %s, as_of %s, %s', (first, asOf, p, want) => expect(trendDates(first, asOf, p)).toEqual(want));
  test('no orders: as_of alone', () => expect(trendDates(null, '2024-01-01', 'month')).toEqual(['2024-01-01']));
});

test.each([
  ['2024-10-01', 'month', false], ['2024-10-02', 'month', true], ['2024-09-30', 'week', false], ['2024-10-01', 'quarter', false], ['2024-11-01', 'quarter', true],
] as const)('as_of %s: the last %s is partial: %s', (asOf, p, partial) => expect(lastPeriodPartial(asOf, p)).toBe(partial));

describe('move directions (SPEC §4a)', () => {
  test.each([
    ['ladder', 'loyal', 'advocate', 'up'], ['ladder', 'loyal', 'repeat', 'down'], ['ladder', 'loyal', 'loyal', 'same'],
    ['ladder', 'absent', 'first_time', 'changed'], ['value', 'prospect', 'low', 'up'], ['value', 'high', 'mid', 'down'],
    ['engagement', 'frequent', 'low', 'down'], ['needs', 'low', 'high', 'up'], ['satisfaction', 'unknown', 'high', 'changed'],
    ['satisfaction', 'high', 'unknown', 'changed'], ['nps', 'detractor', 'promoter', 'up'], ['nps', 'unknown', 'unknown', 'same'],
    ['lifecycle', 'new', 'loyal', 'changed'], ['lifecycle', 'at_risk', 'at_risk', 'same'], ['rfm', 'champions', 'at_risk', 'changed'],
    ['rfm', 'absent', 'absent', 'same'],
  ] as const)('%s: %s -> %s is %s', (fw, from, to, want) => expect(direction(fw, from, to)).toBe(want));
});
