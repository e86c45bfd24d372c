import { defineActivation } from './activation.js';

/** GaussNet: g(z) = exp(z) / sqrt(exp(2 Var z)); E[g(u) g(v)] = exp(c - (a + b)/2). */
export const gauss = defineActivation({
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
  sampler: { id: 0, subtractVariance: true }, // vexp
  moments: {
    // E[exp(c.z)] prod exp(-c_p Var z_p) = exp(c^T S c / 2 - sum_p c_p S_pp)
    values: (S, monomials) =>
      monomials.map((c) => {
        let q = 0;
        for (let p = 0; p < c.length; p++) {
          if (c[p] === 0) continue;
          q -= c[p]! * S[p]![p]!;
          for (let r = 0; r < c.length; r++) q += 0.5 * c[p]! * c[r]! * S[p]![r]!;
        }
        return Math.exp(q);
      }),
    method: 'closed form (lognormal moments)',
    accuracy: '1e-15',
    error: 1e-15,
  },
});
