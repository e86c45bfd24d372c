import { defineActivation } from './activation.js';

const binom = (n: number, k: number) => {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
};

/**
 * cos-net with hidden bias b ~ U[-pi, pi]: averaging the phase gives E[cos(u+b) cos(v+b)] = E[cos(u-v)]/2
 * = exp(-(a + b - 2c)/2) / 2, with (u, v) the bias-free pre-activations.
 */
export const cos = defineActivation({
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
  sampler: { id: 3, subtractVariance: false }, // vcos
  moments: {
    // prod cos(z_i + b) = 2^-n sum_eps exp(i sum eps_i (z_i + b)); the phase average keeps sum eps_i = 0, and
    // E exp(i a.z) = exp(-a^T S a / 2). Grouping the c_p copies of point p by how many have eps = +1 (k_p of
    // them, a_p = 2 k_p - c_p) gives binomial weights.
    values: (S, monomials) =>
      monomials.map((c) => {
        const P = c.length;
        let n = 0;
        for (let p = 0; p < P; p++) n += c[p]!;
        const a = new Array<number>(P).fill(0);
        let total = 0;
        const rec = (p: number, weight: number, sum: number) => {
          if (p === P) {
            if (sum !== 0) return;
            let q = 0;
            for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) q += a[i]! * a[j]! * S[i]![j]!;
            total += weight * Math.exp(-0.5 * q);
            return;
          }
          for (let k = 0; k <= c[p]!; k++) {
            a[p] = 2 * k - c[p]!;
            rec(p + 1, weight * binom(c[p]!, k), sum + a[p]!);
          }
          a[p] = 0;
        };
        rec(0, 1, 0);
        return total / Math.pow(2, n);
      }),
    method: 'closed form (phase average of cosines)',
    accuracy: '1e-14',
    error: 1e-14,
  },
});
