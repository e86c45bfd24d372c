import { defineActivation } from './activation.js';
import { erf } from '../numeric/index.js';

/** GELU, z Phi(z): no closed-form kernel; E[g(u) g(v)] by quadrature. */
export const gelu = defineActivation({
  name: 'gelu',
  g: (z) => 0.5 * z * (1 + erf(z / Math.SQRT2)),
  formula: { text: 'z/2*(1 + erf(z/sqrt(2)))', latex: '\\tfrac{z}{2}\\left(1 + \\operatorname{erf}\\tfrac{z}{\\sqrt{2}}\\right)' },
  kinks: [],
  hiddenBias: 'gaussian',
  sampler: null,
});
