import { describe, expect, it } from 'vitest';
import { convergence, findFixedPoints, scanOrders, type FixedPoint } from '../../src/solve/index.js';
import { litimMinimum, litimPhi4, litimPhi4WF, litimZero } from './systems.js';
import { eigenvalues, hqr } from '../../src/numeric/index.js';

const wfOf = (fps: FixedPoint[]): FixedPoint | undefined => fps.find((f) => f.name === 'Wilson-Fisher');

describe('phi^4 around zero (closed form)', () => {
  it('finds and names the Gaussian and Wilson-Fisher points, with closed-form exponents', () => {
    // d = 3, c = 1: m2* = -1/13, u4* = (12/13)^3/6. Stability matrix (by hand):
    // [[-5/3, -(13/12)^2], [-(12/13)^2/2, 1]]: tr = -2/3, det = -13/6,
    // theta = -1/3 -+ sqrt(41/18): nu = 1/(1/3 + sqrt(41/18)), omega = sqrt(41/18) - 1/3.
    const fps = findFixedPoints(litimPhi4(3));
    expect(fps.map((f) => f.name)).toEqual(['Gaussian', 'Wilson-Fisher']);
    const wf = wfOf(fps)!;
    const exact = litimPhi4WF(3);
    expect(wf.couplings.m2).toBeCloseTo(exact.m2, 12);
    expect(wf.couplings.u4).toBeCloseTo(exact.u4, 12);
    expect(wf.nu!).toBeCloseTo(1 / (1 / 3 + Math.sqrt(41 / 18)), 12);
    expect(wf.omega!).toBeCloseTo(Math.sqrt(41 / 18) - 1 / 3, 12);
    expect(wf.relevant).toBe(1);
  });

  it('Gaussian eigenvalues are canonical in d = 2, 3, 4 (theta_2k = -d + k(d-2))', () => {
    for (const d of [2, 3, 4]) {
      const g = findFixedPoints(litimZero(d, 8)).find((f) => f.name === 'Gaussian')!;
      const expected = [1, 2, 3, 4].map((k) => -d + k * (d - 2)).sort((a, b) => a - b);
      // In d = 2 all four are -2 and the matrix is a Jordan block: a perturbation delta of the (here
      // finite-difference, ~1e-10) Jacobian moves them by ~delta^(1/4), so 1e-3 there, 1e-6 otherwise.
      expect(g.eigenvalues.map((e) => e.re)).toEqual(expected.map((v) => expect.closeTo(v, d === 2 ? 3 : 6)));
      expect(g.eigenvalues.every((e) => e.im === 0)).toBe(true);
    }
  });

  it('d = 4 - eps: Wilson-Fisher merges into the Gaussian point as eps -> 0', () => {
    // closed form m2* = -eps/(12 + eps), u4* = eps (1+m2*)^3 / 6; nu -> 1/2 + eps/12 + O(eps^2) at this order.
    let prevNorm = Infinity;
    for (const eps of [0.5, 0.1, 0.02, 0.004]) {
      const wf = wfOf(findFixedPoints(litimPhi4(4 - eps)))!;
      // Newton stops at |beta| ~ 1e-11; near the merger the stability matrix has an O(eps) eigenvalue,
      // so the coupling error is ~1e-11/eps: test relative to 1e-6.
      expect(Math.abs(wf.couplings.m2! + eps / (12 + eps))).toBeLessThan(1e-6 * (eps / 12));
      const norm = Math.max(Math.abs(wf.couplings.m2!), Math.abs(wf.couplings.u4!));
      expect(norm).toBeLessThan(prevNorm);
      prevNorm = norm;
      expect(Math.abs(wf.nu! - (0.5 + eps / 12))).toBeLessThan(eps * eps);
    }
    expect(prevNorm).toBeLessThan(1e-3);
  });
});

describe('truncations in order (hand-built LPA-Litim systems, N = 1, d = 3)', () => {
  it('expansion around zero: WF nu per order equals an independent numpy/sympy root search', () => {
    // Reference: sympy series of 1/(1+v'') + numpy Newton from 3000 random starts (python, by hand):
    // order 6: nu = 1/1.68572182, order 8: 1/1.58551298, order 10: 1/1.53716702.
    const res = scanOrders((o) => litimZero(3, o), [4, 6, 8, 10]);
    const nu = res.map((r) => wfOf(r.fixedPoints));
    expect(nu[1]!.nu).toBeCloseTo(1 / 1.68572182, 7);
    expect(nu[2]!.nu).toBeCloseTo(1 / 1.58551298, 7);
    expect(nu[3]!.nu).toBeCloseTo(1 / 1.53716702, 7);
    // The order-8 point with two relevant directions near the origin does not continue to order 10: spurious.
    const extra = res[2]!.fixedPoints.find((f) => f.name.startsWith('non-Gaussian'));
    expect(extra?.spurious).toBe(true);
  });

  it('expansion around the minimum approaches the LPA values (Litim 2002: nu = 0.6496, omega = 0.6557)', () => {
    const orders = [4, 6, 8, 10, 12, 14];
    const res = scanOrders((o) => litimMinimum(3, o), orders);
    const rows = res.map((r) => { const w = wfOf(r.fixedPoints)!; return { order: r.order, nu: w.nu, omega: w.omega }; });
    // Published 4-digit values; by order 12-14 the table is within 5e-4 (nu) and 6e-3 (omega) of them.
    expect(Math.abs(rows[5]!.nu! - 0.6496)).toBeLessThan(5e-4);
    expect(Math.abs(rows[5]!.omega! - 0.6557)).toBeLessThan(6e-3);
    expect(convergence(rows, 1e-3).converged).toBe(true);
  });

  it('the convergence verdict says when a sequence does not converge', () => {
    const c = convergence([{ order: 4, nu: 0.5, omega: 1 }, { order: 6, nu: 0.6, omega: 1 }, { order: 8, nu: 0.55, omega: 1 }, { order: 10, nu: 0.7, omega: 1 }]);
    expect(c.converged).toBe(false);
    expect(c.verdict).toMatch(/not converged.*oscillating/);
  });
});

describe('eigenvalues', () => {
  it('complex pairs, and the QR fallback agrees with mathjs', () => {
    // [[4,1],[-1,4]] has 4 +- i; the 4x4 block matrix below has 2, 3, 4 +- i (numpy.linalg.eigvals).
    expect(eigenvalues([[4, 1], [-1, 4]])).toEqual([{ re: 4, im: -1 }, { re: 4, im: 1 }].map((e) => ({ re: expect.closeTo(e.re, 12), im: expect.closeTo(e.im, 12) })));
    const M = [[2, 0, 0, 0], [1, 3, 0, 0], [0, 1, 4, 1], [0, 0, -1, 4]];
    const a = eigenvalues(M);
    const b = hqr(M).sort((x, y) => x.re - y.re || x.im - y.im);
    a.forEach((e, i) => { expect(e.re).toBeCloseTo(b[i]!.re, 10); expect(e.im).toBeCloseTo(b[i]!.im, 10); });
  });
});
