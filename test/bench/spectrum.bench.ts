import { lusolve } from 'mathjs';
import { bench, describe } from 'vitest';
import { choleskyInPlace, choleskySolve } from '../../src/numeric/index.js';
import { sphereSpectrum } from '../../src/spectrum/index.js';
import { parseTheory } from '../../src/theory/index.js';
import { gpRg } from '../../src/spectrum/index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';

// spectrum/: the GP-regression solve (docs/gp-rg.md quotes these), the Funk–Hecke spectra, the bundled runs.
function spd(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => Math.exp(-Math.abs(i - j) / 10) + (i === j ? 0.1 : 0)));
}

for (const n of [200, 500]) {
  describe(`solve (K + sigma^2 I) alpha = y, n = ${n}`, () => {
    const A = spd(n);
    const y = A.map((_, i) => Math.sin(i));
    bench('mathjs lusolve', () => void lusolve(A, y), { iterations: 3 });
    bench('numeric choleskyInPlace + choleskySolve', () => void choleskySolve(choleskyInPlace(Float64Array.from(A.flat()), n), n, y), { iterations: 3 });
  });
}

describe('Funk–Hecke spectra', () => {
  const net = { activation: 'relu', d_out: 1, sigma_w: 1, sigma_b: 0.5, widths: [1], depth: 1 } as const;
  bench('ReLU, d_in = 30, 20 degrees', () => void sphereSpectrum({ ...net, widths: [1], d_in: 30 }, 20), { iterations: 3 });
  bench('ReLU, d_in = 3, 200 degrees', () => void sphereSpectrum({ ...net, widths: [1], d_in: 3 }, 200), { iterations: 3 });
});

describe('bundled gp-rg theories', () => {
  for (const name of ['relu-gprg', 'cosnet-gprg']) {
    const file = join(ROOT, 'theories', `${name}.yaml`);
    const theory = parseTheory(readFileSync(file, 'utf8'), file);
    bench(name, () => void gpRg(theory), { iterations: 1 });
  }
});
