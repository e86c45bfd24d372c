/**
 * One bag of the regulated estimator (docs/regulated.md, "The estimator"), run where the bag is sampled (a worker
 * thread of pool.ts, or this thread): the kernel streams each network's readout covariance C (WasmKernel.covariances)
 * and, per network and k, the closed forms of the readout average are accumulated here,
 *   w = det(I + k^2 C)^(-1/2),   Y = (I + k^2 C)^-1 (C - K) R_k,   R_k = (I + k^2 K)^-1,
 * as the sums of w, w^2 and w times every monomial of degree 1..M in the P(P+1)/2 entries of Y, with the largest
 * terms w |Y|^m (|Y| the largest entry) for the tail diagnostics. src/regulated turns the bags' sums into cumulants,
 * vertices and jackknife errors. Kept light (no zod/yaml imports): worker threads load it.
 */
import { NumericalError } from '../numeric/index.js';
import { TopK } from './tails.js';
import { COVARIANCE_BATCH, type RawBag, type WasmKernel } from './wasm-kernel.js';

/** What a regulated bag accumulates; the host (src/regulated) computes it once for all bags. */
export interface RegulatedBagSpec {
  /** k^2 for every k of the grid. */
  k2: number[];
  /** The GP kernel on the P points, P x P row-major. */
  kernel: number[];
  /** R_k = (I + k^2 K)^-1 for every k, P x P row-major. */
  R: number[][];
  /** The highest monomial degree M (the vertices up to Gamma^(2M)). */
  degree: number;
  /** How many of the largest terms w |Y|^m a bag keeps per k and m (its share of the tail sample). */
  keep: number;
}

/**
 * The monomials of degree 1..M in E variables as a tree, depth first: node i is parent(i) times variable(i) (parent
 * -1: the weight w itself), so each monomial costs one multiplication. `monomials[i]` lists node i's variables.
 */
export function monomialTree(E: number, M: number): { parent: Int32Array; variable: Int32Array; monomials: number[][] } {
  const parent: number[] = [];
  const variable: number[] = [];
  const monomials: number[][] = [];
  const rec = (node: number, mono: number[], start: number) => {
    if (mono.length === M) return;
    for (let e = start; e < E; e++) {
      const id = monomials.length;
      parent.push(node);
      variable.push(e);
      monomials.push([...mono, e]);
      rec(id, [...mono, e], e);
    }
  };
  rec(-1, [], 0);
  return { parent: Int32Array.from(parent), variable: Int32Array.from(variable), monomials };
}

/**
 * The layout of a regulated bag's RawBag: `sums` holds, per k, [sum w, sum w^2, sum w m_i for the tree's nodes i]
 * (`stride` = 2 + nodes values); `top` holds, per k and m = 1..M, the `kept` largest w |Y|^m in ascending order.
 */
export function regulatedBagLayout(spec: RegulatedBagSpec, P: number, nets: number): { entries: number; nodes: number; stride: number; kept: number } {
  const entries = (P * (P + 1)) / 2;
  const nodes = monomialTree(entries, spec.degree).parent.length;
  return { entries, nodes, stride: 2 + nodes, kept: Math.min(spec.keep, nets) };
}

/**
 * w = det(I + k^2 C)^(-1/2) and Q = (I + k^2 C)^-1 for one network (flat P x P arrays, no allocation): Cholesky
 * A = L L^T in place in A, L^-1 in Li, Q = L^-T L^-1.
 */
