import type { BrgSpec } from '../theory/index.js';

export type FisherKind = BrgSpec['fisher'];
export type BrgScheme = BrgSpec['scheme'];

/** A mean over the ensemble with its standard error (null when there are too few samples to estimate it). */
export interface Estimate {
  mean: number;
  stderr: number | null;
}

/** One network's coarse-grained predictions at one cutoff, averaged over the test points. */
export interface Measurement {
  /** Directions kept (Fisher information >= Lambda). */
  kept: number;
  /** Mean over test points of (mean predictor - target)^2. */
  mse: number;
  /** Mean over test points of the predictive variance of f (no noise term). */
  variance: number;
  /** Mean over test points of E[f(x)^2] (the coincident 2-point function). */
  g2diag: number;
  /** Mean over distinct pairs of test points of E[f(x) f(y)] (null with one test point). */
  g2off: number | null;
}
