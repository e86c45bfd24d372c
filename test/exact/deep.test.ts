import { describe, expect, test } from 'vitest';
import { exactCorrelators, leadingOrder, type LeadingOrder } from '../../src/exact/index.js';
import { fitInverseWidth } from '../../src/fit/index.js';
import { layerCovariances } from '../../src/kernel/index.js';
import { parseTheory, type Theory } from '../../src/theory/index.js';
import { TestRng } from '../helpers/rng.js';

const theory = (activation: string, sw: number, sb: number, depth: number, points: number[], dOut = 1): Theory =>
  parseTheory(
    `network:\n  activation: ${activation}\n  sigma_w: ${sw}\n  sigma_b: ${sb}\n  depth: ${depth}\n  d_out: ${dOut}\nensemble:\n  points: [${points.join(', ')}]\n`,
    'test.yaml',
  );

/** The connected 4-point entry on (idx, components) of a prediction. */
const connected = (lo: LeadingOrder, idx: number[], components?: number[]) =>
  lo.connected['4'][lo.correlators['4'].findIndex((e) => e.idx.join() === idx.join() && (e.components ?? []).join() === (components ?? []).join())]!;

describe('deep networks at leading order in 1/N: closed forms', () => {
  test('ReLU, sigma_b = 0: the excess kurtosis is 15 sum_l 1/n_l, linear in depth at fixed width', () => {
    // For one input, relu(z)^2 summed over a layer is Ghat chi^2_B with B ~ Binomial(n, 1/2) active units, so
    // Ghat_out = K prod_l (2/n_l) chi^2_{B_l} exactly, E[(2 chi^2_B/n)^2] = 1 + 5/n, and the excess kurtosis of f is
    // 3 (prod_l (1 + 5/n_l) - 1) = 15 sum_l 1/n_l + O(1/n^2). Tolerance 1e-9 (finite-difference derivatives).
    const lo = leadingOrder(theory('relu', 1.3, 0, 5, [0.5, 1.2]), 100);
    lo.kurtosis.forEach((k) => k.excess.forEach((e) => expect(Math.abs(e - (15 * k.depth) / 100)).toBeLessThan(1e-9)));
    const widths = [50, 100, 200];
    const uneven = leadingOrder(theory('relu', 1.3, 0, 3, [0.7]), widths);
    uneven.kurtosis.forEach((k) => {
      const want = 15 * widths.slice(0, k.depth).reduce((s, n) => s + 1 / n, 0);
      expect(Math.abs(k.excess[0]! - want)).toBeLessThan(1e-9 * want);
    });
  });

  test('ReLU, sigma_b = 0, several positive inputs: f(x) = x S, so every entry follows from the one-point law', () => {
    // f(x) = x f(1) for x > 0 (relu is homogeneous), so the connected 4-point function is x1 x2 x3 x4 kappa4(1) with
    // kappa4(1) = 15 (L/N) K(1,1)^2, and G2 = K exactly (E relu(z)^2 = Var z / 2 is linear: no 1/N shift). The
    // pre-activations of distinct points are collinear: the recursion's derivatives sit on the edge of the
    // covariance cone (1e-9 relative).
    const xs = [0.4, 0.9, 1.5];
    const L = 3;
    const N = 50;
    const lo = leadingOrder(theory('relu', 1.2, 0, L, xs), N);
    const K11 = layerCovariances(theory('relu', 1.2, 0, L, [1]).network!, [[1]]).output[0]![0]!;
    lo.correlators['4'].forEach((e, i) => {
      const want = e.idx.reduce((p, k) => p * xs[k]!, 1) * ((15 * L) / N) * K11 * K11;
      expect(Math.abs(lo.connected['4'][i]! - want)).toBeLessThan(1e-9 * want);
    });
    for (const e of lo.correlators['2']) expect(Math.abs(e.delta)).toBeLessThan(1e-9 * e.gp);
  });

  test('linear network, sigma_b = 0: excess kurtosis 6 L/N (products of chi^2_n/n)', () => {
    // Ghat_out = K prod_l chi^2_{n_l}/n_l exactly, E[(chi^2_n/n)^2] = 1 + 2/n: excess kurtosis 3 (prod (1 + 2/n_l) - 1).
    const lo = leadingOrder(theory('linear', 0.9, 0, 4, [0.8]), 40);
    lo.kurtosis.forEach((k) => expect(Math.abs(k.excess[0]! - (6 * k.depth) / 40)).toBeLessThan(1e-9));
  });

  test.each(['erf', 'gauss'])('%s, depth 1: the prediction is nnrg exact at order 1/N', (act) => {
    // Delta G4 = kappa4 exactly at depth 1; Delta G6 = sum kappa4 K + kappa6, kappa6 = O(1/N^2), so N Delta G6 at
    // widths N and 2N extrapolates (2 X(2N) - X(N)) to the 1/N coefficient. 1e-8 of the largest entry: the two
    // sides use different quadrature rules for the same moments.
    const t = theory(act, 1.3, 0.6, 1, [-0.7, 0.1, 0.9]);
    const N = 1e5;
    const lo = leadingOrder(t, N);
    const e1 = exactCorrelators(t, N);
    const e2 = exactCorrelators(t, 2 * N);
    const scale4 = Math.max(...e1.connected['4'].map(Math.abs));
    e1.correlators['4'].forEach((e, i) => expect(Math.abs(lo.correlators['4'][i]!.delta - (e.value - e.gp))).toBeLessThan(1e-8 * scale4));
    const lim = e1.correlators['6'].map((e, i) => 2 * (e2.correlators['6'][i]!.value - e2.correlators['6'][i]!.gp) * 2 * N - (e.value - e.gp) * N);
    const scale6 = Math.max(...lim.map(Math.abs));
    lo.correlators['6'].forEach((e, i) => expect(Math.abs(e.delta * N - lim[i]!)).toBeLessThan(1e-8 * scale6));
    for (const e of lo.correlators['2']) expect(e.delta).toBe(0);
  });
});

