import { defineActivation } from './activation.js';

/** ReLU: the arc-cosine kernel of order 1 (Cho & Saul 2009). */
export const relu = defineActivation({
  name: 'relu',
  g: (z) => (z > 0 ? z : 0),
  formula: { text: 'max(0, z)', latex: '\\max(0, z)' },
  kinks: [0],
  pairExpectation: (a, b, c) => {
    const s = Math.sqrt(a * b);
    if (s === 0) return 0;
    const theta = Math.acos(Math.min(1, Math.max(-1, c / s)));
    return (s / (2 * Math.PI)) * (Math.sin(theta) + (Math.PI - theta) * Math.cos(theta));
  },
  pairFormula: {
    text: 'sqrt(Sigma(x,x)*Sigma(y,y))/(2*pi)*(sin(theta) + (pi - theta)*cos(theta)), theta = acos(Sigma(x,y)/sqrt(Sigma(x,x)*Sigma(y,y)))',
    latex:
      '\\frac{\\sqrt{\\Sigma(x,x)\\Sigma(y,y)}}{2\\pi}\\left(\\sin\\theta + (\\pi - \\theta)\\cos\\theta\\right),' +
      '\\quad \\theta = \\arccos\\frac{\\Sigma(x,y)}{\\sqrt{\\Sigma(x,x)\\Sigma(y,y)}}',
  },
  hiddenBias: 'gaussian',
  sampler: { id: 1, subtractVariance: false }, // max(z, 0)
});
