// Saving what the page shows: a blob as a file, a chart as SVG or PNG, a CSV plain or for Excel.
// No request leaves the page.
import { chartRoot, composeChart, composePng } from './chart-image';

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The whole chart as shown (title, legend, axes, marks, labels) as one SVG file. */
export function chartSvg(host: Element): Blob | null {
  const root = chartRoot(host);
  return root ? new Blob([composeChart(root).svg], { type: 'image/svg+xml' }) : null;
}

/** The same picture as PNG, at the device pixel ratio. */
export async function chartPng(host: Element): Promise<Blob | null> {
  const root = chartRoot(host);
  return root ? composePng(root) : null;
}

/** UTF-8's byte-order mark: Excel reads a CSV as UTF-8 (Chinese text intact) only when it is there. */
export const UTF8_BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

/** A CSV download: the worker's bytes as they are, or with the byte-order mark in front for Excel. */
export function saveCsv(bytes: Uint8Array, name: string, forExcel: boolean): void {
  saveBlob(new Blob(forExcel ? [UTF8_BOM, bytes as BlobPart] : [bytes as BlobPart], { type: 'text/csv' }), name);
}
