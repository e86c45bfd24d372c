import { activation, uniformPhase, type Activation } from '../activations/index.js';
// features.js, not the stage's index: worker threads load this file, and the index brings zod and yaml (~0.4 s per thread).
import { FeatureSampler, type DrawnNetwork } from '../ensemble/features.js';
import { networkKernel, pairExpectation } from '../kernel/index.js';
import { gaussLegendre, type Rule } from '../numeric/index.js';
import type { CosnetSpec, NetworkSpec } from '../theory/index.js';
import type { FisherKind } from './types.js';
import { ballVolume, shellPropagator } from './propagator.js';

/**
 * A sampled network seen as a Gaussian feature model: f(x) = Phi(x) . theta with theta ~ N(0, I) in
 * prior-whitened coordinates, so that the Jacobian in those coordinates is Phi and the Fisher metric on
 * data X with noise sigma^2 is Phi(X)^T Phi(X) / sigma^2.
 */
export interface SampledNet {
  /** Number of parameters (columns of Phi). */
  P: number;
  /** The rows Phi(x) at the points. */
  features(points: number[][]): Float64Array[];
  /** cos-net: |p|^2 of each parameter's mode (the Fisher-momentum comparisons). */
  momentum2?: Float64Array;
  /** Networks: the sampled weights (W0 row-major, N x d_in), for rebuilding or inspecting the features. */
  weights?: { W0: Float64Array; b0: Float64Array; W1: Float64Array };
  /** The parameters as the WebAssembly kernel drew them. */
  drawn: DrawnNetwork;
}

/** How the networks of a run are drawn, and their infinite-width kernel. */
export interface FeatureModel {
  /** Shown in outputs. */
  label: string;
  dIn: number;
  /** The infinite-width kernel matrix of the features on points (the GP); null when nnrg has none (the NTK of `full`). */
  kernel: ((points: number[][]) => number[][]) | null;
  /** The kernel of the network's function prior (what a `gp` target is drawn from). */
  prior: (points: number[][]) => number[][];
  /** Network `net` of bag `bag` of the counter stream `seed`, drawn by the WebAssembly kernel (src/ensemble/features.ts). */
  draw(seed: number, bag: number, net: number): SampledNet;
}

/**
 * E[phi(z)] for z ~ N(0, 1) by 8-point Gauss–Legendre panels of width <= 1 on [-8, 8], split at `breaks`:
 * about 1e-7 relative for tanh (whose poles are nearest the real axis) and 1e-9 or better for sigmoid, gelu,
 * softplus and sin (test/brg), where kernel/'s 20-point panels on [-12, 12] reach 1e-13 at 14 times the cost.
 * Only activations without a closed-form kernel use it (not GaussNet, whose integrand reaches beyond 8).
 */
function coarseRule(breaks: number[]): Rule {
  const cuts = [-8, ...breaks.filter((b) => Math.abs(b) < 8).sort((a, b) => a - b), 8];
  const gl = gaussLegendre(8);
  const x: number[] = [];
  const w: number[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const panels = Math.max(1, Math.ceil(cuts[k + 1]! - cuts[k]!));
    const h = (cuts[k + 1]! - cuts[k]!) / panels;
    if (!(h > 0)) continue;
    for (let p = 0; p < panels; p++)
      for (let i = 0; i < 8; i++) {
        const z = cuts[k]! + (p + 0.5 + 0.5 * gl.x[i]!) * h;
        x.push(z);
        w.push((0.5 * h * gl.w[i]! * Math.exp(-0.5 * z * z)) / Math.sqrt(2 * Math.PI));
      }
  }
  return { x: Float64Array.from(x), w: Float64Array.from(w) };
}
const smoothRule = coarseRule([]);

/** E[g(u) g(v)], (u, v) ~ N(0, [[a, c], [c, b]]), by kernel/'s quadrature with the coarse rule. */
export function coarsePairExpectation(act: Activation, a: number, b: number, c: number): number {
  return pairExpectation(act, a, b, c, true, (breaks) => (breaks.length ? coarseRule(breaks) : smoothRule));
}

/**
 * The depth-1 GP kernel matrix on points: kernel/'s closed form where the activation has one, else the
 * coarse quadrature above (a data set needs (n + test)^2/2 entries).
 */
function gpMatrix(net: NetworkSpec, points: number[][]): number[][] {
  const act = activation(net.activation);
  if (act.pairExpectation) return networkKernel(net).matrix(points);
  const hidden = uniformPhase(act.hiddenBias) ? 0 : net.sigma_b ** 2;
  const sigma = (x: number[], y: number[]) => hidden + (net.sigma_w ** 2 * x.reduce((s, v, k) => s + v * y[k]!, 0)) / net.d_in;
  const n = points.length;
  const K = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      const [x, y] = [points[i]!, points[j]!];
      K[i]![j] = K[j]![i] = net.sigma_b ** 2 + net.sigma_w ** 2 * coarsePairExpectation(act, sigma(x, x), sigma(y, y), sigma(x, y));
    }
  return K;
}

/** Central difference for g' (the kinks of ReLU-like activations are hit with probability 0). */
function derivative(g: (z: number, v: number) => number, z: number, v: number): number {
  const h = 1e-5 * Math.max(1, Math.abs(z));
  return (g(z + h, v) - g(z - h, v)) / (2 * h);
}

