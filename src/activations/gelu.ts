import { defineActivation } from './activation.js';
import { erfc } from '../numeric/index.js';

/** GELU, z Phi(z): no closed-form kernel; E[g(u) g(v)] by quadrature. Phi from erfc on each side (no cancellation for z < 0). */
export const gelu = defineActivation({
  name: 'gelu',
  g: (z) => (z >= 0 ? z - 0.5 * z * erfc(z / Math.SQRT2) : 0.5 * z * erfc(-z / Math.SQRT2)),
  formula: { text: 'z/2*(1 + erf(z/sqrt(2)))', latex: '\\tfrac{z}{2}\\left(1 + \\operatorname{erf}\\tfrac{z}{\\sqrt{2}}\\right)' },
  kinks: [],
  hiddenBias: 'gaussian',
  sampler: { id: 6, subtractVariance: false }, // vgelu
});
