import { defineActivation } from './activation.js';

/** softplus: no closed-form kernel; E[g(u) g(v)] by quadrature. max(z, 0) + log1p(e^-|z|): no overflow, no cancellation. */
export const softplus = defineActivation({
  name: 'softplus',
  g: (z) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))),
  formula: { text: 'log(1 + exp(z))', latex: '\\log\\left(1 + e^{z}\\right)' },
  kinks: [],
  hiddenBias: 'gaussian',
  sampler: { id: 7, subtractVariance: false }, // vsoftplus
});
