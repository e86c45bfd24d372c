import { NumericalError } from '../numeric/index.js';
import type { Spectrum } from './types.js';

/**
 * The Wilsonian ridge flow of GP regression (docs/gp-rg.md). Integrating out the degree shells l > L
 * turns them into extra noise of variance c(L) = sum_{l > L} N_l lambda_l (constant on the sphere by the
 * addition theorem; on the Gaussian measure its average over the inputs), so the kept modes see the
 * renormalized ridge sigma_c^2(L) = sigma^2 + c(L). The weight beyond the computed degrees comes from the
 * trace identity (`spectrum.tail`), not from a truncated sum.
 */
export interface FlowStep {
  /** The highest kept degree. */
  L: number;
  /** c(L) = sum_{l > L} N_l lambda_l: the weight integrated out. */
  c: number;
  /** sigma_c^2(L) = sigma^2 + c(L). */
  sigma2: number;
  /** n lambda_L / sigma_c^2(L - 1): shell L is integrated out next while this stays below the threshold. */
  ratio: number;
}

export interface RidgeFlow {
  /** L = lmax, lmax - 1, ..., 0. */
  steps: FlowStep[];
  /** The highest kept degree L* where the flow stops (-1: every shell was integrated out). */
  cutoff: number;
  /** sigma_c^2(L*). */
  sigma2: number;
  threshold: number;
  /** An upper bound on n lambda_l / sigma_c^2(l - 1) for every degree l beyond the computed ones (they are integrated out when it is below the threshold). */
  beyond: number;
}

export function ridgeFlow(s: Spectrum, n: number, ridge: number, threshold: number): RidgeFlow {
  const lmax = s.shells.length - 1;
  const steps: FlowStep[] = [];
  let c = s.tail;
  for (let L = lmax; L >= 0; L--) {
    const sh = s.shells[L]!;
    const below = c + sh.multiplicity * sh.lambda; // c(L - 1)
    steps.push({ L, c, sigma2: ridge + c, ratio: (n * sh.lambda) / (ridge + below) });
    c = below;
  }
  let cutoff = lmax;
  while (cutoff >= 0 && steps[lmax - cutoff]!.ratio < threshold) cutoff--;
  const sigma2 = cutoff >= 0 ? steps[lmax - cutoff]!.sigma2 : ridge + c;
  // For l > lmax: n lambda_l / (sigma^2 + N_l lambda_l + ...) grows with lambda_l <= tailMax and falls with N_l >= nextMultiplicity.
  const beyond = (n * s.tailMax) / (ridge + s.nextMultiplicity * s.tailMax);
  return { steps, cutoff, sigma2, threshold, beyond };
}

/**
 * Eigenlearning's kappa (Simon et al., arXiv:2110.03922; Canatar, Bordelon, Pehlevan, arXiv:2006.13198):
 * sum_{l <= L} N_l lambda_l/(lambda_l + kappa) + rho/kappa = n, with rho = sigma^2 + the weight of the
 * shells beyond L (they enter as lambda/(lambda + kappa) ~ lambda/kappa: the renormalized ridge). The
 * left side falls monotonically from +inf to 0, and [rho/n, (rho + sum N lambda)/n] brackets the root;
 * bisection in log kappa to machine precision.
 */
export function solveKappa(s: Spectrum, n: number, rho: number, L = s.shells.length - 1): number {
  const g = (k: number) => {
    let sum = rho / k;
    for (let l = 0; l <= L; l++) {
      const sh = s.shells[l]!;
      sum += (sh.multiplicity * sh.lambda) / (sh.lambda + k);
    }
    return sum - n;
  };
  let kept = 0;
  for (let l = 0; l <= L; l++) kept += s.shells[l]!.multiplicity * s.shells[l]!.lambda;
  let lo = rho / n;
  let hi = (rho + kept) / n;
  if (!(lo > 0) || !(g(lo) >= 0) || !(g(hi) <= 1e-12 * n)) throw new NumericalError(`eigenlearning: no bracket for kappa in [${lo}, ${hi}]`);
  for (let it = 0; it < 200 && hi / lo > 1 + 1e-15; it++) {
    const mid = Math.sqrt(lo * hi);
    if (g(mid) > 0) lo = mid;
    else hi = mid;
  }
  return Math.sqrt(lo * hi);
}

