// CSV fields of the time files: the export's quoting (RFC 4180 when needed); numbers arrive as plain text.
import { csvFieldText } from '../sql/dialect';

export const csvLine = (fields: (string | number | boolean | null)[]): string =>
  fields.map((f) => (f === null ? '' : csvFieldText(String(f)))).join(',');
