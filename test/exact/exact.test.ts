import { describe, expect, test } from 'vitest';
import { multisets, wick } from '../../src/correlators/index.js';
import { estimatorVariance, exactCorrelators, plan } from '../../src/exact/index.js';
import { networkKernel } from '../../src/kernel/index.js';
import { loadTheory, parseTheory, type Theory } from '../../src/theory/index.js';
import { reluNoBiasMoments } from '../helpers/relu-no-bias.js';
import { meanAndStderr, TestRng } from '../helpers/rng.js';
import { erf } from '../../src/numeric/index.js';

const theory = (yaml: string): Theory => parseTheory(yaml, 'test.yaml');
const net = (activation: string, sw: number, sb: number, points: string, d = 1) =>
  theory(`network:\n  activation: ${activation}\n  d_in: ${d}\n  sigma_w: ${sw}\n  sigma_b: ${sb}\nensemble:\n  points: ${points}\n`);
const relClose = (a: number, b: number, tol: number) => expect(Math.abs(a - b) / Math.abs(b)).toBeLessThan(tol);
const entry = (doc: ReturnType<typeof exactCorrelators>, idx: number[]) =>
  doc.correlators[String(idx.length) as '2' | '4' | '6'].find((e) => e.idx.join() === idx.join())!;

describe('exact finite-width correlators vs closed forms', () => {
  test('ReLU, sigma_b = 0, positive inputs: f(x) = x S, moments of a sum of N iid terms', () => {
    // G_n = (x-product) E S^n in closed form (test/helpers/relu-no-bias.ts). Tolerance: 1e-12 relative (rank-1 panel quadrature).
    const sw = 1.3;
    const xs = [0.2, 0.5, 0.9, 1.4];
    const t = net('relu', sw, 0, `[${xs.join(', ')}]`);
    for (const N of [1, 2, 5, 50]) {
      const S = reluNoBiasMoments(sw, N);
      const doc = exactCorrelators(t, N);
      const prod = (idx: number[]) => idx.reduce((p, i) => p * xs[i]!, 1);
      for (const idx of [
        [0, 1],
        [2, 2],
        [3, 0],
      ])
        relClose(entry(doc, idx.slice().sort()).value, prod(idx) * S['2'], 1e-12);
      for (const idx of [
        [0, 1, 2, 3],
        [1, 1, 1, 1],
        [0, 0, 2, 3],
      ])
        relClose(entry(doc, idx).value, prod(idx) * S['4'], 1e-12);
      for (const idx of [
        [0, 0, 1, 1, 2, 3],
        [3, 3, 3, 3, 3, 3],
        [0, 1, 1, 2, 2, 3],
      ])
        relClose(entry(doc, idx).value, prod(idx) * S['6'], 1e-12);
    }
  });

  test('GaussNet: 4- and 6-point functions from hand-derived cumulants of lognormal neurons', () => {
    // One neuron: M(S) = E prod_{i in S} exp(z_i - Sigma_ii) = exp(sum_{i<j in S} Sigma_ij - sum_i Sigma_ii / 2).
    // kappa4 = (sw^4/N)(3 M4 - sum_3 M2 M2), kappa6 = (sw^6/N^2)(15 M6 - 3 sum_15 M4 M2 + 2 sum_15 M2 M2 M2),
    // G4 = wick(K) + kappa4, G6 = wick(K) + sum_15 kappa4 K + kappa6 (joint cumulants of a sum of N iid terms).
    const sw = 1.2;
    const sb = 0.7;
    const pts = [-0.4, 0.1, 0.3, 0.8];
    const t = net('gauss', sw, sb, `[${pts.join(', ')}]`);
    const Sig = (i: number, j: number) => sb ** 2 + sw ** 2 * pts[i]! * pts[j]!;
    const M = (S: number[]) => {
      let q = 0;
      for (let a = 0; a < S.length; a++) {
        q -= Sig(S[a]!, S[a]!) / 2;
        for (let b = a + 1; b < S.length; b++) q += Sig(S[a]!, S[b]!);
      }
      return Math.exp(q);
    };
    const pairings = (S: number[]): number[][][] => {
      if (S.length === 0) return [[]];
      const [a, ...rest] = S;
      return rest.flatMap((b, j) => pairings(rest.filter((_, k) => k !== j)).map((p) => [[a!, b], ...p]));
    };
    const splits42 = (S: number[]) => {
      const out: [number[], number[]][] = [];
      for (let a = 0; a < 6; a++) for (let b = a + 1; b < 6; b++) out.push([S.filter((_, k) => k !== a && k !== b), [S[a]!, S[b]!]]);
      return out;
    };
    const K = networkKernel(t.network!).matrix(t.ensemble.points);
    for (const N of [2, 7, 100]) {
      const k4 = (S: number[]) => (sw ** 4 / N) * (3 * M(S) - pairings(S).reduce((s, [p, q]) => s + M(p!) * M(q!), 0));
      const k6 = (S: number[]) =>
        (sw ** 6 / N ** 2) *
        (15 * M(S) - 3 * splits42(S).reduce((s, [f, p]) => s + M(f) * M(p), 0) + 2 * pairings(S).reduce((s, pr) => s + pr.reduce((m, p) => m * M(p), 1), 0));
      const doc = exactCorrelators(t, N);
      for (const idx of [
        [0, 1, 2, 3],
        [0, 0, 3, 3],
        [1, 2, 2, 2],
      ])
        relClose(entry(doc, idx).value - entry(doc, idx).gp, k4(idx), 1e-12);
      for (const idx of [
        [0, 1, 2, 3, 3, 3],
        [0, 0, 1, 1, 2, 2],
        [0, 1, 1, 2, 3, 3],
      ]) {
        const d6 = splits42(idx).reduce((s, [f, p]) => s + k4(f) * K[p[0]!]![p[1]!]!, 0) + k6(idx);
        relClose(entry(doc, idx).value - entry(doc, idx).gp, d6, 1e-11);
        relClose(entry(doc, idx).gp, wick(K, idx), 1e-15);
      }
    }
  });

  test('two-point function equals the GP kernel at every width; erf and ReLU one-neuron moments match the closed-form kernels to 1e-10', () => {
    // G2 = sigma_b^2 + sigma_w^2 E[g g] exactly at any N; for erf/ReLU E[g g] is the arcsine/arc-cosine closed form
    // (src/kernel), while exact/ integrates it by 2-d quadrature: an independent check of the quadrature.
    for (const act of ['erf', 'relu']) {
      const t = net(act, 1.7, 0.8, '[-1.5, -0.3, 0.2, 2.5]');
      const K = networkKernel(t.network!).matrix(t.ensemble.points);
      const doc = exactCorrelators(t, 3);
      for (const e of doc.correlators['2']) relClose(e.value, K[e.idx[0]!]![e.idx[1]!]!, 1e-10);
    }
  });
});

