import { bench, describe } from 'vitest';
import { derive, type DeriveOptions } from '../../src/flow/index.js';
import { integrateFlow, lpaFixedPointFull, scanOrders } from '../../src/solve/index.js';

// solve/: the costs users wait for. Derivation (symbolic) is included in the scans, as in the CLI.
const o = (x: Partial<DeriveOptions>): DeriveOptions => ({
  scheme: 'wetterich',
  regulator: 'litim',
  expand: 'minimum',
  d: 3,
  N: 1,
  order: 4,
  dimensionless: true,
  ...x,
});
const orders = Array.from({ length: 11 }, (_, i) => 4 + 2 * i);

describe('fixed points, 3d Ising LPA Litim', () => {
  bench(
    'continuation 4..24 around the minimum',
    () => {
      scanOrders((order) => derive(o({ order })).system, orders);
    },
    { iterations: 2 },
  );
  bench(
    'continuation 4..24 around zero',
    () => {
      scanOrders((order) => derive(o({ order, expand: 'zero' })).system, orders);
    },
    { iterations: 2 },
  );
  bench(
    'full function (shooting + eigenvalues), N = 1',
    () => {
      lpaFixedPointFull({ d: 3, N: 1 });
    },
    { iterations: 2 },
  );
  bench(
    'full function, N = 4',
    () => {
      lpaFixedPointFull({ d: 3, N: 4 });
    },
    { iterations: 1 },
  );
});

describe('flows', () => {
  const s = derive(o({ order: 12, expand: 'zero' })).system;
  const g0 = s.couplings.map((_, i) => (i === 0 ? -0.05 : i === 1 ? 5 : 0));
  bench('phi^12 flow t = 0 -> -10, rtol 1e-10', () => {
    integrateFlow(s, g0, { from: 0, to: -10, rtol: 1e-10, atol: 1e-12 });
  });
});
