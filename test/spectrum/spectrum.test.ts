import { describe, expect, test } from 'vitest';
import { cosineKernel, gaussianSpectrum, gegenbauer, hermiteModes, multiplicity, sphereSpectrum } from '../../src/spectrum/index.js';
import { networkKernel } from '../../src/kernel/index.js';
import { gaussHermite, gaussLegendre } from '../../src/numeric/index.js';
import { ACTIVATIONS, activation } from '../../src/activations/index.js';
import type { NetworkSpec } from '../../src/theory/index.js';
import { symmetricEigenvalues } from '../helpers/eigen.js';
import { TestRng } from '../helpers/rng.js';

const net = (over: Partial<NetworkSpec>): NetworkSpec => ({
  activation: 'relu',
  d_in: 3,
  d_out: 1,
  sigma_w: 1,
  sigma_b: 0,
  widths: [10],
  depth: 1,
  ...over,
});

describe('Gegenbauer polynomials and multiplicities', () => {
  test('N(d, l): 2l+1 (d = 3), 2 (d = 2), (l+1)^2 (d = 4), and C(l+d-1, d-1) - C(l+d-3, d-1) in general', () => {
    const binom = (n: number, k: number) => {
      if (k < 0 || n < k) return 0;
      let r = 1;
      for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
      return Math.round(r);
    };
    for (let l = 0; l <= 20; l++) {
      expect(multiplicity(3, l)).toBe(2 * l + 1);
      expect(multiplicity(2, l)).toBe(l === 0 ? 1 : 2);
      expect(multiplicity(4, l)).toBe((l + 1) ** 2);
      for (const d of [5, 10, 30]) expect(multiplicity(d, l)).toBe(binom(l + d - 1, d - 1) - binom(l + d - 3, d - 1));
    }
  });
  test('P_l(1) = 1; d = 3 Legendre and d = 2 Chebyshev values; orthogonality c_d int P_j P_l w = delta_jl / N(d, l)', () => {
    const t = 0.37;
    expect(gegenbauer(3, 3, t)).toBeCloseTo((5 * t ** 3 - 3 * t) / 2, 15);
    expect(gegenbauer(3, 4, t)).toBeCloseTo((35 * t ** 4 - 30 * t ** 2 + 3) / 8, 15);
    expect(gegenbauer(2, 7, t)).toBeCloseTo(Math.cos(7 * Math.acos(t)), 14);
    for (const d of [3, 5, 12]) {
      for (let l = 0; l <= 10; l++) expect(gegenbauer(d, l, 1)).toBeCloseTo(1, 14);
      // Gauss–Legendre in t is exact here for odd d (the weight (1 - t^2)^((d-3)/2) is then a polynomial).
      const { x, w } = gaussLegendre(60);
      const weight = (s: number) => (1 - s * s) ** ((d - 3) / 2);
      let norm = 0;
      for (let i = 0; i < x.length; i++) norm += w[i]! * weight(x[i]!);
      for (let j = 0; j <= 6; j++) {
        for (let l = 0; l <= 6; l++) {
          let s = 0;
          for (let i = 0; i < x.length; i++) s += w[i]! * weight(x[i]!) * gegenbauer(d, j, x[i]!) * gegenbauer(d, l, x[i]!);
          expect(Math.abs(s / norm - (j === l ? 1 / multiplicity(d, l) : 0))).toBeLessThan(1e-14);
        }
      }
    }
  });
});

describe('the cosine kernel equals src/kernel at two points on the sphere', () => {
  // Closed-form activations at depths 1 and 2 (the scalar layer recursion); two quadrature activations at
  // depth 1 (the Chebyshev interpolant; each src/kernel value is a 2-d quadrature of ~50 ms, so not all).
  const closed = ACTIVATIONS.filter((a) => activation(a).pairExpectation);
  const cases = [...closed.flatMap((a) => [1, 2].map((depth) => [a, depth] as const)), ['tanh', 1] as const, ['softplus', 1] as const];
  test.each(cases)('%s, depth %i', (name, depth) => {
    const spec = net({ activation: name, d_in: 4, sigma_w: 1.3, sigma_b: name === 'cos' ? 0.4 : 0.6, depth });
    const k = cosineKernel(spec);
    expect(k.method).toBe(activation(name).pairExpectation ? 'closed form' : 'interpolated');
    const kernel = networkKernel(spec);
    const r = 2; // sqrt(d_in)
    for (const t of [-1, -0.6, 0.3, 0.95, 1]) {
      const v = kernel.value([r, 0, 0, 0], [r * t, r * Math.sqrt(1 - t * t), 0, 0]);
      // closed forms: rounding; interpolants: their stated accuracy (~1e-13)
      expect(Math.abs(k.value(t) - v)).toBeLessThanOrEqual(Math.max(1e-13, 2 * k.accuracy));
    }
  });
});

