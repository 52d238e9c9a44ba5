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

/**
 * The names of a table's columns from its header cells: a blank or repeated cell gets its generated name
 * (column_k), so every column stays addressable. Without a header, column_1..n.
 */
export function columnNames(header: string[] | null, width: number): string[] {
  const seen = new Set<string>();
  return generatedNames(width).map((g, i) => {
    const n = (header?.[i] ?? '').trim();
    const name = n && !seen.has(n) ? n : g;
    seen.add(name);
    return name;
  });
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A date cell (Excel, Parquet) as `YYYY-MM-DD`, with ` HH:MM:SS` when it has a time of day; UTC fields, no zone shift. */
export function dateCellText(d: Date): string {
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const secs = d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds();
  return secs === 0 ? day : `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
