import { defineActivation } from './activation.js';

/** softplus: no closed-form kernel; E[g(u) g(v)] by quadrature. g = z above z = 30 (log1p(e^z) - z < 1e-13). */
export const softplus = defineActivation({
  name: 'softplus',
  g: (z) => (z > 30 ? z : Math.log1p(Math.exp(z))),
  formula: { text: 'log(1 + exp(z))', latex: '\\log\\left(1 + e^{z}\\right)' },
  kinks: [],
  hiddenBias: 'gaussian',
  sampler: null,
});
