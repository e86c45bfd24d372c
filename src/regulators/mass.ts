import type { Regulator } from './types.js';

/**
 * Mass regulator R_k = k^2 (every component, every momentum), for zero-dimensional (finite-dimensional)
 * theories: the ensemble weighted by exp(-k^2 phi.phi/2). There is no momentum integral, so
 * d_t U = (1/2) Tr[d_t R (U'' + R)^-1] = k^2 Tr (k^2 + U'')^-1, i.e. l_m(w) = 1/(1 + w)^(m+1): Litim's closed
 * form with c_0 = 1 (every regulator reduces to this at d = 0, since only p = 0 is left).
 */
export const mass: Regulator<'mass'> = {
  name: 'mass',
  label: 'mass',
  text: "R_k = k^2 (d = 0, no momentum integral): l_m(w) = 1/(1 + w)^(m+1), i.e. d_t U = k^2 Tr (k^2 + U'')^-1",
  latex: "R_k = k^2,\\quad \\ell_m(w) = \\frac{1}{(1+w)^{m+1}},\\quad \\partial_t U_k = k^2\\,\\mathrm{Tr}\\,(k^2 + U_k'')^{-1}",
  definition: 'R_k = k^2\\,\\mathbb{1}\\quad (d = 0)',
  normalization: 'zero-dimensional field (d = 0): no kinetic term, Gamma_k = U_k',
  network: false,
  closedForm: true,
  zeroDimensional: true,
  l0: true,
  // As a function of y = p^2/k^2 with P(p) = p^2 (only y = 0 is used at d = 0): r = 1 + y, h = 2.
  r: (y) => 1 + y,
  h: () => 2,
};
