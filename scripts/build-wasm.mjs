// Compiles the AssemblyScript sampler kernels (src/ensemble/wasm/) to dist/ensemble/.
// Owned by the ensemble stage; until its sources exist there is nothing to build.
import { existsSync } from 'node:fs';
if (!existsSync('src/ensemble/wasm/sampler.ts')) process.exit(0);
