import type { ActivationName } from '../activations/index.js';

/** An input point: always an array of length d_in internally (a bare number in files for d_in = 1). */
export type Point = number[];

export interface NetworkSpec {
  activation: ActivationName;
  d_in: number;
  d_out: number;
  sigma_w: number;
  sigma_b: number;
  widths: number[];
  depth: number;
}

export interface FieldTheorySpec {
  /** Spacetime dimension d (defaults to the network's d_in, else 3). */
  dimension: number;
  /** N of the O(N) theory (defaults to the network's d_out, else 1). */
  components: number;
  /** Highest power of phi kept in the potential (even, >= 4). */
  truncation: number;
  scheme: 'wetterich' | 'polchinski';
  regulator: 'litim' | 'exponential' | 'kernel';
  expand: 'zero' | 'minimum';
  dimensionful: boolean;
}

export interface EnsembleSpec {
  points: Point[];
  bags: number;
  nets: number;
  seed: number;
  width?: number;
  threads?: number;
  normalization: 'physical' | 'kk';
  /** Box half-width of the coupling integrals for non-Gaussian kernels (src/fit). */
  cutoff?: number;
}

export interface FlowSpec {
  from: number;
  to: number;
  couplings: Record<string, number>;
  rtol: number;
  atol: number;
}

export interface FixedPointsSpec {
  /** Inclusive range of truncation orders, e.g. [4, 24]. */
  orders?: [number, number];
  method: 'polynomial' | 'full';
}

/** A validated theory file with every default filled in. */
export interface Theory {
  /** Path of the file it was read from (for messages). */
  file: string;
  name: string;
  network: NetworkSpec | null;
  field_theory: FieldTheorySpec;
  ensemble: EnsembleSpec;
  flow: FlowSpec;
  fixed_points: FixedPointsSpec;
  scan: { sigma_w?: number[] };
}
