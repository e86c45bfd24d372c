import { NumericalError, solveLinear, symmetricEigenQL } from '../numeric/index.js';
import type { BrgScheme, FisherKind, Measurement } from './types.js';

/**
 * The exact Gaussian posterior of theta in f(x) = Phi(x) . theta, theta ~ N(0, I), y = f(X) + N(0, sigma^2),
 * and its information-shell coarse graining. With F = Phi^T Phi / sigma^2 (the Fisher metric in
 * prior-whitened coordinates) the posterior precision is I + F: in F's eigenbasis the posterior factorizes,
 * direction alpha (information I_alpha) having mean mu_alpha and variance 1/(1 + I_alpha). At a cutoff Lambda
 * the directions with I >= Lambda keep their posterior; the others are reset to the prior N(0, 1) (`resample`)
 * or integrated out of the field (`marginalize`: they no longer contribute to f). docs/brg.md has the formulas.
 */
export interface NetworkPosterior {
  /** Information of each direction, descending: Fisher eigenvalues (eigen kinds) or the diagonal of F (`diagonal`). */
  fisher: Float64Array;
  /** Directions without information (the null space of Phi(X)), not listed in `fisher`. */
  zeros: number;
  /** The unit vector in parameter space of direction alpha (an eigenvector of F, or a coordinate axis). */
  direction(alpha: number): Float64Array;
  /** The coarse-grained measurements at each cutoff (in the order given; Infinity allowed). */
  measure(cutoffs: number[]): Measurement[];
  /** The trained posterior and the prior computed directly (a linear solve), for the limits of the coarse graining. */
  direct(): { trained: PointValues; prior: PointValues };
  /** Mean predictor and predictive variance per test point at one cutoff (for the limit checks). */
  pointValues(cutoff: number): PointValues;
}

export interface PointValues {
  mean: Float64Array;
  variance: Float64Array;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/** Gram matrix of the rows. */
function gram(rows: Float64Array[]): number[][] {
  const n = rows.length;
  const G = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      const v = dot(rows[i]!, rows[j]!);
      G[i]![j] = v;
      G[j]![i] = v;
    }
  return G;
}

/** Directions with eigenvalue below this fraction of the largest count as null: the rounding level of a Gram matrix's eigenvalues. */
const NULL_FRACTION = 1e-13;

/**
 * Nonzero eigenpairs of Phi^T Phi, descending: g_alpha, v_alpha (parameter space) and u_alpha = Phi v_alpha /
 * sqrt(g_alpha) (data space), from whichever of Phi Phi^T (n x n) and Phi^T Phi (P x P) is smaller.
 */
export function eigenDirections(Phi: Float64Array[], P: number): { g: number[]; U: Float64Array[]; V: Float64Array[] } {
  const n = Phi.length;
  const dataSide = n <= P;
  const M = dataSide ? gram(Phi) : gram(Array.from({ length: P }, (_, a) => Float64Array.from(Phi, (row) => row[a]!)));
  const { values, vectors } = symmetricEigenQL(M);
  const size = M.length;
  const top = Math.max(values[size - 1] ?? 0, 0);
  const g: number[] = [];
  const U: Float64Array[] = [];
  const V: Float64Array[] = [];
  for (let k = size - 1; k >= 0; k--) {
    const gk = values[k]!;
    if (!(gk > NULL_FRACTION * top)) break;
    const w = Float64Array.from(vectors, (row) => row[k]!);
    const s = Math.sqrt(gk);
    if (dataSide) {
      const v = new Float64Array(P);
      for (let i = 0; i < n; i++) for (let a = 0; a < P; a++) v[a]! += (Phi[i]![a]! * w[i]!) / s;
      U.push(w);
      V.push(v);
    } else {
      U.push(Float64Array.from(Phi, (row) => dot(row, w) / s));
      V.push(w);
    }
    g.push(gk);
  }
  return { g, U, V };
}

interface Sweep {
  /** Number of directions with information >= cutoff, then the per-test-point state after keeping them. */
  advance(count: number): void;
  state(lambda: number): { kept: number; mean: Float64Array; variance: Float64Array; sumCov: number };
}

/**
 * The posterior of one network on one data set. Phi: rows Phi(x) at the training points; PhiTest at the test
 * points; y the labels; target f* at the test points; sigma2 the noise variance.
 */