/**
 * Networks of depth L at width n on two inputs (d_in = 1), sampled layer by layer; returns Ghat_out (the output's
 * conditional covariance, sigma_b^2 + (sigma_w^2/n) sum_j s_j(x) s_j(y)) on the pairs (0,0), (0,1), (1,1), one row per
 * network. `literal`: every weight W_ij ~ N(0, sigma_w^2/n) and bias drawn (n^2 normals per layer). Otherwise the
 * same distribution at n x 2 normals per layer: given layer l-1 the pre-activations z_i = b_i + sum_j W_ij s_j of
 * layer l are iid over i and Gaussian with covariance Ghat, drawn as chol(Ghat) eta.
 */
function sampleGhat(
  g: (z: number) => number,
  sw: number,
  sb: number,
  L: number,
  xs: number[],
  n: number,
  nets: number,
  seed: number,
  literal = false,
): Float64Array[] {
  const rng = new TestRng(seed);
  const out = [new Float64Array(nets), new Float64Array(nets), new Float64Array(nets)];
  const h0 = new Float64Array(n);
  const h1 = new Float64Array(n);
  const z0 = new Float64Array(n);
  const z1 = new Float64Array(n);
  const gram = () => {
    let a = 0;
    let c = 0;
    let d = 0;
    for (let j = 0; j < n; j++) {
      a += h0[j]! * h0[j]!;
      c += h0[j]! * h1[j]!;
      d += h1[j]! * h1[j]!;
    }
    const f = (sw * sw) / n;
    return [sb * sb + f * a, sb * sb + f * c, sb * sb + f * d] as const;
  };
  for (let k = 0; k < nets; k++) {
    for (let j = 0; j < n; j++) {
      const w = sw * rng.normal();
      const b = sb * rng.normal();
      h0[j] = g(w * xs[0]! + b);
      h1[j] = g(w * xs[1]! + b);
    }
    for (let l = 2; l <= L; l++) {
      if (literal) {
        const s = sw / Math.sqrt(n);
        for (let i = 0; i < n; i++) {
          const b = sb * rng.normal();
          let u = b;
          let v = b;
          for (let j = 0; j < n; j++) {
            const w = s * rng.normal();
            u += w * h0[j]!;
            v += w * h1[j]!;
          }
          z0[i] = u;
          z1[i] = v;
        }
        for (let i = 0; i < n; i++) {
          h0[i] = g(z0[i]!);
          h1[i] = g(z1[i]!);
        }
        continue;
      }
      const [a, c, d] = gram();
      const l11 = Math.sqrt(a);
      const l21 = c / l11;
      const l22 = Math.sqrt(Math.max(0, d - l21 * l21));
      for (let i = 0; i < n; i++) {
        const e1 = rng.normal();
        const e2 = rng.normal();
        h0[i] = g(l11 * e1);
        h1[i] = g(l21 * e1 + l22 * e2);
      }
    }
    const G = gram();
    for (let a = 0; a < 3; a++) out[a]![k] = G[a]!;
  }
  return out;
}

