import { Q, Series } from '../symbolic/index.js';
import type { Scheme } from './types.js';

/**
 * Wetterich LPA loop term: (N-1) F(u') + F(u' + 2 rho u''), with F(w0 + delta) = sum_m (-1)^m l_m(w0) delta^m
 * (m = 0 dropped: field independent). Both masses are expanded about their value at x = 0:
 * m2 at rho = 0, and 0 (Goldstone), 2 kappa l2 (radial) at the minimum.
 */
export const wetterich: Scheme<'wetterich'> = {
  name: 'wetterich',
  label: 'Wetterich',
  thresholds: true,
  rhs: ({ ring, n, rho, u1, u2, N, threshold }) => {
    const radial = u1.add(rho.mul(u2).scale(Q.int(2)));
    const dR = radial.sub(Series.constant(radial.coeff(0), n));
    const dG = u1.sub(Series.constant(u1.coeff(0), n));
    const nG = N.sub(ring.one());
    let out = Series.zero(ring, n);
    let pR = Series.constant(ring.one(), n);
    let pG = Series.constant(ring.one(), n);
    for (let m = 1; m <= n; m++) {
      const sign = Q.int(m % 2 === 0 ? 1 : -1);
      pR = pR.mul(dR);
      pG = pG.mul(dG);
      out = out.add(pR.mulPoly(threshold(m, 'R').scale(sign))).add(pG.mulPoly(threshold(m, 'G').mul(nG).scale(sign)));
    }
    return out;
  },
  report: {
    note: '($t = \\ln k$)',
    equation:
      '\\partial_t U_k(\\rho) = \\frac{1}{2}\\int \\frac{d^{d}p}{(2\\pi)^{d}}\\; \\partial_t R_k(p)' +
      "\\left[\\frac{N-1}{P(p) + R_k(p) + U_k'(\\rho)} + \\frac{1}{P(p) + R_k(p) + U_k'(\\rho) + 2\\rho\\, U_k''(\\rho)}\\right]",
  },
};
