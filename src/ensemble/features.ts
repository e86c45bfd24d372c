/**
 * One network at a time, drawn by the WebAssembly kernel (the "brg features" section of wasm/sampler.ts): its
 * parameters and its hidden-layer features at given points, for stages that need every network itself rather
 * than sums over networks (src/brg: per-network Fisher metrics and posteriors). Network `net` of bag `bag` comes
 * from its own counter stream keyed by (seed, bag, net), so it does not depend on how many networks are drawn
 * beside it, nor on the order they are drawn in. docs/brg.md, "Sampling".
 */
import { activation, isSampled, samplerView, uniformPhase, type ActivationName } from '../activations/index.js';
import { NumericalError } from '../numeric/index.js';
import { KERNEL_MAX_BYTES, kernelInstance } from './wasm-kernel.js';

/** What is drawn: a one-hidden-layer network as the sampler draws it, or the generalized cos-net. */
export type FeatureNetSpec =
  | { kind: 'network'; activation: ActivationName; dIn: number; width: number; sigmaW: number; sigmaB: number }
  /** f(x) = sum_j a_j A cos(p_j.x + c_j)/sqrt(p_j^2 + m^2), p_j uniform in the ball |p| < R of R^d, c_j ~ U[-pi, pi]. */
  | { kind: 'cosnet'; d: number; width: number; m: number; R: number; amplitude: number };

/** One drawn network's parameters (copies). */
export interface DrawnNetwork {
  width: number;
  dIn: number;
  /** First-layer weights, row-major (neuron j at j*dIn): W0 ~ N(0, sigma_w^2/d_in); cos-net: the momenta p_j. */
  W0: Float64Array;
  /** Hidden biases b0 (N(0, sigma_b^2), or U[-pi, pi] for a uniform phase); cos-net: the phases c_j. */
  b0: Float64Array;
  /** network: xi_j ~ N(0, 1), the last layer being W1 = sigma_w/sqrt(N) xi; cos-net: the amplitudes A/sqrt(p_j^2 + m^2). */
  xi: Float64Array;
  /** cos-net: |p_j|^2. */
  p2: Float64Array | null;
  /** Features at the points, row-major (point p's N values at p*N): g(W0_j.x + b0_j) (GaussNet: exp(z - Var z)); cos-net: xi_j cos(p_j.x + c_j). */
  features(points: readonly (readonly number[])[]): Float64Array;
}

interface FeatureExports {
  memory: { buffer: ArrayBuffer };
  configure(...args: number[]): void;
  configureFeatures(mode: number, capacity: number, m: number, R: number, A: number): void;
  featurePointsPtr(): number;
  featureOutPtr(): number;
  w0Ptr(): number;
  b0Ptr(): number;
  xiPtr(): number;
  p2Ptr(): number;
  drawFeatureNetwork(seed: number, bag: number, net: number): void;
  evalFeatures(count: number): void;
}

/**
 * The features of a network computed here from its parameters: the reference the kernel's are tested against.
 */
export function referenceFeatures(spec: FeatureNetSpec, net: Omit<DrawnNetwork, 'features'>, points: readonly (readonly number[])[]): Float64Array {
  const { width: N, dIn: d, W0, b0, xi } = net;
  const out = new Float64Array(points.length * N);
  const act = spec.kind === 'network' ? activation(spec.activation) : null;
  points.forEach((x, p) => {
    let V = 0;
    if (spec.kind === 'network') {
      let x2 = 0;
      for (const v of x) x2 += v * v;
      V = (uniformPhase(act!.hiddenBias) ? Math.PI ** 2 / 3 : spec.sigmaB ** 2) + (spec.sigmaW ** 2 * x2) / d;
    }
    for (let j = 0; j < N; j++) {
      let z = b0[j]!;
      for (let k = 0; k < d; k++) z += W0[j * d + k]! * x[k]!;
      out[p * N + j] = act ? act.g(z, V) : xi[j]! * Math.cos(z);
    }
  });
  return out;
}

