// The page (Chromium) and the command line (Node) must fit the same parameters to the bit, or their
// exports differ: their Math.exp, log, log1p, expm1 and pow differ in the last bit (measured), so the
// predicted-value code uses the plain-arithmetic ports in src/engine/clv/libm.ts only.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = 'src/engine/clv';
const numeric = readdirSync(dir).filter((f) => f.endsWith('.ts') && !['view.ts', 'panel.ts', 'libm.ts'].includes(f));

describe('the fit and the predictions use no engine-dependent elementary function', () => {
  it.each(numeric)('%s', (file) => {
    const code = readFileSync(join(dir, file), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
    expect(code).not.toMatch(/Math\.(exp|expm1|log|log1p|log2|log10|pow|sin|cos|tan|atan|cbrt|sinh|cosh|asinh|acosh|atanh|hypot)\b/);
    expect(code).not.toMatch(/[\w)\]]\s*\*\*\s*[\w(]/); // ** is Math.pow
  });
});
