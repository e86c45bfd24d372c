/**
 * Heavy-tail diagnostics of a sum over networks: the shape k of a generalized Pareto distribution fitted to the
 * largest terms (Zhang & Stephens, Technometrics 51 (2009) 316, with the weakly informative prior of Vehtari et al.'s
 * Pareto-smoothed importance sampling, JMLR 25 (2024) 1). k < 1/2: the terms have a finite variance and the
 * standard errors of their mean hold; k >= 1/2: the variance is infinite or dominated by a few terms and the error
 * bars understate. The tail is the M = min(n/5, 3 sqrt n) largest of n terms above the (M+1)-th largest.
 */
import type { TopK } from '../ensemble/index.js';

/** The tail size for n terms (PSIS): min(n/5, 3 sqrt n). */
export function tailSize(n: number): number {
  return Math.ceil(Math.min(0.2 * n, 3 * Math.sqrt(n)));
}

/** The generalized Pareto shape k fitted to exceedances x (ascending, positive); NaN for fewer than 5. */
export function paretoShape(x: Float64Array): number {
  const n = x.length;
  if (n < 5 || !(x[n - 1]! > 0)) return NaN;
  const prior = 3;
  const m = 30 + Math.floor(Math.sqrt(n));
  const xstar = x[Math.max(0, Math.floor(n / 4 + 0.5) - 1)]!;
  const theta = new Float64Array(m);
  const ll = new Float64Array(m);
  const meanLog1p = (t: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.log1p(-t * x[i]!);
    return s / n;
  };
  for (let j = 0; j < m; j++) {
    theta[j] = 1 / x[n - 1]! + (1 - Math.sqrt(m / (j + 0.5))) / prior / Math.max(xstar, 1e-300);
    const k = meanLog1p(theta[j]!);
    ll[j] = n * (Math.log(-theta[j]! / k) - k - 1);
  }
  let max = -Infinity;
  for (const v of ll) if (v > max) max = v;
  let norm = 0;
  for (const v of ll) norm += Math.exp(v - max);
  let thetaHat = 0;
  for (let j = 0; j < m; j++) thetaHat += (theta[j]! * Math.exp(ll[j]! - max)) / norm;
  const k = meanLog1p(thetaHat);
  // Weakly informative prior towards 1/2 (as PSIS does).
  return (k * n + 0.5 * 10) / (n + 10);
}

/** The Pareto shape of the largest of n positive terms kept in `top` (size tailSize(n) + 1). */
export function tailShape(top: TopK): number {
  const v = top.values();
  if (v.length < 6) return NaN;
  const u = v[0]!;
  const x = v.subarray(1).map((t) => t - u);
  return paretoShape(x);
}
