/**
 * Bayesian RG (src/brg): every expected value comes from outside the code under test — the Fisher
 * matrix built here from the sampled weights and diagonalized by the cyclic Jacobi solver, Bessel-function
 * kernel spectra on the circle, linear solves of the GP posterior, and the momentum-shell propagator
 * integrated here by Simpson's rule.
 */
import { describe, expect, test } from 'vitest';
import { ACTIVATION_RECORDS, activation } from '../../src/activations/index.js';
import {
  coarsePairExpectation,
  cosnetModel,
  massFromPropagator,
  networkModel,
  networkPosterior,
  runBrg,
  runCosnet,
  shellPropagator,
  type CosnetResult,
} from '../../src/brg/index.js';
import { pairExpectation } from '../../src/kernel/index.js';
import { solveLinear, symmetricEigen, symmetricEigenQL } from '../../src/numeric/index.js';
import { parseTheory, type BrgDataSpec, type CosnetSpec, type NetworkSpec } from '../../src/theory/index.js';

const network = (text: string, dIn: number): NetworkSpec =>
  parseTheory(`network: ${text}\nensemble: {points: [${JSON.stringify(new Array(dIn).fill(0))}]}`, 'test.yaml').network!;
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * b[i]!, 0);
const descending = (xs: number[]) => [...xs].sort((a, b) => b - a);
/** Points on the unit sphere S^2 from a simple deterministic spiral (no code under test). */
const spiral = (n: number) =>
  Array.from({ length: n }, (_, i) => {
    const z = 1 - (2 * (i + 0.5)) / n;
    const phi = i * 2.399963229728653;
    const s = Math.sqrt(1 - z * z);
    return [s * Math.cos(phi), s * Math.sin(phi), z];
  });

describe('the whitened Fisher metric', () => {
  const net = network('{activation: tanh, d_in: 3, sigma_w: 1.3, sigma_b: 0.4}', 3);
  const X = spiral(20);
  const sigma2 = 0.05;
  for (const width of [8, 40]) {
    test(`width ${width}: features from the weights; eigenvalues of Phi^T Phi / sigma^2 = those of the feature Gram matrix / sigma^2 (exact)`, () => {
      const sampled = networkModel(net, width, 'last-layer').draw(3, 0, width);
      const { W0, b0 } = sampled.weights!;
      const g = activation('tanh').g;
      // Prior-whitened last-layer coordinates: W1 = (sigma_w / sqrt(N)) theta, b1 = sigma_b theta_b.
      const Phi = X.map((x) => [
        ...Array.from({ length: width }, (_, j) => (net.sigma_w / Math.sqrt(width)) * g(b0[j]! + dot(W0.subarray(3 * j, 3 * j + 3), x), 0)),
        net.sigma_b,
      ]);
      const rows = sampled.features(X);
      rows.forEach((r, i) => r.forEach((v, a) => expect(v).toBeCloseTo(Phi[i]![a]!, 14)));
      const P = width + 1;
      const F = Array.from({ length: P }, (_, a) => Array.from({ length: P }, (_, b) => Phi.reduce((s, r) => s + r[a]! * r[b]!, 0) / sigma2));
      const G = Phi.map((r) => Phi.map((q) => dot(r, q) / sigma2));
      const fromF = descending(symmetricEigen(F).values);
      const fromG = descending(symmetricEigen(G).values);
      const post = networkPosterior(rows, rows.slice(0, 2), new Float64Array(X.length), new Float64Array(2), sigma2, 'last-layer', 'resample');
      const rank = Math.min(P, X.length);
      expect(post.fisher.length).toBe(rank);
      expect(post.zeros).toBe(P - rank);
      for (let a = 0; a < rank; a++) {
        // Jacobi converges to ~1e-15 of the largest eigenvalue.
        expect(Math.abs(post.fisher[a]! - fromF[a]!)).toBeLessThan(1e-11 * fromF[0]!);
        expect(Math.abs(post.fisher[a]! - fromG[a]!)).toBeLessThan(1e-11 * fromF[0]!);
      }
      for (let a = rank; a < P; a++) expect(Math.abs(fromF[a]!)).toBeLessThan(1e-11 * fromF[0]!);
      // Each direction is a unit eigenvector of F.
      const v = post.direction(0);
      expect(dot(v, v)).toBeCloseTo(1, 12);
      F.forEach((row, a) => expect(dot(row, v)).toBeCloseTo(post.fisher[0]! * v[a]!, 8));
    });
  }

  test("the GP kernel of activations without a closed form: the coarse quadrature against kernel/'s (1e-13) to 3e-7", () => {
    const covariances = [
      [2.26, 2.26, 1.5],
      [2.26, 2.26, -2.2],
      [5, 3, 3.8],
      [0.8, 4, 1.7],
      [9, 9, 8.99],
      [4, 4, 4],
    ] as const;
    const without = ACTIVATION_RECORDS.filter((a) => !a.pairExpectation);
    expect(without.length).toBeGreaterThan(0);
    for (const act of without)
      for (const [a, b, c] of covariances) {
        const ref = pairExpectation(act, a, b, c, true);
        expect(Math.abs(coarsePairExpectation(act, a, b, c) - ref)).toBeLessThan(3e-7 * Math.max(Math.abs(ref), 1e-3));
      }
  });

  test('the Householder-QL eigensolver agrees with the Jacobi solver', () => {
    const A = spiral(30).map((x) => spiral(30).map((y) => Math.exp(-dot(x, x) - dot(y, y) + 2 * dot(x, y)) + (x === y ? 0.1 : 0)));
    const ql = symmetricEigenQL(A).values;
    const jac = symmetricEigen(A).values.sort((a, b) => a - b);
    ql.forEach((v, i) => expect(Math.abs(v - jac[i]!)).toBeLessThan(1e-12));
  });
});

