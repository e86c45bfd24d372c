import type { MEASURES } from '../theory/index.js';

/** Input measures of the data: uniform on the sphere of radius sqrt(d_in), or standard normal (d_in = 1). */
export type Measure = (typeof MEASURES)[number];

/** One degree (shell) of the kernel's spectrum: N eigenfunctions sharing the eigenvalue lambda. */
export interface Shell {
  l: number;
  multiplicity: number;
  lambda: number;
}

/** The Mercer spectrum of a kernel under an input measure, K(x, y) = sum_k lambda_k phi_k(x) phi_k(y), E phi_j phi_k = delta_jk. */
export interface Spectrum {
  measure: Measure;
  /** Input dimension d_in. */
  d: number;
  /** Degrees 0..lmax. */
  shells: Shell[];
  /** E_x K(x, x) = sum over all modes of lambda (the trace identity; on the sphere K(1)). */
  trace: number;
  /** trace - sum_{l <= lmax} N_l lambda_l >= 0: the weight of the degrees beyond the computed ones. */
  tail: number;
  /** An upper bound on every eigenvalue beyond lmax. */
  tailMax: number;
  /** The smallest multiplicity of a degree beyond lmax. */
  nextMultiplicity: number;
  /** Estimated absolute error of each computed lambda, and of sum_l N_l lambda_l. */
  accuracy: { lambda: number; trace: number };
  /** How the eigenvalues were computed (for users). */
  method: string;
}

/** sum_{l <= L} N_l lambda_l. */
export function capturedUpTo(s: Spectrum, L: number): number {
  let c = 0;
  for (const sh of s.shells) if (sh.l <= L) c += sh.multiplicity * sh.lambda;
  return c;
}
