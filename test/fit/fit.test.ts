import { describe, expect, test } from 'vitest';
import { exactCorrelators } from '../../src/exact/index.js';
import { couplings, fitPowerLaw, kernelIntegrals, kkFactors } from '../../src/fit/index.js';
import { momentumKernel } from '../../src/kernel/index.js';
import { parseTheory, type Theory } from '../../src/theory/index.js';
import { TestRng } from '../helpers/rng.js';

const theory = (yaml: string): Theory => parseTheory(yaml, 'test.yaml');
const net = (activation: string, sw: number, sb: number, points: string, d = 1, extra = '') =>
  theory(
    `network:\n  activation: ${activation}\n  d_in: ${d}\n  sigma_w: ${sw}\n  sigma_b: ${sb}\n  widths: [10, 100]\n` +
      `ensemble:\n  points: ${points}\n${extra}`,
  );
const relClose = (a: number, b: number, tol: number) => expect(Math.abs(a - b) / Math.abs(b)).toBeLessThan(tol);

/** Composite Simpson on [lo, hi] with n (even) intervals: independent of nnrg's Gauss–Legendre rules. */
function simpson(f: (x: number) => number, lo: number, hi: number, n: number): number {
  const h = (hi - lo) / n;
  let s = f(lo) + f(hi);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(lo + i * h);
  return (s * h) / 3;
}

describe('kernel integrals of the couplings', () => {
  test('Gaussian kernel, d = 1: I4, I6 and the exchange integral E vs Simpson quadrature', () => {
    // K_W(x, y) = sw^2 exp(-sw^2 (x-y)^2 / 2) for GaussNet d = 1. Simpson with h = 0.004 on [-12, 12]
    // (1-d) and h = 0.03 on [-8, 8]^2 (2-d): errors far below the 1e-9 / 1e-7 tolerances.
    const sw = 1.3;
    const xs = [-0.5, 0.1, 0.7];
    const t = net('gauss', sw, 1, `[${xs.join(', ')}]`);
    const ints = kernelIntegrals(t.network!, t.ensemble.points);
    const Kw = (x: number, y: number) => sw ** 2 * Math.exp((-(sw ** 2) * (x - y) ** 2) / 2);
    for (const idx of [
      [0, 1, 2, 2],
      [0, 0, 0, 0],
      [0, 1, 1, 2, 2, 2],
    ]) {
      relClose(
        ints.I(idx),
        simpson((x) => idx.reduce((p, i) => p * Kw(x, xs[i]!), 1), -12, 12, 6000),
        1e-9,
      );
    }
    const A = [0, 1, 2];
    const B = [2, 2, 0];
    const inner = (x: number) => simpson((y) => Kw(x, y) * B.reduce((p, i) => p * Kw(y, xs[i]!), 1), -8, 8, 540);
    const E = simpson((x) => A.reduce((p, i) => p * Kw(x, xs[i]!), 1) * inner(x), -8, 8, 540);
    relClose(ints.E!(A, B), E, 1e-7);
  });

  test('Gaussian kernel, d = 2: I4 vs a 2-d Simpson rule', () => {
    const sw = 0.9;
    const pts = [
      [0.2, -0.1],
      [0.0, 0.3],
      [-0.4, 0.1],
    ];
    const t = net('gauss', sw, 1, JSON.stringify(pts), 2);
    const a = sw ** 2 / 4; // sw^2 / (2 d)
    const Kw = (x: number[], y: number[]) => sw ** 2 * Math.exp(-a * ((x[0]! - y[0]!) ** 2 + (x[1]! - y[1]!) ** 2));
    const idx = [0, 1, 2, 2];
    const num = simpson((u) => simpson((v) => idx.reduce((p, i) => p * Kw([u, v], pts[i]!), 1), -10, 10, 400), -10, 10, 400);
    relClose(kernelIntegrals(t.network!, t.ensemble.points).I(idx), num, 1e-8);
  });

  test('erf kernel: the cut-off integral on [-L, L] vs Simpson with the arcsine kernel', () => {
    // K_W = sw^2 (2/pi) asin(2 S_xy / sqrt((1 + 2 S_xx)(1 + 2 S_yy))), S_xy = sb^2 + sw^2 x y.
    const sw = 1;
    const sb = 1;
    const xs = [-0.01, 0.002, 0.01];
    const S = (x: number, y: number) => sb ** 2 + sw ** 2 * x * y;
    const Kw = (x: number, y: number) => sw ** 2 * (2 / Math.PI) * Math.asin((2 * S(x, y)) / Math.sqrt((1 + 2 * S(x, x)) * (1 + 2 * S(y, y))));
    for (const L of [1, 2.5]) {
      const t = net('erf', sw, sb, `[${xs.join(', ')}]`);
      const ints = kernelIntegrals(t.network!, t.ensemble.points, { cutoff: L });
      for (const idx of [
        [0, 1, 2, 2],
        [0, 0, 1, 1, 2, 2],
      ]) {
        relClose(
          ints.I(idx),
          simpson((x) => idx.reduce((p, i) => p * Kw(x, xs[i]!), 1), -L, L, 4000),
          1e-10,
        );
      }
    }
  });
});