/** sum_k (z/2)^(2k+l) Gamma(d/2) / (k! Gamma(k + l + d/2)): the Funk–Hecke eigenvalue of e^{z t} (a Bessel series). */
function expEigenvalue(z: number, d: number, l: number): number {
  let ratio = 1; // Gamma(d/2) / Gamma(l + d/2)
  for (let j = 0; j < l; j++) ratio /= d / 2 + j;
  let term = (z / 2) ** l * ratio;
  let sum = term;
  for (let k = 0; k < 200; k++) {
    term *= (z / 2) ** 2 / ((k + 1) * (k + l + d / 2));
    sum += term;
    if (term < 1e-18 * sum) break;
  }
  return sum;
}

describe('sphere spectra against closed forms (Funk–Hecke accurate to 1e-13)', () => {
  test('ReLU, sigma_w = 1, sigma_b = 0, d_in = 3: lambda_0..5 = 3/16, 1/12, 3/256, 0, 1/3072, 0', () => {
    // K(t) = (sqrt(1-t^2) + (pi - arccos t) t)/(2 pi): odd part t/4, even part (sqrt(1-t^2) + t arcsin t)/(2 pi);
    // lambda_l = (1/2) int K P_l dt by the moments int t^(2m) sqrt(1-t^2) and int t^(2m+1) arcsin t.
    const s = sphereSpectrum(net({}), 12);
    const exact = [3 / 16, 1 / 12, 3 / 256, 0, 1 / 3072, 0];
    exact.forEach((v, l) => expect(Math.abs(s.shells[l]!.lambda - v)).toBeLessThan(1e-13));
    for (let l = 3; l <= 12; l += 2) expect(Math.abs(s.shells[l]!.lambda)).toBeLessThan(1e-15);
  });
  test('ReLU in any d_in: lambda_1 = E[t^2]/4 = 1/(4 d_in), odd degrees >= 3 vanish (the odd part of K is t/4)', () => {
    for (const d of [2, 5, 30, 200]) {
      const s = sphereSpectrum(net({ d_in: d }), 9);
      expect(Math.abs(s.shells[1]!.lambda - 1 / (4 * d))).toBeLessThan(1e-13);
      for (let l = 3; l <= 9; l += 2) expect(Math.abs(s.shells[l]!.lambda)).toBeLessThan(1e-14);
      expect(s.accuracy.lambda).toBeLessThan(1e-13);
    }
  });
  test('erf, sigma_b = 0, d_in = 3: only odd degrees; lambda_1 and lambda_3 from int u^k arcsin u', () => {
    const sw = 1.2;
    const s = sphereSpectrum(net({ activation: 'erf', sigma_w: sw }), 8);
    // K(t) = (2 sw^2/pi) arcsin(a t), a = 2 sw^2/(1 + 2 sw^2); J_k = int_0^a u^k arcsin u du.
    const a = (2 * sw * sw) / (1 + 2 * sw * sw);
    const as = Math.asin(a);
    const r = Math.sqrt(1 - a * a);
    const J1 = (a * a * as) / 2 - (as - a * r) / 4;
    const J3 = (a ** 4 * as) / 4 - ((3 / 8) * as - (3 / 8) * a * r - (1 / 4) * a ** 3 * r) / 4;
    const I1 = J1 / a ** 2;
    const I3 = J3 / a ** 4;
    const c = (sw * sw) / Math.PI;
    expect(Math.abs(s.shells[1]!.lambda - 2 * c * I1)).toBeLessThan(1e-13);
    expect(Math.abs(s.shells[3]!.lambda - c * (5 * I3 - 3 * I1))).toBeLessThan(1e-13);
    for (const l of [0, 2, 4, 6, 8]) expect(Math.abs(s.shells[l]!.lambda)).toBeLessThan(1e-15);
  });
  test('cos-net and GaussNet (K = sb^2 + A e^{-sw^2 (1 - t)}): the Bessel series, d_in = 3 to 1000 (the sharply peaked weight)', () => {
    for (const [activation, A] of [
      ['cos', 0.5],
      ['gauss', 1],
    ] as const) {
      for (const d of [3, 10, 30, 1000]) {
        const sw = 1.7;
        const sb = 0.3;
        const z = sw * sw;
        const s = sphereSpectrum(net({ activation, d_in: d, sigma_w: sw, sigma_b: sb }), 10);
        for (let l = 0; l <= 10; l++) {
          const exact = A * z * Math.exp(-z) * expEigenvalue(z, d, l) + (l === 0 ? sb * sb : 0);
          expect(Math.abs(s.shells[l]!.lambda - exact)).toBeLessThan(1e-13);
        }
      }
    }
  });
  test('linear kernel: only l = 0, 1, with lambda_0 = sb^2 (1 + sw^2) and lambda_1 = sw^4/d (depth 1), also at depth 2', () => {
    for (const d of [3, 10]) {
      const sw2 = 1.5 ** 2;
      const sb2 = 0.7 ** 2;
      const s = sphereSpectrum(net({ activation: 'linear', d_in: d, sigma_w: 1.5, sigma_b: 0.7 }), 6);
      expect(s.shells[0]!.lambda).toBeCloseTo(sb2 * (1 + sw2), 13);
      expect(s.shells[1]!.lambda).toBeCloseTo((sw2 * sw2) / d, 13);
      for (let l = 2; l <= 6; l++) expect(Math.abs(s.shells[l]!.lambda)).toBeLessThan(1e-14);
      expect(s.tail).toBeLessThan(1e-13);
      const deep = sphereSpectrum(net({ activation: 'linear', d_in: d, sigma_w: 1.5, sigma_b: 0.7, depth: 2 }), 6);
      for (let l = 2; l <= 6; l++) expect(Math.abs(deep.shells[l]!.lambda)).toBeLessThan(1e-14);
      expect(deep.shells[1]!.lambda).toBeCloseTo(sw2 ** 3 / d, 12); // K = sb2 + sw2 (sb2 + sw2 (sb2 + sw2 t))
    }
  });
});

