/**
 * Regulators of the Wetterich LPA, one entry each (shape and threshold functions, LaTeX).
 * Dimensionless y = p^2/k^2, P + R_k = k^2 r(y), d_t R_k (at fixed p, t = ln k) = k^2 h(y).
 * Threshold functions l_m(w) = 1/2 int d^dq/(2pi)^d h(y) / (r(y) + w)^(m+1)
 *                            = v_d int_0^inf ds s^(d-1) h(s^2)/(r(s^2) + w)^(m+1),  y = s^2,
 * v_d = pi^(d/2)/(Gamma(d/2) (2pi)^d) (the angular measure, times the 1/2 of the flow and the 2s of dy).
 */
export interface Regulator {
  name: 'litim' | 'exponential' | 'kernel';
  text: string;
  latex: string;
  /** Thresholds in closed form c_d/(1 + w)^(m+1) (substituted symbolically); else quadrature. */
  closedForm: boolean;
  /** r(y) and h(y) for the quadrature (litim uses its closed form instead). */
  r(y: number): number;
  h(y: number): number;
}
