import { describe, expect, test } from 'vitest';
import { type ActivationName, activation } from '../../src/activations/index.js';
import { exactSeries } from '../../src/exact/index.js';
import { derive } from '../../src/flow/index.js';
import { exactRegulated, flowRhs, irVertices, scalarVertices, vertices } from '../../src/regulated/index.js';
import { multisetTable, type SymTensor } from '../../src/regulated/tensor.js';
import type { NetworkSpec } from '../../src/theory/index.js';
import { TestRng } from '../helpers/rng.js';

const net = (activation: ActivationName, sigma_b = 1, sigma_w = 1): NetworkSpec =>
  ({ activation, d_in: 1, d_out: 1, sigma_w, sigma_b, widths: [10], depth: 1 }) as NetworkSpec;
const scalar = (n: number, v: number): SymTensor => ({ P: 1, n, values: Float64Array.from([v]) });
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

/** ln Gamma by Lanczos (g = 7): the test's own, for the chi-square densities. */
function lgamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** int_0^inf f(x) dx by the exp-sinh (double-exponential) rule: handles the x^(K/2-1) endpoint singularity. */
function expSinh(f: (x: number) => number): number {
  const h = 1 / 128;
  let s = 0;
  for (let j = -6 * 128; j <= 6 * 128; j++) {
    const tau = j * h;
    const x = Math.exp((Math.PI / 2) * Math.sinh(tau));
    const v = f(x) * x * (Math.PI / 2) * Math.cosh(tau);
    if (Number.isFinite(v)) s += v;
  }
  return s * h;
}

/**
 * ReLU with sigma_b = 0 at x (d_in = 1): y_j = relu(z_j)^2 is 0 with probability 1/2, else V chi^2_1 (V = sigma_w^2 x^2), so
 * v = (sigma_w^2 V/N) chi^2_K with K ~ Binomial(N, 1/2) (chi^2_0 = 0: the atom at f = 0). The regulated moments of
 * zeta = (v - v0)/(1 + k^2 v) are ratios of E (v - v0)^m (1 + k^2 v)^-(m+1/2): binomial sums of chi-square integrals.
 */
function reluNoBiasVertices(N: number, sw: number, x: number, k: number, M: number): number[] {
  const c = (sw ** 4 * x * x) / N;
  const v0 = (N * c) / 2;
  const k2 = k * k;
  const B: number[] = [];
  for (let m = 0; m <= M; m++) {
    let total = 0;
    for (let K = 0; K <= N; K++) {
      const lb = lgamma(N + 1) - lgamma(K + 1) - lgamma(N - K + 1) - N * Math.log(2);
      const g = (v: number) => (v - v0) ** m * (1 + k2 * v) ** -(m + 0.5);
      const e = K === 0 ? g(0) : expSinh((X) => Math.exp(-(K / 2) * Math.log(2) - lgamma(K / 2) + (K / 2 - 1) * Math.log(X) - X / 2) * g(c * X));
      total += Math.exp(lb) * e;
    }
    B.push(total);
  }
  const mu = B.map((b) => b / B[0]!);
  const kz = [0];
  for (let n = 1; n <= M; n++) {
    let s = mu[n]!;
    let binom = 1;
    for (let j = 1; j < n; j++) {
      s -= binom * kz[j]! * mu[n - j]!;
      binom = (binom * (n - j)) / j;
    }
    kz.push(s);
  }
  const scale = 1 + k2 * v0;
  const dfact = [1, 3, 15, 105, 945];
  const kappa = Array.from({ length: M }, (_, i) => dfact[i]! * (i === 0 ? v0 / scale + kz[1]! / scale : kz[i + 1]! / scale ** (i + 1)));
  return scalarVertices(kappa, k2);
}