/** A plain seeded sampler of one-hidden-layer networks, independent of src/ensemble. */
function sampleProducts(t: Theory, N: number, nets: number, seed: number, sets: number[][]): { mean: number; stderr: number; values: Float64Array }[] {
  const n = t.network!;
  const rng = new TestRng(seed);
  const pts = t.ensemble.points.map((p) => p[0]!);
  const g = (z: number, V: number) =>
    n.activation === 'erf' ? erf(z) : n.activation === 'relu' ? Math.max(0, z) : n.activation === 'cos' ? Math.cos(z) : Math.exp(z - V);
  const vals = sets.map(() => new Float64Array(nets));
  const f = new Float64Array(pts.length);
  for (let k = 0; k < nets; k++) {
    const b1 = n.sigma_b * rng.normal();
    f.fill(b1);
    for (let j = 0; j < N; j++) {
      const w1 = (n.sigma_w / Math.sqrt(N)) * rng.normal();
      const w0 = n.sigma_w * rng.normal();
      const b0 = n.activation === 'cos' ? Math.PI * (2 * rng.uniform() - 1) : n.sigma_b * rng.normal();
      pts.forEach((x, p) => (f[p]! += w1 * g(w0 * x + b0, n.sigma_b ** 2 + n.sigma_w ** 2 * x * x)));
    }
    sets.forEach((S, i) => (vals[i]![k] = S.reduce((pr, p) => pr * f[p]!, 1)));
  }
  return vals.map((v) => ({ ...meanAndStderr(v), values: v }));
}

