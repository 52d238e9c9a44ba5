// Loaded files kept in the browser's origin-private file system (OPFS), so a reload does not ask for
// them again. Only the files the user opened and how they were mapped; the sample is bundled anyway.
// Bytes are streamed from the File to the disk and back as a File: the page never reads or parses them.
import type { InputFile } from '../../../workers/api';

const DIR = 'tierbook-data';
const MANIFEST = 'manifest.json';

type KeptFile = Omit<InputFile, 'source'> & { path: string };
export interface Kept {
  files: InputFile[];
  names: string[];
  bytes: number;
}

async function root(): Promise<FileSystemDirectoryHandle | null> {
  try {
    return await navigator.storage.getDirectory();
  } catch {
    return null; // no OPFS here (private mode, old browser): data is simply not kept
  }
}

/** The kept files, or null when there are none (or they cannot be read: then they are forgotten). */
export async function keptData(): Promise<Kept | null> {
  const r = await root();
  if (!r) return null;
  try {
    const dir = await r.getDirectoryHandle(DIR);
    const manifest = JSON.parse(await (await (await dir.getFileHandle(MANIFEST)).getFile()).text()) as KeptFile[];
    const files: InputFile[] = [];
    let bytes = 0;
    for (const { path, ...f } of manifest) {
      const file = await (await dir.getFileHandle(path)).getFile();
      bytes += file.size;
      files.push({ ...f, source: { file: new File([file], f.name) } });
    }
    return { files, names: manifest.map((f) => f.name), bytes };
  } catch {
    return null;
  }
}

/** Bytes written to storage a step at a time: between steps the keep may wait for the moves to rest. */
const STEP_BYTES = 1 << 20;

/** How a keep gives way: `pause` before each step; `stale` true stops it, nothing kept (another load or Forget came). */
export interface KeepPace {
  pause(): Promise<void>;
  stale(): boolean;
}

const UNPACED: KeepPace = { pause: () => Promise.resolve(), stale: () => false };

/**
 * Keep these files (replacing any kept before). A full disk is reported, and nothing half-kept stays.
 * `stale` answers as the keep ends when another load or a Forget overtook it.
 */
export async function keepData(inputs: InputFile[], pace: KeepPace = UNPACED): Promise<{ ok: true; kept: Kept } | { ok: false; error: string } | { ok: false; stale: true }> {
  const r = await root();
  if (!r) return { ok: false, error: 'this browser offers no private storage: the data will be asked for again after a reload' };
  const files = inputs.filter((i) => !('url' in i.source));
  const bytes = files.reduce((a, i) => a + ('file' in i.source ? i.source.file.size : (i.source as { bytes: Uint8Array }).bytes.byteLength), 0);
  await forgetData();
  try {
    const { quota, usage } = await navigator.storage.estimate();
    if (quota !== undefined && usage !== undefined && quota - usage < bytes)
      return { ok: false, error: `not enough browser storage to keep the data (${mb(bytes)} needed, ${mb(quota - usage)} free): it will be asked for again after a reload` };
    const dir = await r.getDirectoryHandle(DIR, { create: true });
    const manifest: KeptFile[] = [];
    for (const [k, { source, ...f }] of files.entries()) {
      const path = `file-${k}`;
      const w = await (await dir.getFileHandle(path, { create: true })).createWritable();
      const blob = 'file' in source ? source.file : new Blob([(source as { bytes: Uint8Array }).bytes as BlobPart]);
      for (let at = 0; at < blob.size; at += STEP_BYTES) {
        await pace.pause();
        if (pace.stale()) {
          await w.abort();
          // What replaced these files keeps its own (or nothing, after Forget): this keep leaves no trace.
          return { ok: false, stale: true };
        }
        await w.write(await blob.slice(at, Math.min(blob.size, at + STEP_BYTES)).arrayBuffer());
      }
      await w.close();
      manifest.push({ ...f, path });
    }
    const w = await (await dir.getFileHandle(MANIFEST, { create: true })).createWritable();
    await w.write(JSON.stringify(manifest));
    await w.close();
    return { ok: true, kept: { files, names: files.map((f) => f.name), bytes } };
  } catch (e) {
    await forgetData();
    const quota = e instanceof DOMException && e.name === 'QuotaExceededError';
    return { ok: false, error: quota ? 'browser storage is full: the data will be asked for again after a reload' : `the data could not be kept in the browser: ${(e as Error).message}` };
  }
}

const VIEW = 'view.json';

/** The numbers on screen for the kept files, stamped with them (names and bytes). */
export interface KeptView<T> {
  names: string[];
  bytes: number;
  summary: T;
}

/**
 * Keep the last view of the kept files beside them, so the next start-up shows the notebook at once while
 * the files load again. Written only where kept files are (never creates the folder); forgotten with them.
 */
export async function keepView<T>(view: KeptView<T>): Promise<void> {
  const r = await root();
  try {
    const dir = await r!.getDirectoryHandle(DIR);
    const w = await (await dir.getFileHandle(VIEW, { create: true })).createWritable();
    await w.write(JSON.stringify(view));
    await w.close();
  } catch { /* nothing kept (or no storage): there is no view to show at the next start either */ }
}

/** The last view kept for exactly these files, or null. */
export async function keptView<T>(kept: Pick<Kept, 'names' | 'bytes'>): Promise<T | null> {
  const r = await root();
  try {
    const dir = await r!.getDirectoryHandle(DIR);
    const view = JSON.parse(await (await (await dir.getFileHandle(VIEW)).getFile()).text()) as KeptView<T>;
    return view.bytes === kept.bytes && JSON.stringify(view.names) === JSON.stringify(kept.names) ? view.summary : null;
  } catch {
    return null;
  }
}

export async function forgetData(): Promise<void> {
  const r = await root();
  await r?.removeEntry(DIR, { recursive: true }).catch(() => {});
}

const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`;

// A kept file that stops the page (a tab crash, a hang) must not stop every reload after it: the
// attempt is marked before the load and cleared once its charts are on screen.
const OPENING = 'tierbook:kept-opening';

/** True when the last start-up began loading the kept data and never showed it. */
export function keptOpeningUnfinished(): boolean {
  try { return localStorage.getItem(OPENING) !== null; } catch { return false; }
}

export function markKeptOpening(opening: boolean): void {
  try {
    if (opening) localStorage.setItem(OPENING, String(Date.now()));
    else localStorage.removeItem(OPENING);
  } catch { /* storage may be off: then there is no guard either */ }
}