/** Sample covariance of two columns and its standard error (from the sample variance of the centred products). */
function covariance(x: Float64Array, y: Float64Array): { value: number; err: number } {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let c = 0;
  for (let k = 0; k < n; k++) c += (x[k]! - mx) * (y[k]! - my);
  c /= n - 1;
  let v = 0;
  for (let k = 0; k < n; k++) v += ((x[k]! - mx) * (y[k]! - my) - c) ** 2;
  return { value: c, err: Math.sqrt(v / (n - 1) / n) };
}

describe('deep networks at leading order in 1/N vs sampled networks', () => {
  test.each([
    ['relu', (z: number) => (z > 0 ? z : 0), [16, 32, 64], false, 60000],
    ['tanh', Math.tanh, [8, 16, 24], true, 12000],
  ] as const)('%s, depth 3: the three tensor coefficients of the connected 4-point function, fitted 1/N coefficient', (act, g, widths, literal, nets) => {
    // The connected 4-point function of the outputs is sum_pairings delta delta Cov(Ghat, Ghat) exactly, and with d_out
    // = 2 the prediction's entries (0a 0a 1b 1b), (0a 0b 1a 1b), (0a 0a 0a 0a) give the three coefficients
    // Cov(G00, G11), Cov(G01, G01), Cov(G00, G00) separately. Sampled at three widths (ReLU's supercritical growth
    // needs the larger ones): tanh with every weight drawn (12000 networks each), ReLU layer by layer from the
    // conditional Gaussian (60000); N Cov = a + b/N fitted (the 1/N^2 term included), a within 4 standard errors of the
    // recursion.
    const sw = 1.5;
    const sb = 0.5;
    const xs = [-0.8, 0.6];
    const lo = leadingOrder(theory(act, sw, sb, 3, xs, 2), 1);
    const predicted = [connected(lo, [0, 0, 1, 1], [0, 0, 1, 1]), connected(lo, [0, 0, 1, 1], [0, 1, 0, 1]), connected(lo, [0, 0, 0, 0], [0, 0, 0, 0]) / 3];
    const columns: [number, number][] = [
      [0, 2],
      [1, 1],
      [0, 0],
    ];
    const runs = widths.map((n) => sampleGhat(g, sw, sb, 3, xs, n, nets, 100 + n, literal));
    columns.forEach(([p, q], c) => {
      const m = runs.map((G) => covariance(G[p]!, G[q]!));
      const fit = fitInverseWidth(
        widths,
        m.map((v, i) => v.value * widths[i]!),
        m.map((v, i) => v.err * widths[i]!),
      );
      expect(Math.abs(fit.a - predicted[c]!)).toBeLessThan(4 * fit.aStderr);
      // the check has power: the error bar is small against the value
      expect(fit.aStderr).toBeLessThan(0.1 * Math.abs(predicted[c]!) + 0.05 * Math.abs(predicted[2]!));
    });
  });

  test('ReLU, depth 2: the 1/N shift of the 2-point function (second derivatives of the kernel) against sampled networks', () => {
    // E Ghat^(3)(x, y) = sigma_b^2 + sigma_w^2 E k(Ghat^(2)), k the arc-cosine kernel (Cho & Saul) of the sampled
    // layer-2 covariance Ghat^(2) (a sum of n iid rank-one terms of layer 1). E Ghat^(2) = K^(2) exactly, so
    // k(Ghat) - grad k . (Ghat - K) has the same mean and no O(1/sqrt(n)) noise (a control variate, any slope is
    // unbiased: here the regression slope). 40000 networks at N = 8, 16, 32; N (E Ghat - K) = a + b/N fitted, a
    // within 4 standard errors of the recursion's J (1/N coefficient) for G2(x0, x1).
    const sw = 1.5;
    const sb = 0.5;
    const xs = [-0.8, 0.6];
    const t = theory('relu', sw, sb, 2, xs);
    const lo = leadingOrder(t, 1);
    const J01 = lo.correlators['2'].find((e) => e.idx.join() === '0,1')!.delta;
    const K2 = layerCovariances(t.network!, t.ensemble.points).preactivations[1]!;
    const arccos = (a: number, b: number, c: number) => {
      const s = Math.sqrt(a * b);
      const th = Math.acos(Math.max(-1, Math.min(1, c / s)));
      return (s / (2 * Math.PI)) * (Math.sin(th) + (Math.PI - th) * Math.cos(th));
    };
    const widths = [8, 16, 32];
    const nets = 40000;
    const y: number[] = [];
    const e: number[] = [];
    for (const n of widths) {
      const G = sampleGhat((z) => (z > 0 ? z : 0), sw, sb, 1, xs, n, nets, 7 * n); // Ghat^(2)
      const v = new Float64Array(nets);
      for (let k = 0; k < nets; k++) v[k] = sb * sb + sw * sw * arccos(G[0]![k]!, G[2]![k]!, G[1]![k]!);
      // control variates: the three entries of Ghat - K^(2), slopes by least squares (normal equations)
      const X = [G[0]!.map((x) => x - K2[0]![0]!), G[1]!.map((x) => x - K2[0]![1]!), G[2]!.map((x) => x - K2[1]![1]!)];
      const A = X.map((xi) => X.map((xj) => xi.reduce((s, u, k) => s + u * xj[k]!, 0)));
      const mv = v.reduce((s, u) => s + u, 0) / nets;
      const r = X.map((xi) => xi.reduce((s, u, k) => s + u * (v[k]! - mv), 0));
      const beta = solve3(A, r);
      const adj = v.map((u, k) => u - beta[0]! * X[0]![k]! - beta[1]! * X[1]![k]! - beta[2]! * X[2]![k]!);
      const m = adj.reduce((s, u) => s + u, 0) / nets;
      const sd = Math.sqrt(adj.reduce((s, u) => s + (u - m) ** 2, 0) / (nets - 1) / nets);
      const K3 = sb * sb + sw * sw * arccos(K2[0]![0]!, K2[1]![1]!, K2[0]![1]!);
      y.push(n * (m - K3));
      e.push(n * sd);
    }
    const fit = fitInverseWidth(widths, y, e);
    expect(Math.abs(fit.a - J01)).toBeLessThan(4 * fit.aStderr);
    expect(fit.aStderr).toBeLessThan(0.05 * Math.abs(J01));
  });
});

function solve3(A: number[][], b: number[]): number[] {
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < 3; c++) {
    const p = M.slice(c).reduce((best, row, i) => (Math.abs(row[c]!) > Math.abs(M[best]![c]!) ? c + i : best), c);
    [M[c], M[p]] = [M[p]!, M[c]!];
    for (let r = 0; r < 3; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k < 4; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  return M.map((row, i) => row[3]! / row[i]!);
}
