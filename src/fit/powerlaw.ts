import { NumericalError } from '../numeric/index.js';
/**
 * Power-law fits y = A x^e by weighted least squares in logs: log|y| = log A + e log x, with
 * sigma(log|y|) = sigma_y / |y|. Uncertainties are honest in both directions: the covariance is scaled by
 * the Birge ratio chi2/dof when that exceeds 1 (scatter larger than the error bars say), and when no
 * error bars are given (exact data) it comes from the residuals alone. The 95% interval uses Student t
 * whenever the scale comes from the residuals.
 */

export interface PowerLawFit {
  exponent: number;
  stderr: number;
  ci95: [number, number];
  amplitude: number;
  chi2: number;
  dof: number;
}

/** Two-sided 95% Student-t quantiles for 1..30 degrees of freedom (standard table); 1.96 beyond. */
const T95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069,
  2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export function studentT95(dof: number): number {
  return dof < 1 ? Infinity : dof <= 30 ? T95[dof - 1]! : 1.96 + 2.4 / dof; // 1.96 + 2.4/dof: within 1e-3 above 30
}

export function fitPowerLaw(x: number[], y: number[], sigmaY: number[]): PowerLawFit {
  const n = x.length;
  if (n < 2 || y.length !== n || sigmaY.length !== n) throw new NumericalError(`a power-law fit needs >= 2 points with matching lengths (got ${n})`);
  const sign = Math.sign(y[0]!);
  if (y.some((v) => Math.sign(v) !== sign || v === 0) || x.some((v) => !(v > 0))) {
    throw new NumericalError('a power-law fit needs x > 0 and y of one sign, nonzero');
  }
  const weighted = sigmaY.some((s) => s > 0);
  if (weighted && sigmaY.some((s) => !(s > 0))) throw new NumericalError('a weighted power-law fit needs every error bar > 0');
  const lx = x.map(Math.log);
  const ly = y.map((v) => Math.log(Math.abs(v)));
  const w = weighted ? sigmaY.map((s, i) => (Math.abs(y[i]!) / s) ** 2) : x.map(() => 1);
  let S = 0,
    Sx = 0,
    Sy = 0,
    Sxx = 0,
    Sxy = 0;
  for (let i = 0; i < n; i++) {
    S += w[i]!;
    Sx += w[i]! * lx[i]!;
    Sy += w[i]! * ly[i]!;
    Sxx += w[i]! * lx[i]! ** 2;
    Sxy += w[i]! * lx[i]! * ly[i]!;
  }
  const det = S * Sxx - Sx * Sx;
  if (!(det > 0)) throw new NumericalError('a power-law fit needs at least two distinct x values');
  const e = (S * Sxy - Sx * Sy) / det;
  const a = (Sxx * Sy - Sx * Sxy) / det;
  let chi2 = 0;
  for (let i = 0; i < n; i++) chi2 += w[i]! * (ly[i]! - a - e * lx[i]!) ** 2;
  const dof = n - 2;
  const varE = S / det;
  // Known error bars that describe the scatter: normal quantile. Scale taken from the residuals (no error
  // bars, or scatter beyond them): Student t with dof degrees of freedom.
  const birge = dof > 0 ? chi2 / dof : 1;
  const fromResiduals = !weighted || birge > 1;
  const scale = weighted ? Math.max(1, birge) : dof > 0 ? birge : Infinity;
  const stderr = Math.sqrt(varE * scale);
  const half = (fromResiduals ? studentT95(dof) : 1.96) * stderr;
  return { exponent: e, stderr, ci95: [e - half, e + half], amplitude: sign * Math.exp(a), chi2, dof };
}
