// Reactive state is updated leaf by leaf: only what changed is written.
import { describe, expect, test } from 'vitest';
import { reconcile } from '../../src/app/reconcile';

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
