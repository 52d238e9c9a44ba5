// What separates two configs, field by field: the movement between a pinned config and the current one
// names the thresholds that moved its customers.
import type { Config } from './schema';

export interface FieldChange { field: string; from: string; to: string }

/** Sections and fields that never change a customer's label (the baseline date, the playbook's texts, the holdout check's date). */
const NOT_LABELS = new Set(['version', 'time', 'strategy', 'clv.holdoutFrom']);

/** Every leaf that differs (arrays and rule lists compared whole), in the config's own field order. */
export function labelFieldChanges(from: Config, to: Config): FieldChange[] {
  const out: FieldChange[] = [];
  const walk = (a: unknown, b: unknown, path: string[]) => {
    if (isRecord(a) && isRecord(b)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
        if (NOT_LABELS.has([...path, k].join('.'))) continue;
        walk(a[k], b[k], [...path, k]);
      }
      return;
    }
    const x = text(a), y = text(b);
    if (x !== y) out.push({ field: path.join('.'), from: x, to: y });
  };
  walk(from, to, []);
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v ?? null));