/**
 * One hidden layer of width N as nnrg's sampler draws it (its WebAssembly kernel, src/ensemble/features.ts): W0 ~ N(0, sigma_w^2/d_in), b0 ~ N(0, sigma_b^2) (or
 * U[-pi, pi] for a uniform-phase bias), W1 ~ N(0, sigma_w^2/N), b1 ~ N(0, sigma_b^2). The last-layer kinds
 * take theta = (W1 sqrt(N)/sigma_w, b1/sigma_b); `full` adds the displacements of W0 and b0 from the sampled
 * values (whitened by their prior scales): the network linearized at its sampled parameters.
 */
export function networkModel(net: NetworkSpec, width: number, kind: FisherKind): FeatureModel {
  const act = activation(net.activation);
  const uniform = uniformPhase(act.hiddenBias);
  const d = net.d_in;
  const N = width;
  const sw0 = net.sigma_w / Math.sqrt(d);
  const sw1 = net.sigma_w / Math.sqrt(N);
  const biasScale = uniform ? Math.PI / Math.sqrt(3) : net.sigma_b;
  const withFirstLayer = kind === 'full';
  const gp = (points: number[][]) => gpMatrix(net, points);
  let sampler: FeatureSampler | undefined; // one WebAssembly instance per model, made at the first draw
  return {
    label: `${net.activation} network, d_in = ${d}, width ${N}`,
    dIn: d,
    kernel: withFirstLayer ? null : gp,
    prior: gp,
    draw(seed, bag, index) {
      sampler ??= new FeatureSampler({ kind: 'network', activation: net.activation, dIn: d, width: N, sigmaW: net.sigma_w, sigmaB: net.sigma_b });
      const drawn = sampler.draw(seed, bag, index);
      const { W0, b0 } = drawn;
      const W1 = drawn.xi.map((v) => sw1 * v);
      const outBias = net.sigma_b > 0 ? 1 : 0;
      const firstBias = biasScale > 0 ? 1 : 0;
      const P = N + outBias + (withFirstLayer ? N * (d + firstBias) : 0);
      return {
        P,
        weights: { W0, b0, W1 },
        drawn,
        features(points) {
          const h = drawn.features(points);
          return points.map((x, p) => {
            const row = new Float64Array(P);
            for (let j = 0; j < N; j++) row[j] = sw1 * h[p * N + j]!;
            if (outBias) row[N] = net.sigma_b;
            if (!withFirstLayer) return row;
            // The tangent columns of `full`: W1_j g'(z_j) times the whitened first-layer displacements.
            let x2 = 0;
            for (const v of x) x2 += v * v;
            const V = (uniform ? Math.PI ** 2 / 3 : net.sigma_b ** 2) + (net.sigma_w ** 2 * x2) / d;
            let c = N + outBias;
            for (let j = 0; j < N; j++) {
              let z = b0[j]!;
              for (let k = 0; k < d; k++) z += W0[j * d + k]! * x[k]!;
              const dz = W1[j]! * derivative(act.g, z, V);
              for (let k = 0; k < d; k++) row[c++] = dz * sw0 * x[k]!;
              if (firstBias) row[c++] = dz * biasScale;
            }
            return row;
          });
        },
      };
    },
  };
}

/** A^2 = 2 Vol(B_R) / ((2 pi)^d N): the amplitude that makes the cos-net's kernel G_R at every width. */
export function cosnetAmplitude2(spec: Pick<CosnetSpec, 'd' | 'R'>, width: number): number {
  return (2 * ballVolume(spec.d, spec.R)) / ((2 * Math.PI) ** spec.d * width);
}

/**
 * The generalized cos-net: f(x) = sum_i a_i A cos(p_i.x + c_i) / sqrt(p_i^2 + m^2), p_i uniform in the
 * ball |p| < R, c_i ~ U[-pi, pi], a_i ~ N(0, 1) (already whitened). Its kernel is G_R(x - y) at every width.
 */
export function cosnetModel(spec: CosnetSpec, width: number): FeatureModel {
  const { d, m, R } = spec;
  const N = width;
  const A = Math.sqrt(cosnetAmplitude2(spec, N));
  let sampler: FeatureSampler | undefined;
  const kernel = (points: number[][]) =>
    points.map((x) =>
      points.map((y) => {
        let r2 = 0;
        for (let k = 0; k < d; k++) r2 += (x[k]! - y[k]!) ** 2;
        return shellPropagator(d, m, R, Math.sqrt(r2)).value;
      }),
    );
  return {
    label: `cos-net, d = ${d}, m = ${m}, R = ${R}, width ${N}`,
    dIn: d,
    kernel,
    prior: kernel,
    draw(seed, bag, index) {
      sampler ??= new FeatureSampler({ kind: 'cosnet', d, width: N, m, R, amplitude: A });
      const drawn = sampler.draw(seed, bag, index);
      return {
        P: N,
        momentum2: drawn.p2!,
        drawn,
        features(points) {
          const h = drawn.features(points);
          return points.map((_, p) => h.subarray(p * N, (p + 1) * N));
        },
      };
    },
  };
}
