import type { Regulator } from './types.js';

/**
 * NN-QFT kernel regulator (Erbin–Lahoche–Samary active RG): Gamma_k'' + R_k = k^2 exp(p^2/k^2) in the
 * K_k field normalization, so d_t R_k = 2 k^2 e^y (1 - y) at fixed p. l_0 diverges; l_m, m >= 1, converge.
 */
export const kernel: Regulator<'kernel'> = {
  name: 'kernel',
  label: 'NN-QFT kernel',
  text: 'P + R_k = k^2 exp(p^2/k^2) (NN-QFT kernel, K_k field normalization), d_t R_k = 2 k^2 e^y (1 - y): l_m(w), m >= 1, by quadrature',
  latex:
    'P+R_k = k^2 e^{p^2/k^2},\\quad \\partial_t R_k = 2k^2 e^{y}(1-y),\\quad \\ell_m(w) = ' +
    '\\frac12\\int\\!\\frac{d^dq}{(2\\pi)^d}\\,\\frac{\\partial_t R_k}{(P+R_k+w)^{m+1}}',
  definition:
    '\\Gamma_k^{(2)}(p) + R_k(p) = k^2\\, e^{p^2/k^2}\\quad' +
    '\\text{(GaussNet propagator } K_k(p) = e^{-p^2/k^2}/k^2,\\; k^2 = 2\\sigma_w^2/d_{\\mathrm{in}})',
  normalization:
    "K_k field normalization (NN-QFT active RG): Gamma_k'' + R_k = k^2 exp(p^2/k^2), k^2 = 2 sigma_w^2/d_in; " +
    'the physical field is f = (C k^{4-d})^{1/2} phi',
  network: true,
  closedForm: false,
  zeroDimensional: false,
  l0: false,
  r: (y) => Math.exp(y),
  h: (y) => 2 * Math.exp(y) * (1 - y),
};