describe('couplings', () => {
  test('GaussNet u4 at coincident points: -3 (e^{4 sb^2} - 1) / (N sw^4) (2 sw^2 / (pi d))^{d/2}', () => {
    // At x = 0: M4 = e^{4 sb^2}, M2 = 1, so Delta G4 = 3 sw^4 (e^{4 sb^2} - 1) / N, and the Gaussian integral
    // I4 = int d^dx (sw^2 e^{-sw^2 x^2/(2d)})^4 = sw^8 (pi d / (2 sw^2))^{d/2}.
    for (const [d, sw, sb, N] of [
      [1, 1, 1, 10],
      [2, 1.7, 0.5, 3],
      [3, 0.6, 1.2, 100],
    ] as const) {
      const zero = JSON.stringify(new Array(d).fill(0));
      const other = JSON.stringify(new Array(d).fill(0.01));
      const t = net('gauss', sw, sb, `[${zero}, ${other}]`, d);
      const c = couplings(exactCorrelators(t, N), t, 'physical');
      const u4 = c.u4.values.find((v) => v.idx.join() === '0,0,0,0')!.value;
      relClose(u4, ((-3 * (Math.exp(4 * sb * sb) - 1)) / (N * sw ** 4)) * Math.pow((2 * sw * sw) / (Math.PI * d), d / 2), 1e-12);
      expect(c.u4.mean).toBeLessThan(0);
      expect(c.u4.stderr).toBe(0);
    }
  });

  test('u6 inverts the tree-level relation: -u6 I6 + u4^2 sum E = kappa6 (the series cumulant, a separate path)', () => {
    // couplings() builds G6c = Delta G6 - sum_15 G4c K from the document; exact/ gives kappa6 directly from the
    // cumulant series (doc.connected). Agreement checks the 15 (4,2) splits and the exchange bookkeeping.
    const t = net('gauss', 1.1, 0.8, '[-0.3, 0.1, 0.4]');
    const doc = exactCorrelators(t, 4);
    const c = couplings(doc, t, 'physical');
    const ints = kernelIntegrals(t.network!, t.ensemble.points);
    const kappa6 = (doc.connected as Record<string, number[]>)['6']!;
    c.u6.values.forEach((v, k) => {
      let ex = 0;
      for (let a = 1; a < 6; a++)
        for (let b = a + 1; b < 6; b++) {
          const A = [0, a, b];
          const B = [0, 1, 2, 3, 4, 5].filter((i) => !A.includes(i));
          ex += ints.E!(
            A.map((i) => v.idx[i]!),
            B.map((i) => v.idx[i]!),
          );
        }
      relClose(-v.value * ints.I(v.idx) + c.u4.mean ** 2 * ex, kappa6[k]!, 1e-10);
    });
  });

  test('kk normalization: C k^{4-d} K_k(p) reproduces the momentum kernel, K_k = exp(-p^2/k^2)/k^2', () => {
    for (const d of [1, 2, 3]) {
      const t = net('gauss', 1.4, 1, JSON.stringify([new Array(d).fill(0)]), d);
      const mk = momentumKernel(t.network!)!;
      const k2 = (2 * 1.4 ** 2) / d;
      const C = Math.sqrt(kkFactors(t.network!).u4 / Math.pow(k2, 4 - d)); // u4 factor = C^2 k^{8-2d}
      for (const p of [0, 0.5, 2]) relClose((C * Math.pow(k2, (4 - d) / 2) * Math.exp(-(p * p) / k2)) / k2, mk.value(p), 1e-13);
      relClose(kkFactors(t.network!).u6, Math.pow(C, 3) * Math.pow(k2, (12 - 3 * d) / 2), 1e-13);
    }
  });

  test('active RG for GaussNet, d_in = 1, 2, 3: fitted sigma_w exponents vs the analytic values in both normalizations', () => {
    // Analytic (docs/conventions.md): kk u4 ~ sw^(4-d), u6 ~ sw^(6-2d); physical u4 ~ sw^(d-4), u6 ~ sw^(d-6).
    // Exact correlators at points of size 0.01: corrections O((sw x)^2) <= 1e-2 over sw in [1, 10]; tolerance 0.01.
    const scan = [1, 1.5, 2, 3, 5, 7, 10];
    for (const d of [1, 2, 3]) {
      const pts = [0.01, -0.006, 0.002].map((v, i) => Array.from({ length: d }, (_, k) => (k === i % d ? v : v / 2)));
      for (const norm of ['physical', 'kk'] as const) {
        const u4: number[] = [];
        const u6: number[] = [];
        for (const sw of scan) {
          const t = net('gauss', sw, 1, JSON.stringify(pts), d);
          const c = couplings(exactCorrelators(t, 1000), t, norm);
          u4.push(c.u4.mean);
          u6.push(c.u6.mean);
        }
        const e4 = norm === 'kk' ? 4 - d : d - 4;
        const e6 = norm === 'kk' ? 6 - 2 * d : d - 6;
        expect(
          Math.abs(
            fitPowerLaw(
              scan,
              u4,
              scan.map(() => 0),
            ).exponent - e4,
          ),
        ).toBeLessThan(0.01);
        expect(
          Math.abs(
            fitPowerLaw(
              scan,
              u6,
              scan.map(() => 0),
            ).exponent - e6,
          ),
        ).toBeLessThan(0.01);
      }
    }
  });
});