function regulate(C: Float64Array, k2: number, P: number, A: Float64Array, Li: Float64Array, Q: Float64Array): number {
  for (let i = 0; i < P * P; i++) A[i] = k2 * C[i]! + (i % (P + 1) === 0 ? 1 : 0);
  let w = 1;
  for (let i = 0; i < P; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * P + j]!;
      for (let k = 0; k < j; k++) s -= A[i * P + k]! * A[j * P + k]!;
      if (i === j) {
        if (!(s > 0)) throw new NumericalError('I + k^2 C is not positive definite for a sampled network (a negative eigenvalue of C by rounding)');
        A[i * P + i] = Math.sqrt(s);
        w /= A[i * P + i]!;
      } else A[i * P + j] = s / A[j * P + j]!;
    }
  }
  Li.fill(0);
  for (let j = 0; j < P; j++) {
    Li[j * P + j] = 1 / A[j * P + j]!;
    for (let i = j + 1; i < P; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= A[i * P + k]! * Li[k * P + j]!;
      Li[i * P + j] = s / A[i * P + i]!;
    }
  }
  for (let i = 0; i < P; i++)
    for (let j = 0; j < P; j++) {
      let s = 0;
      for (let k = Math.max(i, j); k < P; k++) s += Li[k * P + i]! * Li[k * P + j]!;
      Q[i * P + j] = s;
    }
  return w;
}

/** Samples bag `bag` (networks 0..nets-1 of the kernel's covariance stream) and accumulates `spec`'s sums. */
export function regulatedBag(kernel: WasmKernel, spec: RegulatedBagSpec, P: number, seed: number, bag: number, nets: number): RawBag {
  const acc = new Accumulator(spec, P, nets);
  kernel.covariances(seed, bag, nets, (batch, count) => {
    for (let ik = 0; ik < spec.k2.length; ik++) {
      for (let n = 0; n < count; n++) acc.network(batch, n, ik);
      acc.monomials(ik, count);
    }
  });
  return acc.result();
}

/**
 * The sums of one bag. Per batch of networks and k, structure of arrays over the batch: w, the entries of Y (entry e
 * at e*B), and the products along the current path of the monomial tree (depth d at (d-1)*B), so that the tree
 * walk's inner loops run over networks (one tree-index load per node and batch, not per network).
 */
class Accumulator {
  private readonly E: number;
  private readonly M: number;
  private readonly stride: number;
  private readonly pa: Int32Array;
  private readonly pb: Int32Array;
  private readonly Kf: Float64Array;
  private readonly Rf: Float64Array[];
  private readonly variable: Int32Array;
  private readonly depth: Int32Array;
  private readonly sums: Float64Array;
  private readonly tails: TopK[];
  private readonly kept: number;
  // Flat P x P work arrays: C, A = I + k^2 C and its Cholesky factor (in place), Q = A^-1, D = C - K, DR = D R_k.
  private readonly C: Float64Array;
  private readonly A: Float64Array;
  private readonly Li: Float64Array;
  private readonly Q: Float64Array;
  private readonly Df: Float64Array;
  private readonly DR: Float64Array;
  private readonly wb = new Float64Array(COVARIANCE_BATCH);
  private readonly Yb: Float64Array;
  private readonly level: Float64Array;

  constructor(
    private readonly spec: RegulatedBagSpec,
    private readonly P: number,
    nets: number,
  ) {
    const layout = regulatedBagLayout(spec, P, nets);
    this.E = layout.entries;
    this.M = spec.degree;
    this.stride = layout.stride;
    this.kept = layout.kept;
    // The entries (a, b), a <= b, in the kernel's lexicographic order.
    this.pa = new Int32Array(this.E);
    this.pb = new Int32Array(this.E);
    for (let a = 0, e = 0; a < P; a++)
      for (let b = a; b < P; b++, e++) {
        this.pa[e] = a;
        this.pb[e] = b;
      }
    this.Kf = Float64Array.from(spec.kernel);
    this.Rf = spec.R.map((r) => Float64Array.from(r));
    const tree = monomialTree(this.E, this.M);
    this.variable = tree.variable;
    this.depth = new Int32Array(layout.nodes);
    for (let i = 0; i < layout.nodes; i++) this.depth[i] = tree.parent[i]! < 0 ? 1 : this.depth[tree.parent[i]!]! + 1;
    this.sums = new Float64Array(spec.k2.length * this.stride);
    this.tails = Array.from({ length: spec.k2.length * this.M }, () => new TopK(this.kept));
    const PP = P * P;
    this.C = new Float64Array(PP);
    this.A = new Float64Array(PP);
    this.Li = new Float64Array(PP);
    this.Q = new Float64Array(PP);
    this.Df = new Float64Array(PP);
    this.DR = new Float64Array(PP);
    this.Yb = new Float64Array(this.E * COVARIANCE_BATCH);
    this.level = new Float64Array(this.M * COVARIANCE_BATCH);
  }

