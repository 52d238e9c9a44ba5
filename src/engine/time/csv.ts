// CSV fields of the time files: the export's quoting (RFC 4180 when needed); numbers arrive as plain text.
export const csvField = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
export const csvLine = (fields: (string | number | boolean | null)[]): string =>
  fields.map((f) => (f === null ? '' : csvField(String(f)))).join(',');
