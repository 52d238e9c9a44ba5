// Hostile workbooks for the zip-bomb tests: the fixture workbook with parts replaced by deflate data that
// declares any size, built in a second (a real 2 GiB expansion, from 2 MB), with fflate's own zip writer.
import { readFileSync } from 'node:fs';
import { constants, deflateRawSync } from 'node:zlib';
import { unzipSync, Zip, ZipDeflate, type ZipInputFile } from 'fflate';

export const MiB = 1024 * 1024;
export const SHEET = 'xl/worksheets/sheet1.xml';

let blanks: Uint8Array | undefined;
/**
 * Raw deflate data inflating to `n64` × 64 MiB of blanks. 64 MiB deflated and flushed to a byte boundary
 * with a fresh window can be repeated: the copies, closed by an empty final block, are one valid stream.
 */
export function inflatingTo(n64: number): Uint8Array<ArrayBuffer> {
  blanks ??= new Uint8Array(deflateRawSync(Buffer.alloc(64 * MiB, 0x20), { level: 9, finishFlush: constants.Z_FULL_FLUSH }));
  const out = new Uint8Array(blanks.length * n64 + 2);
  for (let i = 0; i < n64; i++) out.set(blanks, i * blanks.length);
  out.set([0x03, 0x00], blanks.length * n64);
  return out;
}

/** tests/fixtures/readers/two-sheets.xlsx with parts replaced by raw deflate data declaring `declared` bytes. */
export function bombWorkbook(replace: Record<string, { deflated: Uint8Array<ArrayBuffer>; declared: number }>): Uint8Array {
  const parts = unzipSync(new Uint8Array(readFileSync('tests/fixtures/readers/two-sheets.xlsx')));
  const chunks: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => { if (err) throw err; chunks.push(chunk); });
  for (const [path, data] of Object.entries({ ...parts, ...replace })) {
    if (data instanceof Uint8Array) { const f = new ZipDeflate(path); zip.add(f); f.push(data, true); continue; }
    const f: ZipInputFile = { filename: path, compression: 8, size: data.declared, crc: 0 };
    zip.add(f);
    f.ondata!(null, data.deflated, true);
  }
  zip.end();
  return new Uint8Array(Buffer.concat(chunks));
}

/** About 2 MB whose first sheet inflates to 2 GiB, and says so. */
export const twoGiBWorkbook = () => bombWorkbook({ [SHEET]: { deflated: inflatingTo(32), declared: 2048 * MiB } });
