// Parquet in the browser, where DuckDB-WASM cannot load its parquet extension offline (TOOLCHAIN.md):
// hyparquet reads it, every cell becomes text, and DuckDB gets CSV. The command line reads Parquet natively.
import { ReadError } from './plan';
import { dateCellText } from './csv-out';


export async function readParquet(name: string, bytes: Uint8Array): Promise<{ columns: string[]; rows: string[][] }> {
  // Loaded when a Parquet file comes (~100 ms of a command line's start-up; a chunk of its own in the page).
  const [{ parquetMetadata, parquetReadObjects }, { compressors }] = await Promise.all([import('hyparquet'), import('hyparquet-compressors')]);
  try {
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const meta = parquetMetadata(file);
    const leaves = meta.schema.slice(1);
    const columns = leaves.map((s) => s.name);
    // hyparquet hands decimals over as floats: printed back at their scale they are the stored decimal
    // (exact up to 15 significant digits).
    const scale = new Map(leaves.filter((s) => s.converted_type === 'DECIMAL').map((s) => [s.name, s.scale ?? 0]));
    const objects = await parquetReadObjects({ file, compressors });
    const text = (c: string, v: unknown): string => {
      if (v === null || v === undefined) return '';
      if (v instanceof Date) return dateCellText(v);
      if (typeof v === 'number' && scale.has(c)) return v.toFixed(scale.get(c));
      return String(v);
    };
    return { columns, rows: objects.map((o) => columns.map((c) => text(c, (o as Record<string, unknown>)[c]))) };
  } catch (e) {
    throw new ReadError(`${name}: cannot be read as Parquet (${String(e instanceof Error ? e.message : e).split('\n')[0]})`);
  }
}
