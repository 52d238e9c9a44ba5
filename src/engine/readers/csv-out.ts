// Rows of text written as RFC 4180 CSV in UTF-8: the one form every converted input reaches DuckDB in.

/** A field is quoted when it holds a comma, a quote, a line break, or blanks DuckDB would otherwise trim. */
export function csvField(v: string): string {
  return /[",\r\n]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvText(columns: string[], rows: Iterable<string[]>): string {
  const out = [columns.map(csvField).join(',')];
  for (const row of rows) out.push(row.map(csvField).join(','));
  return out.join('\n') + '\n';
}

/** column_1..column_n: the names of a file without a header row. */
export const generatedNames = (n: number) => Array.from({ length: n }, (_, i) => `column_${i + 1}`);
