/**
 * erf(x) to ~1e-16 relative: Taylor series near 0, continued fraction (Lentz) for erfc in the tail.
 * Node's Math has no erf; the samplers and quadratures need one accurate to the last digits.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 2.5) {
    // erf x = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1))
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  const r = erfcLarge(ax);
  return x > 0 ? 1 - r : r - 1;
}

/** erfc(x): 1 - erf(x) below 2.5 (absolute error ~1e-16), the continued fraction above (relative ~1e-16). */
export function erfc(x: number): number {
  return x >= 2.5 ? erfcLarge(x) : 1 - erf(x);
}

/** erfc(x) for x >= 2.5 by the continued fraction erfc x = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))). */
function erfcLarge(x: number): number {
  if (x > 27) return 0;
  const tiny = 1e-300;
  // Lentz's algorithm on K = x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))
  let f = x;
  let C = f;
  let D = 0;
  for (let n = 1; n < 500; n++) {
    const an = n / 2;
    D = x + an * D;
    D = D === 0 ? tiny : 1 / D;
    C = x + an / C;
    if (C === 0) C = tiny;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}