describe('the Legendre relations: cumulants -> vertices', () => {
  test('P = 1, a +-1 variable: W = log cosh J, Gamma~(phi) = sum phi^2n/(2n(2n-1)), so Gamma^(2n) = (2n-2)!', () => {
    // Cumulants of a Rademacher variable: kappa_2n = 2^2n (2^2n - 1) B_2n/(2n): 1, -2, 16, -272, 7936.
    const kappa = [1, -2, 16, -272, 7936];
    const want = [1, 2, 24, 720, 40320];
    scalarVertices(kappa, 0).forEach((g, i) => expect(rel(g, want[i]!)).toBeLessThan(1e-13));
    vertices(
      kappa.slice(0, 4).map((v, i) => scalar(2 * i + 2, v)),
      0,
    ).forEach((g, i) => expect(rel(g.values[0]!, want[i]!)).toBeLessThan(1e-14));
    // the regulator only shifts Gamma2: Gamma2 = 1/kappa2 - k^2
    expect(scalarVertices(kappa, 0.3)[0]).toBeCloseTo(0.7, 15);
  });
  test('P = 2, 3: f = O e (O orthogonal, e independent +-1 of scales a_i): the vertices are the rotated sums', () => {
    // kappa^(n)_{i..} = sum_c a_c^n kappa_n O_ic ...; Gamma~ = sum_c gamma(phi.O_c / a_c): Gamma^(n) = sum_c a_c^-n (n-2)! O_ic ...
    for (const P of [2, 3]) {
      const theta = [0.4, 1.1, -0.7];
      // A rotation: product of plane rotations.
      let O: number[][] = Array.from({ length: P }, (_, i) => Array.from({ length: P }, (__, j) => (i === j ? 1 : 0)));
      for (let p = 0; p + 1 < P; p++) {
        const c = Math.cos(theta[p]!);
        const s = Math.sin(theta[p]!);
        O = O.map((row) => row.map((_, j) => (j === p ? c * row[p]! - s * row[p + 1]! : j === p + 1 ? s * row[p]! + c * row[p + 1]! : row[j]!)));
      }
      const a = [1.3, 0.6, 0.9].slice(0, P);
      const rademacher = [1, -2, 16, -272];
      const gammas = [1, 2, 24, 720];
      const tensor = (n: number, coef: (c: number) => number): SymTensor => ({
        P,
        n,
        values: Float64Array.from(multisetTable(P, n).sets, (set) => a.reduce((s, _, c) => s + coef(c) * set.reduce((prod, i) => prod * O[i]![c]!, 1), 0)),
      });
      const cum = [2, 4, 6, 8].map((n, i) => tensor(n, (c) => a[c]! ** n * rademacher[i]!));
      const got = vertices(cum, 0);
      [2, 4, 6, 8].forEach((n, i) => {
        const want = tensor(n, (c) => a[c]! ** -n * gammas[i]!);
        const scale = Math.max(...Array.from(want.values, Math.abs));
        want.values.forEach((w, j) => expect(Math.abs(got[i]!.values[j]! - w) / scale).toBeLessThan(1e-12));
      });
    }
  });
});

describe('the flow of the vertices (zero-dimensional LPA, R_k = k^2)', () => {
  test("P = 1: the hand expansion of k^2/(k^2 + U'') at phi = 0", () => {
    const g = [0.7, -1.3, 2.1, -3.3, 5.0];
    const k = 0.9;
    const s = k * k;
    const D = g[0]! + s;
    const [, u4, u6, u8, u10] = g as [number, number, number, number, number];
    const want = [
      (-s * u4) / D ** 2,
      s * (-u6 / D ** 2 + (6 * u4 ** 2) / D ** 3),
      s * (-u8 / D ** 2 + (30 * u4 * u6) / D ** 3 - (90 * u4 ** 3) / D ** 4),
      s * (-u10 / D ** 2 + (56 * u4 * u8 + 70 * u6 ** 2) / D ** 3 - (1260 * u4 ** 2 * u6) / D ** 4 + (2520 * u4 ** 4) / D ** 5),
    ];
    const got = flowRhs(
      g.map((v, i) => scalar(2 * i + 2, v)),
      k,
    )!;
    want.forEach((w, i) => expect(rel(got[i]!.values[0]!, w)).toBeLessThan(1e-14));
  });
  test("P = 1 at k = 1: the same as derive's symbolic zero-dimensional LPA (mass regulator, dimensionful)", () => {
    const sys = derive({ scheme: 'wetterich', regulator: 'mass', expand: 'zero', d: 0, N: 1, order: 8, dimensionless: false }).system;
    const g = [0.4, -0.9, 1.7, -2.2];
    const got = flowRhs(
      g.map((v, i) => scalar(2 * i + 2, v)),
      1,
    )!;
    // The flow's Gamma8 misses Gamma10 only in its own beta, as the phi^8 truncation of derive does.
    sys.beta(g).forEach((b, i) => expect(rel(got[i]!.values[0]!, b)).toBeLessThan(1e-13));
  });
  test('P = 2: two independent components rotated by O flow as the rotated P = 1 flows (R = k^2 I is rotation invariant)', () => {
    const c = Math.cos(0.6);
    const s = Math.sin(0.6);
    const O = [
      [c, -s],
      [s, c],
    ];
    const comp = [
      [0.7, -1.3, 2.1, -3.3],
      [1.9, 0.4, -0.8, 1.5],
    ];
    const rotated = (n: number, per: (i: number) => number): SymTensor => ({
      P: 2,
      n,
      values: Float64Array.from(multisetTable(2, n).sets, (set) => [0, 1].reduce((sum, i) => sum + per(i) * set.reduce((p, a) => p * O[a]![i]!, 1), 0)),
    });
    const k = 1.3;
    const got = flowRhs(
      [2, 4, 6, 8].map((n, j) => rotated(n, (i) => comp[i]![j]!)),
      k,
    )!;
    const single = comp.map((g) =>
      flowRhs(
        g.map((v, j) => scalar(2 * j + 2, v)),
        k,
      )!.map((t) => t.values[0]!),
    );
    [2, 4, 6, 8].forEach((n, j) => {
      const want = rotated(n, (i) => single[i]![j]!);
      want.values.forEach((w, e) => expect(Math.abs(got[j]!.values[e]! - w)).toBeLessThan(1e-12 * (1 + Math.abs(w))));
    });
  });
});