describe('trace identity sum_l N(d,l) lambda_l = K(1)', () => {
  test('fast-decaying spectra: the computed degrees hold K(1) to 1e-12 (cos-net, erf, GaussNet depth 2)', () => {
    const cases: Partial<NetworkSpec>[] = [
      { activation: 'cos', d_in: 3, sigma_w: 2 },
      { activation: 'erf', d_in: 5, sigma_w: 1, sigma_b: 0.5 },
      { activation: 'gauss', d_in: 3, sigma_w: 1, sigma_b: 0.5, depth: 2 },
    ];
    for (const c of cases) {
      const spec = net(c);
      const s = sphereSpectrum(spec, 40);
      const K1 = networkKernel(spec).value(
        [Math.sqrt(spec.d_in), ...new Array<number>(spec.d_in - 1).fill(0)],
        [Math.sqrt(spec.d_in), ...new Array<number>(spec.d_in - 1).fill(0)],
      );
      const sum = s.shells.reduce((a, sh) => a + sh.multiplicity * sh.lambda, 0);
      expect(Math.abs(sum - K1)).toBeLessThan(1e-12 * K1);
    }
  });
  test('ReLU (algebraic decay): the tail K(1) - sum shrinks with the degrees, and is positive', () => {
    const tails = [10, 40, 160].map((L) => sphereSpectrum(net({ d_in: 3 }), L).tail);
    expect(tails[0]!).toBeGreaterThan(tails[1]!);
    expect(tails[1]!).toBeGreaterThan(tails[2]!);
    expect(tails[2]!).toBeGreaterThan(0);
    // lambda_l ~ l^-(d+2) = l^-5 and N = 2l + 1: the tail falls like L^-3, i.e. ~64x per factor 4
    expect(tails[1]! / tails[2]!).toBeGreaterThan(40);
    expect(tails[1]! / tails[2]!).toBeLessThan(90);
  });
});

