/**
 * The sampler's computation as a plain TypeScript loop (scalar, Math.exp, no SIMD): the baseline that
 * `npm run bench` measures the WebAssembly kernel against, and an independent second implementation.
 * It samples the same ensemble (same network, ziggurat Gaussians, same product walk) but from its own
 * 32-bit counter-based stream, so its numbers agree with the kernel's in distribution, not bit for bit.
 */
import { kernelEntries, type KernelSpec, type RawBag } from './wasm-kernel.js';
import { activation, uniformPhase } from '../activations/index.js';
import { Stream } from '../numeric/index.js';
import type { MultisetTree } from './tree.js';

/** One bag, as WasmKernel.runBag (sums over the networks of every multiset node's product). */
export function referenceBag(spec: KernelSpec, seed: number, bag: number, nets: number): RawBag {
  if ((spec.widths?.length ?? 1) > 1 || (spec.dOut ?? 1) > 1) {
    return spec.estimator === 'marginalized' ? deepMarginalBag(spec, seed, bag, nets) : deepPlainBag(spec, seed, bag, nets);
  }
  if (spec.estimator === 'marginalized') return marginalBag(spec, seed, bag, nets);
  const { width: N, dIn: D, points, tree } = spec;
  const P = points.length;
  const act = activation(spec.activation);
  const uniform = uniformPhase(act.hiddenBias);
  // Var z(x_p), for activations normalized by it (GaussNet): b0 ~ N(0, sigma_b^2) or U[-pi, pi] (variance pi^2/3)
  const V = points.map((x) => (uniform ? Math.PI ** 2 / 3 : spec.sigmaB ** 2) + (spec.sigmaW ** 2 * x.reduce((s, v) => s + v * v, 0)) / D);
  const rng = Stream.of(seed, bag);
  const W = new Float64Array(N * D);
  const b = new Float64Array(N);
  const xi = new Float64Array(N);
  const f = new Float64Array(P);
  const prod = new Float64Array(tree.nodes + 1);
  const sums = new Float64Array(tree.nodes);
  const top: number[] = [];
  const sw0 = spec.sigmaW / Math.sqrt(D);
  const scale = spec.sigmaW / Math.sqrt(N);
  prod[0] = 1;
  for (let n = 0; n < nets; n++) {
    for (let i = 0; i < N * D; i++) W[i] = sw0 * rng.gauss();
    for (let j = 0; j < N; j++) b[j] = uniform ? (2 * rng.uniform() - 1) * Math.PI : spec.sigmaB * rng.gauss();
    for (let j = 0; j < N; j++) xi[j] = rng.gauss();
    const b1 = spec.sigmaB * rng.gauss();
    let fmax = 0;
    for (let p = 0; p < P; p++) {
      const x = points[p]!;
      let acc = 0;
      for (let j = 0; j < N; j++) {
        let z = b[j]!;
        for (let k = 0; k < D; k++) z += W[k * N + j]! * x[k]!;
        acc += xi[j]! * act.g(z, V[p]!);
      }
      f[p] = b1 + scale * acc;
      fmax = Math.max(fmax, Math.abs(f[p]!));
    }
    addProducts(tree, f, prod, sums);
    keepLargest(top, spec.topK, fmax);
  }
  return { sums, top: Float64Array.from(top) };
}

/** One network's products over the multiset tree of `values` (prod[0] = 1), added to the per-node sums. */
function addProducts(tree: MultisetTree, values: ArrayLike<number>, prod: Float64Array, sums: Float64Array): void {
  for (let k = 0; k < tree.nodes; k++) {
    const v = prod[tree.parent[k]!]! * values[tree.pt[k]!]!;
    prod[k + 1] = v;
    sums[k]! += v;
  }
}

/** Keeps the `k` largest values seen in `top`. */
function keepLargest(top: number[], k: number, v: number): void {
  if (top.length < k) top.push(v);
  else if (k > 0) {
    let m = 0;
    for (let i = 1; i < top.length; i++) if (top[i]! < top[m]!) m = i;
    if (v > top[m]!) top[m] = v;
  }
}

/**
 * One bag of the marginalized estimator, as WasmKernel.runBag with estimator 'marginalized': per network
 * the hidden layer only, C_pq = sigma_b^2 + sigma_w^2/N sum_j h_j(x_p) h_j(x_q), D = C - K, and the sums of
 * products of D entries over the tree (orders 1..3 over the entries).
 */
function marginalBag(spec: KernelSpec, seed: number, bag: number, nets: number): RawBag {
  const { width: N, dIn: D, points, tree } = spec;
  const P = points.length;
  const act = activation(spec.activation);
  const uniform = uniformPhase(act.hiddenBias);
  const V = points.map((x) => (uniform ? Math.PI ** 2 / 3 : spec.sigmaB ** 2) + (spec.sigmaW ** 2 * x.reduce((s, v) => s + v * v, 0)) / D);
  const K = kernelEntries(spec.kernel!);
  const M = K.length;
  const rng = Stream.of(seed, bag);
  const W = new Float64Array(N * D);
  const b = new Float64Array(N);
  const h = new Float64Array(P);
  const C = new Float64Array(M);
  const d = new Float64Array(M);
  const prod = new Float64Array(tree.nodes + 1);
  const sums = new Float64Array(tree.nodes);
  const top: number[] = [];
  const sw0 = spec.sigmaW / Math.sqrt(D);
  prod[0] = 1;
  for (let n = 0; n < nets; n++) {
    for (let i = 0; i < N * D; i++) W[i] = sw0 * rng.gauss();
    for (let j = 0; j < N; j++) b[j] = uniform ? (2 * rng.uniform() - 1) * Math.PI : spec.sigmaB * rng.gauss();
    C.fill(0);
    for (let j = 0; j < N; j++) {
      for (let p = 0; p < P; p++) {
        let z = b[j]!;
        for (let k = 0; k < D; k++) z += W[k * N + j]! * points[p]![k]!;
        h[p] = act.g(z, V[p]!);
      }
      let m = 0;
      for (let p = 0; p < P; p++) for (let q = p; q < P; q++) C[m++]! += h[p]! * h[q]!;
    }
    let dmax = 0;
    for (let m = 0; m < M; m++) {
      d[m] = spec.sigmaB ** 2 + (spec.sigmaW ** 2 / N) * C[m]! - K[m]!;
      dmax = Math.max(dmax, Math.abs(d[m]!));
    }
    addProducts(tree, d, prod, sums);
    keepLargest(top, spec.topK, dmax);
  }
  return { sums, top: Float64Array.from(top) };
}

