import type { Activation } from '../activation.js';

/**
 * cos-net with hidden bias b ~ U[-pi, pi]: averaging the phase gives E[cos(u+b) cos(v+b)] = E[cos(u-v)]/2
 * = exp(-(a + b - 2c)/2) / 2, with (u, v) the bias-free pre-activations.
 */
export const cos: Activation = {
  name: 'cos',
  g: (z) => Math.cos(z),
  formula: { text: 'cos(z)', latex: '\\cos(z)' },
  kinks: [],
  pairExpectation: (a, b, c) => 0.5 * Math.exp(-0.5 * (a + b - 2 * c)),
  pairFormula: {
    text: 'exp(-(Sigma(x,x) + Sigma(y,y) - 2*Sigma(x,y))/2)/2',
    latex: '\\tfrac{1}{2}\\, e^{-\\frac{1}{2}\\left(\\Sigma(x,x) + \\Sigma(y,y) - 2\\Sigma(x,y)\\right)}',
  },
  hiddenBias: 'uniform-phase',
  gaussianAmplitude: 0.5,
};