/** Modified Bessel function I_l(a) by its power series. */
function besselI(l: number, a: number): number {
  let term = (a / 2) ** l;
  for (let k = 1; k <= l; k++) term /= k;
  let s = 0;
  for (let k = 0; k < 60; k++) {
    s += term;
    term *= (a / 2) ** 2 / ((k + 1) * (k + 1 + l));
  }
  return s;
}

describe('approach to the kernel spectrum as the width grows', () => {
  // cos-net, d_in = 2, sigma_w = 1, sigma_b = 0 on n equispaced points of the unit circle: K = (1/2) exp(-|x-y|^2/4) =
  // (1/2) e^{-a} e^{a cos(theta)}, a = 1/2, so the kernel's eigenvalues under the uniform measure are
  // lambda_l = (1/2) e^{-a} I_l(a) (l = 0 once, l >= 1 twice), and on equispaced points the Gram matrix has exactly
  // n lambda_l (aliasing adds lambda_{l +- 16}, below 1e-25).
  const net = network('{activation: cos, d_in: 2, sigma_w: 1, sigma_b: 0}', 2);
  const n = 16;
  const sigma2 = 0.5;
  const X = Array.from({ length: n }, (_, i) => [Math.cos((2 * Math.PI * i) / n), Math.sin((2 * Math.PI * i) / n)]);
  const lambda = (l: number) => 0.5 * Math.exp(-0.5) * besselI(l, 0.5);
  const groups = [[0], [1, 2], [3, 4]];
  const expected = [lambda(0), 2 * lambda(1), 2 * lambda(2)].map((v) => (n * v) / sigma2);
  /** Relative deviation of each multiplet's summed Fisher eigenvalues (mean over networks) and its standard error. */
  const deviation = (width: number, nets: number) => {
    const model = networkModel(net, width, 'last-layer');
    const sums = groups.map(() => [] as number[]);
    for (let j = 0; j < nets; j++) {
      const rows = model.draw(5, 0, j).features(X);
      const post = networkPosterior(rows, rows.slice(0, 1), new Float64Array(n), new Float64Array(1), sigma2, 'last-layer', 'resample');
      groups.forEach((g, i) => sums[i]!.push(g.reduce((s, r) => s + post.fisher[r]!, 0)));
    }
    return sums.map((xs, i) => {
      const m = xs.reduce((s, v) => s + v, 0) / nets;
      const se = Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / (nets - 1) / nets);
      return { dev: m / expected[i]! - 1, se: se / expected[i]! };
    });
  };

  test('the infinite-width Gram spectrum on these points is n lambda_l (the GP kernel against the Bessel series)', () => {
    const K = networkModel(net, 1, 'last-layer').kernel!(X);
    const ev = descending(symmetricEigenQL(K).values).map((v) => v / sigma2);
    groups.forEach((g, i) => expect(g.reduce((s, r) => s + ev[r]!, 0) / expected[i]! - 1).toBeLessThan(1e-12));
  });

  test('whitened Fisher eigenvalues -> n lambda_l / sigma^2: off by O(1) at width 16, within errors at width 2048', () => {
    const small = deviation(16, 32);
    const large = deviation(2048, 32);
    // Width 16: the finite-width spread (relative 1/sqrt(N) per network) is visible in the l = 2 doublet.
    expect(Math.max(...small.map((d) => Math.abs(d.dev)))).toBeGreaterThan(0.05);
    // Width 2048: within 4 standard errors plus 2e-3 for the O(1/N) repulsion of the sorted levels (measured ~1e-3).
    for (const d of large) expect(Math.abs(d.dev)).toBeLessThan(4 * d.se + 2e-3);
    for (const d of large) expect(d.se).toBeLessThan(0.01);
  });
});

