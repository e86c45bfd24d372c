import type { Activation } from '../activation.js';
import { erf } from '../../numeric/index.js';

/** Activations without a closed-form kernel: their E[g(u) g(v)] is computed by quadrature. */
const smooth = (name: Activation['name'], g: (z: number) => number, text: string, latex: string): Activation => ({
  name,
  g: (z) => g(z),
  formula: { text, latex },
  kinks: [],
  hiddenBias: 'gaussian',
});

export const tanh = smooth('tanh', Math.tanh, 'tanh(z)', '\\tanh(z)');
export const sigmoid = smooth('sigmoid', (z) => 1 / (1 + Math.exp(-z)), '1/(1 + exp(-z))', '\\frac{1}{1 + e^{-z}}');
export const gelu = smooth('gelu', (z) => 0.5 * z * (1 + erf(z / Math.SQRT2)), 'z/2*(1 + erf(z/sqrt(2)))', '\\tfrac{z}{2}\\left(1 + \\operatorname{erf}\\tfrac{z}{\\sqrt{2}}\\right)');
export const softplus = smooth('softplus', (z) => (z > 30 ? z : Math.log1p(Math.exp(z))), 'log(1 + exp(z))', '\\log\\left(1 + e^{z}\\right)');
export const sin = smooth('sin', Math.sin, 'sin(z)', '\\sin(z)');
