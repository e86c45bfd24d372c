import { bench, describe } from 'vitest';
import { derive, type DeriveOptions } from '../../src/flow/index.js';

// Target (issue 3): a phi^24 derivation (symbolic betas, exact Jacobian, compiled closures) in < 2 s.
// The closures compile lazily, so each run calls beta and jacobian once to include them.
const full = (x: DeriveOptions) => {
  const s = derive(x).system;
  const g = s.couplings.map(() => 0.01);
  s.beta(g);
  s.jacobian(g);
};
const o = (x: Partial<DeriveOptions>): DeriveOptions => ({
  scheme: 'wetterich',
  regulator: 'litim',
  expand: 'zero',
  d: 3,
  N: 1,
  order: 24,
  dimensionless: true,
  ...x,
});

describe('derive phi^24', () => {
  bench(
    'wetterich litim zero',
    () => {
      full(o({}));
    },
    { iterations: 3 },
  );
  bench(
    'wetterich litim minimum (O(4))',
    () => {
      full(o({ expand: 'minimum', N: 4 }));
    },
    { iterations: 3 },
  );
  bench(
    'wetterich exponential minimum',
    () => {
      full(o({ expand: 'minimum', regulator: 'exponential' }));
    },
    { iterations: 3 },
  );
  bench(
    'polchinski minimum',
    () => {
      full(o({ scheme: 'polchinski', expand: 'minimum' }));
    },
    { iterations: 3 },
  );
});

describe('compiled phi^24 system (minimum, Litim): one call', () => {
  const s = derive(o({ expand: 'minimum' })).system;
  const g = s.couplings.map((_, i) => 0.05 / (i + 1));
  bench('beta', () => {
    s.beta(g);
  });
  bench('jacobian', () => {
    s.jacobian(g);
  });
});
