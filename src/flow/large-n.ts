/**
 * Leading large-N active-RG exponents for GaussNet: sigma_w d u/d sigma_w = e u.
 * In the K_k field normalization (Erbin–Lahoche–Samary) e4 = 4 - d, e6 = 6 - 2d. The physical field is
 * f = (C k^{4-d})^{1/2} phi with k ∝ sigma_w, so u4_f = u4_phi / (C^2 k^{8-2d}) and
 * u6_f = u6_phi / (C^3 k^{12-3d}): e4 = (4-d) - (8-2d) = d - 4, e6 = (6-2d) - (12-3d) = d - 6.
 */
export function activeRgExponents(dIn: number, normalization: 'kk' | 'physical'): { u4: number; u6: number } {
  return normalization === 'kk' ? { u4: 4 - dIn, u6: 6 - 2 * dIn } : { u4: dIn - 4, u6: dIn - 6 };
}
