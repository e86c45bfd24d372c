import { defineActivation } from './activation.js';
import { erf as erfFn } from '../numeric/index.js';

/** Erf: the arcsine kernel (Williams 1997). */
export const erf = defineActivation({
  name: 'erf',
  g: (z) => erfFn(z),
  formula: { text: 'erf(z)', latex: '\\operatorname{erf}(z)' },
  kinks: [],
  pairExpectation: (a, b, c) => (2 / Math.PI) * Math.asin((2 * c) / Math.sqrt((1 + 2 * a) * (1 + 2 * b))),
  pairFormula: {
    text: '2/pi*asin(2*Sigma(x,y)/sqrt((1 + 2*Sigma(x,x))*(1 + 2*Sigma(y,y))))',
    latex: '\\frac{2}{\\pi}\\arcsin\\frac{2\\Sigma(x,y)}{\\sqrt{(1 + 2\\Sigma(x,x))(1 + 2\\Sigma(y,y))}}',
  },
  hiddenBias: 'gaussian',
  sampler: { id: 2, subtractVariance: false }, // verf
});
