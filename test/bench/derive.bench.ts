import { bench, describe } from 'vitest';
import { derive, type DeriveOptions } from '../../src/flow/index.js';

// Target (issue 3): a phi^24 derivation (symbolic betas, exact Jacobian, compiled closures) in < 2 s.
const o = (x: Partial<DeriveOptions>): DeriveOptions => ({ scheme: 'wetterich', regulator: 'litim', expand: 'zero', d: 3, N: 1, order: 24, dimensionless: true, ...x });

describe('derive phi^24', () => {
  bench('wetterich litim zero', () => { derive(o({})); }, { iterations: 3 });
  bench('wetterich litim minimum (O(4))', () => { derive(o({ expand: 'minimum', N: 4 })); }, { iterations: 3 });
  bench('wetterich exponential minimum', () => { derive(o({ expand: 'minimum', regulator: 'exponential' })); }, { iterations: 3 });
  bench('polchinski minimum', () => { derive(o({ scheme: 'polchinski', expand: 'minimum' })); }, { iterations: 3 });
});

describe('compiled phi^24 system (minimum, Litim): one call', () => {
  const s = derive(o({ expand: 'minimum' })).system;
  const g = s.couplings.map((_, i) => 0.05 / (i + 1));
  bench('beta', () => { s.beta(g); });
  bench('jacobian', () => { s.jacobian(g); });
});
