import { Q } from '../../symbolic/index.js';
import type { SchemeRhs } from './types.js';

/**
 * Polchinski LPA (docs/conventions.md, normalization absorbed): -v'' + v'^2 for N = 1, i.e. for O(N) in rho
 * -grad^2 v + (grad v)^2 = -(N v' + 2 rho v'') + 2 rho v'^2.
 */
export const polchinskiRhs: SchemeRhs = ({ rho, u1, u2, N }) =>
  rho.mul(u1).mul(u1).scale(Q.int(2)).sub(u1.mulPoly(N)).sub(rho.mul(u2).scale(Q.int(2)));
