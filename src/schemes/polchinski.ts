import { Q } from '../symbolic/index.js';
import type { Scheme } from './types.js';

/**
 * Polchinski LPA (normalization absorbed): -v'' + v'^2 for N = 1, i.e. for O(N) in rho
 * -grad^2 v + (grad v)^2 = -(N v' + 2 rho v'') + 2 rho v'^2.
 */
export const polchinski: Scheme<'polchinski'> = {
  name: 'polchinski',
  label: 'Polchinski',
  thresholds: false,
  rhs: ({ rho, u1, u2, N }) =>
    rho
      .mul(u1)
      .mul(u1)
      .scale(Q.int(2))
      .sub(u1.mulPoly(N))
      .sub(rho.mul(u2).scale(Q.int(2))),
  normalization: "Polchinski LPA: normalization of phi and v absorbed so that d_t v = -d v + (d-2)/2 phi v' - v'' + v'^2 (O(N): grad^2 v and (grad v)^2)",
  warning: (order) =>
    'Polchinski polynomial truncations converge badly with the order: the Taylor series of the Polchinski potential ' +
    `has a finite radius of convergence, so fixed points and exponents of phi^${order} can jump, turn complex or vanish as the order grows; ` +
    'compare several orders, or use the Wetterich LPA with the Litim regulator (same exponents, related by a Legendre transform)',
  report: {
    note: '(dimensionless $v$, normalization absorbed in $\\phi$ and $v$)',
    equation: "\\partial_t v = -d\\, v + \\frac{d-2}{2}\\,\\phi\\, v' - v'' + (v')^2",
    notice:
      'Polchinski polynomial truncations converge badly with the order (the equation is related to Wetterich-Litim by a Legendre ' +
      'transform, with the same exponents, but its truncated series are not).',
  },
};
