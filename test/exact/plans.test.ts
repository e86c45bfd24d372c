import { describe, expect, test } from 'vitest';
import { wick } from '../../src/correlators/index.js';
import { targetPlan, targetVariances } from '../../src/exact/index.js';
import { networkKernel } from '../../src/kernel/index.js';
import { erf } from '../../src/numeric/index.js';
import { parseTheory, type Theory } from '../../src/theory/index.js';
import { TestRng } from '../helpers/rng.js';

const theory = (yaml: string): Theory => parseTheory(yaml, 'test.yaml');
const net = (activation: string, sw: number, sb: number, points: string) =>
  theory(`network:\n  activation: ${activation}\n  d_in: 1\n  sigma_w: ${sw}\n  sigma_b: ${sb}\nensemble:\n  points: ${points}\n`);

/** Perfect matchings of a list (3 of 4 items, 15 of 6). */
function matchings<T>(xs: T[]): [T, T][][] {
  if (xs.length === 0) return [[]];
  const [a, ...rest] = xs;
  return rest.flatMap((b, j) => matchings(rest.filter((_, k) => k !== j)).map((m) => [[a!, b] as [T, T], ...m]));
}

/**
 * A plain Monte Carlo of one-hidden-layer networks, independent of src/: per network the readout covariance
 * C_pq = sb^2 + (sw^2/N) sum_j g(z_j(x_p)) g(z_j(x_q)), W0 ~ N(0, sw^2), b0 ~ N(0, sb^2) (U[-pi, pi] for cos),
 * d_in = 1, handed to `each` (the same array, rewritten per network).
 */
function simulate(t: Theory, N: number, nets: number, seed: number, each: (C: Float64Array[], k: number) => void): void {
  const n = t.network!;
  const rng = new TestRng(seed);
  const xs = t.ensemble.points.map((p) => p[0]!);
  const P = xs.length;
  const g = n.activation === 'erf' ? erf : n.activation === 'cos' ? Math.cos : (z: number) => Math.max(0, z);
  const C = xs.map(() => new Float64Array(P));
  const h = new Float64Array(P);
  for (let k = 0; k < nets; k++) {
    for (const row of C) row.fill(n.sigma_b ** 2);
    for (let j = 0; j < N; j++) {
      const w0 = n.sigma_w * rng.normal();
      const b0 = n.activation === 'cos' ? Math.PI * (2 * rng.uniform() - 1) : n.sigma_b * rng.normal(); // cos-nets: uniform phase
      for (let p = 0; p < P; p++) h[p] = g(w0 * xs[p]! + b0);
      for (let p = 0; p < P; p++) for (let q = 0; q < P; q++) C[p]![q]! += (n.sigma_w ** 2 / N) * h[p]! * h[q]!;
    }
    each(C, k);
  }
}

/** The entries C_pq of every network, stored: C[p][q][network]. */
function simulateStored(t: Theory, N: number, nets: number, seed: number): Float64Array[][] {
  const P = t.ensemble.points.length;
  const out = Array.from({ length: P }, () => Array.from({ length: P }, () => new Float64Array(nets)));
  simulate(t, N, nets, seed, (C, k) => {
    for (let p = 0; p < P; p++) for (let q = 0; q < P; q++) out[p]![q]![k] = C[p]![q]!;
  });
  return out;
}

/**
 * Mean and variance over the networks of IF = A - sum_e w_e D_e, where w = weights(c) depends on the covariances
 * c(e, f) = Cov(D_e, D_f) of the same networks (plug-in, as an estimator of them would), with errors from the
 * delete-one-block jackknife over 50 blocks, which include the error the plug-in covariances add.
 */
