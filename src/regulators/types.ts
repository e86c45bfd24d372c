/**
 * Regulators of the Wetterich LPA, one file each: shape, threshold functions, what derive and the report print.
 * Dimensionless y = p^2/k^2, P + R_k = k^2 r(y), d_t R_k (at fixed p, t = ln k) = k^2 h(y).
 * Threshold functions l_m(w) = 1/2 int d^dq/(2pi)^d h(y) / (r(y) + w)^(m+1)
 *                            = v_d int_0^inf ds s^(d-1) h(s^2)/(r(s^2) + w)^(m+1),  y = s^2,
 * v_d = pi^(d/2)/(Gamma(d/2) (2pi)^d) (the angular measure, times the 1/2 of the flow and the 2s of dy).
 */
export interface Regulator<Name extends string = string> {
  /** The name in theory files and on the command line. */
  name: Name;
  /** In prose: "the Litim regulator". */
  label: string;
  /** Its threshold functions, in text and LaTeX (derive's output). */
  text: string;
  latex: string;
  /** LaTeX of R_k(p) (the report's action section). */
  definition: string;
  /** The field normalization its couplings refer to (derive's normalization line). */
  normalization: string;
  /** Takes its propagator from the network: a theory without a network section cannot use it. */
  network: boolean;
  /** Thresholds in closed form c_d/(1 + w)^(m+1) (substituted symbolically); else quadrature. */
  closedForm: boolean;
  /**
   * The regulator of zero-dimensional theories (d = 0, no momentum integral; c_0 = 1): it is the only one
   * allowed at d = 0 (there every regulator reduces to R_k = k^2) and is refused for d > 0.
   */
  zeroDimensional: boolean;
  /** l_0 converges (it is field independent, so a divergent l_0 is harmless: it is returned as NaN). */
  l0: boolean;
  /** r(y) and h(y) for the quadrature (litim uses its closed form instead). */
  r(y: number): number;
  h(y: number): number;
}

/** P(p) = p^2: the normalization of the regulators that leave the propagator alone. */
export const STANDARD_NORMALIZATION = 'standard field normalization: P(p) = p^2, Z = 1 (LPA)';