  /** Network n of the batch at k number ik: w and Y into the batch's arrays, w and w^2 into the sums, the tail terms. */
  network(batch: Float64Array, n: number, ik: number): void {
    const { P, E, pa, pb, C, Df, Q, DR } = this;
    const PP = P * P;
    for (let e = 0; e < E; e++) {
      const c = batch[n * E + e]!;
      C[pa[e]! * P + pb[e]!] = c;
      C[pb[e]! * P + pa[e]!] = c;
    }
    for (let i = 0; i < PP; i++) Df[i] = C[i]! - this.Kf[i]!;
    const k2 = this.spec.k2[ik]!;
    const w = k2 > 0 ? regulate(C, k2, P, this.A, this.Li, Q) : 1;
    if (k2 === 0) for (let i = 0; i < PP; i++) Q[i] = i % (P + 1) === 0 ? 1 : 0;
    // Y = Q D R (symmetric up to rounding: the upper triangle of its symmetric part).
    const r = this.Rf[ik]!;
    for (let c = 0; c < P; c++)
      for (let b = 0; b < P; b++) {
        let x = 0;
        for (let d = 0; d < P; d++) x += Df[c * P + d]! * r[d * P + b]!;
        DR[c * P + b] = x;
      }
    let norm = 0;
    for (let e = 0; e < E; e++) {
      const a = pa[e]!;
      const b = pb[e]!;
      let y1 = 0;
      let y2 = 0;
      for (let c = 0; c < P; c++) {
        y1 += Q[a * P + c]! * DR[c * P + b]!;
        y2 += Q[b * P + c]! * DR[c * P + a]!;
      }
      const y = 0.5 * (y1 + y2);
      this.Yb[e * COVARIANCE_BATCH + n] = y;
      norm = Math.max(norm, Math.abs(y));
    }
    this.wb[n] = w;
    const o = ik * this.stride;
    this.sums[o]! += w;
    this.sums[o + 1]! += w * w;
    let t = w;
    for (let m = 0; m < this.M; m++) {
      t *= norm;
      this.tails[ik * this.M + m]!.push(t);
    }
  }

  /** The monomial sums of the batch's `count` networks at k number ik, node by node (depth first: a node's parent is the path's previous level). */
  monomials(ik: number, count: number): void {
    const { wb, Yb, level, sums, variable, depth } = this;
    const B = COVARIANCE_BATCH;
    const o = ik * this.stride + 2;
    for (let i = 0; i < depth.length; i++) {
      const d = depth[i]!;
      const y = variable[i]! * B;
      let acc = 0;
      if (d === 1)
        for (let n = 0; n < count; n++) {
          const v = wb[n]! * Yb[y + n]!;
          level[n] = v;
          acc += v;
        }
      else {
        const src = (d - 2) * B;
        const dst = src + B;
        for (let n = 0; n < count; n++) {
          const v = level[src + n]! * Yb[y + n]!;
          level[dst + n] = v;
          acc += v;
        }
      }
      sums[o + i]! += acc;
    }
  }

  result(): RawBag {
    const top = new Float64Array(this.tails.length * this.kept);
    this.tails.forEach((t, i) => top.set(t.values(), i * this.kept));
    return { sums: this.sums, top };
  }
}