/** Draws networks in a WebAssembly instance of its own (one per sampler). */
export class FeatureSampler {
  private readonly x: FeatureExports;
  private readonly N: number;
  private readonly NP: number;
  private readonly d: number;
  private readonly capacity: number;
  private generation = 0;

  constructor(private readonly spec: FeatureNetSpec) {
    const N = spec.width;
    const d = spec.kind === 'network' ? spec.dIn : spec.d;
    this.N = N;
    this.NP = N + (N % 2);
    this.d = d;
    // Points per call: about 8 MB of features, at least one point.
    this.capacity = Math.max(1, Math.min(1024, Math.floor(2 ** 20 / this.NP)));
    const bytes = 8 * this.NP * (d + 4 + this.capacity) + 8 * this.capacity * d + (1 << 20);
    if (bytes > KERNEL_MAX_BYTES)
      throw new NumericalError(`a network of width ${N} with ${d} inputs needs ${bytes} bytes, more than one kernel instance can hold`);
    this.x = kernelInstance() as FeatureExports;
    const COS = samplerView('cos');
    switch (spec.kind) {
      case 'network': {
        const act = activation(spec.activation);
        // every activation record has a kernel case (test/ensemble/kernel.test.ts checks each)
        if (!isSampled(spec.activation)) throw new Error(`FeatureSampler: no kernel case for ${spec.activation}`);
        const view = samplerView(spec.activation);
        this.x.configure(view.id, uniformPhase(act.hiddenBias) ? 1 : 0, view.subtractVariance ? 1 : 0, d, 0, N, spec.sigmaW, spec.sigmaB, 0, 0, 0);
        this.x.configureFeatures(0, this.capacity, 0, 0, 0);
        break;
      }
      case 'cosnet':
        this.x.configure(COS.id, 1, 0, d, 0, N, 1, 0, 0, 0, 0);
        this.x.configureFeatures(1, this.capacity, spec.m, spec.R, spec.amplitude);
        break;
    }
  }

  /** Network `net` of bag `bag` of the stream `seed` (each an integer, 0 <= bag, net < 2^31; bag -1 is allowed too). */
  draw(seed: number, bag: number, net: number): DrawnNetwork {
    const { x, N, NP, d } = this;
    x.drawFeatureNetwork(seed, bag, net);
    const generation = ++this.generation;
    const buf = x.memory.buffer;
    const cols = new Float64Array(buf, x.w0Ptr(), d * NP);
    const W0 = new Float64Array(N * d);
    for (let k = 0; k < d; k++) for (let j = 0; j < N; j++) W0[j * d + k] = cols[k * NP + j]!;
    const params = {
      width: N,
      dIn: d,
      W0,
      b0: new Float64Array(buf, x.b0Ptr(), N).slice(),
      xi: new Float64Array(buf, x.xiPtr(), N).slice(),
      p2: this.spec.kind === 'cosnet' ? new Float64Array(buf, x.p2Ptr(), N).slice() : null,
    };
    return {
      ...params,
      features: (points) => {
        if (generation !== this.generation) throw new Error('FeatureSampler: features of a network after the next one was drawn');
        return this.evaluate(points);
      },
    };
  }

  private evaluate(points: readonly (readonly number[])[]): Float64Array {
    const { x, N, NP, d, capacity } = this;
    const out = new Float64Array(points.length * N);
    for (let start = 0; start < points.length; start += capacity) {
      const count = Math.min(capacity, points.length - start);
      const pts = new Float64Array(x.memory.buffer, x.featurePointsPtr(), count * d);
      for (let p = 0; p < count; p++) {
        const pt = points[start + p]!;
        if (pt.length !== d) throw new Error(`FeatureSampler: a point of dimension ${pt.length}, expected ${d}`);
        for (let k = 0; k < d; k++) pts[p * d + k] = pt[k]!;
      }
      x.evalFeatures(count);
      const rows = new Float64Array(x.memory.buffer, x.featureOutPtr(), count * NP);
      for (let p = 0; p < count; p++) out.set(rows.subarray(p * NP, p * NP + N), (start + p) * N);
    }
    return out;
  }
}
