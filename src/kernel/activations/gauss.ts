import type { Activation } from '../activation.js';

/** GaussNet: g(z) = exp(z) / sqrt(exp(2 Var z)); E[g(u) g(v)] = exp(c - (a + b)/2). */
export const gauss: Activation = {
  name: 'gauss',
  g: (z, variance) => Math.exp(z - variance),
  formula: { text: 'exp(z)/sqrt(exp(2*V))', latex: '\\frac{e^{z}}{\\sqrt{e^{2V}}}' },
  kinks: [],
  pairExpectation: (a, b, c) => Math.exp(c - 0.5 * (a + b)),
  pairFormula: {
    text: 'exp(Sigma(x,y) - (Sigma(x,x) + Sigma(y,y))/2)',
    latex: 'e^{\\Sigma(x,y) - \\frac{1}{2}\\left(\\Sigma(x,x) + \\Sigma(y,y)\\right)}',
  },
  hiddenBias: 'gaussian',
  gaussianAmplitude: 1,
};
