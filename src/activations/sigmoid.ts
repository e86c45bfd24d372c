import { defineActivation } from './activation.js';

/** The logistic sigmoid: no closed-form kernel; E[g(u) g(v)] by quadrature. */
export const sigmoid = defineActivation({
  name: 'sigmoid',
  g: (z) => 1 / (1 + Math.exp(-z)),
  formula: { text: '1/(1 + exp(-z))', latex: '\\frac{1}{1 + e^{-z}}' },
  kinks: [],
  hiddenBias: 'gaussian',
  sampler: { id: 5, subtractVariance: false }, // vsigmoid
});
