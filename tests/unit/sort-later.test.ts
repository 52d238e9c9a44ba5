// A horizon move replaces the predicted_clv column; its sorted copy (read only by value tiers cut by it) is
// made on first read, and its length (the buyers with a prediction, what the cut positions count) is known
// without the sort. Whatever is read must equal the eager sort of the same column.
import { describe, expect, it } from 'vitest';
import { METRIC_COLUMNS, sortedLength, sortLater, sortMetrics, toMetricColumns } from '../../src/engine/live/columns';

function columns(predicted: number[], purchases: number[]) {
  const n = predicted.length;
  const raw: Record<string, ArrayLike<number>> = {};
  for (const c of METRIC_COLUMNS) raw[c] = new Float64Array(n);
  raw.purchases = purchases;
  raw.predicted_clv = predicted;
  return toMetricColumns(n, raw);
}

describe('sortLater: the sorted predicted_clv on first read', () => {
  it.each([
    ['prospects (no purchase) and NaN are not counted', [5, NaN, 1, 3, 2], [1, 1, 0, 2, 1], [2, 3, 5]],
    ['ties and zeros kept', [0, 2, 2, 0, 7], [1, 1, 1, 1, 1], [0, 0, 2, 2, 7]],
    ['no buyers', [NaN, 4], [0, 0], []],
  ])('%s', (_, predicted, purchases, expected) => {
    const c = columns(predicted, purchases);
    const sorted = sortMetrics(c);
    sortLater(sorted, c, 'predicted_clv');
    expect(sortedLength(sorted, 'predicted_clv')).toBe(expected.length);
    expect(Array.from(sorted.predicted_clv)).toEqual(expected);
    expect(sorted.predicted_clv).toEqual(sortMetrics(c).predicted_clv);
  });

  it('a column replaced before the first read is the one sorted; an assignment wins over the deferred sort', () => {
    const c = columns([3, 1, 2], [1, 1, 1]);
    const sorted = sortMetrics(c);
    sortLater(sorted, c, 'predicted_clv');
    c.predicted_clv = Float64Array.of(9, NaN, 4);
    expect(Array.from(sorted.predicted_clv)).toEqual([4, 9]);
    sortLater(sorted, c, 'predicted_clv');
    expect(sortedLength(sorted, 'predicted_clv')).toBe(2);
    sorted.predicted_clv = Float64Array.of(1);
    expect(sortedLength(sorted, 'predicted_clv')).toBe(1);
    expect(Array.from(sorted.predicted_clv)).toEqual([1]);
  });
});
