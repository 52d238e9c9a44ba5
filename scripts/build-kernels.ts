// npm run kernels: compiles src/engine/kernels/kernels.wat (with wabt) into kernels-wasm.ts, the module's
// bytes as base64, so the page's worker, Vitest and the command line load the same bytes without a build
// step of their own. tests/unit/kernels.test.ts fails when the two are out of step.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileKernels, kernelsModule } from './compile-kernels';

const dir = fileURLToPath(new URL('../src/engine/kernels/', import.meta.url));
const bytes = await compileKernels(readFileSync(`${dir}kernels.wat`, 'utf8'));
writeFileSync(`${dir}kernels-wasm.ts`, kernelsModule(bytes));
console.log(`kernels-wasm.ts: ${bytes.length} bytes of WebAssembly`);

