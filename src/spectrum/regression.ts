import { choleskyInPlace, choleskySolve, NumericalError, solveLinear, Stream } from '../numeric/index.js';
import type { NetworkSpec } from '../theory/index.js';
import { cosineKernel, dotProductKernel } from './cosine.js';
import { hermiteModes } from './gaussian.js';
import { gegenbauerAll } from './gegenbauer.js';
import type { Measure, Spectrum } from './types.js';

/** Points as rows of a row-major array. */
type Points = Float64Array;
type PairKernel = (X: Points, i: number, Y: Points, j: number) => number;

/**
 * The Wilsonian theory at cutoff L: the kernel truncated to degrees <= L, and the variance the integrated
 * modes add to the noise at an input, c_L(x) = sum_{k > L} lambda_k phi_k(x)^2 = K(x, x) - K_<=L(x, x)
 * (Mercer's expansion on the diagonal; constant on the sphere).
 */
export interface Truncation {
  kernel: PairKernel;
  variance: (X: Points, i: number) => number;
}

/**
 * One input measure for the experiment: how to draw inputs, the kernel between two of them, the theory
 * truncated to degrees <= L, and unit-norm target modes of a degree (E_x f^2 = 1).
 */
export interface Problem {
  d: number;
  sample(rng: Stream, count: number): Points;
  kernel: PairKernel;
  truncated(L: number): Truncation;
  /** For each degree, a function of a point with E f^2 = 1 lying in that degree's eigenspace. */
  modes(rng: Stream, degrees: number[]): (X: Points, i: number, out: Float64Array) => void;
}

function dot(X: Points, i: number, Y: Points, j: number, d: number): number {
  let s = 0;
  const a = i * d;
  const b = j * d;
  for (let k = 0; k < d; k++) s += X[a + k]! * Y[b + k]!;
  return s;
}

/**
 * Uniform on the sphere of radius sqrt(d_in). A degree-l mode is the zonal function
 * sqrt(N_l) P_l(x.u/d_in) of a random direction u: by the addition theorem it lies in the degree-l
 * eigenspace and has E f^2 = N_l E P_l^2 = 1, without an explicit basis of spherical harmonics.
 */
export function sphereProblem(net: NetworkSpec, spectrum: Spectrum): Problem {
  const d = net.d_in;
  const k = cosineKernel(net).value;
  const cos = (X: Points, i: number, Y: Points, j: number) => Math.max(-1, Math.min(1, dot(X, i, Y, j, d) / d));
  const sample = (rng: Stream, count: number): Points => {
    const X = new Float64Array(count * d);
    for (let i = 0; i < count; i++) {
      let r = 0;
      for (let k2 = 0; k2 < d; k2++) r += (X[i * d + k2] = rng.gauss()) ** 2;
      const s = Math.sqrt(d / r);
      for (let k2 = 0; k2 < d; k2++) X[i * d + k2]! *= s;
    }
    return X;
  };
  return {
    d,
    sample,
    kernel: (X, i, Y, j) => k(cos(X, i, Y, j)),
    truncated(L) {
      const coef = spectrum.shells.slice(0, L + 1).map((s) => s.multiplicity * s.lambda);
      const P = new Float64Array(L + 1);
      const c = Math.max(0, k(1) - coef.reduce((a, b) => a + b, 0));
      return {
        kernel: (X, i, Y, j) => {
          gegenbauerAll(d, L, cos(X, i, Y, j), P);
          let s = 0;
          for (let l = 0; l <= L; l++) s += coef[l]! * P[l]!;
          return s;
        },
        variance: () => c,
      };
    },
    modes(rng, degrees) {
      const U = sample(rng, degrees.length);
      const lmax = Math.max(0, ...degrees);
      const P = new Float64Array(lmax + 1);
      const norm = degrees.map((l) => Math.sqrt(spectrum.shells[l]!.multiplicity));
      return (X, i, out) => {
        degrees.forEach((l, m) => {
          gegenbauerAll(d, l, cos(X, i, U, m), P);
          out[m] = norm[m]! * P[l]!;
        });
      };
    },
  };
}

/** x ~ N(0, 1) (d_in = 1): the degree-k mode is the Hermite function phi_k. */
export function gaussianProblem(net: NetworkSpec): Problem {
  const modes = hermiteModes(net);
  const K = dotProductKernel(net)!;
  return {
    d: 1,
    sample(rng, count) {
      return Float64Array.from({ length: count }, () => rng.gauss());
    },
    kernel: (X, i, Y, j) => K(X[i]! * X[i]!, Y[j]! * Y[j]!, X[i]! * Y[j]!),
    truncated(L) {
      const lam = Array.from({ length: L + 1 }, (_, k) => modes.lambda(k));
      const a = new Float64Array(L + 1);
      const b = new Float64Array(L + 1);
      const kernel: PairKernel = (X, i, Y, j) => {
        modes.phi(X[i]!, L, a);
        modes.phi(Y[j]!, L, b);
        let s = 0;
        for (let k = 0; k <= L; k++) s += lam[k]! * a[k]! * b[k]!;
        return s;
      };
      // input dependent: the high Hermite functions live at large |x|
      return { kernel, variance: (X, i) => Math.max(0, modes.amplitude - kernel(X, i, X, i)) };
    },
    modes(_rng, degrees) {
      const kmax = Math.max(0, ...degrees);
      const phi = new Float64Array(kmax + 1);
      return (X, i, out) => {
        modes.phi(X[i]!, kmax, phi);
        degrees.forEach((k, m) => (out[m] = phi[k]!));
      };
    },
  };
}

