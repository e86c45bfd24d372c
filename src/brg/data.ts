import { Stream } from '../numeric/random.js'; // not an index: worker threads load this file (models.ts)
import { symmetricEigenQL } from '../numeric/index.js';
import type { BrgDataSpec } from '../theory/index.js';

/** One data set: training inputs and noisy labels, held-out inputs and the noiseless target there. */
export interface DataSet {
  train: number[][];
  /** y = f*(x) + noise of variance sigma^2 (the ridge). */
  y: Float64Array;
  test: number[][];
  /** f*(x) on the test points (the error is measured against it). */
  target: Float64Array;
  /** The prior's kernel on train and test points (the `gp` target's covariance), when it was computed. */
  prior?: number[][];
}

/**
 * Counter-based streams for every random draw of nnrg brg, keyed by (seed, purpose, index): a data set or
 * a network is the same whatever the number of data sets or networks drawn beside it (bag-wise reproducible).
 */
export function stream(seed: number, purpose: 'data' | 'network' | 'cosnet', index: number): Stream {
  const salt = { data: 0x5bd1e995, network: 0x1b873593, cosnet: 0x2545f491 }[purpose];
  return Stream.of(seed, index, salt);
}

/** A point from the measure: uniform on the unit sphere S^{d-1} (normalized Gaussian), or N(0, I_d). */
export function drawPoint(measure: BrgDataSpec['measure'], d: number, rng: Stream): number[] {
  const x = Array.from({ length: d }, () => rng.gauss());
  switch (measure) {
    case 'gaussian':
      return x;
    case 'sphere': {
      const norm = Math.hypot(...x);
      return x.map((v) => v / norm);
    }
  }
}

/** A draw of N(0, K): K^{1/2} z from the eigendecomposition (tiny negative eigenvalues of a PSD K clipped to 0). */
export function gaussianDraw(K: number[][], rng: Stream): Float64Array {
  const { values, vectors } = symmetricEigenQL(K);
  const n = K.length;
  const z = values.map((v) => Math.sqrt(Math.max(v, 0)) * rng.gauss());
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = vectors[i]!;
    let s = 0;
    for (let k = 0; k < n; k++) s += row[k]! * z[k]!;
    out[i] = s;
  }
  return out;
}

/**
 * Data set `index` of `spec` in d input dimensions. `kernel` is the infinite-width kernel matrix on points
 * (for the `gp` target, drawn jointly on train and test points).
 */
export function dataSet(spec: BrgDataSpec, d: number, index: number, kernel: (points: number[][]) => number[][]): DataSet {
  const rng = stream(spec.seed, 'data', index);
  const train = Array.from({ length: spec.n }, () => drawPoint(spec.measure, d, rng));
  const test = Array.from({ length: spec.test }, () => drawPoint(spec.measure, d, rng));
  const all = [...train, ...test];
  let f: Float64Array;
  let prior: number[][] | undefined;
  switch (spec.target) {
    case 'gp':
      prior = kernel(all);
      f = gaussianDraw(prior, rng);
      break;
    case 'linear':
      f = Float64Array.from(all, (x) => x[0]!);
      break;
  }
  const noise = Math.sqrt(spec.ridge);
  const y = Float64Array.from(train, (_, i) => f[i]! + noise * rng.gauss());
  return { train, y, test, target: f.slice(spec.n), prior };
}