describe('exact vs brute-force Monte Carlo at small width', () => {
  test.each(['erf', 'relu', 'cos'])('%s, N = 2: 4- and 6-point functions within 4.5 standard errors', (act) => {
    // 200000 networks of width 2 at spread-out points; the Monte Carlo error is the sample standard error
    // (these activations have light tails, so it is reliable). 4.5 sigma: ~1e-5 false alarms per entry.
    const t = net(act, 1.5, 0.6, '[-1.0, 0.2, 0.9]');
    const sets = [
      [0, 1],
      [0, 0, 1, 2],
      [1, 1, 2, 2],
      [0, 0, 0, 1, 2, 2],
      [0, 1, 1, 1, 2, 2],
    ];
    const mc = sampleProducts(t, 2, 200000, 12345, sets);
    const doc = exactCorrelators(t, 2);
    sets.forEach((S, i) => {
      const e = entry(doc, S);
      expect(Math.abs(mc[i]!.mean - e.value) / mc[i]!.stderr).toBeLessThan(4.5);
      // The test resolves the finite-width part of the 4-point entries (> 3 sigma): it is not just checking the GP.
      if (S.length === 4) expect(Math.abs(e.value - e.gp)).toBeGreaterThan(3 * mc[i]!.stderr);
    });
  });

  test('exact estimator variance vs the sample variance of the products (erf, N = 2)', () => {
    // The sample variance s^2 of prod f over n = 40000 networks estimates Var with standard error
    // sqrt((mu4 - s^4)/n) (mu4 the sample 4th central moment): |s^2 - Var| within 4.5 of those.
    const t = net('erf', 1.5, 0.6, '[-1.0, 0.2, 0.9]');
    const v = estimatorVariance(t, 2);
    const sets = multisets(3, 4);
    const n = 40000;
    const mc = sampleProducts(t, 2, n, 777, sets);
    sets.forEach((_, i) => {
      const { mean, values } = mc[i]!;
      let m2 = 0;
      let m4 = 0;
      for (const x of values) {
        m2 += (x - mean) ** 2 / n;
        m4 += (x - mean) ** 4 / n;
      }
      expect(Math.abs(m2 - v['4'][i]!) / Math.sqrt((m4 - m2 * m2) / n)).toBeLessThan(4.5);
    });
  });
});

describe('estimator variance and plans', () => {
  test('ReLU sigma_b = 0: Var[f(x1) f(x2)] = (x1 x2)^2 (E S^4 - (E S^2)^2) in closed form', () => {
    const sw = 1;
    const xs = [0.5, 1.5];
    const N = 4;
    const t = net('relu', sw, 0, `[${xs.join(', ')}]`);
    const S = reluNoBiasMoments(sw, N);
    const v = estimatorVariance(t, N);
    relClose(v['2'][1]!, (xs[0]! * xs[1]!) ** 2 * (S['4'] - S['2'] ** 2), 1e-12);
  });

  test('plan flags GaussNet heavy tails and not erf', () => {
    const g = plan(net('gauss', 1, 1, '[-0.01, 0.0, 0.01]'), 10, 0.01);
    expect(g.find((r) => r.order === '6')!.heavyTails).toBe(true);
    const e = plan(net('erf', 1, 1, '[-0.01, 0.0, 0.01]'), 10, 0.01);
    expect(e.every((r) => !r.heavyTails)).toBe(true);
    // Var of f(x)^2 at N = inf for a Gaussian f with variance K: 3K^2 - K^2 = 2K^2; nets = 2 K^2 / (0.01 K)^2 = 2e4 at most.
    expect(e.find((r) => r.order === '2')!.netsForG).toBeGreaterThan(1.9e4);
    expect(e.find((r) => r.order === '2')!.netsForG).toBeLessThan(2.2e4);
  });
});

describe('the connected functions report how many digits survive the cancellation (exact.connectedAccuracy)', () => {
  test('sigmoid at sigma_b = 0, x = +-0.01: kappa6 keeps ~6 digits, said so; its error against a 40-digit quadrature is within the claim', () => {
    // kappa6(x, x, x, x, x, x) = 15 N (sigma_w^2/N)^3 c3(y), y = sigmoid(z)^2, z ~ N(0, 1e-4), N = 10: mpmath quad at 40
    // digits of the centred moments of y. The raw moments E y^n (~4^-n) cancel down to c3 ~ 2e-10.
    // d_out = 2 takes the other path (outputs.ts: the moment differences of each pairing), entry 0 is (x1 x 6 | a = 0).
    for (const d_out of [1, 2]) {
      const t = parseTheory(JSON.stringify({ network: { activation: 'sigmoid', sigma_w: 1, sigma_b: 0, d_out }, ensemble: { points: [-0.01, 0.01] } }), 's');
      const doc = exactCorrelators(t, 10);
      const claimed = doc.exact.connectedAccuracy!;
      const error = Math.abs(doc.connected!['6'][0]! - 3.51495128025612e-11) / 3.51495128025612e-11;
      expect(claimed['6'], `d_out ${d_out}`).toBeGreaterThan(1e-8);
      expect(claimed['6'], `d_out ${d_out}`).toBeLessThan(1e-5);
      expect(error, `d_out ${d_out}`).toBeLessThan(10 * claimed['6']);
      expect(error, `d_out ${d_out}`).toBeGreaterThan(1e-9); // the loss is real: the estimate is not just cautious
    }
  });
  test('the bundled erf and ReLU theories: 10 digits or more (their moments are good to ~3e-14)', () => {
    for (const name of ['erf', 'relu']) {
      const doc = exactCorrelators(loadTheory(`theories/${name}.yaml`), 10);
      expect(doc.exact.connectedAccuracy!['4'], name).toBeLessThan(1e-11);
      expect(doc.exact.connectedAccuracy!['6'], name).toBeLessThan(1e-10);
    }
  });
});