describe('the posterior and its coarse graining', () => {
  const net = network('{activation: relu, d_in: 3, sigma_w: 1.5, sigma_b: 0.2}', 3);
  const X = spiral(24);
  const T = spiral(7).map((x) => x.map((v) => 0.9 * v));
  const sigma2 = 0.02;
  const sampled = networkModel(net, 50, 'last-layer').draw(9, 0, 0);
  const Phi = sampled.features(X);
  const PhiT = sampled.features(T);
  const G = Phi.map((r) => Phi.map((q) => dot(r, q)));
  // Data-space eigenvectors of the feature Gram matrix (Jacobi), descending.
  const eig = symmetricEigen(G);
  const order = eig.values.map((_, k) => k).sort((a, b) => eig.values[b]! - eig.values[a]!);
  const u = (k: number) => X.map((_, i) => eig.vectors[i]![order[k]!]!);
  const info = (k: number) => eig.values[order[k]!]! / sigma2;
  const A = G.map((row, i) => row.map((v, j) => v + (i === j ? sigma2 : 0)));

  test('Lambda = 0 is the trained posterior, Lambda above the largest eigenvalue the prior (resample) or the zero field (marginalize)', () => {
    const y = X.map((x) => Math.sin(2 * x[0]!) + x[1]! * x[2]!);
    const alpha = solveLinear(A, y)!;
    for (const scheme of ['resample', 'marginalize'] as const) {
      const post = networkPosterior(Phi, PhiT, y, new Float64Array(T.length), sigma2, 'last-layer', scheme);
      const trained = post.pointValues(0);
      const prior = post.pointValues(2 * post.fisher[0]!);
      PhiT.forEach((row, x) => {
        const k = Phi.map((r) => dot(row, r));
        expect(trained.mean[x]).toBeCloseTo(dot(k, alpha), 10);
        expect(trained.variance[x]).toBeCloseTo(dot(row, row) - dot(k, solveLinear(A, k)!), 10);
        expect(prior.mean[x]).toBe(0);
        expect(prior.variance[x]).toBeCloseTo(scheme === 'resample' ? dot(row, row) : 0, 12);
      });
    }
  });

  test('learnability: along a Gram eigenvector the trained mean is L u with L = I/(1 + I)', () => {
    for (const k of [0, 3, 10]) {
      const y = u(k);
      const post = networkPosterior(Phi, Phi, y, new Float64Array(X.length), sigma2, 'last-layer', 'resample');
      const mean = post.pointValues(0).mean;
      const I = info(k);
      expect(post.fisher[k]!).toBeCloseTo(I, 6);
      mean.forEach((v, i) => expect(v).toBeCloseTo((I / (1 + I)) * y[i]!, 10));
    }
  });

  test('a two-mode target loses exactly the mode whose Fisher eigenvalue falls below Lambda', () => {
    const [hi, lo] = [1, 6];
    const y = X.map((_, i) => 0.7 * u(hi)[i]! - 1.3 * u(lo)[i]!);
    const L = (k: number) => info(k) / (1 + info(k));
    const between = Math.sqrt(info(hi) * info(lo)); // below mode 1's eigenvalue, above mode 6's
    const post = networkPosterior(Phi, Phi, y, new Float64Array(X.length), sigma2, 'last-layer', 'resample');
    const [all, one, none] = [0, between, 2 * info(0)].map((c) => post.pointValues(c).mean);
    X.forEach((_, i) => {
      expect(all![i]).toBeCloseTo(0.7 * L(hi) * u(hi)[i]! - 1.3 * L(lo) * u(lo)[i]!, 10);
      expect(one![i]).toBeCloseTo(0.7 * L(hi) * u(hi)[i]!, 10);
      expect(none![i]).toBe(0);
    });
  });

  test('the diagonal metric keeps the posterior marginal of the kept weights (against a direct computation)', () => {
    const y = X.map((x) => x[0]! - x[2]! ** 2);
    const post = networkPosterior(Phi, PhiT, y, new Float64Array(T.length), sigma2, 'diagonal', 'marginalize');
    const P = Phi[0]!.length;
    const diag = Array.from({ length: P }, (_, a) => Phi.reduce((s, r) => s + r[a]! ** 2, 0) / sigma2);
    const sorted = descending(diag);
    const cut = (sorted[9]! + sorted[10]!) / 2; // keep the 10 most informative weights
    const K = diag.map((v, a) => (v >= cut ? a : -1)).filter((a) => a >= 0);
    expect(K.length).toBe(10);
    // Posterior of all weights: precision I + F, mean (I + F)^{-1} Phi^T y / sigma^2; marginal on K: the K block.
    const prec = Array.from({ length: P }, (_, a) =>
      Array.from({ length: P }, (_, b) => Phi.reduce((s, r) => s + r[a]! * r[b]!, 0) / sigma2 + (a === b ? 1 : 0)),
    );
    const m = solveLinear(
      prec,
      Array.from({ length: P }, (_, a) => Phi.reduce((s, r, i) => s + r[a]! * y[i]!, 0) / sigma2),
    )!;
    const cov = (a: number, b: number) =>
      solveLinear(
        prec,
        prec.map((_, c) => (c === b ? 1 : 0)),
      )![a]!;
    const S = K.map((a) => K.map((b) => cov(a, b)));
    const got = post.pointValues(cut);
    PhiT.forEach((row, x) => {
      expect(got.mean[x]).toBeCloseTo(
        K.reduce((s, a) => s + row[a]! * m[a]!, 0),
        10,
      );
      const v = K.reduce((s, a, i) => s + K.reduce((t, b, j) => t + row[a]! * S[i]![j]! * row[b]!, 0), 0);
      expect(got.variance[x]).toBeCloseTo(v, 10);
    });
  });
});

