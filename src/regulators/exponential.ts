import { STANDARD_NORMALIZATION, type Regulator } from './types.js';

/** Exponential regulator R_k = p^2/(exp(p^2/k^2) - 1): thresholds by quadrature. */
export const exponential: Regulator<'exponential'> = {
  name: 'exponential',
  label: 'exponential',
  text: 'R_k = p^2/(exp(p^2/k^2) - 1): l_m(w) = 1/2 int d^dq/(2pi)^d d_t R/(P + R + w)^(m+1) by quadrature',
  latex: 'R_k = \\frac{p^2}{e^{p^2/k^2}-1},\\quad \\ell_m(w) = \\frac12\\int\\!\\frac{d^dq}{(2\\pi)^d}\\,\\frac{\\partial_t R_k}{(P+R_k+w)^{m+1}}',
  definition: 'R_k(p) = \\frac{p^2}{e^{p^2/k^2} - 1}',
  normalization: STANDARD_NORMALIZATION,
  network: false,
  closedForm: false,
  zeroDimensional: false,
  l0: true,
  // r = y/(1 - e^-y), h = 2 y^2 e^-y/(1 - e^-y)^2 (expm1 keeps y -> 0 accurate: r -> 1, h -> 2).
  r: (y) => (y < 1e-12 ? 1 : -y / Math.expm1(-y)),
  h: (y) => (y < 1e-12 ? 2 : (2 * y * y * Math.exp(-y)) / (Math.expm1(-y) * Math.expm1(-y))),
};
