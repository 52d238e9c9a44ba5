// How a text table is laid out: which delimiter, and whether the first line is a header.
// DuckDB's own sniffer reads delimited files; this decides the cases it cannot (whitespace-aligned
// columns) and gives the mapping panel a preview before anything is loaded.

export const DELIMITERS = [',', '\t', ';', '|', 'whitespace'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

const CANDIDATES = [',', '\t', ';', '|'] as const;

/**
 * The first `max` non-empty records; a line break inside double quotes belongs to its field. A last record
 * cut short by the sample's end is left out.
 */
export function sampleLines(text: string, complete: boolean, max = 1000): string[] {
  const records: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length && records.length <= max; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if ((ch === '\n' || ch === '\r') && !quoted) {
      records.push(text.slice(start, i));
      if (ch === '\r' && text[i + 1] === '\n') i++;
      start = i + 1;
    }
  }
  if (complete && start < text.length && records.length <= max) records.push(text.slice(start));
  return records.filter((l) => l.trim() !== '').slice(0, max);
}

/** Splits a line on `delimiter`, honouring double quotes (enough for a preview and for sniffing). */
export function splitLine(line: string, delimiter: Delimiter): string[] {
  if (delimiter === 'whitespace') return line.trim().split(/\s+/);
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field.trim() === '') { quoted = true; field = ''; }
    else if (ch === delimiter) { out.push(field); field = ''; }
    else field += ch;
  }
  out.push(field);
  return out;
}

/**
 * The delimiter that splits every sampled line into the same number (≥ 2) of fields, preferring the
 * candidates in order; whitespace-aligned when none does but runs of blanks do.
 */
export function detectDelimiter(lines: string[]): Delimiter {
  if (lines.length === 0) return ',';
  for (const d of CANDIDATES) {
    const n = splitLine(lines[0], d).length;
    if (n >= 2 && lines.every((l) => splitLine(l, d).length === n)) return d;
  }
  const n = splitLine(lines[0], 'whitespace').length;
  if (n >= 2 && lines.every((l) => splitLine(l, 'whitespace').length === n)) return 'whitespace';
  // Ragged lines: the candidate seen most often in the first line.
  let best: Delimiter = ',';
  let most = 0;
  for (const d of CANDIDATES) {
    const k = lines[0].split(d).length - 1;
    if (k > most) { best = d; most = k; }
  }
  return best;
}

const NUMBERISH = /^[+-]?[\d.,:/ -]*\d[\d.,:/ -]*$/;

/**
 * A header when some column is number-like in every later row but not in the first.
 * Without such evidence (all text, or all numbers), a first line of distinct non-numeric names is a header.
 */
export function detectHeader(rows: string[][]): boolean {
  if (rows.length === 0) return true;
  const [first, ...rest] = rows;
  if (rest.length > 0) {
    for (let c = 0; c < first.length; c++) {
      const later = rest.map((r) => (r[c] ?? '').trim()).filter((v) => v !== '');
      if (later.length > 0 && later.every((v) => NUMBERISH.test(v))) return !NUMBERISH.test(first[c].trim());
    }
  }
  const names = first.map((v) => v.trim());
  return names.every((v) => v !== '' && !NUMBERISH.test(v)) && new Set(names).size === names.length;
}