/** Composite Simpson's rule on [0, k] with 2 * half intervals. */
function simpson(f: (p: number) => number, k: number, half = 20000): number {
  const h = k / (2 * half);
  let s = f(0) + f(k);
  for (let i = 1; i < 2 * half; i++) s += (i % 2 ? 4 : 2) * f(i * h);
  return (s * h) / 3;
}

/** G_k(r) by Simpson: d = 1: (1/pi) int cos(pr)/(p^2+m^2); d = 3: (1/(2 pi^2 r)) int p sin(pr)/(p^2+m^2) (r -> 0: p^2). */
function propagator(d: 1 | 3, m: number, k: number, r: number): number {
  if (d === 1) return simpson((p) => Math.cos(p * r) / (p * p + m * m), k) / Math.PI;
  return simpson((p) => (r === 0 ? p * p : (p * Math.sin(p * r)) / r) / (p * p + m * m), k) / (2 * Math.PI ** 2);
}

describe('the cos-net as a free scalar', () => {
  test('G_k(r) of src/brg against Simpson quadrature and the closed forms (d = 1, 3), and d = 2, 4 against d-dimensional sums', () => {
    for (const d of [1, 3] as const)
      for (const [m, k, r] of [
        [1, 1.5, 0],
        [1, 4, 0.7],
        [0.5, 3, 2],
      ] as const) {
        expect(Math.abs(shellPropagator(d, m, k, r).value - propagator(d, m, k, r))).toBeLessThan(1e-10);
      }
    expect(shellPropagator(3, 1, 2, 0).value).toBeCloseTo((2 - Math.atan(2)) / (2 * Math.PI ** 2), 15);
    expect(shellPropagator(1, 2, 3, 0).value).toBeCloseTo(Math.atan(1.5) / (2 * Math.PI), 15);
    // d = 2: (1/(2 pi)) int_0^k p J_0(p r)/(p^2+m^2) dp, J_0(x) = (1/pi) int_0^pi cos(x sin t) dt (Bessel's integral).
    const J0 = (x: number) => simpson((t) => Math.cos(x * Math.sin(t)), Math.PI, 400) / Math.PI;
    const g2 = simpson((p) => (p * J0(p * 0.8)) / (p * p + 1), 3, 400) / (2 * Math.PI);
    expect(Math.abs(shellPropagator(2, 1, 3, 0.8).value - g2)).toBeLessThan(1e-9);
    // d = 4 at r = 0: S_3/(2 pi)^4 int p^3/(p^2+m^2) = (1/(16 pi^2)) (k^2 - m^2 ln(1 + k^2/m^2)).
    expect(shellPropagator(4, 1, 2, 0).value).toBeCloseTo((4 - Math.log(5)) / (16 * Math.PI ** 2), 12);
    // The mass is recovered from G_k(0).
    expect(massFromPropagator(3, 2.5, shellPropagator(3, 0.8, 2.5, 0).value)).toBeCloseTo(0.8, 9);
  });

  test('the cos-net kernel is G_R at any width (Monte Carlo over the sampled features, d = 3)', () => {
    const spec = { m: 1, R: 3, d: 3, width: 64, nets: 1, n: 1, spread: 1, r: [0], seed: 0 } as CosnetSpec;
    const model = cosnetModel(spec, 64);
    const pts = [
      [0, 0, 0],
      [0.6, 0, 0],
    ];
    const draws = Array.from({ length: 400 }, (_, j) => {
      const [a, b] = model.draw(1, 0, j).features(pts);
      return [dot(a!, a!), dot(a!, b!)] as const;
    });
    for (const [i, r] of [
      [0, 0],
      [1, 0.6],
    ] as const) {
      const xs = draws.map((v) => v[i]);
      const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
      const se = Math.sqrt(xs.reduce((s, v) => s + (v - mean) ** 2, 0) / (xs.length - 1) / xs.length);
      expect(Math.abs(mean - propagator(3, 1, 3, r))).toBeLessThan(4 * se);
    }
  });

  const data: BrgDataSpec = { measure: 'gaussian', n: 8, ridge: 0.01, target: 'gp', test: 2, datasets: 1, seed: 0 };
  const check = (res: CosnetResult, d: 1 | 3) => {
    for (const p of res.points) {
      // Independent value; the sampled estimate within 4 standard errors (16 correlated points per run).
      expect(Math.abs(p.closed - propagator(d, res.m, p.k, p.r))).toBeLessThan(1e-9);
      expect(Math.abs(p.sampled - p.closed)).toBeLessThan(4 * p.stderr!);
      // Errors small enough for the comparison to mean something (d = 3, k = 1.5: ~7 modes per network inside the shell).
      if (p.r === 0) expect(p.stderr! / p.closed).toBeLessThan(d === 1 ? 0.05 : 0.1);
    }
    // Fisher order = momentum order: the information cut keeps (almost) exactly the modes |p| < k, and the
    // modes at the cutoff carry |p|^2 = k^2.
    for (const s of res.shells) {
      expect(s.agreement.mean).toBeGreaterThan(0.9);
      expect(Math.abs(s.p2.mean - s.k * s.k)).toBeLessThan(4 * s.p2.stderr! + 0.05 * s.k * s.k);
    }
    // m^2/k^2 grows as k is lowered with eigenvalue 2.
    expect(Math.abs(res.eigenvalue!.mean - 2)).toBeLessThan(4 * res.eigenvalue!.stderr!);
  };

  test('d = 1: the coarse-grained 2-point function is G_k(r) within errors', async () => {
    const spec: CosnetSpec = { m: 1, R: 5, d: 1, width: 128, nets: 64, n: 1024, spread: 1, r: [0, 0.5, 1, 2], k: [1.5, 2.5, 3.5, 4.5], seed: 4 };
    check(await runCosnet(spec, data, 'diagonal'), 1);
  });

  test('d = 3: the coarse-grained 2-point function is G_k(r) within errors (two worker threads)', async () => {
    const spec: CosnetSpec = { m: 1, R: 5, d: 3, width: 256, nets: 48, n: 1024, spread: 1, r: [0, 0.5, 1, 2], k: [1.5, 2.5, 3.5, 4.5], seed: 4 };
    check(await runCosnet(spec, { ...data, measure: 'gaussian' }, 'diagonal', 2), 3);
  });

  test('the results do not depend on the number of threads (bit-identical: 1, 2 and 3 threads)', async () => {
    const spec: CosnetSpec = { m: 1, R: 4, d: 3, width: 32, nets: 5, n: 64, spread: 1, r: [0, 1], k: [2, 3], seed: 1 };
    const runs = await Promise.all([1, 2, 3].map((t) => runCosnet(spec, data, 'last-layer', t)));
    for (const r of runs.slice(1)) expect(r).toEqual(runs[0]);
    const theory = parseTheory(
      `network: {activation: tanh, d_in: 2, sigma_w: 1.2, sigma_b: 0.3}\nensemble: {points: [[1, 0]]}\n` +
        `brg: {width: 12, nets: 3, data: {measure: sphere, n: 10, test: 3, datasets: 2}}\n`,
      'threads.yaml',
    );
    const brgRuns = await Promise.all([1, 2, 4].map((threads) => runBrg(theory, { threads })));
    for (const r of brgRuns.slice(1)) expect(r).toEqual(brgRuns[0]);
  });
});
