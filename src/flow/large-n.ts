import type { Normalization } from '../theory/index.js';
import type { Derivation } from './types.js';

/**
 * Leading large-N active-RG exponents for GaussNet: sigma_w d u/d sigma_w = e u.
 * In the K_k field normalization (Erbin–Lahoche–Samary) e4 = 4 - d, e6 = 6 - 2d. The physical field is
 * f = (C k^{4-d})^{1/2} phi with k ∝ sigma_w, so u4_f = u4_phi / (C^2 k^{8-2d}) and
 * u6_f = u6_phi / (C^3 k^{12-3d}): e4 = (4-d) - (8-2d) = d - 4, e6 = (6-2d) - (12-3d) = d - 6.
 */
export function activeRgExponents(dIn: number, normalization: Normalization): { u4: number; u6: number } {
  return normalization === 'kk' ? { u4: 4 - dIn, u6: 6 - 2 * dIn } : { u4: dIn - 4, u6: dIn - 6 };
}

/** The leading large-N statement derive prints for an NN-QFT theory (GaussNet only; undefined otherwise). */
export function largeNStatement(activation: string, dIn: number): Derivation['largeN'] {
  if (activation !== 'gauss') return undefined;
  const e = activeRgExponents(dIn, 'kk');
  const p = activeRgExponents(dIn, 'physical');
  return {
    text:
      `leading large-N active RG (GaussNet, K_k field normalization, k^2 = 2 sigma_w^2/d_in, d_in = ${dIn}): sigma_w du4/dsigma_w = (4 - d_in) u4 ` +
      `= ${e.u4}*u4, sigma_w du6/dsigma_w = (6 - 2 d_in) u6 = ${e.u6}*u6; in the physical field normalization f = (C k^(4-d_in))^(1/2) phi the ` +
      `exponents are ${p.u4} and ${p.u6}`,
    latex:
      `\\sigma_w\\frac{\\partial u_4}{\\partial\\sigma_w} = (4-d_{\\mathrm{in}})\\,u_4 = ${e.u4}\\,u_4,\\qquad \\sigma_w\\frac{\\partial ` +
      `u_6}{\\partial\\sigma_w} = (6-2d_{\\mathrm{in}})\\,u_6 = ${e.u6}\\,u_6`,
    exponents: e,
    normalization: 'kk',
  };
}
