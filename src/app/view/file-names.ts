// Names of downloaded files. A file made under a dimension filter says so in its name: a CSV of the
// filtered customers must never pass for one of all of them.
import type { Filter } from '../../engine/session-types';

/** `tierbook-customers.csv`, or with a filter `tierbook-customers-region=North_China+South_China.csv`. */
export function csvName(base: string, filter: Filter | null): string {
  if (!filter) return `${base}.csv`;
  const values = filter.values.map((v) => (v === '' ? 'missing' : v.replace(/^<\s*/, 'lt').replace(/^≥\s*/, 'ge')));
  let named = `${safe(filter.dimension)}=${values.map(safe).join('+')}`;
  // Long value lists are cut (file systems limit names to 255 bytes); the count says how many were chosen.
  if ([...named].length > 80) named = `${[...named].slice(0, 72).join('')}…(${filter.values.length})`;
  return `${base}-${named}.csv`;
}

/** A SQL cell's chart: `sql-revenue-by-country`, named by its axes (the cell's internal id says nothing to a reader). */
export function queryChartName(names: { x: string; y: string }): string {
  const cut = (s: string) => [...safe(s)].slice(0, 40).join('');
  return `sql-${cut(names.y)}-by-${cut(names.x)}`;
}

/** Characters no file system takes (and blanks) become `_`. */
function safe(text: string): string {
  return text.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '_').replace(/\s+/g, '_');
}
