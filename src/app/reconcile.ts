// Writes a new value into reactive state leaf by leaf, touching only what changed, so a threshold move
// re-renders the cells it moves and not every reader of the config or of the snapshot.

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * Makes `target` deep-equal `source` by assigning only differing leaves; returns the number of
 * assignments. Arrays of a different length and values of a different shape are replaced whole.
 */
export function reconcile<T extends object>(target: T, source: T): number {
  let writes = 0;
  const t = target as unknown as Record<string, unknown>;
  const s = source as unknown as Record<string, unknown>;
  for (const key of Object.keys(t)) {
    if (!(key in s)) {
      delete t[key];
      writes++;
    }
  }
  for (const key of Object.keys(s)) {
    const a = t[key];
    const b = s[key];
    if (isObject(a) && isObject(b) && Array.isArray(a) === Array.isArray(b) && (!Array.isArray(a) || a.length === (b as unknown as unknown[]).length)) {
      writes += reconcile(a, b);
    } else if (a !== b && !(Number.isNaN(a) && Number.isNaN(b))) {
      t[key] = b;
      writes++;
    }
  }
  return writes;
}