describe('exact regulated vertices, P = 1', () => {
  test('ReLU, sigma_b = 0: against the binomial mixture of chi-square laws (independent quadrature), 1e-9 relative', () => {
    for (const N of [3, 10]) {
      const ks = [0.3, 1, 3, 10];
      const e = exactRegulated(net('relu', 0), [1], N, ks, 4);
      expect(e.accuracy).toBeLessThan(1e-11);
      ks.forEach((k, i) => {
        const want = reluNoBiasVertices(N, 1, 1, k, 4);
        e.points[i]!.vertices.forEach((g, j) => expect(rel(g, want[j]!)).toBeLessThan(1e-9));
      });
    }
  });
  test('k = 0: the unregulated vertices from the exact connected functions of exact/ (and irVertices at P = 1)', () => {
    for (const act of ['gauss', 'erf', 'relu', 'cos'] as const) {
      const n = net(act);
      const s = exactSeries(n, [[0.3]], 10, 8);
      const kap = [2, 4, 6, 8].map((d) => s.cumulants[s.space.indexOf([d])!]!);
      const want = scalarVertices(kap, 0);
      const e = exactRegulated(n, [0.3], 10, [0], 4);
      e.points[0]!.vertices.forEach((g, j) => expect(rel(g, want[j]!)).toBeLessThan(1e-11));
      irVertices(n, [[0.3]], 10, 4).forEach((g, j) => expect(rel(g.values[0]!, want[j]!)).toBeLessThan(1e-12));
    }
  });
  test('the exact hierarchy: d Gamma^(2n)/dt by finite differences in t = ln k against the flow right-hand side, 1e-6', () => {
    for (const act of ['gauss', 'erf', 'relu', 'cos'] as const) {
      const n = net(act);
      const h = 0.02;
      const centres = [0.5, 2, 6];
      const ks = centres.flatMap((k) => [k, k * Math.exp(h), k * Math.exp(-h), k * Math.exp(h / 2), k * Math.exp(-h / 2)]);
      const e = exactRegulated(n, [0.2], 10, ks, 5);
      centres.forEach((k, c) => {
        const at = (j: number) => e.points[5 * c + j]!.vertices;
        const rhs = flowRhs(
          at(0).map((v, i) => scalar(2 * i + 2, v)),
          k,
        )!;
        for (let i = 0; i < 4; i++) {
          // Richardson: D = (4 D(h/2) - D(h))/3, error O(h^4) ~ 1e-8 relative here.
          const dH = (at(1)[i]! - at(2)[i]!) / (2 * h);
          const dH2 = (at(3)[i]! - at(4)[i]!) / h;
          const fd = (4 * dH2 - dH) / 3;
          const r = rhs[i]!.values[0]!;
          expect(Math.abs(fd - r) / Math.max(Math.abs(r), 1e-12 * Math.abs(at(0)[i]!))).toBeLessThan(1e-6);
        }
      });
    }
  });
  test('sigmoid at sigma_b = 0, x = 0.01 (y = g^2 within 1e-2 of 1/4, up to k = 20): k = 0 against a 40-digit quadrature, the hierarchy to 1e-6', () => {
    // The tilt e^(-u y) of every node underflowed here (u y > 745) before its weights were taken relative to e^(-u min y).
    // kappa_2m at k = 0 (N = 10): (2m-1)!! N (1/N)^m c_m(y), c_m the cumulants of y = sigmoid(z)^2, z ~ N(0, 1e-4), by
    // mpmath quad at 40 digits (centred moments about E y); 1e-9 relative (kappa8 is a 1e-16 cumulant of a y of spread 1e-2).
    const mpmath = [0.250006249687522, 1.87492968945333e-6, 3.51495128025612e-11, 4.09815436264048e-16];
    const n = net('sigmoid', 0);
    const h = 0.02;
    const centres = [2, 20];
    const ks = [0, ...centres.flatMap((k) => [k, k * Math.exp(h), k * Math.exp(-h), k * Math.exp(h / 2), k * Math.exp(-h / 2)])];
    const e = exactRegulated(n, [0.01], 10, ks, 4);
    e.points[0]!.cumulants.forEach((c, m) => expect(rel(c, mpmath[m]!), `kappa${2 * m + 2}`).toBeLessThan(1e-9));
    centres.forEach((k, c) => {
      const at = (j: number) => e.points[1 + 5 * c + j]!.vertices;
      const rhs = flowRhs(
        at(0).map((v, i) => scalar(2 * i + 2, v)),
        k,
      )!;
      for (let i = 0; i < 3; i++) {
        const fd = (4 * ((at(3)[i]! - at(4)[i]!) / h) - (at(1)[i]! - at(2)[i]!) / (2 * h)) / 3;
        const r = rhs[i]!.values[0]!;
        expect(Math.abs(fd - r) / Math.max(Math.abs(r), 1e-12 * Math.abs(at(0)[i]!)), `k = ${k}, Gamma${2 * i + 2}`).toBeLessThan(1e-6);
      }
    });
  });
  test('against brute-force Monte Carlo of the weighted networks (GaussNet, ReLU, erf; N = 10; |z| < 5)', () => {
    const rng = new TestRng(20260);
    const N = 10;
    const x = 0.3;
    const bags = 20;
    const perBag = 10000;
    for (const act of ['gauss', 'relu', 'erf'] as const) {
      const n = net(act);
      const g = activation(act);
      const V = n.sigma_b ** 2 + n.sigma_w ** 2 * x * x;
      const ks = [0.6, 1.5];
      const e = exactRegulated(n, [x], N, ks, 2);
      // Per bag and k: sums of w, w f^2, w f^4 (w = exp(-k^2 f^2/2)).
      const sums = ks.map(() => Array.from({ length: bags }, () => [0, 0, 0]));
      for (let b = 0; b < bags; b++)
        for (let i = 0; i < perBag; i++) {
          let f = n.sigma_b * rng.normal();
          for (let j = 0; j < N; j++) {
            const z = Math.sqrt(V) * rng.normal();
            f += (n.sigma_w / Math.sqrt(N)) * rng.normal() * g.g(z, V);
          }
          ks.forEach((k, ik) => {
            const w = Math.exp(-0.5 * k * k * f * f);
            const t = sums[ik]![b]!;
            t[0]! += w;
            t[1]! += w * f * f;
            t[2]! += w * f ** 4;
          });
        }
      ks.forEach((k, ik) => {
        const est = (skip: number) => {
          const t = [0, 0, 0];
          sums[ik]!.forEach((s, b) => {
            if (b !== skip) for (let j = 0; j < 3; j++) t[j]! += s[j]!;
          });
          const m2 = t[1]! / t[0]!;
          const m4 = t[2]! / t[0]!;
          return scalarVertices([m2, m4 - 3 * m2 * m2], k * k);
        };
        const all = est(-1);
        const jack = Array.from({ length: bags }, (_, b) => est(b));
        for (let j = 0; j < 2; j++) {
          const mean = jack.reduce((s, v) => s + v[j]!, 0) / bags;
          const se = Math.sqrt(((bags - 1) / bags) * jack.reduce((s, v) => s + (v[j]! - mean) ** 2, 0));
          const z = (all[j]! - e.points[ik]!.vertices[j]!) / se;
          expect(Math.abs(z), `${act} k = ${k} Gamma${2 * j + 2}: z = ${z}`).toBeLessThan(5);
        }
      });
    }
  });
});
