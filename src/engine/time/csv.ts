// CSV fields of the time files: the export's quoting (RFC 4180 when needed); numbers arrive as plain text.
import { CSV_QUOTED_JS } from '../sql/dialect';

export const csvField = (v: string): string => (CSV_QUOTED_JS.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
export const csvLine = (fields: (string | number | boolean | null)[]): string =>
  fields.map((f) => (f === null ? '' : csvField(String(f)))).join(',');
