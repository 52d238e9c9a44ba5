// One table built in parts: a statement a part, each committed before the next is built. Where the
// catalog is compressed (large loads in the browser) a committed part is stored compressed, so a table
// never lies uncompressed in memory whole. With no parts it is the one CREATE ... AS it always was.
/** CREATE of the first part, INSERT of each other: the rows of `select(where)` over every `where` (`table`: one of ours). */
export function inParts(table: string, select: (where?: string) => string, wheres: readonly string[]): string[] {
  if (wheres.length === 0) return [`CREATE OR REPLACE TABLE ${table} AS\n${select()}`];
  return wheres.map((where, i) => (i === 0 ? `CREATE OR REPLACE TABLE ${table} AS\n` : `INSERT INTO ${table}\n`) + select(where));
}

/** The ranges (from, to] that cut rows 1..n into parts of at most `size` rows. */
export function rowRanges(n: number, size: number): [number, number][] {
  const out: [number, number][] = [];
  for (let from = 0; from < n; from += size) out.push([from, Math.min(n, from + size)]);
  return out;
}

/** `n` parts of a table's rows by a hash of their key: every group of that key lies in one part. */
export const hashParts = (key: string, n: number): string[] =>
  n <= 1 ? [] : Array.from({ length: n }, (_, i) => `hash(${key}) % ${n} = ${i}`);
