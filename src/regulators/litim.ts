import { STANDARD_NORMALIZATION, type Regulator } from './types.js';

/** Litim (optimized) regulator R_k = (k^2 - p^2) theta(k^2 - p^2): thresholds in closed form. */
export const litim: Regulator<'litim'> = {
  name: 'litim',
  label: 'Litim',
  text: 'R_k = (k^2 - p^2) theta(k^2 - p^2): l_m(w) = c_d/(1 + w)^(m+1), c_d = 1/(2^(d-1) d pi^(d/2) Gamma(d/2))',
  latex: 'R_k = (k^2-p^2)\\,\\theta(k^2-p^2),\\quad \\ell_m(w) = \\frac{c_d}{(1+w)^{m+1}},\\quad c_d = \\frac{1}{2^{d-1} d\\, \\pi^{d/2}\\, \\Gamma(d/2)}',
  definition: 'R_k(p) = (k^2 - p^2)\\,\\theta(k^2 - p^2)',
  normalization: STANDARD_NORMALIZATION,
  network: false,
  closedForm: true,
  zeroDimensional: false,
  l0: true,
  r: (y) => Math.max(1, y),
  h: (y) => (y < 1 ? 2 : 0),
};
