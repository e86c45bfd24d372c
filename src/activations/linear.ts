import { defineActivation } from './activation.js';

/** Linear (identity) activation: E[u v] = c. A baseline for tests and deep linear networks. */
export const linear = defineActivation({
  name: 'linear',
  g: (z) => z,
  formula: { text: 'z', latex: 'z' },
  kinks: [],
  pairExpectation: (_a, _b, c) => c,
  pairFormula: { text: 'Sigma(x,y)', latex: '\\Sigma(x,y)' },
  hiddenBias: 'gaussian',
  sampler: { id: 9, subtractVariance: false }, // the identity
});
