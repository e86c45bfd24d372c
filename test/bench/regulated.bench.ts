import { bench, describe } from 'vitest';
import { defaultGrid, sampleRegulated } from '../../src/regulated/index.js';
import type { NetworkSpec } from '../../src/theory/index.js';

// The regulated estimator's sampled vertices (docs/regulated.md, "The estimator"): 2e5 networks (20000 x 10) of
// width 10, the 14 default k, vertices up to Gamma8, on 1, 2 and 4 points, one thread and all threads.
const erf = { activation: 'erf', d_in: 1, d_out: 1, sigma_w: 1, sigma_b: 1, widths: [10], depth: 1 } as NetworkSpec;
const points = [[0.3], [1.1], [-0.7], [2.0]];
const ks = defaultGrid(5);

for (const P of [1, 2, 4]) {
  describe(`regulated sampled vertices, P = ${P}, 2e5 networks x 14 k`, () => {
    for (const threads of [1, 2])
      bench(
        `${threads} thread${threads > 1 ? 's' : ''}`,
        async () => {
          await sampleRegulated(erf, points.slice(0, P), 10, ks, 4, { nets: 20000, bags: 10, seed: 1, threads });
        },
        { iterations: P === 4 ? 1 : 3 },
      );
  });
}
