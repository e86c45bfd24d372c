import { describe, expect, it } from 'vitest';
import { convergence, findFixedPoints, scanOrders, type FixedPoint } from '../../src/solve/index.js';
import { PHI4_ZERO_D3, LPA_ZERO_THETA1 } from '../helpers/lpa-reference.js';
import { litimPhi4, litimZero } from './systems.js';
import { eigenvalues, hqr } from '../../src/numeric/index.js';

const wfOf = (fps: FixedPoint[]): FixedPoint | undefined => fps.find((f) => f.name === 'Wilson-Fisher');

describe('phi^4 around zero (closed form)', () => {
  it('finds and names the Gaussian and Wilson-Fisher points, with closed-form exponents', () => {
    // d = 3, c = 1: the closed form of test/helpers/lpa-reference.ts.
    const fps = findFixedPoints(litimPhi4(3));
    expect(fps.map((f) => f.name)).toEqual(['Gaussian', 'Wilson-Fisher']);
    const wf = wfOf(fps)!;
    expect(wf.couplings.m2).toBeCloseTo(PHI4_ZERO_D3.m2, 12);
    expect(wf.couplings.u4).toBeCloseTo(PHI4_ZERO_D3.u4, 12);
    expect(wf.nu!).toBeCloseTo(PHI4_ZERO_D3.nu, 12);
    expect(wf.omega!).toBeCloseTo(PHI4_ZERO_D3.omega, 12);
    expect(wf.relevant).toBe(1);
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
    // (test/helpers/lpa-reference.ts; the same reference for the derived systems: test/solve/derive-solve.test.ts.)
    const res = scanOrders((o) => litimZero(3, o), [4, 6, 8, 10]);
    for (const [i, order] of [6, 8, 10].entries()) expect(wfOf(res[i + 1]!.fixedPoints)!.nu).toBeCloseTo(-1 / LPA_ZERO_THETA1[order]!, 7);
    // The order-8 point with two relevant directions near the origin does not continue to order 10: spurious.
    const extra = res[2]!.fixedPoints.find((f) => f.name.startsWith('non-Gaussian'));
    expect(extra?.spurious).toBe(true);
  });

  it('the convergence verdict says when a sequence does not converge', () => {
    const c = convergence(
      [
        [4, 0.5],
        [6, 0.6],
        [8, 0.55],
        [10, 0.7],
      ].map(([order, nu]) => ({ order: order!, nu: nu!, omega: 1 })),
    );
    expect(c.converged).toBe(false);
    expect(c.verdict).toMatch(/not converged.*oscillating/);
  });
});

describe('eigenvalues', () => {
  it('complex pairs, and the QR fallback agrees with mathjs', () => {
    // [[4,1],[-1,4]] has 4 +- i; the 4x4 block matrix below has 2, 3, 4 +- i (numpy.linalg.eigvals).
    const close = (re: number, im: number) => ({ re: expect.closeTo(re, 12), im: expect.closeTo(im, 12) });
    expect(
      eigenvalues([
        [4, 1],
        [-1, 4],
      ]),
    ).toEqual([close(4, -1), close(4, 1)]);
    const M = [
      [2, 0, 0, 0],
      [1, 3, 0, 0],
      [0, 1, 4, 1],
      [0, 0, -1, 4],
    ];
    const a = eigenvalues(M);
    const b = hqr(M).sort((x, y) => x.re - y.re || x.im - y.im);
    a.forEach((e, i) => {
      expect(e.re).toBeCloseTo(b[i]!.re, 10);
      expect(e.im).toBeCloseTo(b[i]!.im, 10);
    });
  });
});
