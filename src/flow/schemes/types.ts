import type { Poly, Ring, Series } from '../../symbolic/index.js';

/** What a scheme's right-hand side sees: the potential u(rho) as a truncated series and its derivatives. */
export interface SchemeContext {
  ring: Ring;
  /** Series order (n = order/2): everything is exact to x^n. */
  n: number;
  expand: 'zero' | 'minimum';
  /** rho as a series in the expansion variable x (x itself, or kappa + x). */
  rho: Series;
  u: Series;
  u1: Series;
  u2: Series;
  /** The ring variable N. */
  N: Poly;
  /** The threshold symbol l_m at the Goldstone ('G') or radial ('R') mass, as a ring variable. */
  threshold(m: number, mode: 'G' | 'R'): Poly;
}

/** The non-canonical part of d_t u (loop terms): the canonical -d u + (d-2) rho u' is added by the caller. */
export type SchemeRhs = (ctx: SchemeContext) => Series;