/** Learnabilities of degrees 0..lmax, and the sum over all modes of N L^2 (for the test error). */
export interface Learnabilities {
  values: number[];
  /** sum over every mode of L^2 (the computed degrees, and a bound for the rest included). */
  sumSquares: number;
}

/** E = n/(n - sum N L^2) * sum_l (1 - L_l)^2 w_l (eigenlearning's test error of a noiseless target), null where sum N L^2 >= n. */
export function testError(learn: Learnabilities, n: number, weights: Map<number, number>): number | null {
  if (!(learn.sumSquares < n)) return null;
  let bias = 0;
  for (const [l, w] of weights) bias += (1 - (learn.values[l] ?? 0)) ** 2 * w;
  return (n / (n - learn.sumSquares)) * bias;
}

function sumSquares(s: Spectrum, values: number[], beyond: number): number {
  let q = 0;
  values.forEach((v, l) => (q += s.shells[l]!.multiplicity * v * v));
  return q + beyond;
}

/**
 * The flow's: n lambda/(sigma_c^2(L*) + n lambda), the kept modes' learnability in the renormalized theory.
 * For a shell that was integrated out it is the first order in n lambda/sigma_c^2 (< threshold) of its
 * posterior mean, lambda phi(X)^T (K_< + sigma_c^2)^{-1} y ~ (n lambda/sigma_c^2) v: small, not zero.
 */
export function flowLearnabilities(s: Spectrum, flow: RidgeFlow, n: number): Learnabilities {
  const values = s.shells.map((sh) => (n * sh.lambda) / (flow.sigma2 + n * sh.lambda));
  return { values, sumSquares: sumSquares(s, values, (n * n * s.tail * s.tailMax) / flow.sigma2 ** 2) };
}

/** Eigenlearning's: lambda/(lambda + kappa); the shells beyond lmax add at most tail * tailMax / kappa^2 to sum N L^2. */
export function eigenLearnabilities(s: Spectrum, kappa: number): Learnabilities {
  const values = s.shells.map((sh) => sh.lambda / (sh.lambda + kappa));
  return { values, sumSquares: sumSquares(s, values, (s.tail * s.tailMax) / kappa ** 2) };
}

/** The bare ridge's (no renormalization): n lambda/(sigma^2 + n lambda). */
export function bareLearnabilities(s: Spectrum, n: number, ridge: number): Learnabilities {
  const values = s.shells.map((sh) => (n * sh.lambda) / (ridge + n * sh.lambda));
  return { values, sumSquares: sumSquares(s, values, (n * n * s.tail * s.tailMax) / ridge ** 2) };
}

/** Eigenlearning of the theory with the shells > L integrated out (ridge sigma_c^2(L)): kappa and the learnabilities of l <= L. */
export interface InvarianceRow {
  L: number;
  kappa: number;
  learnability: number[];
}

/**
 * The RG-invariance check: solve the truncated theory (degrees <= L, ridge sigma_c^2(L)) by eigenlearning
 * for every L. Integrating out a shell with lambda << kappa leaves kappa, hence every kept learnability,
 * unchanged to first order in lambda/kappa; integrating out a learnable shell does not.
 */
export function invariance(s: Spectrum, flow: RidgeFlow, n: number): InvarianceRow[] {
  return flow.steps.map((step) => {
    const kappa = solveKappa(s, n, step.sigma2, step.L);
    return { L: step.L, kappa, learnability: s.shells.slice(0, step.L + 1).map((sh) => sh.lambda / (sh.lambda + kappa)) };
  });
}
