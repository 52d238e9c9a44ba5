// Excel workbooks: every cell as text (numbers exactly as stored, dates as ISO), one sheet at a time.
import readXlsxFile from 'read-excel-file/universal';
import { ReadError } from './plan';
import { dateCellText } from './csv-out';

export interface SheetRows {
  name: string;
  rows: string[][];
}


function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return dateCellText(v);
  return String(v);
}

export async function readSheets(name: string, bytes: Uint8Array): Promise<SheetRows[]> {
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    // Numbers stay the text Excel stored, so amounts are not rounded through floating point.
    const sheets = await readXlsxFile(buffer, { parseNumber: (s: string) => s });
    return sheets.map((s) => ({ name: s.sheet, rows: s.data.map((r) => r.map(cellText)) }));
  } catch (e) {
    throw new ReadError(`${name}: cannot be read as an Excel workbook (${String(e instanceof Error ? e.message : e).split('\n')[0]})`);
  }
}

/** The sheet asked for, by name or 1-based position; the first sheet by default. */
export function pickSheet(name: string, sheets: SheetRows[], sheet?: string): SheetRows {
  if (sheets.length === 0) throw new ReadError(`${name}: the workbook has no sheets`);
  if (sheet === undefined || sheet === '') return sheets[0];
  const byName = sheets.find((s) => s.name === sheet);
  if (byName) return byName;
  if (/^\d+$/.test(sheet) && Number(sheet) >= 1 && Number(sheet) <= sheets.length) return sheets[Number(sheet) - 1];
  throw new ReadError(`${name}: no sheet "${sheet}" (sheets: ${sheets.map((s) => s.name).join(', ')})`);
}
