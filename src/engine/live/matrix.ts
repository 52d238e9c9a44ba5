// The strategy matrix's counts over typed arrays: customers and revenue per (row label, column label),
// recounted whenever either framework is relabelled.

export interface MatrixCounts {
  /** customers[row * nCols + col]. */
  customers: Float64Array;
  revenue: Float64Array;
  /** Revenue of every customer counted (the denominator of a cell's share). */
  totalRevenue: number;
}

/** `cols` null: one column. Customers outside `keep` (a filter) are not counted. */
export function matrixCounts(
  rows: Uint8Array, nRows: number, cols: Uint8Array | null, nCols: number, monetary: Float64Array, keep?: Uint8Array,
): MatrixCounts {
  const customers = new Float64Array(nRows * nCols);
  const revenue = new Float64Array(nRows * nCols);
  let totalRevenue = 0;
  for (let i = 0; i < rows.length; i++) {
    if (keep && !keep[i]) continue;
    const k = rows[i] * nCols + (cols ? cols[i] : 0);
    const y = monetary[i];
    customers[k]++;
    // Prospects have no monetary (NaN): they add no revenue.
    if (y === y) { revenue[k] += y; totalRevenue += y; }
  }
  return { customers, revenue, totalRevenue };
}