export function problemFor(measure: Measure, net: NetworkSpec, spectrum: Spectrum): Problem {
  switch (measure) {
    case 'sphere':
      return sphereProblem(net, spectrum);
    case 'gaussian':
      return gaussianProblem(net);
  }
}

export interface Estimate {
  mean: number;
  stderr: number;
}

export function estimate(xs: number[]): Estimate {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const v = n > 1 ? xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : NaN;
  return { mean, stderr: Math.sqrt(v / n) };
}

export interface RegressionSetup {
  n: number;
  ridge: number;
  testPoints: number;
  datasets: number;
  seed: number;
  target: { degree: number; weight: number }[];
  /** Also fit the Wilsonian theory on the same data sets: the kernel truncated to degrees <= L, noise ridge + c_L(x_i). */
  truncated?: { L: number };
  progress?: (done: number, total: number) => void;
}

export interface MeasuredDegree {
  degree: number;
  /** <f_hat, f_l>/w_l over the test points, averaged over data sets. */
  learnability: Estimate;
  /** The same with the truncated theory, and the paired difference truncated - full. */
  truncated?: Estimate;
  difference?: Estimate;
}

export interface RegressionResult {
  degrees: MeasuredDegree[];
  /** E_test (f_hat - f*)^2, averaged over data sets. */
  testError: Estimate;
  truncatedTestError?: Estimate;
  seconds: number;
}

/** Posterior mean coefficients alpha = (K + diag(noise))^{-1} y (Cholesky). */
function posteriorWeights(kernel: PairKernel, X: Points, n: number, noise: (i: number) => number, y: Float64Array): Float64Array {
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) A[i * n + j] = kernel(X, i, X, j);
    A[i * n + i]! += noise(i);
  }
  return choleskySolve(choleskyInPlace(A, n), n, y);
}

/**
 * GP regression on `datasets` independent data sets of n inputs from the problem's measure, noiseless
 * target f* = sum_l sqrt(w_l) f_l (f_l unit-norm modes of degree l, fresh random directions per data set),
 * posterior mean f_hat(x) = sum_i alpha_i K(x, x_i). Measured per data set on fresh test points: the
 * learnability of each target degree, the coefficient of f_l in f_hat over sqrt(w_l) (least squares on the
 * target modes), and the test error <(f_hat - f*)^2>; the
 * error bars are the spread over data sets (which includes the test points' Monte Carlo error).
 */
export function runRegression(problem: Problem, setup: RegressionSetup): RegressionResult {
  const t0 = Date.now();
  const { n, ridge, testPoints: m, datasets } = setup;
  const degrees = setup.target.map((t) => t.degree);
  const amp = setup.target.map((t) => Math.sqrt(t.weight));
  const D = degrees.length;
  const learn: number[][] = degrees.map(() => []);
  const learnT: number[][] = degrees.map(() => []);
  const errors: number[] = [];
  const errorsT: number[] = [];
  const trunc = setup.truncated ? problem.truncated(setup.truncated.L) : undefined;
  const f = new Float64Array(D);
  for (let s = 0; s < datasets; s++) {
    const rng = Stream.of(setup.seed, s);
    const modes = problem.modes(rng, degrees);
    const X = problem.sample(rng, n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      modes(X, i, f);
      for (let k = 0; k < D; k++) y[i]! += amp[k]! * f[k]!;
    }
    const alpha = posteriorWeights(problem.kernel, X, n, () => ridge, y);
    const alphaT = trunc ? posteriorWeights(trunc.kernel, X, n, (i) => ridge + trunc.variance(X, i), y) : undefined;
    const T = problem.sample(rng, m);
    // Least-squares coefficients of f_hat on the target modes over the test points: <f_hat, f_l> without
    // the cross terms <f_k, f_l> (k != l, zero in expectation) that a plain projection picks up.
    const G = Array.from({ length: D }, () => new Array<number>(D).fill(0));
    const b = new Array<number>(D).fill(0);
    const bT = new Array<number>(D).fill(0);
    let err = 0;
    let errT = 0;
    for (let t = 0; t < m; t++) {
      let fh = 0;
      let fhT = 0;
      for (let i = 0; i < n; i++) {
        fh += alpha[i]! * problem.kernel(T, t, X, i);
        if (alphaT) fhT += alphaT[i]! * trunc!.kernel(T, t, X, i);
      }
      modes(T, t, f);
      let fstar = 0;
      for (let k = 0; k < D; k++) {
        fstar += amp[k]! * f[k]!;
        b[k]! += fh * f[k]!;
        bT[k]! += fhT * f[k]!;
        for (let j = 0; j < D; j++) G[k]![j]! += f[k]! * f[j]!;
      }
      err += (fh - fstar) ** 2;
      errT += (fhT - fstar) ** 2;
    }
    const coef = solveLinear(G, b);
    const coefT = solveLinear(G, bT);
    if (!coef || !coefT) throw new NumericalError('the target modes are linearly dependent on the test points (too few test points)');
    for (let k = 0; k < D; k++) {
      learn[k]!.push(coef[k]! / amp[k]!);
      learnT[k]!.push(coefT[k]! / amp[k]!);
    }
    errors.push(err / m);
    errorsT.push(errT / m);
    setup.progress?.(s + 1, datasets);
  }
  return {
    degrees: degrees.map((degree, k) => ({
      degree,
      learnability: estimate(learn[k]!),
      ...(setup.truncated ? { truncated: estimate(learnT[k]!), difference: estimate(learnT[k]!.map((v, s) => v - learn[k]![s]!)) } : {}),
    })),
    testError: estimate(errors),
    ...(setup.truncated ? { truncatedTestError: estimate(errorsT) } : {}),
    seconds: (Date.now() - t0) / 1000,
  };
}
