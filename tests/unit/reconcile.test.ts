// Reactive state is updated leaf by leaf: only what changed is written.
import { describe, expect, test } from 'vitest';
import { reconcile, reconcileFrom } from '../../src/app/reconcile';

const cases: { name: string; target: object; source: object; writes: number }[] = [
  { name: 'equal documents: nothing written', target: { a: 1, b: { c: [1, 2] } }, source: { a: 1, b: { c: [1, 2] } }, writes: 0 },
  { name: 'one leaf changed: one write', target: { a: 1, b: { c: [1, 2] } }, source: { a: 1, b: { c: [1, 3] } }, writes: 1 },
  { name: 'an array of another length is replaced whole', target: { c: [1, 2] }, source: { c: [1, 2, 3] }, writes: 1 },
  { name: 'null to an object is one write', target: { f: null }, source: { f: { d: 'x' } }, writes: 1 },
  { name: 'an object to null is one write', target: { f: { d: 'x' } }, source: { f: null }, writes: 1 },
  { name: 'a key gone is deleted', target: { a: 1, b: 2 }, source: { a: 1 }, writes: 1 },
  { name: 'a new key is added', target: { a: 1 }, source: { a: 1, b: 2 }, writes: 1 },
  { name: 'NaN stays NaN without a write', target: { a: Number.NaN }, source: { a: Number.NaN }, writes: 0 },
  { name: 'an array and an object of the same keys differ', target: { a: { 0: 1 } }, source: { a: [1] }, writes: 1 },
];

describe('reconcile', () => {
  test.each(cases)('$name', ({ target, source, writes }) => {
    const t = structuredClone(target);
    expect(reconcile(t as object, source)).toBe(writes);
    expect(t).toEqual(source);
  });
});

describe('reconcileFrom: the same writes, with the target read only where a leaf changed', () => {
  test.each(cases)('$name', ({ target, source, writes }) => {
    const t = structuredClone(target);
    const reads: string[] = [];
    // A target that records every key read from it (as reactive state would pay for).
    const watch = (o: object, path: string): object => new Proxy(o, {
      get: (x, k) => {
        reads.push(`${path}${String(k)}`);
        const v = Reflect.get(x, k);
        return typeof v === 'object' && v !== null ? watch(v, `${path}${String(k)}.`) : v;
      },
    });
    expect(reconcileFrom(watch(t, '') as object, structuredClone(target), source)).toBe(writes);
    expect(t).toEqual(source);
    if (writes === 0) expect(reads).toEqual([]);
  });

  test('a deep change reads only the path to it', () => {
    const before = { counts: { ladder: [1, 2, 3], rfm: [4, 5] }, report: [{ table: 'orders', read: 10 }] };
    const after = { counts: { ladder: [1, 9, 3], rfm: [4, 5] }, report: [{ table: 'orders', read: 10 }] };
    const reads: string[] = [];
    const t = structuredClone(before);
    const target = new Proxy(t, { get: (x, k) => (reads.push(String(k)), Reflect.get(x, k)) });
    expect(reconcileFrom(target, before, after)).toBe(1);
    expect(t).toEqual(after);
    expect(reads).toEqual(['counts']);
  });
});
