import { defineActivation } from './activation.js';

/** tanh: no closed-form kernel; E[g(u) g(v)] by quadrature. */
export const tanh = defineActivation({
  name: 'tanh',
  g: (z) => Math.tanh(z),
  formula: { text: 'tanh(z)', latex: '\\tanh(z)' },
  kinks: [],
  hiddenBias: 'gaussian',
  sampler: { id: 4, subtractVariance: false }, // vtanh
});