function centredMoments(
  A: Float64Array,
  D: Float64Array[],
  weights?: (c: (i: number, j: number) => number) => number[],
): { mean: number; meanErr: number; variance: number; varianceErr: number } {
  const n = A.length;
  const E = D.length;
  const B = 50;
  // Per block: count, sums of A, A^2, D_e, A D_e, D_e D_f.
  const blocks = Array.from({ length: B }, () => ({ n: 0, a: 0, aa: 0, d: new Float64Array(E), ad: new Float64Array(E), dd: new Float64Array(E * E) }));
  for (let k = 0; k < n; k++) {
    const b = blocks[Math.floor((k * B) / n)]!;
    const a = A[k]!;
    b.n++;
    b.a += a;
    b.aa += a * a;
    if (!weights) continue;
    for (let i = 0; i < E; i++) {
      const x = D[i]![k]!;
      b.d[i]! += x;
      b.ad[i]! += a * x;
      for (let j = 0; j < E; j++) b.dd[i * E + j]! += x * D[j]![k]!;
    }
  }
  const stat = (skip: number) => {
    let m = 0;
    let a = 0;
    let aa = 0;
    const d = new Float64Array(E);
    const ad = new Float64Array(E);
    const dd = new Float64Array(E * E);
    blocks.forEach((b, i) => {
      if (i === skip) return;
      m += b.n;
      a += b.a;
      aa += b.aa;
      for (let e = 0; e < E; e++) {
        d[e]! += b.d[e]!;
        ad[e]! += b.ad[e]!;
      }
      for (let e = 0; e < E * E; e++) dd[e]! += b.dd[e]!;
    });
    const cov = (i: number, j: number) => dd[i * E + j]! / m - (d[i]! / m) * (d[j]! / m);
    const w = weights ? weights(cov) : [];
    let mean = a / m;
    let variance = aa / m - (a / m) ** 2;
    for (let i = 0; i < w.length; i++) {
      mean -= w[i]! * (d[i]! / m);
      variance -= 2 * w[i]! * (ad[i]! / m - (a / m) * (d[i]! / m));
      for (let j = 0; j < w.length; j++) variance += w[i]! * w[j]! * cov(i, j);
    }
    return { mean, variance };
  };
  const all = stat(-1);
  const jack = blocks.map((_, b) => stat(b));
  const err = (f: (x: { mean: number; variance: number }) => number) => {
    const bar = jack.reduce((s, x) => s + f(x), 0) / B;
    return Math.sqrt(((B - 1) / B) * jack.reduce((s, x) => s + (f(x) - bar) ** 2, 0));
  };
  return { mean: all.mean, meanErr: err((x) => x.mean), variance: all.variance, varianceErr: err((x) => x.variance) };
}

/** Mean, variance and the standard errors of both (the variance's from the sample 4th central moment). */
function moments(v: Float64Array): { mean: number; meanErr: number; variance: number; varianceErr: number } {
  const n = v.length;
  let mean = 0;
  for (const x of v) mean += x / n;
  let m2 = 0;
  let m4 = 0;
  for (const x of v) {
    m2 += (x - mean) ** 2 / n;
    m4 += (x - mean) ** 4 / n;
  }
  return { mean, meanErr: Math.sqrt(m2 / n), variance: m2, varianceErr: Math.sqrt((m4 - m2 * m2) / n) };
}

describe('exact variance of the readout-marginalized estimators', () => {
  test('cos-net at one point: closed forms from the moments of cos(2b)', () => {
    // With a uniform phase b, g(z)^2 - 1/2 = cos(2 b')/2 =: u for one point, so D = s sum_j u_j (s = sw^2/N) with
    // E u^2 = 1/8, E u^4 = 3/128, E u^6 = 5/1024 (E cos^2k = (2k-1)!!/(2k)!!) and odd moments 0. Moments of a sum of
    // N iid terms: E D^2 = s^2 N/8, E D^4 = s^4 (3N/128 + 3N(N-1)/64), E D^6 = s^6 (5N/1024 + 45N(N-1)/1024 + 15N(N-1)(N-2)/512).
    // kappa4 = 3 E D^2, Var(Q4) = 9 (E D^4 - (E D^2)^2); kappa6 = 15 E D^3 = 0 and
    // Var(IF6) = 225 E[(D^3 - 3 c D)^2] = 225 (E D^6 - 6 c E D^4 + 9 c^2 E D^2), c = E D^2.
    const sw = 1.3;
    const t = net('cos', sw, 0.5, '[0.3]');
    for (const N of [1, 2, 5]) {
      const s = sw ** 2 / N;
      const d2 = (s ** 2 * N) / 8;
      const d4 = s ** 4 * ((3 * N) / 128 + (3 * N * (N - 1)) / 64);
      const d6 = s ** 6 * ((5 * N) / 1024 + (45 * N * (N - 1)) / 1024 + (15 * N * (N - 1) * (N - 2)) / 512);
      const v = targetVariances(t, N).marginalized;
      expect(Math.abs(v.kappa4[0]!.value / (3 * d2) - 1)).toBeLessThan(1e-13);
      expect(Math.abs(v.kappa4[0]!.variance / (9 * (d4 - d2 * d2)) - 1)).toBeLessThan(1e-13);
      expect(Math.abs(v.kappa6[0]!.variance / (225 * (d6 - 6 * d2 * d4 + 9 * d2 ** 3)) - 1)).toBeLessThan(1e-12);
    }
  });
});

