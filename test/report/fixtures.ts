import type { BagStat, OrderSummary, SampledDocument, SampledEntry } from '../../src/correlators/index.js';
import { multisets, wick } from '../../src/correlators/index.js';
import { TestRng } from '../helpers/rng.js';

/** The six points of the bundled GaussNet theory. */
export const POINTS = [-0.01, -0.006, -0.002, 0.002, 0.006, 0.01];

/** GaussNet kernel in closed form (docs/conventions.md), sigma_w = sigma_b = 1, d_in = 1: written here, not taken from nnrg. */
export const gaussK = (x: number, y: number) => 1 + Math.exp(-((x - y) ** 2) / 2);

/** int dx prod_i K_W(x, x_i) for K_W = exp(-(x - x_i)^2/2): a Gaussian integral, sqrt(2 pi/4) exp(-(S2 - S1^2/4)/2). */
export function kw4Integral(xs: number[]): number {
  const s1 = xs.reduce((a, b) => a + b, 0);
  const s2 = xs.reduce((a, b) => a + b * b, 0);
  return Math.sqrt((2 * Math.PI) / 4) * Math.exp(-(s2 - (s1 * s1) / 4) / 2);
}

/**
 * A correlator document from an independent, plain-TypeScript Monte Carlo of one-hidden-layer GaussNet
 * (width N, d_in = 1, sigma_w = sigma_b = 1, seeded TestRng): test input for the report, with the
 * shape of `nnrg sample` output (its schema). Per-bag means give the standard errors.
 */
export function sampleGaussNet(width: number, nets: number, bags: number, seed: number): SampledDocument {
  const rng = new TestRng(seed);
  const P = POINTS.length;
  const orders = { '2': multisets(P, 2), '4': multisets(P, 4), '6': multisets(P, 6) } as const;
  const bagMeans: Record<'2' | '4' | '6', number[][]> = { '2': [], '4': [], '6': [] };
  const f = new Float64Array(P);
  const topK = Math.min(100, nets);
  const bagStats: BagStat[] = [];
  for (let b = 0; b < bags; b++) {
    const top: number[] = [];
    const sums = { '2': new Float64Array(orders['2'].length), '4': new Float64Array(orders['4'].length), '6': new Float64Array(orders['6'].length) };
    for (let n = 0; n < nets; n++) {
      const b1 = rng.normal();
      f.fill(b1);
      for (let j = 0; j < width; j++) {
        const w0 = rng.normal(),
          b0 = rng.normal(),
          w1 = rng.normal() / Math.sqrt(width);
        // g(z) = exp(z - Var z), Var z = sigma_b^2 + sigma_w^2 x^2 = 1 + x^2.
        for (let i = 0; i < P; i++) f[i]! += w1 * Math.exp(w0 * POINTS[i]! + b0 - (1 + POINTS[i]! ** 2));
      }
      top.push(Math.max(...Array.from(f, Math.abs)));
      for (const o of ['2', '4', '6'] as const) {
        orders[o].forEach((idx, k) => {
          let p = 1;
          for (const i of idx) p *= f[i]!;
          sums[o][k]! += p;
        });
      }
    }
    for (const o of ['2', '4', '6'] as const) bagMeans[o].push(Array.from(sums[o], (s) => s / nets));
    bagStats.push({ bag: b, sums: [...sums['2'], ...sums['4'], ...sums['6']], top: top.sort((x, y) => y - x).slice(0, topK) });
  }
  const K = POINTS.map((x) => POINTS.map((y) => gaussK(x, y)));
  const entries = (o: '2' | '4' | '6'): SampledEntry[] =>
    orders[o].map((idx, k) => {
      const vals = bagMeans[o].map((m) => m[k]!);
      const value = vals.reduce((a, c) => a + c, 0) / bags;
      const sd = Math.sqrt(vals.reduce((a, c) => a + (c - value) ** 2, 0) / (bags - 1));
      const gp = wick(K, idx);
      return { idx, value, stderr: sd / Math.sqrt(bags), gp, m: (value - gp) / gp, spread: sd };
    });
  const correlators = { '2': entries('2'), '4': entries('4'), '6': entries('6') };
  const summary = (o: '2' | '4' | '6'): OrderSummary => {
    const e = correlators[o];
    const avg = (g: (x: SampledEntry) => number) => e.reduce((a, x) => a + g(x), 0) / e.length;
    return {
      meanM: avg((x) => x.m),
      meanMStderr: avg((x) => x.stderr / Math.abs(x.gp)),
      background: avg((x) => x.spread / Math.abs(x.gp)),
      maxSignificance: e.reduce((a, x) => Math.max(a, Math.abs(x.value - x.gp) / x.stderr), 0),
    };
  };
  // u4 (physical normalization, docs/conventions.md) per 4-multiset and per bag; the mean's error from the bags.
  const I = orders['4'].map((idx) => kw4Integral(idx.map((i) => POINTS[i]!)));
  const gp4 = orders['4'].map((idx) => wick(K, idx));
  const u4Bag = bagMeans['4'].map((m) => m.reduce((a, v, k) => a - (v - gp4[k]!) / I[k]!, 0) / m.length);
  const u4Mean = u4Bag.reduce((a, b) => a + b, 0) / bags;
  const u4Err = Math.sqrt(u4Bag.reduce((a, c) => a + (c - u4Mean) ** 2, 0) / (bags - 1) / bags);
  const u4Values = correlators['4'].map((e, k) => ({ idx: e.idx, value: -(e.value - e.gp) / I[k]!, stderr: e.stderr / I[k]! }));
  return {
    kind: 'sampled',
    theory: 'GaussNet, d_in = 1',
    width,
    nets,
    bags,
    seed,
    points: POINTS,
    correlators,
    summary: { '2': summary('2'), '4': summary('4'), '6': summary('6') },
    heavyTail: null,
    complete: true,
    bagsDone: bags,
    sampler: {
      version: 2,
      rng: 'TestRng (test/helpers/rng.ts)',
      gaussian: 'TestRng.normal',
      activation: 'gauss',
      d_in: 1,
      d_out: 1,
      depth: 1,
      sigma_w: 1,
      sigma_b: 1,
      output: 0,
      topK,
      normalization: 'physical',
      estimator: 'plain',
    },
    widthSource: 'test fixture',
    bagStats,
    couplings: {
      normalization: 'physical',
      u4: { mean: u4Mean, stderr: u4Err, values: u4Values },
      u6: { mean: Number.NaN, stderr: Number.NaN, values: [] },
    },
  };
}
