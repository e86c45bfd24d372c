/**
 * Gegenbauer polynomials of the sphere S^{d-1} in R^d, normalized to P_l(1) = 1 (d = 3: Legendre;
 * d = 2: Chebyshev T_l), and the dimensions N(d, l) of the degree-l spherical harmonics. With them the
 * addition theorem reads sum_m Y_lm(x) Y_lm(y) = N(d, l) P_l(x.y/|x||y|) for harmonics orthonormal
 * under the uniform probability measure on the sphere.
 */

/** P_0..P_lmax at t: P_l = ((2l + d - 4) t P_{l-1} - (l - 1) P_{l-2}) / (l + d - 3), P_0 = 1, P_1 = t. */
export function gegenbauerAll(d: number, lmax: number, t: number, out = new Float64Array(lmax + 1)): Float64Array {
  out[0] = 1;
  if (lmax >= 1) out[1] = t;
  for (let l = 2; l <= lmax; l++) out[l] = ((2 * l + d - 4) * t * out[l - 1]! - (l - 1) * out[l - 2]!) / (l + d - 3);
  return out;
}

/** P_l(t) alone. */
export function gegenbauer(d: number, l: number, t: number): number {
  return gegenbauerAll(d, l, t)[l]!;
}

/** N(d, l) = (2l + d - 2)/l * C(l + d - 3, l - 1) for l >= 1, N(d, 0) = 1 (d >= 2). */
export function multiplicity(d: number, l: number): number {
  if (l === 0) return 1;
  let binom = 1;
  for (let i = 1; i <= l - 1; i++) binom = (binom * (d - 2 + i)) / i;
  const n = ((2 * l + d - 2) / l) * binom;
  return n < 2 ** 52 ? Math.round(n) : n; // an integer, exact while doubles hold integers
}
