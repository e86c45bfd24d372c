import { describe, expect, it } from 'vitest';
import { cd, derive, type DeriveOptions } from '../../src/flow/index.js';
import { convergence, findFixedPoints, integrateFlow, scanOrders, type FixedPoint } from '../../src/solve/index.js';
import { gaussianEigenvalues, LPA_ZERO_THETA1, PHI4_ZERO_D3 } from '../helpers/lpa-reference.js';
import { litimMinimum } from './systems.js';

// The real derivation (src/flow) fed to the solver, checked against independent references.
const sys = (o: Partial<DeriveOptions> & { order: number }) =>
  derive({ scheme: 'wetterich', regulator: 'litim', expand: 'minimum', d: 3, N: 1, dimensionless: true, ...o }).system;
const wf = (fps: FixedPoint[]) => fps.find((f) => f.name === 'Wilson-Fisher');

describe('derived LPA-Litim truncations', () => {
  it('3d Ising around the minimum: nu per order equals the hand-built test system, and converges', () => {
    // The hand-built system (test/solve/systems.ts, power series written in the test) has c = 1 and a
    // finite-difference Jacobian (~1e-8): exponents agree to 1e-6; couplings by kappa = c_d kappa~.
    const orders = [4, 6, 8, 10, 12, 14, 16];
    const real = scanOrders((o) => sys({ order: o }), orders);
    const hand = scanOrders((o) => litimMinimum(3, o), orders.slice(0, 5));
    hand.forEach((h, i) => {
      const a = wf(real[i]!.fixedPoints)!;
      const b = wf(h.fixedPoints)!;
      expect(a.nu!).toBeCloseTo(b.nu!, 6);
      expect(a.omega!).toBeCloseTo(b.omega!, 6);
      expect(a.couplings.kappa!).toBeCloseTo(cd(3) * b.couplings.kappa!, 9);
    });
    // (Their limit, the full function, against the published table: test/solve/lpa-full.test.ts.)
    const rows = real.map((r) => ({ order: r.order, nu: wf(r.fixedPoints)!.nu, omega: wf(r.fixedPoints)!.omega }));
    expect(convergence(rows).converged).toBe(true);
  });

  it('3d Ising around zero: nu per order equals the phi^4 closed form and an independent sympy/numpy root search', () => {
    const res = scanOrders((o) => sys({ order: o, expand: 'zero' }), [4, 6, 8, 10]);
    expect(wf(res[0]!.fixedPoints)!.nu!).toBeCloseTo(PHI4_ZERO_D3.nu, 12);
    // the reference is printed to 8 decimals
    for (const [i, order] of [6, 8, 10].entries()) expect(wf(res[i + 1]!.fixedPoints)!.nu!).toBeCloseTo(-1 / LPA_ZERO_THETA1[order]!, 7);
  });

  it('finds and names the Gaussian fixed point, with its canonical eigenvalues in d = 2, 3, 4', () => {
    // (The eigenvalues themselves are checked on the stability matrix in test/flow/derive.test.ts.)
    for (const d of [2, 3, 4]) {
      const g = findFixedPoints(sys({ order: 8, expand: 'zero', d })).find((f) => f.name === 'Gaussian')!;
      expect(g.values.every((v) => v === 0)).toBe(true);
      const expected = gaussianEigenvalues(d, 4).sort((a, b) => a - b);
      // d = 2: a 4x4 Jordan-like block at -2; rounding 1e-16 in it moves eigenvalues by ~1e-4.
      for (const [i, e] of g.eigenvalues.entries()) expect(e.re).toBeCloseTo(expected[i]!, d === 2 ? 3 : 9);
      expect(g.eigenvalues.every((e) => e.im === 0)).toBe(true);
    }
  });

  it('d = 4 - eps: the Wilson-Fisher point merges into the Gaussian one, nu -> 1/2', () => {
    let prev = Infinity;
    const perEps: number[] = [];
    for (const eps of [0.4, 0.1, 0.02]) {
      const w = wf(scanOrders((o) => sys({ order: o, expand: 'zero', d: 4 - eps }), [4, 6])[1]!.fixedPoints)!;
      const size = Math.max(...w.values.map(Math.abs));
      expect(size).toBeLessThan(prev);
      prev = size;
      perEps.push((w.couplings.u4! * 6 * cd(4 - eps)) / eps);
      // one-loop: nu = 1/2 + eps/12 + O(eps^2) (N = 1)
      expect(Math.abs(w.nu! - (0.5 + eps / 12))).toBeLessThan(2 * eps * eps);
    }
    // One loop: u4* = eps/(6 c_d) (1 + O(eps)); measured deviations 0.104 (eps = 0.1), 0.020 (0.02).
    expect(Math.abs(perEps[1]! - 1)).toBeLessThan(1.2 * 0.1);
    expect(Math.abs(perEps[2]! - 1)).toBeLessThan(1.2 * 0.02);
  });

  it('O(N): nu per order equals the hand-built O(N) system (N = 2, 3), and nu -> 1/(d-2) at large N', () => {
    // (The full function for N = 2, 3 against these truncations and the published table: test/solve/lpa-full.test.ts.)
    for (const N of [2, 3]) {
      const res = scanOrders((o) => sys({ order: o, N }), [4, 6, 8]);
      // the hand-built O(N) series system (c = 1, finite-difference Jacobian)
      const hand = scanOrders((o) => litimMinimum(3, o, 1, N), [4, 6, 8]);
      for (const [i, h] of hand.entries()) expect(wf(res[i]!.fixedPoints)!.nu!).toBeCloseTo(wf(h.fixedPoints)!.nu!, 6);
    }
    // Large N: the LPA is exact for nu at N = infinity, nu = 1/(d-2) = 1 in d = 3 (spherical model).
    const big = scanOrders((o) => sys({ order: o, N: 1000 }), [4, 6, 8]);
    expect(wf(big[2]!.fixedPoints)!.nu!).toBeCloseTo(1, 2);
  });

  it('a flow driven into the pole 1 + m2 -> 0 stops there and says so', () => {
    const s = sys({ order: 6, expand: 'zero' });
    // m2 = -0.6: the IR flow (t -> -10) pushes m2 to -1 within a few units of t.
    const r = integrateFlow(s, [-0.6, 1, 0], { from: 0, to: -10, rtol: 1e-10, atol: 1e-12 });
    expect(r.stop.reason).toBe('pole');
    expect(s.poleDistance(r.g[r.g.length - 1]!)).toBeCloseTo(1e-4, 8);
    expect(r.stop.message).toMatch(/threshold function diverges/);
  });
});