describe('power-law fits', () => {
  test('exact power law: exponent and amplitude to 1e-12, zero-width interval', () => {
    const x = [1, 2, 5, 10, 50];
    const f = fitPowerLaw(
      x,
      x.map((v) => -3 * Math.pow(v, -1.5)),
      x.map(() => 0),
    );
    expect(f.exponent).toBeCloseTo(-1.5, 12);
    expect(f.amplitude).toBeCloseTo(-3, 11);
    expect(f.ci95[1] - f.ci95[0]).toBeLessThan(1e-10);
  });

  test('weighted fit with Gaussian noise: the 95% interval covers the truth in ~95% of 400 seeded trials', () => {
    // Binomial(400, 0.95): coverage in [0.92, 0.98] with probability > 0.99.
    const rng = new TestRng(99);
    const x = [2, 3, 4, 5, 10, 20, 50, 100];
    let covered = 0;
    for (let trial = 0; trial < 400; trial++) {
      const sig = x.map((v) => 0.05 * Math.pow(v, -1));
      const y = x.map((v, i) => Math.pow(v, -1) + sig[i]! * rng.normal());
      const f = fitPowerLaw(x, y, sig);
      if (f.ci95[0] <= -1 && -1 <= f.ci95[1]) covered++;
    }
    expect(covered / 400).toBeGreaterThan(0.92);
    expect(covered / 400).toBeLessThan(0.985);
  });
});
