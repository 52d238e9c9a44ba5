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

/**
 * reconcile, when a plain copy of what `target` holds is at hand (`previous`, e.g. the last answer
 * written into it): the two documents are compared as plain objects, and `target` (reactive state,
 * slow to read) is read only on the way to a leaf that changed. Returns the number of assignments.
 */
export function reconcileFrom<T extends object>(target: T, previous: T, source: T): number {
  return update(() => target as unknown as Record<string, unknown>, previous as unknown as Record<string, unknown>, source as unknown as Record<string, unknown>);
}

function update(target: () => Record<string, unknown>, p: Record<string, unknown>, s: Record<string, unknown>): number {
  let writes = 0;
  let t: Record<string, unknown> | undefined;
  const into = () => (t ??= target());
  for (const key of Object.keys(p)) {
    if (!(key in s)) {
      delete into()[key];
      writes++;
    }
  }
  for (const key of Object.keys(s)) {
    const a = p[key];
    const b = s[key];
    if (isObject(a) && isObject(b) && Array.isArray(a) === Array.isArray(b) && (!Array.isArray(a) || a.length === (b as unknown as unknown[]).length)) {
      writes += update(() => into()[key] as Record<string, unknown>, a, b);
    } else if (a !== b && !(Number.isNaN(a) && Number.isNaN(b))) {
      into()[key] = b;
      writes++;
    }
  }
  return writes;
}
