import { describe, expect, it } from 'vitest';
import type { CorrelatorOrder } from '../../src/correlators/index.js';
import { sample } from '../../src/ensemble/index.js';
import { networkKernel } from '../../src/kernel/index.js';
import { reluNoBiasMoments } from '../helpers/relu-no-bias.js';
import { theory } from './helpers.js';

// Coverage: every check below is |value - exact| < 4.5 stderr (stderr from the spread of 10 bag
// means, a t-distribution with 9 degrees of freedom: two-sided 4.5 sd has p ~ 1.5e-3 per entry; the
// entries of one order are strongly correlated, so the run amounts to a handful of independent checks).
const Z = 4.5;

describe('sampled correlators against exact values', () => {
  it.each(['marginalized', 'plain'] as const)(
    '%s: ReLU, sigma_b = 0, positive inputs: f(x) = x S, all m_4, m_6 known in closed form (N = 3)',
    async (estimator) => {
      // G_n = (x-product) E S^n (test/helpers/relu-no-bias.ts); the GP value is (n-1)!! (x-product) (E S^2)^(n/2),
      // so m4 = 5/N and m6 = 15/N + 44/N^2 for every entry.
      const N = 3; // odd: exercises the kernel's SIMD padding
      const sw = 1.3;
      const xs = [0.25, 0.6, 1.1];
      const { theory: t } = theory('relu-exact', { activation: 'relu', sigma_w: sw, sigma_b: 0 }, xs);
      const doc = await sample(t, { width: N, nets: 30000, bags: 10, seed: 11, threads: 1, estimator });
      const ES = reluNoBiasMoments(sw, N);
      const mExact: Record<CorrelatorOrder, number> = { '2': 0, '4': 5 / N, '6': 15 / N + 44 / (N * N) };
      for (const key of ['2', '4', '6'] as const) {
        for (const e of doc.correlators[key]) {
          const xprod = e.idx.reduce((p, i) => p * xs[i]!, 1);
          const exact = xprod * ES[key];
          expect(Math.abs(e.value - exact), `G${key}${JSON.stringify(e.idx)}`).toBeLessThan(Z * e.stderr);
          expect(e.gp / xprod).toBeCloseTo(ES['2'] ** (Number(key) / 2) * [1, 1, 3, 15][Number(key) / 2]!, 10);
          expect(Math.abs(e.m - mExact[key])).toBeLessThan((Z * e.stderr) / e.gp);
        }
      }
    },
  );

  it.each([
    ['gauss', { activation: 'gauss', sigma_w: 1, sigma_b: 0.5 }, [-0.4, 0.1, 0.7]],
    ['relu', { activation: 'relu', sigma_w: 1.2, sigma_b: 0.7 }, [-1, 0.3, 1.5]],
    ['erf', { activation: 'erf', sigma_w: 1.5, sigma_b: 0.4 }, [-0.8, 0.2, 1.2]],
    ['cos', { activation: 'cos', sigma_w: 2, sigma_b: 0.3 }, [-0.5, 0, 0.9]],
    [
      'tanh, d_in = 2',
      { activation: 'tanh', d_in: 2, sigma_w: 1.4, sigma_b: 0.6 },
      [
        [0.3, -0.2],
        [1, 0.5],
        [-0.7, 0.9],
      ],
    ],
  ])('%s: G(2) equals the GP kernel at width 2', async (_name, network, points) => {
    const { theory: t } = theory(`g2-${_name.replace(/\W+/g, '')}`, network, points);
    const doc = await sample(t, { width: 2, nets: 8000, bags: 10, seed: 5, threads: 1 });
    // independent source: src/kernel's closed forms (arc-cosine, arcsine, Gaussian) / quadrature (tanh)
    const K = networkKernel(t.network!).matrix(t.ensemble.points);
    for (const e of doc.correlators['2']) {
      const k = K[e.idx[0]!]![e.idx[1]!]!;
      expect(e.gp).toBe(k);
      expect(Math.abs(e.value - k), `G2${JSON.stringify(e.idx)}`).toBeLessThan(Z * e.stderr);
    }
  });
});

describe('the plain TypeScript baseline samples the same ensemble', () => {
  it('erf net, N = 3: its G(2) and G(4) agree with the WebAssembly kernel within errors', async () => {
    const { BagRunner } = await import('../../src/ensemble/pool.js');
    const { multisetTree } = await import('../../src/ensemble/tree.js');
    const points = [[-0.5], [0.8]];
    const spec = { activation: 'erf' as const, dIn: 1, points, width: 3, sigmaW: 1.5, sigmaB: 0.5, tree: multisetTree(2, 6), topK: 10 };
    const stats = (engine: 'wasm' | 'typescript') => {
      const r = new BagRunner({ spec, seed: 2, nets: 4000, engine });
      const means = Array.from({ length: 8 }, (_, b) => Array.from(r.run(b).sums, (s) => s / 4000));
      return means[0]!.map((_, node) => {
        const xs = means.map((m) => m[node]!);
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
        const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
        return { mean, se: sd / Math.sqrt(xs.length) };
      });
    };
    const w = stats('wasm');
    const t = stats('typescript');
    // every node (orders 1..6): two independent estimates of the same expectation, 4.5 combined sd
    w.forEach((a, i) => expect(Math.abs(a.mean - t[i]!.mean), `node ${i}`).toBeLessThan(Z * Math.hypot(a.se, t[i]!.se)));
  });
});
