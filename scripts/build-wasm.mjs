// Compiles the AssemblyScript sampler kernel (src/ensemble/wasm/sampler.ts) to dist/ensemble/sampler.wasm
// with SIMD and -O3. Runs as part of `npm run build` (and so of `npm ci` / `npm install` via prepare).
import { existsSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const src = 'src/ensemble/wasm/sampler.ts';
if (!existsSync(src)) process.exit(0);
mkdirSync('dist/ensemble', { recursive: true });
const require = createRequire(import.meta.url);
const asc = join(dirname(require.resolve('assemblyscript/package.json')), 'bin', 'asc.js');
const args = [
  asc,
  src,
  '--outFile',
  'dist/ensemble/sampler.wasm',
  '--enable',
  'simd',
  '-O3',
  '--runtime',
  'stub',
  '--noAssert',
  '--use',
  'abort=',
  '--initialMemory',
  '2',
];
const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
if (r.status !== 0) {
  console.error('build-wasm: asc failed to compile the sampler kernel');
  process.exit(r.status ?? 1);
}
