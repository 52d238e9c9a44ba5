// The SQL cell's optional quick chart: which columns to draw, guessed from the result, always overridable.
export type QuickMark = 'none' | 'bar' | 'line' | 'dot';
export interface QuickChartSpec {
  mark: QuickMark;
  x: number;
  y: number;
}
type Value = string | number | null;

/** A column is numeric when every non-null value in it is a number (and at least one is). */
export function numericColumns(columns: string[], rows: Value[][]): boolean[] {
  return columns.map((_, i) => {
    let seen = false;
    for (const row of rows) {
      const v = row[i];
      if (v === null) continue;
      if (typeof v !== 'number') return false;
      seen = true;
    }
    return seen;
  });
}

/**
 * The first text column against the first numeric one, as bars; two numeric columns and no text one, as dots.
 * No chart when there is nothing numeric to draw.
 */
export function guessQuickChart(columns: string[], rows: Value[][]): QuickChartSpec {
  const numeric = numericColumns(columns, rows);
  const text = numeric.findIndex((n) => !n);
  const nums = numeric.flatMap((n, i) => (n ? [i] : []));
  if (nums.length === 0) return { mark: 'none', x: 0, y: 0 };
  if (text >= 0) return { mark: 'bar', x: text, y: nums[0] };
  if (nums.length >= 2) return { mark: 'dot', x: nums[0], y: nums[1] };
  return { mark: 'none', x: 0, y: 0 };
}

/** Rows as points for the chart; rows whose y is not a number are left out (and counted). */
export function quickChartPoints(rows: Value[][], spec: QuickChartSpec): { points: { x: Value; y: number }[]; skipped: number } {
  const points: { x: Value; y: number }[] = [];
  let skipped = 0;
  for (const row of rows) {
    const y = row[spec.y];
    if (typeof y === 'number' && Number.isFinite(y)) points.push({ x: row[spec.x] ?? '∅', y });
    else skipped++;
  }
  return { points, skipped };
}
