/** The types of `nnrg validate`'s rows and options (validate.ts, sampled-scaling.ts). */
import type { sample } from '../ensemble/index.js';
import type { Theory } from '../theory/index.js';
import type { Normalization } from './couplings.js';

export interface Check {
  name: string;
  expected: string | number;
  measured: string | number;
  tolerance: string | number;
  pass: boolean;
  /** 'n/a' when the check could not run here, 'info' for a result that informs (neither fails validation); says why in detail. */
  status: 'pass' | 'fail' | 'n/a' | 'info';
  detail?: string;
}

/** The sampler of the sampled-vs-exact check: ensemble's `sample`, passed in by the CLI and the report. */
export type Sampler = typeof sample;

/**
 * The regulated-ensemble rows (regulated/'s regulatedChecks, passed in by the CLI and the report): the Wetterich
 * equation on the regulated vertices, and the convergence of the truncated flows.
 */
export type RegulatedChecker = (theory: Theory, opts: { noSampling?: boolean; seed?: number; width?: number }) => Promise<Check[]>;

export interface ValidationOptions {
  /** The sampler for the sampled-vs-exact check; without it that check is n/a. */
  sample?: Sampler;
  /** Networks per bag and bags for the sampled-vs-exact check (defaults 5000 x 10). */
  nets?: number;
  bags?: number;
  seed?: number;
  threads?: number;
  /** Width of the sampled-vs-exact check (default ensemble.width, else 10). */
  width?: number;
  normalization?: Normalization;
  cutoff?: number;
  /** Skip the sampled-vs-exact check (e.g. in tests of the other checks), and the sampled part of the regulated rows. */
  noSampling?: boolean;
  /** The regulated-ensemble rows; without it they are n/a. */
  regulatedChecks?: RegulatedChecker;
  onProgress?: (done: number, total: number) => void;
  /** Receives the sampled 1/N coefficients behind the sampled rows (the report plots them against depth). */
  onScaling?: (points: ScalingPoint[]) => void;
}

/** One measured coefficient: the fit of N kappa(N) = a + b/N and the predicted a. */
export interface ScalingPoint {
  label: string;
  depth: number;
  widths: number[];
  a: number;
  aStderr: number;
  b: number;
  predicted: number;
}