export function networkPosterior(
  Phi: Float64Array[],
  PhiTest: Float64Array[],
  y: ArrayLike<number>,
  target: ArrayLike<number>,
  sigma2: number,
  kind: FisherKind,
  scheme: BrgScheme,
): NetworkPosterior {
  const n = Phi.length;
  const t = PhiTest.length;
  const P = Phi[0]?.length ?? 0;
  if (n === 0 || t === 0 || P === 0) throw new NumericalError('brg: a posterior needs training points, test points and parameters');
  // The test Gram matrix: its diagonal and the sum of all its entries.
  const cDiag = Float64Array.from(PhiTest, (r) => dot(r, r));
  const colSum = new Float64Array(P);
  for (const r of PhiTest) for (let a = 0; a < P; a++) colSum[a]! += r[a]!;
  const cSum = dot(colSum, colSum);

  let fisher: Float64Array;
  let zeros: number;
  let direction: (alpha: number) => Float64Array;
  let makeSweep: () => Sweep;

  if (kind === 'diagonal') {
    const info = new Float64Array(P);
    for (const r of Phi) for (let a = 0; a < P; a++) info[a]! += (r[a]! * r[a]!) / sigma2;
    const order = Array.from({ length: P }, (_, a) => a).sort((a, b) => info[b]! - info[a]!);
    fisher = Float64Array.from(order, (a) => info[a]!);
    zeros = 0;
    direction = (alpha) => {
      const e = new Float64Array(P);
      e[order[alpha]!] = 1;
      return e;
    };
    // H = (sigma^2 + Phi Phi^T)^{-1}; posterior mean m = Phi^T H y.
    const G = gram(Phi);
    const { values, vectors } = symmetricEigenQL(G);
    const H = Array.from({ length: n }, (_, i) =>
      Float64Array.from({ length: n }, (_, j) => {
        let s = 0;
        for (let k = 0; k < n; k++) s += (vectors[i]![k]! * vectors[j]![k]!) / (sigma2 + values[k]!);
        return s;
      }),
    );
    const w = Float64Array.from(H, (row) => dot(row, y));
    const m = new Float64Array(P);
    for (let i = 0; i < n; i++) for (let a = 0; a < P; a++) m[a]! += Phi[i]![a]! * w[i]!;
    makeSweep = () => {
      let next = 0;
      const mean = new Float64Array(t);
      const B = Array.from({ length: t }, () => new Float64Array(n)); // Phi*_K Phi_K^T
      const keptDiag = new Float64Array(t); // diag of Phi*_K Phi*_K^T
      let keptSum = 0; // 1^T Phi*_K Phi*_K^T 1
      return {
        advance(count) {
          for (; next < count; next++) {
            const a = order[next]!;
            for (let x = 0; x < t; x++) {
              const px = PhiTest[x]![a]!;
              if (px === 0) continue;
              mean[x]! += px * m[a]!;
              keptDiag[x]! += px * px;
              const Bx = B[x]!;
              for (let i = 0; i < n; i++) Bx[i]! += px * Phi[i]![a]!;
            }
            keptSum += colSum[a]! ** 2;
          }
        },
        state() {
          const variance = new Float64Array(t);
          const bSum = new Float64Array(n);
          for (let x = 0; x < t; x++) {
            const Bx = B[x]!;
            const HB = Float64Array.from(H, (row) => dot(row, Bx));
            const reduced = dot(Bx, HB);
            variance[x] = (scheme === 'resample' ? cDiag[x]! : keptDiag[x]!) - reduced;
            for (let i = 0; i < n; i++) bSum[i]! += Bx[i]!;
          }
          const reducedSum = dot(
            bSum,
            Float64Array.from(H, (row) => dot(row, bSum)),
          );
          const sumCov = (scheme === 'resample' ? cSum : keptSum) - reducedSum;
          return { kept: next, mean: mean.slice(), variance, sumCov };
        },
      };
    };
  } else {
    const { g, U, V } = eigenDirections(Phi, P);
    const r = g.length;
    fisher = Float64Array.from(g, (v) => v / sigma2);
    zeros = P - r;
    direction = (alpha) => V[alpha]!;
    const phi = V.map((v) => Float64Array.from(PhiTest, (row) => dot(row, v))); // phi_alpha(x)
    const phiSum = phi.map((p) => p.reduce((s, v) => s + v, 0));
    const mu = g.map((ga, a) => (Math.sqrt(ga) * dot(U[a]!, y)) / (sigma2 + ga));
    // The null space (I = 0) on the test points: C* minus the data-resolved part.
    const nullDiag = cDiag.slice();
    let nullSum = cSum;
    for (let a = 0; a < r; a++) {
      for (let x = 0; x < t; x++) nullDiag[x]! -= phi[a]![x]! ** 2;
      nullSum -= phiSum[a]! ** 2;
    }
    makeSweep = () => {
      let next = 0;
      const mean = new Float64Array(t);
      const variance = scheme === 'resample' ? cDiag.slice() : new Float64Array(t);
      let sumCov = scheme === 'resample' ? cSum : 0;
      return {
        advance(count) {
          for (; next < Math.min(count, r); next++) {
            const I = fisher[next]!;
            const w = scheme === 'resample' ? -I / (1 + I) : 1 / (1 + I);
            const p = phi[next]!;
            for (let x = 0; x < t; x++) {
              mean[x]! += p[x]! * mu[next]!;
              variance[x]! += w * p[x]! ** 2;
            }
            sumCov += w * phiSum[next]! ** 2;
          }
        },
        state(lambda) {
          // The null directions carry no information: kept only for Lambda <= 0 (they matter for marginalize).
          const withNull = lambda <= 0 && scheme === 'marginalize';
          return {
            kept: next + (lambda <= 0 ? zeros : 0),
            mean: mean.slice(),
            variance: withNull ? Float64Array.from(variance, (v, x) => v + nullDiag[x]!) : variance.slice(),
            sumCov: withNull ? sumCov + nullSum : sumCov,
          };
        },
      };
    };
  }

  const keptCount = (lambda: number) => {
    let c = 0;
    while (c < fisher.length && fisher[c]! >= lambda) c++;
    return c;
  };
  const states = (cutoffs: number[]) => {
    const order = cutoffs.map((_, i) => i).sort((a, b) => cutoffs[b]! - cutoffs[a]!);
    const sweep = makeSweep();
    const out = new Array<ReturnType<Sweep['state']>>(cutoffs.length);
    for (const i of order) {
      sweep.advance(keptCount(cutoffs[i]!));
      out[i] = sweep.state(cutoffs[i]!);
    }
    return out;
  };

  return {
    fisher,
    zeros,
    direction,
    measure(cutoffs) {
      return states(cutoffs).map((s) => {
        let mse = 0;
        let v = 0;
        let diag = 0;
        let meanSum = 0;
        for (let x = 0; x < t; x++) {
          mse += (s.mean[x]! - target[x]!) ** 2;
          v += s.variance[x]!;
          diag += s.mean[x]! ** 2 + s.variance[x]!;
          meanSum += s.mean[x]!;
        }
        const all = meanSum * meanSum + s.sumCov;
        return { kept: s.kept, mse: mse / t, variance: v / t, g2diag: diag / t, g2off: t > 1 ? (all - diag) / (t * (t - 1)) : null };
      });
    },
    pointValues(cutoff) {
      const s = states([cutoff])[0]!;
      return { mean: s.mean, variance: s.variance };
    },
    direct() {
      const A = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => dot(Phi[i]!, Phi[j]!) + (i === j ? sigma2 : 0)));
      const solve = (b: number[]) => {
        const x = solveLinear(A, b);
        if (!x) throw new NumericalError('brg: the posterior matrix Phi Phi^T + sigma^2 is singular');
        return x;
      };
      const alpha = solve(Array.from(y));
      const mean = new Float64Array(t);
      const variance = new Float64Array(t);
      PhiTest.forEach((row, x) => {
        const k = Phi.map((ri) => dot(row, ri));
        mean[x] = dot(k, alpha);
        variance[x] = cDiag[x]! - dot(k, solve(k));
      });
      return { trained: { mean, variance }, prior: { mean: new Float64Array(t), variance: scheme === 'resample' ? cDiag.slice() : new Float64Array(t) } };
    },
  };
}
