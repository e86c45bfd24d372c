import type { Poly, Ring, Series } from '../symbolic/index.js';

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

/** An exact RG equation in the LPA, one file each: its loop term and what derive and the report print about it. */
export interface Scheme<Name extends string = string> {
  /** The name in theory files and on the command line. */
  name: Name;
  /** In prose: "Wetterich LPA". */
  label: string;
  /**
   * The loop term carries the regulator's threshold functions. If not, the regulator is absorbed in the
   * normalization of phi and v: the regulator does not change the equation, and only the dimensionless form exists.
   */
  thresholds: boolean;
  rhs: SchemeRhs;
  /** The field normalization of a scheme that fixes its own (one without thresholds); else the regulator's holds. */
  normalization?: string;
  /** derive's warning about the scheme at truncation order `order`, if any. */
  warning?: (order: number) => string;
  /** The report's action section: "<label> equation in the LPA <note>", the equation, and a notice if any. */
  report: { note: string; equation: string; notice?: string };
}
