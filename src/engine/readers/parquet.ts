// Parquet in the browser, where DuckDB-WASM cannot load its parquet extension offline (TOOLCHAIN.md):
// hyparquet reads it, every cell becomes text, and DuckDB gets CSV. The command line reads Parquet natively.
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { ReadError } from './plan';

const pad = (n: number) => String(n).padStart(2, '0');

function timeText(d: Date): string {
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const secs = d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds();
  return secs === 0 ? day : `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export async function readParquet(name: string, bytes: Uint8Array): Promise<{ columns: string[]; rows: string[][] }> {
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
      if (v instanceof Date) return timeText(v);
      if (typeof v === 'number' && scale.has(c)) return v.toFixed(scale.get(c));
      return String(v);
    };
    return { columns, rows: objects.map((o) => columns.map((c) => text(c, (o as Record<string, unknown>)[c]))) };
  } catch (e) {
    throw new ReadError(`${name}: cannot be read as Parquet (${String(e instanceof Error ? e.message : e).split('\n')[0]})`);
  }
}
