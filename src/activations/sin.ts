import { defineActivation } from './activation.js';

/** sin with a Gaussian bias: E[g(u) g(v)] by quadrature. */
export const sin = defineActivation({
  name: 'sin',
  g: (z) => Math.sin(z),
  formula: { text: 'sin(z)', latex: '\\sin(z)' },
  kinks: [],
  hiddenBias: 'gaussian',
  sampler: { id: 8, subtractVariance: false }, // vsin
});
