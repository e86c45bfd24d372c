import { beforeAll, describe, expect, it } from 'vitest';
import { cd, derive } from '../../src/flow/index.js';
import { convergence, lpaFixedPointFull, scanOrders, type FixedPoint, type FullLpaResult } from '../../src/solve/index.js';
import { LITIM_2002 } from '../helpers/lpa-reference.js';

const minimum = (d: number, N: number) => (order: number) =>
  derive({ scheme: 'wetterich', regulator: 'litim', expand: 'minimum', d, N, order, dimensionless: true }).system;
const wf = (fps: FixedPoint[]) => fps.find((f) => f.name === 'Wilson-Fisher')!;

describe('full-function LPA fixed point (Litim, d = 3)', () => {
  const full: Record<number, FullLpaResult> = {};
  beforeAll(() => {
    for (const N of [1, 2, 3, 4]) full[N] = lpaFixedPointFull({ d: 3, N });
  });

  it('N = 1 agrees with an independent scipy shooting', () => {
    // scipy (DOP853 outward from a series start, Radau inward from w = A rho^2, matched at rho = 2.5,
    // Wronskian roots by brentq; test/solve/reference/lpa_full_scipy.py): lambda_1 = -1.53949946, omega = 0.65574594,
    // lambda_3 = 3.18000651, w(0) = -0.186064249. Its start is first order at rho = 1e-4: agreement ~1e-8.
    const f = full[1]!;
    expect(f.eigenvalues[0]!.re).toBeCloseTo(-1.53949946, 7);
    expect(f.omega!).toBeCloseTo(0.65574594, 7);
    expect(f.eigenvalues[2]!.re).toBeCloseTo(3.18000651, 6);
    expect(f.sigma).toBeCloseTo(-0.186064249, 8);
  });

  it('nu (N = 1, 2, 3, 4) and omega (N = 1) equal the published table of Litim (2002) to its rounding', () => {
    for (const [N, nu] of Object.entries(LITIM_2002.nu)) {
      expect(Math.abs(full[Number(N)]!.nu! - nu), `nu, N = ${N}`).toBeLessThanOrEqual(LITIM_2002.rounding);
    }
    for (const [N, omega] of Object.entries(LITIM_2002.omega)) {
      expect(Math.abs(full[Number(N)]!.omega! - omega), `omega, N = ${N}`).toBeLessThanOrEqual(LITIM_2002.rounding);
    }
  });

  it('N = 1 matches the high-order truncation around the minimum', () => {
    const res = scanOrders(minimum(3, 1), [4, 6, 8, 10, 12, 14, 16, 18, 20]);
    const w = wf(res[res.length - 1]!.fixedPoints);
    const c = convergence(res.map((r) => ({ order: r.order, nu: wf(r.fixedPoints).nu, omega: wf(r.fixedPoints).omega })));
    const f = full[1]!;
    // Truncation error at order 20 (from the convergence table: changes ~1e-5) bounds the agreement.
    expect(Math.abs(f.nu! - w.nu!)).toBeLessThan(3 * c.nu!.change + 1e-6);
    expect(Math.abs(f.omega! - w.omega!)).toBeLessThan(1e-4);
    // full-function units are c_d-rescaled: kappa = c_d kappa~, l2 = l2~/c_d
    expect(cd(3) * f.kappa!).toBeCloseTo(w.couplings.kappa!, 6); // order-20 truncation: ~2e-7
    expect(f.lambda2! / cd(3)).toBeCloseTo(w.couplings.l2!, 3);
  });

  it('O(N), N = 2, 3: matches the order-16 truncation around the minimum', () => {
    for (const N of [2, 3]) {
      const res = scanOrders(minimum(3, N), [4, 6, 8, 10, 12, 14, 16]);
      const w = wf(res[res.length - 1]!.fixedPoints);
      // order-16 truncation error (~2e-4 at N = 2 from the table's last changes)
      expect(Math.abs(full[N]!.nu! - w.nu!), `N = ${N}`).toBeLessThan(3e-4);
      expect(Math.abs(full[N]!.omega! - w.omega!), `N = ${N}`).toBeLessThan(3e-3);
    }
  });
});

describe('full-function LPA away from d = 3', () => {
  it('d = 3.5: agrees with the derived truncation around the minimum (order 12)', () => {
    // The truncation settles at 0.55516 from order 10 on (table in docs/flows.md): 1e-5 agreement.
    const full = lpaFixedPointFull({ d: 3.5, N: 1 });
    const w = wf(scanOrders(minimum(3.5, 1), [4, 6, 8, 10, 12])[4]!.fixedPoints);
    expect(Math.abs(full.nu! - w.nu!)).toBeLessThan(1e-5);
    expect(cd(3.5) * full.kappa!).toBeCloseTo(w.couplings.kappa!, 6);
  });
});