// ---- deep networks (depth >= 2, d_out outputs): layer by layer, as the kernel's deep path
function deepPlainBag(spec: KernelSpec, seed: number, bag: number, nets: number): RawBag {
  const { points, tree } = spec;
  const P = points.length;
  const dOut = spec.dOut ?? 1;
  const rng = Stream.of(seed, bag);
  const draw = hiddenLayers(spec);
  const N = draw.last;
  const xi = new Float64Array(N);
  const f = new Float64Array(P * dOut);
  const prod = new Float64Array(tree.nodes + 1);
  const sums = new Float64Array(tree.nodes);
  const top: number[] = [];
  const scale = spec.sigmaW / Math.sqrt(N);
  prod[0] = 1;
  for (let n = 0; n < nets; n++) {
    const h = draw.network(rng);
    // d_out readout rows sharing the hidden layer, then the output biases; item p d_out + a
    let fmax = 0;
    const rows = Array.from({ length: dOut }, () => Float64Array.from(xi, () => rng.gauss()));
    const b1 = Array.from({ length: dOut }, () => spec.sigmaB * rng.gauss());
    for (let p = 0; p < P; p++) {
      for (let a = 0; a < dOut; a++) {
        let acc = 0;
        for (let j = 0; j < N; j++) acc += rows[a]![j]! * h[p]![j]!;
        const v = b1[a]! + scale * acc;
        f[p * dOut + a] = v;
        fmax = Math.max(fmax, Math.abs(v));
      }
    }
    addProducts(tree, f, prod, sums);
    keepLargest(top, spec.topK, fmax);
  }
  return { sums, top: Float64Array.from(top) };
}

/**
 * The hidden layers of the spec's network (widths n_1..n_L, default [width]): per network W^(l) ~ N(0, sigma_w^2/n_{l-1})
 * and b^(l) (N(0, sigma_b^2), or the uniform phase in every layer), g at z - V^(l) for GaussNet (layerV, or the
 * first layer's variance at depth 1). `network` returns h[p][j] of the last layer.
 */
function hiddenLayers(spec: KernelSpec): { last: number; network: (rng: Stream) => number[][] } {
  const { dIn: D, points } = spec;
  const act = activation(spec.activation);
  const uniform = uniformPhase(act.hiddenBias);
  const widths = spec.widths ?? [spec.width];
  const first = points.map((x) => (uniform ? Math.PI ** 2 / 3 : spec.sigmaB ** 2) + (spec.sigmaW ** 2 * x.reduce((s, v) => s + v * v, 0)) / D);
  const V = spec.layerV ?? [first];
  return {
    last: widths[widths.length - 1]!,
    network: (rng) => {
      let h = points.map((x) => Array.from(x));
      let fan = D;
      widths.forEach((n, l) => {
        const s = spec.sigmaW / Math.sqrt(fan);
        const W = Float64Array.from({ length: n * fan }, () => s * rng.gauss());
        const b = Float64Array.from({ length: n }, () => (uniform ? (2 * rng.uniform() - 1) * Math.PI : spec.sigmaB * rng.gauss()));
        h = h.map((hp, p) =>
          Array.from({ length: n }, (_, i) => {
            let z = b[i]!;
            for (let j = 0; j < fan; j++) z += W[i * fan + j]! * hp[j]!;
            return act.g(z, V[l]?.[p] ?? 0);
          }),
        );
        fan = n;
      });
      return h;
    },
  };
}

function deepMarginalBag(spec: KernelSpec, seed: number, bag: number, nets: number): RawBag {
  const { points, tree } = spec;
  const P = points.length;
  const K = kernelEntries(spec.kernel!);
  const M = K.length;
  const rng = Stream.of(seed, bag);
  const draw = hiddenLayers(spec);
  const N = draw.last;
  const C = new Float64Array(M);
  const d = new Float64Array(M);
  const prod = new Float64Array(tree.nodes + 1);
  const sums = new Float64Array(tree.nodes);
  const top: number[] = [];
  prod[0] = 1;
  for (let n = 0; n < nets; n++) {
    const h = draw.network(rng);
    C.fill(0);
    let m = 0;
    for (let p = 0; p < P; p++) {
      for (let q = p; q < P; q++) {
        let s = 0;
        for (let j = 0; j < N; j++) s += h[p]![j]! * h[q]![j]!;
        C[m++] = s;
      }
    }
    let dmax = 0;
    for (let e = 0; e < M; e++) {
      d[e] = spec.sigmaB ** 2 + (spec.sigmaW ** 2 / N) * C[e]! - K[e]!;
      dmax = Math.max(dmax, Math.abs(d[e]!));
    }
    addProducts(tree, d, prod, sums);
    keepLargest(top, spec.topK, dmax);
  }
  return { sums, top: Float64Array.from(top) };
}