describe('sphere spectra against the eigenvalues of the Gram matrix K(x_i, x_j)/n of random sphere points', () => {
  // n = 400 points. The Gram eigenvalues of a shell approach lambda_l with a bias ~1/n that grows down the
  // spectrum (measured at n = 400: <= 3.3% for shells with n lambda_l >= 3 K(1), up to 50% further down); compared,
  // sorted by lambda, where n lambda_l >= 3 K(1) and the neighbours differ by 30% (no mixing), to 5%.
  test.each([
    ['relu', 3, 1.5, 0, 1],
    ['relu', 5, 1.5, 1, 2],
    ['erf', 3, 2.5, 0.5, 1],
    ['cos', 3, 1.5, 0, 1],
  ] as const)('%s, d_in = %i, sigma_w = %f, sigma_b = %f, depth %i', (name, d, sw, sb, depth) => {
    const spec = net({ activation: name, d_in: d, sigma_w: sw, sigma_b: sb, depth });
    const s = sphereSpectrum(spec, 12);
    const k = cosineKernel(spec).value;
    const n = 400;
    const rng = new TestRng(11);
    const X = Array.from({ length: n }, () => {
      const v = Array.from({ length: d }, () => rng.normal());
      const r = Math.hypot(...v);
      return v.map((x) => x / r); // unit vectors: the cosine is x.y
    });
    const G = X.map((x) =>
      X.map(
        (y) =>
          k(
            Math.max(
              -1,
              Math.min(
                1,
                x.reduce((a, xi, i) => a + xi * y[i]!, 0),
              ),
            ),
          ) / n,
      ),
    );
    const ev = symmetricEigenvalues(G);
    const shells = s.shells.filter((sh) => sh.lambda > 1e-10).sort((a, b) => b.lambda - a.lambda);
    let pos = 0;
    let compared = 0;
    for (let i = 0; i < shells.length && n * shells[i]!.lambda >= 3 * s.trace; i++) {
      const sh = shells[i]!;
      const group = ev.slice(pos, pos + sh.multiplicity);
      pos += sh.multiplicity;
      const gapBefore = i === 0 || shells[i - 1]!.lambda > 1.3 * sh.lambda;
      const gapAfter = i + 1 === shells.length || sh.lambda > 1.3 * shells[i + 1]!.lambda;
      if (!gapBefore || !gapAfter) continue;
      const mean = group.reduce((a, b) => a + b, 0) / group.length;
      expect(Math.abs(mean / sh.lambda - 1)).toBeLessThan(0.05);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(2);
  });
});

describe('Gaussian input measure (d_in = 1): Hermite modes (Mehler)', () => {
  test.each([
    ['gauss', 1.3, 1],
    ['cos', 0.8, 0.5],
  ] as const)('%s, sigma_w = %f: eigen-equation and orthonormality by Gauss–Hermite quadrature, trace, Gram eigenvalues', (activation, sw, A) => {
    const spec = net({ activation, d_in: 1, sigma_w: sw, sigma_b: 0 });
    const m = hermiteModes(spec);
    const K = (x: number, y: number) => A * sw * sw * Math.exp((-sw * sw * (x - y) ** 2) / 2);
    const { x, w } = gaussHermite(120); // E over x ~ N(0, 1)
    const phis = Array.from(x, (xi) => m.phi(xi, 8));
    for (let j = 0; j <= 8; j++) {
      for (let k = 0; k <= 8; k++) {
        let s = 0;
        for (let i = 0; i < x.length; i++) s += w[i]! * phis[i]![j]! * phis[i]![k]!;
        expect(Math.abs(s - (j === k ? 1 : 0))).toBeLessThan(1e-12);
      }
    }
    for (const y of [-1.5, 0, 0.4, 2]) {
      const py = m.phi(y, 8);
      for (let k = 0; k <= 8; k++) {
        let s = 0;
        for (let i = 0; i < x.length; i++) s += w[i]! * K(y, x[i]!) * phis[i]![k]!;
        expect(Math.abs(s - m.lambda(k) * py[k]!)).toBeLessThan(1e-12);
      }
    }
    const spectrum = gaussianSpectrum(spec, 30);
    const sum = spectrum.shells.reduce((a, sh) => a + sh.lambda, 0);
    expect(Math.abs(sum + spectrum.tail - A * sw * sw)).toBeLessThan(1e-14);
    const n = 400;
    const rng = new TestRng(5);
    const X = Array.from({ length: n }, () => rng.normal());
    const ev = symmetricEigenvalues(X.map((a) => X.map((b) => K(a, b) / n)));
    for (let k = 0; k < 4; k++) expect(Math.abs(ev[k]! / m.lambda(k) - 1)).toBeLessThan(0.1);
  });
});