describe('exact variance of the readout-marginalized estimators vs brute force', () => {
  // Z = 4.5: every comparison is a mean or a variance over 5e4-2e5 networks, with jackknife errors (50 blocks:
  // the error of an error is ~10%); 4.5 sigma gives ~1e-5 false alarms per comparison for normal errors.
  const Z = 4.5;
  // Bounded activations (erf, cos) for the 6-point estimators, whose variances need 12th moments of g; ReLU's
  // unbounded 12th moments make the sampling error of a sample variance itself unreliable at this size, so ReLU
  // (quadrature moments split at the kink) is checked on kappa4 (8th moments).
  const cases = [
    { act: 'erf', sw: 1.5, sb: 0.6, points: [-0.8, 0.5], N: 3, seed: 101, six: true, nets: 50_000 },
    { act: 'cos', sw: 1.3, sb: 0.5, points: [-0.7, 0.2, 0.9], N: 2, seed: 202, six: true, nets: 100_000 },
    { act: 'relu', sw: 1.2, sb: 0.4, points: [-0.6, 0.3, 1.1], N: 2, seed: 303, six: false, nets: 100_000 },
  ];
  test.each(cases)('$act, N = $N, $points.length points: Var(IF) of kappa4 (and of kappa6, Delta G6: $six)', ({ act, sw, sb, points, N, seed, six, nets }) => {
    const t = net(act, sw, sb, `[${points.join(', ')}]`);
    const C = simulateStored(t, N, nets, seed);
    const P = points.length;
    // D = C - K with K from the GP kernel's closed forms (src/kernel): E[C] = K exactly at one hidden layer.
    const K = networkKernel(t.network!).matrix(t.ensemble.points);
    const D = C.map((row, p) => row.map((v, q) => v.map((c) => c - K[p]![q]!)));
    const entries: [number, number][] = [];
    for (let p = 0; p < P; p++) for (let q = p; q < P; q++) entries.push([p, q]);
    const entryOf = (p: number, q: number) => entries.findIndex(([a, b]) => a === Math.min(p, q) && b === Math.max(p, q));
    const De = entries.map(([p, q]) => D[p]![q]!);
    /** sum over the pairings of prod D (the polynomial part of the IFs). */
    const memo = new Map<string, Float64Array>();
    const pairingSum = (idx: number[]) => {
      const key = idx.join();
      if (idx.length === 4 && memo.has(key)) return memo.get(key)!;
      const out = new Float64Array(nets);
      for (const m of matchings(idx)) {
        const [x, y, z] = m.map(([p, q]) => De[entryOf(p, q)]!) as [Float64Array, Float64Array, Float64Array | undefined];
        if (z) for (let k = 0; k < nets; k++) out[k]! += x[k]! * y[k]! * z[k]!;
        else for (let k = 0; k < nets; k++) out[k]! += x[k]! * y[k]!;
      }
      if (idx.length === 4) memo.set(key, out);
      return out;
    };
    /** The kappa6 IF's centring terms: sum_e w_e D_e, w_e1 = Cov(C_e2, C_e3) + ... over the pairings (c: covariances by entry). */
    const centring = (idx: number[]) => (c: (i: number, j: number) => number) => {
      const w = new Array<number>(entries.length).fill(0);
      for (const m of matchings(idx)) {
        const [e1, e2, e3] = m.map(([p, q]) => entryOf(p, q)) as [number, number, number];
        w[e1]! += c(e2, e3);
        w[e2]! += c(e1, e3);
        w[e3]! += c(e1, e2);
      }
      return w;
    };
    const splits = (idx: number[]) => {
      const out: { pair: [number, number]; rest: number[] }[] = [];
      for (let a = 0; a < 6; a++) for (let b = a + 1; b < 6; b++) out.push({ pair: [idx[a]!, idx[b]!], rest: idx.filter((_, k) => k !== a && k !== b) });
      return out;
    };
    const v = targetVariances(t, N);
    const check = (label: string, A: Float64Array, exact: { value: number; variance: number }, weights?: (c: (i: number, j: number) => number) => number[]) => {
      const m = centredMoments(A, De, weights);
      expect(Math.abs(m.mean - exact.value) / m.meanErr, `${label}: mean`).toBeLessThan(Z);
      expect(Math.abs(m.variance - exact.variance) / m.varianceErr, `${label}: variance ${m.variance} vs ${exact.variance}`).toBeLessThan(Z);
      // The comparison resolves the variance to 0.3-7% (measured): a wrong term in the formula would show.
      expect(m.varianceErr / exact.variance, label).toBeLessThan(0.2);
    };
    for (const r of v.marginalized.kappa4) check(`kappa4 ${r.idx}`, pairingSum(r.idx), r);
    // Every 6-point multiset of 2 points, every third of 3 (time).
    for (const [i, r] of v.marginalized.kappa6.entries()) {
      if (!six || (P > 2 && i % 3 !== 0)) continue;
      const A = pairingSum(r.idx);
      check(`kappa6 ${r.idx}`, A, r, centring(r.idx));
      for (const { pair, rest } of splits(r.idx)) {
        const q = pairingSum(rest);
        const k = K[pair[0]]![pair[1]]!;
        for (let j = 0; j < nets; j++) A[j]! += k * q[j]!;
      }
      check(`Delta G6 ${r.idx}`, A, v.marginalized.delta6[i]!, centring(r.idx));
    }
    expect(v.marginalized.kappa4.length).toBe(P === 2 ? 5 : 15);
  });

  test('the k-statistic of kappa6 over n networks has variance Var(IF)/n, with the centring terms of IF', () => {
    // 1500 batches of n = 200 networks (erf, N = 3, 2 points): n times the variance of the per-batch estimates
    // sum_15 k3(C_e1, C_e2, C_e3) (sample-mean centred) against Var(IF). The spread of a variance over 1500
    // batches is ~sqrt(2/1500) = 3.7% (normal batches); the O(1/n) correction is below 2%. Without the centring
    // terms -D_e1 Cov(C_e2, C_e3) - ... the variance would differ by the ratio printed in the assertion below.
    const t = net('erf', 1.5, 0.6, '[-0.8, 0.5]');
    const N = 3;
    const n = 200;
    const batches = 1500;
    const C = simulateStored(t, N, n * batches, 303);
    const idx = [0, 0, 0, 1, 1, 1];
    const exact = targetVariances(t, N).marginalized.kappa6.find((r) => r.idx.join() === idx.join())!;
    const pairs = matchings(idx);
    const est = new Float64Array(batches);
    for (let b = 0; b < batches; b++) {
      let total = 0;
      for (const m of pairs) {
        const [x, y, z] = m.map(([p, q]) => C[p]![q]!.subarray(b * n, (b + 1) * n)) as [Float64Array, Float64Array, Float64Array];
        const mx = x.reduce((s, v) => s + v, 0) / n;
        const my = y.reduce((s, v) => s + v, 0) / n;
        const mz = z.reduce((s, v) => s + v, 0) / n;
        let s3 = 0;
        for (let k = 0; k < n; k++) s3 += (x[k]! - mx) * (y[k]! - my) * (z[k]! - mz);
        total += (n / ((n - 1) * (n - 2))) * s3;
      }
      est[b] = total;
    }
    const m = moments(est);
    expect(Math.abs(m.mean - exact.value) / m.meanErr).toBeLessThan(4.5);
    const tolerance = 4.5 * Math.sqrt(2 / batches) + 0.02;
    const ratio = (n * m.variance) / exact.variance;
    expect(Math.abs(ratio - 1), `n Var(k) / Var(IF) = ${ratio}`).toBeLessThan(tolerance);
    // Without the centring terms the variance would be Var(sum_15 D D D) (D = C - K, K from src/kernel): the
    // test tells the two apart.
    const K = networkKernel(t.network!).matrix(t.ensemble.points);
    const raw = new Float64Array(n * batches);
    for (const m of pairs) {
      const [x, y, z] = m.map(([p, q]) => C[p]![q]!) as [Float64Array, Float64Array, Float64Array];
      const [kx, ky, kz] = m.map(([p, q]) => K[p]![q]!) as [number, number, number];
      for (let k = 0; k < raw.length; k++) raw[k]! += (x[k]! - kx) * (y[k]! - ky) * (z[k]! - kz);
    }
    const uncentred = moments(raw).variance / exact.variance;
    expect(Math.abs(uncentred - 1), `Var(sum D D D) / Var(IF) = ${uncentred}`).toBeGreaterThan(2 * tolerance);
  });
});

