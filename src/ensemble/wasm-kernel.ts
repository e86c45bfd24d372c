import { existsSync, readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { fileURLToPath } from 'node:url';
import type { MultisetTree } from './tree.js';
import { NumericalError } from '../numeric/index.js';
import { activation, samplerView, uniformPhase, type SampledActivationName } from '../activations/index.js';
import type { Estimator } from '../theory/index.js';

/** What one kernel instance samples: a network (one or more hidden layers), its points (each of length d_in), its width. */
export interface KernelSpec {
  activation: SampledActivationName;
  dIn: number;
  points: number[][];
  width: number;
  sigmaW: number;
  sigmaB: number;
  tree: MultisetTree;
  topK: number;
  /** GaussNet with equally spaced 1-d points: use the exp recurrence (default true; false forces P exps). */
  recurrence?: boolean;
  /**
   * 'marginalized': draw the hidden layer only and sum products of the entries of D = C - K (C the
   * output covariance given the hidden layer, K the GP kernel `kernel`) over `tree`, the multiset tree of
   * orders 1..3 over the P(P+1)/2 entries (p <= q, lexicographic). Default 'plain': products of f over
   * the tree of orders 1..6 over the points.
   */
  estimator?: Estimator;
  /** The GP kernel on the points (marginalized only): C is centred by it. */
  kernel?: number[][];
  /** Hidden widths n_1..n_L (default [width]); `width` is then n_L. */
  widths?: number[];
  /** Outputs drawn per network (plain estimator; default 1): the tree's points are the P d_out items p d_out + a. */
  dOut?: number;
  /**
   * Per layer, the pre-activation variance V^(l)(x_p) at infinite width, subtracted before g for an activation
   * that normalizes by it (GaussNet); needed at depth >= 2 for such an activation.
   */
  layerV?: number[][];
  /** Use the deep path (any depth, d_out outputs) even for a one-output, one-hidden-layer network (tests). */
  deep?: boolean;
}

/** Whether a spec runs on the deep path (runBagDeep) rather than the tuned depth-1 paths. */
export function usesDeepPath(spec: KernelSpec): boolean {
  const depth = spec.widths?.length ?? 1;
  return spec.deep === true || depth > 1 || (spec.estimator !== 'marginalized' && (spec.dOut ?? 1) > 1);
}

/** The entries of C as the marginalized tree's points: (p, q), p <= q, lexicographic (as multisets(P, 2)). */
export function kernelEntries(K: number[][]): number[] {
  const out: number[] = [];
  for (let p = 0; p < K.length; p++) for (let q = p; q < K.length; q++) out.push(K[p]![q]!);
  return out;
}

/** V(x_p) = Var b0 + sigma_w^2 |x_p|^2 / d_in of the first layer (as the depth-1 paths compute it). */
function firstLayerVariance(spec: KernelSpec, uniform: boolean): number[] {
  return spec.points.map((x) => (uniform ? Math.PI ** 2 / 3 : spec.sigmaB ** 2) + (spec.sigmaW ** 2 * x.reduce((s, v) => s + v * v, 0)) / spec.dIn);
}

/**
 * Bytes one kernel instance allocates for `spec` (the allocations of `configure` in wasm/sampler.ts,
 * each padded by 16 bytes, plus the initial 128 KiB and the ziggurat and erf tables).
 */
export function kernelBytes(spec: { dIn: number; points: number; width: number; nodes: number; topK: number; depth?: number }): number {
  const NP = spec.width + (spec.width % 2);
  const P = spec.points;
  const arrays = [P * 16, P * 8, P * spec.dIn * 8, P * 8, spec.dIn * NP * 8, NP * 8, NP * 8, P * 64];
  // products: 8 networks per slot of orders 0..5 (plain), or 2 per slot (marginalized)
  let top = 1; // C(P + 5, 6): the plain tree's order-6 nodes, whose products are not stored
  for (let k = 1; k <= 6; k++) top = (top * (P + k - 1)) / k;
  const low = Math.max(0, spec.nodes - Math.round(top));
  arrays.push(spec.nodes * 4, Math.max((spec.nodes + 1) * 16, (low + 1) * 64), spec.nodes * 4, spec.nodes * 16, spec.nodes * 8, spec.topK * 8);
  // the deep path (configureDeep; `width` the largest, `points` counting the outputs): layer buffers, readout rows,
  // Gram sums and a layer's pivoted Cholesky factor (no weight matrix: layers >= 2 are drawn in the space of the points)
  if ((spec.depth ?? 1) > 1) arrays.push(2 * P * NP * 8, spec.dIn * NP * 8, (NP + 2) * 8, P * NP * 8, P * 16, P * P * 16, P * P * 8, P * 4, P * P * 16, P * 16);
  return 131072 + 4096 + arrays.reduce((s, b) => s + b + 16, 0);
}

/**
 * The most one instance may allocate: the kernel takes sizes as 32-bit integers and the JavaScript side
 * reads its addresses as signed 32-bit integers, so every address must stay below 2^31.
 */
export const KERNEL_MAX_BYTES = 2 ** 31;

/** The spacing of equally spaced 1-d points (x_p = x_0 + p h to 1e-13 relative), else 0. */
export function equalSpacing(points: number[][]): number {
  if (points.length < 3 || points.some((p) => p.length !== 1)) return 0;
  const xs = points.map((p) => p[0]!);
  const h = (xs[xs.length - 1]! - xs[0]!) / (xs.length - 1);
  const scale = Math.max(...xs.map(Math.abs));
  if (h === 0 || xs.some((x, i) => Math.abs(x - (xs[0]! + i * h)) > 1e-13 * scale)) return 0;
  return h;
}

/** One finished bag: per multiset-tree node the sum over the bag's networks of the product, and the
 * largest values of max_p |f(x_p)| (plain) or max_m |D_m| (marginalized), unsorted. */
export interface RawBag {
  sums: Float64Array;
  top: Float64Array;
}

interface Exports {
  memory: { buffer: ArrayBuffer };
  configure(
    act: number,
    uniformBias: number,
    subtractVariance: number,
    dIn: number,
    points: number,
    width: number,
    sw: number,
    sb: number,
    nodes: number,
    topK: number,
    step: number,
  ): void;
  pointsPtr(): number;
  ptPtr(): number;
  parentPtr(): number;
  outPtr(): number;
  topPtr(): number;
  runBag(seed: number, bag: number, nets: number): number;
  configureMarginal(entries: number): void;
  kPtr(): number;
  runBagMarginal(seed: number, bag: number, nets: number): number;
  configureDeep(depth: number, dOut: number, maxWidth: number): void;
  widthsPtr(): number;
  layerVPtr(): number;
  runBagDeep(seed: number, bag: number, nets: number, marginal: number): number;
  peakMulAdd(iters: number): number;
  configureCovariances(entries: number, batch: number, marginal: number): void;
  covPtr(): number;
  beginCovariances(seed: number, bag: number): void;
  nextCovariances(count: number): void;
  gaussians(seed: number, bag: number, n: number, out: number, vector: number): void;
  activations(act: number, inp: number, out: number, n: number): void;
  scratch(bytes: number): number;
}

// The WebAssembly global, typed just as far as used (tsconfig has no DOM lib).
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | undefined;

/** Where the build put the kernel: beside this file in dist/, or dist/ensemble when running from src/. */
export function wasmPath(): string {
  const candidates = [new URL('./sampler.wasm', import.meta.url), new URL('../../dist/ensemble/sampler.wasm', import.meta.url)];
  for (const c of candidates) {
    const p = fileURLToPath(c);
    if (existsSync(p)) return p;
  }
  throw new NumericalError('the WebAssembly sampler kernel (dist/ensemble/sampler.wasm) is missing: run `npm run build`');
}

function module(): object {
  // A bag is one long call into the module, and V8 cannot swap a running wasm function from its
  // baseline (Liftoff) code to optimized code: compile optimized code up front (~3x faster bags).
  if (!compiled) setFlagsFromString('--no-liftoff');
  compiled ??= new WA.Module(readFileSync(wasmPath()));
  return compiled;
}

/** A fresh instance of the kernel module (its own memory): its exports, for modes with their own wrapper (features.ts). */
export function kernelInstance(): unknown {
  return new WA.Instance(module(), {}).exports;
}

/** Networks per call of the covariance stream (WasmKernel.covariances). */
export const COVARIANCE_BATCH = 256;

/** A fresh WebAssembly instance (its own memory), configured for one kind of network. */
export class WasmKernel {
  private readonly x: Exports;
  private spec?: KernelSpec;
  private covConfigured = false;

  constructor() {
    this.x = new WA.Instance(module(), {}).exports as unknown as Exports;
  }

  configure(spec: KernelSpec): void {
    const x = this.x;
    this.covConfigured = false;
    // the recurrence steps from x_0 by h, so the points it uses are x_0 + p h (equal to the given ones to 1e-13)
    const step = spec.recurrence === false ? 0 : equalSpacing(spec.points);
    const s = samplerView(spec.activation);
    const uniform = uniformPhase(activation(spec.activation).hiddenBias) ? 1 : 0;
    const { dIn, points, width, sigmaW, sigmaB, tree, topK } = spec;
    const deep = usesDeepPath(spec);
    x.configure(s.id, uniform, s.subtractVariance ? 1 : 0, dIn, points.length, width, sigmaW, sigmaB, tree.nodes, topK, deep ? 0 : step);
    new Float64Array(x.memory.buffer, x.pointsPtr(), spec.points.length * spec.dIn).set(spec.points.flat());
    new Int32Array(x.memory.buffer, x.ptPtr(), spec.tree.nodes).set(spec.tree.pt);
    new Int32Array(x.memory.buffer, x.parentPtr(), spec.tree.nodes).set(spec.tree.parent);
    if (spec.estimator === 'marginalized') {
      if (!spec.kernel) throw new Error('WasmKernel: the marginalized estimator needs the GP kernel (spec.kernel)');
      const entries = kernelEntries(spec.kernel);
      x.configureMarginal(entries.length);
      new Float64Array(x.memory.buffer, x.kPtr(), entries.length).set(entries);
    }
    if (deep) {
      const widths = spec.widths ?? [width];
      if (widths[widths.length - 1] !== width) throw new Error('WasmKernel: spec.width must be the last of spec.widths');
      x.configureDeep(widths.length, spec.estimator === 'marginalized' ? 1 : (spec.dOut ?? 1), Math.max(...widths));
      new Int32Array(x.memory.buffer, x.widthsPtr(), widths.length).set(widths);
      if (s.subtractVariance) {
        const V = spec.layerV ?? (widths.length === 1 ? [firstLayerVariance(spec, uniform === 1)] : undefined);
        if (!V || V.length !== widths.length) throw new Error('WasmKernel: an activation normalized by the variance needs spec.layerV at depth >= 2');
        new Float64Array(x.memory.buffer, x.layerVPtr(), widths.length * points.length).set(V.flat());
      }
    }
    this.spec = spec;
  }

  /** Samples bag `bag` (networks 0..nets-1 of its stream). */
  runBag(seed: number, bag: number, nets: number): RawBag {
    if (!this.spec) throw new Error('WasmKernel.runBag before configure');
    const marginal = this.spec.estimator === 'marginalized';
    const count = usesDeepPath(this.spec)
      ? this.x.runBagDeep(seed, bag, nets, marginal ? 1 : 0)
      : marginal
        ? this.x.runBagMarginal(seed, bag, nets)
        : this.x.runBag(seed, bag, nets);
    const buf = this.x.memory.buffer;
    return {
      sums: new Float64Array(buf, this.x.outPtr(), this.spec.tree.nodes).slice(),
      top: new Float64Array(buf, this.x.topPtr(), count).slice(),
    };
  }

  /** Benchmark hook: `iters` passes of 8 independent f64x2 multiply-add chains (8 f64x2 multiply-adds each). */
  peakMulAdd(iters: number): number {
    return this.x.peakMulAdd(iters);
  }

  /**
   * Streams the readout covariance C of networks 0..nets-1 of bag `bag`, the marginalized mode's networks (their
   * D = C - K is what runBag sums there), COVARIANCE_BATCH at a time: `visit(C, count)` gets count networks'
   * P(P+1)/2 entries (p <= q, lexicographic) each, a view into the kernel's memory valid until `visit` returns.
   */
  covariances(seed: number, bag: number, nets: number, visit: (C: Float64Array, count: number) => void): void {
    if (!this.spec) throw new Error('WasmKernel.covariances before configure');
    const M = (this.spec.points.length * (this.spec.points.length + 1)) / 2;
    if (!this.covConfigured) {
      this.x.configureCovariances(M, COVARIANCE_BATCH, this.spec.estimator === 'marginalized' ? 1 : 0);
      this.covConfigured = true;
    }
    this.x.beginCovariances(seed, bag);
    for (let done = 0; done < nets; done += COVARIANCE_BATCH) {
      const count = Math.min(COVARIANCE_BATCH, nets - done);
      this.x.nextCovariances(count);
      visit(new Float64Array(this.x.memory.buffer, this.x.covPtr(), count * M), count);
    }
  }

  /** n standard normals of bag `bag`'s stream, by the SIMD fill the networks use or the scalar ziggurat (test hook). */
  gaussians(seed: number, bag: number, n: number, path: 'vector' | 'scalar' = 'vector'): Float64Array {
    const p = this.x.scratch(n * 8);
    this.x.gaussians(seed, bag, n, p, path === 'vector' ? 1 : 0);
    return new Float64Array(this.x.memory.buffer, p, n).slice();
  }

  /** The kernel's SIMD function for `act` applied to xs, with no variance subtracted (test hook). */
  activations(act: SampledActivationName, xs: ArrayLike<number>): Float64Array {
    const n = xs.length + (xs.length % 2);
    const pin = this.x.scratch(n * 8);
    const pout = this.x.scratch(n * 8);
    const inp = new Float64Array(this.x.memory.buffer, pin, n);
    inp.set(Array.from(xs));
    this.x.activations(samplerView(act).id, pin, pout, n);
    return new Float64Array(this.x.memory.buffer, pout, xs.length).slice();
  }
}
