import type { Estimate } from './types.js';

/** Mean and standard error of iid values (stderr null for fewer than two). */
export function meanStderr(xs: ArrayLike<number>): Estimate {
  const n = xs.length;
  if (n === 0) return { mean: Number.NaN, stderr: null };
  let m = 0;
  for (let i = 0; i < n; i++) m += xs[i]!;
  m /= n;
  if (n < 2) return { mean: m, stderr: null };
  let v = 0;
  for (let i = 0; i < n; i++) v += (xs[i]! - m) ** 2;
  return { mean: m, stderr: Math.sqrt(v / (n - 1) / n) };
}

/**
 * A quantity measured per (data set, network): networks are drawn afresh for every data set, so the
 * per-data-set means are iid and their spread is the honest error (data sets and networks both vary).
 * With one data set the error is the spread over networks: conditional on that data set.
 */
export function clustered(perDataSet: number[][]): Estimate {
  if (perDataSet.length === 1) return meanStderr(perDataSet[0]!);
  return meanStderr(perDataSet.map((v) => meanStderr(v).mean));
}

/** Weighted least squares of y = a + b x: slope b and its standard error (weights 1/sigma^2). */
export function weightedSlope(x: number[], y: number[], sigma: number[]): Estimate {
  let S = 0;
  let Sx = 0;
  let Sy = 0;
  let Sxx = 0;
  let Sxy = 0;
  for (let i = 0; i < x.length; i++) {
    const w = 1 / sigma[i]! ** 2;
    S += w;
    Sx += w * x[i]!;
    Sy += w * y[i]!;
    Sxx += w * x[i]! ** 2;
    Sxy += w * x[i]! * y[i]!;
  }
  const D = S * Sxx - Sx * Sx;
  if (x.length < 2 || !(D > 0)) return { mean: Number.NaN, stderr: null };
  return { mean: (S * Sxy - Sx * Sy) / D, stderr: Math.sqrt(S / D) };
}
