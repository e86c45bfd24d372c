/**
 * Expected values for the LPA (Wetterich flow, Litim regulator) shared by the flow/, solve/ and CLI
 * tests: a published table, closed forms, and an independent sympy computation. None comes from nnrg.
 */

/**
 * Litim, Nucl. Phys. B 631 (2002) 128, LPA with the optimized (Litim) regulator, d = 3, O(N): the
 * converged exponents (full field dependence), published to 4 digits.
 */
export const LITIM_2002 = {
  nu: { 1: 0.6496, 2: 0.7082, 3: 0.7611, 4: 0.8043 } as Record<number, number>,
  omega: { 1: 0.6557 } as Record<number, number>,
  /** Half a unit of the last published digit (plus float slack): the tolerance against the table. */
  rounding: 5e-5 + 1e-9,
};

/**
 * Stability-matrix eigenvalues at the Gaussian fixed point of the phi^2 ... phi^{2n} truncation, per
 * coupling: theta_k = k (d - 2) - d, minus the canonical dimension of the phi^{2k} coupling (at g = 0
 * the loop term only feeds lower powers, so the matrix is triangular with these on its diagonal).
 */
export const gaussianEigenvalues = (d: number, n: number): number[] => Array.from({ length: n }, (_, i) => (i + 1) * (d - 2) - d);

/**
 * phi^4 around phi = 0, d = 3, N = 1, c_d scaled out: beta_m2 = -2 m2 - u4/(1+m2)^2,
 * beta_u4 = -u4 + 6 u4^2/(1+m2)^3. Wilson-Fisher point m2 = -1/13, u4 = (12/13)^3/6; stability matrix
 * [[-5/3, -(13/12)^2], [-(12/13)^2/2, 1]] (tr = -2/3, det = -13/6), theta = -1/3 -+ sqrt(41/18).
 */
export const PHI4_ZERO_D3 = {
  m2: -1 / 13,
  u4: (12 / 13) ** 3 / 6,
  nu: 1 / (1 / 3 + Math.sqrt(41 / 18)),
  omega: Math.sqrt(41 / 18) - 1 / 3,
};

/**
 * Expansion around phi = 0, d = 3, N = 1: the Wilson-Fisher point's leading eigenvalue theta_1 per
 * truncation order, from test/solve/reference/lpa_zero_sympy.py (sympy series of 1/(1+v''), numpy
 * Newton from 3000 random starts), printed to 8 decimals: nu = -1/theta_1.
 */
export const LPA_ZERO_THETA1: Record<number, number> = { 6: -1.68572182, 8: -1.58551298, 10: -1.53716702 };