describe('plans for both estimators', () => {
  test('plain kappa6 estimator: at infinite width its variance is the Isserlis sum of the GP kernel', () => {
    // prod6 - sum_15 K_ef prod4_abcd for a Gaussian f with covariance K: Var = sum c c' Wick(c + c') - (sum c Wick(c))^2,
    // computed here from src/kernel's K and the Wick sum (N = 1e12: finite-width terms ~1e-12 relative).
    const t = net('erf', 1.3, 0.5, '[-0.7, 0.4]');
    const K = networkKernel(t.network!).matrix(t.ensemble.points);
    const rows = targetVariances(t, 1e12).plain.kappa6;
    for (const r of rows.filter((x) => ['0,0,0,0,1,1', '0,1,1,1,1,1'].includes(x.idx.join()))) {
      const terms = [{ coef: 1, idx: r.idx }];
      for (let a = 0; a < 6; a++)
        for (let b = a + 1; b < 6; b++) terms.push({ coef: -K[r.idx[a]!]![r.idx[b]!]!, idx: r.idx.filter((_, k) => k !== a && k !== b) });
      let second = 0;
      let mean = 0;
      for (const x of terms) {
        mean += x.coef * wick(K, x.idx);
        for (const y of terms) second += x.coef * y.coef * wick(K, [...x.idx, ...y.idx]);
      }
      expect(Math.abs(r.variance - (second - mean * mean)) / (second - mean * mean)).toBeLessThan(1e-9);
    }
  });

  test('the 4-point targets share a row; marginalized needs far fewer networks at N = 100 (erf), and the gain grows with N', () => {
    const t = net('erf', 1, 1, '[-0.5, 0.1, 0.7]');
    const p10 = targetPlan(t, 10, 0.01);
    const p100 = targetPlan(t, 100, 0.01);
    const row = (p: typeof p10, k: string) => p.find((r) => r.target === k)!;
    for (const p of [p10, p100]) {
      expect(row(p, 'kappa4').plain).toBe(row(p, 'delta4').plain);
      expect(row(p, 'u4').marginalized).toBe(row(p, 'delta4').marginalized);
    }
    // plain Delta G4: Var = O(1), Delta G4 = O(1/N): nets ~ N^2; marginalized: Var(Q) = O(1/N^2): nets ~ N^0.
    const growth = row(p100, 'delta4').plain / row(p10, 'delta4').plain;
    expect(growth).toBeGreaterThan(50);
    expect(growth).toBeLessThan(200);
    const mGrowth = row(p100, 'delta4').marginalized / row(p10, 'delta4').marginalized;
    expect(mGrowth).toBeGreaterThan(0.5);
    expect(mGrowth).toBeLessThan(2);
    expect(row(p100, 'delta4').gain).toBeGreaterThan(1e4);
  });
});
