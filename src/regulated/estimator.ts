/**
 * The sampled regulated vertices (docs/regulated.md, "The estimator"). Only hidden layers are sampled: given one,
 * f on the P points is Gaussian with covariance C = sigma_b^2 11^T + (sigma_w^2/N) H^T H, so the average over the
 * readout (W1, b1) of the regulated ensemble is closed form: weight w = det(I + k^2 C)^(-1/2), covariance
 * Sigma = C (I + k^2 C)^-1. The regulated ensemble is the w-weighted mixture of the Gaussians N(0, Sigma), so
 *   W(J) = log E_w exp(J.Sigma.J/2),   kappa_2m(f)_{a_1..a_2m} = sum over the (2m-1)!! pairings of the joint
 *   cumulant (under the weights) of the m entries Sigma_{a a'} of the pairs.
 * Per network and k the entries of Y = Sigma - Sigma_GP = (I + k^2 C)^-1 (C - K) (I + k^2 K)^-1 (no cancellation)
 * are accumulated as weighted sums of all their monomials up to degree M, per bag; the cumulants, and the vertices
 * by the Legendre relations, are plug-in estimates (the exact vertices of the sampled mixture, so the Wetterich
 * equation holds for them exactly), with delete-one-bag jackknife errors. Many k come from one pass.
 *
 * The hidden layers come from a TypeScript sampler (seeded, bag by bag, reproducible); the WebAssembly kernel's
 * marginalized mode can replace `hiddenCovariances` when it gives per-network C (docs/regulated.md).
 */
import { activation, uniformPhase } from '../activations/index.js';
import { networkKernel } from '../kernel/index.js';
import { NumericalError } from '../numeric/index.js';
import type { NetworkSpec, Point } from '../theory/index.js';
import { inverseSpd, type Matrix, multisetTable, type SymTensor } from './tensor.js';
import { TopK, tailShape, tailSize } from './tail.js';
import { vertices } from './vertices.js';

/** fmix32 (MurmurHash3's finalizer) of a counter keyed by (seed, bag): a reproducible stream per bag. */
class Stream {
  private n = 0;
  private spare: number | null = null;
  constructor(private readonly key: number) {}
  private next32(): number {
    let h = (this.key + Math.imul(this.n++, 0x9e3779b9)) | 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  }
  /** Uniform in (0, 1) with 53 random bits. */
  uniform(): number {
    return ((this.next32() >>> 5) * 67108864 + (this.next32() >>> 6) + 0.5) / 9007199254740992;
  }
  /** Standard normal (Box–Muller, both values used). */
  gauss(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    const r = Math.sqrt(-2 * Math.log(this.uniform()));
    const th = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(th);
    return r * Math.cos(th);
  }
}

function bagStream(seed: number, bag: number): Stream {
  return new Stream(Math.imul(seed | 0, 0x2c1b3c6d) ^ Math.imul(bag + 1, 0x297a2d39) ^ Math.floor(seed / 4294967296));
}

/**
 * Per network of one bag, the hidden layer's readout covariance C (P x P, row-major) on the points: the stream the
 * estimator consumes (`visit(C)`), for `nets` networks of bag `bag`.
 */
export function hiddenCovariances(
  net: NetworkSpec,
  points: Point[],
  width: number,
  seed: number,
  bag: number,
  nets: number,
  visit: (C: Float64Array) => void,
): void {
  const act = activation(net.activation);
  const uniform = uniformPhase(act.hiddenBias);
  const P = points.length;
  const D = net.d_in;
  const N = width;
  // Var z(x_p), for GaussNet's normalization: b0 ~ N(0, sigma_b^2) or U[-pi, pi] (variance pi^2/3).
  const V = points.map((x) => (uniform ? Math.PI ** 2 / 3 : net.sigma_b ** 2) + (net.sigma_w ** 2 * x.reduce((s, v) => s + v * v, 0)) / D);
  const rng = bagStream(seed, bag);
  const sw0 = net.sigma_w / Math.sqrt(D);
  const sigma = net.sigma_w ** 2 / N;
  const sb2 = net.sigma_b ** 2;
  const w = new Float64Array(D);
  const h = new Float64Array(P);
  const C = new Float64Array(P * P);
  for (let n = 0; n < nets; n++) {
    C.fill(0);
    for (let j = 0; j < N; j++) {
      for (let k = 0; k < D; k++) w[k] = sw0 * rng.gauss();
      const b = uniform ? (2 * rng.uniform() - 1) * Math.PI : net.sigma_b * rng.gauss();
      for (let p = 0; p < P; p++) {
        let z = b;
        const x = points[p]!;
        for (let k = 0; k < D; k++) z += w[k]! * x[k]!;
        h[p] = act.g(z, V[p]!);
      }
      for (let p = 0; p < P; p++) for (let q = p; q < P; q++) C[p * P + q]! += h[p]! * h[q]!;
    }
    for (let p = 0; p < P; p++)
      for (let q = p; q < P; q++) {
        const c = sb2 + sigma * C[p * P + q]!;
        C[p * P + q] = c;
        C[q * P + p] = c;
      }
    visit(C);
  }
}

/** Monomials of degree 1..M in E variables as a tree: node i = parent(i) times variable var(i) (node -1 = the weight). */
function monomialTree(E: number, M: number): { parent: Int32Array; variable: Int32Array; monomials: number[][] } {
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

/** All set partitions of {0..m-1}. */
function setPartitions(m: number): number[][][] {
  if (m === 0) return [[]];
  const out: number[][][] = [];
  for (const p of setPartitions(m - 1)) {
    for (let i = 0; i < p.length; i++) out.push(p.map((b, j) => (j === i ? [...b, m - 1] : b)));
    out.push([...p, [m - 1]]);
  }
  return out;
}

/** All pairings of {0..2m-1}. */
function pairings(n: number): [number, number][][] {
  if (n === 0) return [[]];
  const out: [number, number][][] = [];
  for (let j = 1; j < n; j++) {
    const rest = Array.from({ length: n }, (_, i) => i).filter((i) => i !== 0 && i !== j);
    for (const p of pairings(n - 2)) out.push([[0, j], ...p.map(([a, b]) => [rest[a]!, rest[b]!] as [number, number])]);
  }
  return out;
}

export interface SampledRegulated {
  /** Per k: the vertices Gamma2..Gamma2M, their jackknife standard errors, the cumulants kappa_2..kappa_2M. */
  values: SymTensor[][];
  stderr: SymTensor[][];
  /** The delete-one-bag estimates: replicates[b][k] are the vertices without bag b (for errors of derived quantities). */
  replicates: SymTensor[][][];
  cumulants: SymTensor[][];
  errorBars: { k: number; effectiveNets: number; holds: Partial<Record<'2' | '4' | '6' | '8', boolean>>; detail: string }[];
  method: string;
}

export interface SampleOptions {
  nets: number;
  bags: number;
  seed: number;
  onProgress?: (done: number, total: number) => void;
  /** The per-network C stream (default: hiddenCovariances). */
  source?: (bag: number, visit: (C: Float64Array) => void) => void;
}

/** Kish effective number of networks below which ratio estimates and their errors are not trusted. */
const MIN_EFFECTIVE = 1000;
/** Largest Pareto tail shape of the terms w |Y|^m of an order's moments for which its error bars are trusted. */
const MAX_SHAPE = 0.5;

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

/** Sampled regulated cumulants and vertices up to order 2M at every k, with bag (jackknife) errors. */
export function sampleRegulated(net: NetworkSpec, points: Point[], width: number, ks: number[], M: number, opts: SampleOptions): SampledRegulated {
  const P = points.length;
  const pairsPQ = multisetTable(P, 2).sets;
  const E = pairsPQ.length;
  const K = networkKernel(net).matrix(points);
  const nK = ks.length;
  const tree = monomialTree(E, M);
  const nodes = tree.parent.length;
  const pa = Int32Array.from(pairsPQ, ([a]) => a!);
  const pb = Int32Array.from(pairsPQ, ([, b]) => b!);
  // Per k: R = (I + k^2 K)^-1 and Sigma_GP = K R.
  const I = (n: number) => Array.from({ length: n }, (_, a) => Array.from({ length: n }, (__, b) => (a === b ? 1 : 0)));
  const R: Matrix[] = ks.map((k) => inverseSpd(I(P).map((row, a) => row.map((x, b) => x + k * k * K[a]![b]!)))!);
  const sigmaGP: Matrix[] = R.map((r) => K.map((row) => r.map((_, b) => row.reduce((s, x, c) => s + x * r[c]![b]!, 0))));
  // Sums per bag and k: [w, w^2, the monomials], and for each order m the sum and max of w |Y|^(2m).
  const bags = opts.bags;
  const sums = Array.from({ length: bags }, () => Array.from({ length: nK }, () => new Float64Array(2 + nodes)));
  // The largest terms w |Y|^m of every k and order m (|Y| the largest entry), for the tail shape.
  const keep = tailSize(opts.nets * bags) + 1;
  const tails = Array.from({ length: nK }, () => Array.from({ length: M + 1 }, () => new TopK(keep)));
  const prod = new Float64Array(nodes);
  const Y = new Float64Array(E);
  // Flat P x P work arrays: A = I + k^2 C and its Cholesky factor (in place), Q = A^-1, D = C - K, DR = D R_k.
  const PP = P * P;
  const Af = new Float64Array(PP);
  const Li = new Float64Array(PP);
  const Q = new Float64Array(PP);
  const Df = new Float64Array(PP);
  const DR = new Float64Array(PP);
  const Rf = R.map((r) => Float64Array.from(r.flat()));
  const Kf = Float64Array.from(K.flat());
  const source = opts.source ?? ((bag: number, visit: (C: Float64Array) => void) => hiddenCovariances(net, points, width, opts.seed, bag, opts.nets, visit));
  for (let bag = 0; bag < bags; bag++) {
    const S = sums[bag]!;
    source(bag, (C) => {
      for (let i = 0; i < PP; i++) Df[i] = C[i]! - Kf[i]!;
      for (let ik = 0; ik < nK; ik++) {
        const k2 = ks[ik]! ** 2;
        const w = k2 > 0 ? regulate(C, k2, P, Af, Li, Q) : 1;
        if (k2 === 0) for (let i = 0; i < PP; i++) Q[i] = i % (P + 1) === 0 ? 1 : 0;
        // Y = Q D R (symmetric up to rounding: the upper triangle of its symmetric part).
        const r = Rf[ik]!;
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
          Y[e] = 0.5 * (y1 + y2);
          norm = Math.max(norm, Math.abs(Y[e]!));
        }
        const s = S[ik]!;
        s[0]! += w;
        s[1]! += w * w;
        for (let i = 0; i < nodes; i++) {
          const p = tree.parent[i]!;
          const v = (p < 0 ? w : prod[p]!) * Y[tree.variable[i]!]!;
          prod[i] = v;
          s[2 + i]! += v;
        }
        let t = w;
        for (let m = 1; m <= M; m++) {
          t *= norm;
          tails[ik]![m]!.push(t);
        }
      }
    });
    opts.onProgress?.(bag + 1, bags);
  }

  // Cumulants and vertices from summed moments (all bags, or all but one: the jackknife).
  const partitions = Array.from({ length: M + 1 }, (_, m) => setPartitions(m));
  const pairingsOf = Array.from({ length: M + 1 }, (_, m) => pairings(2 * m));
  const monoIndex = new Map(tree.monomials.map((mono, i) => [mono.join(','), i]));
  const entryOf = (a: number, b: number) => pairsPQ.findIndex(([x, y]) => x === Math.min(a, b) && y === Math.max(a, b));
  const estimate = (skip: number, ik: number): { cum: SymTensor[]; vs: SymTensor[] } => {
    const tot = new Float64Array(2 + nodes);
    sums.forEach((b, i) => {
      if (i !== skip) b[ik]!.forEach((x, j) => (tot[j]! += x));
    });
    const moment = (entries: number[]) =>
      entries.length === 0
        ? 1
        : tot[
            2 +
              monoIndex.get(
                entries
                  .slice()
                  .sort((x, y) => x - y)
                  .join(','),
              )!
          ]! / tot[0]!;
    // Joint cumulants by the moment-cumulant formula over set partitions, memoized per multiset of entries.
    const memo = new Map<string, number>();
    const joint = (entries: number[]) => {
      const key = entries
        .slice()
        .sort((x, y) => x - y)
        .join(',');
      const hit = memo.get(key);
      if (hit !== undefined) return hit;
      const c = partitions[entries.length]!.reduce((acc, part) => {
        const q = part.length;
        let f = q % 2 ? 1 : -1;
        for (let j = 2; j < q; j++) f *= j;
        return acc + f * part.reduce((p, block) => p * moment(block.map((i) => entries[i]!)), 1);
      }, 0);
      memo.set(key, c);
      return c;
    };
    const cum: SymTensor[] = [];
    for (let m = 1; m <= M; m++) {
      const sets = multisetTable(P, 2 * m).sets;
      const values = Float64Array.from(sets, (idx) =>
        pairingsOf[m]!.reduce((acc, pairing) => {
          const entries = pairing.map(([i, j]) => entryOf(idx[i]!, idx[j]!));
          const c = joint(entries);
          // The mean of Sigma = Sigma_GP + E[Y]; higher cumulants of Sigma are those of Y.
          return acc + (m === 1 ? sigmaGP[ik]![idx[0]!]![idx[1]!]! + c : c);
        }, 0),
      );
      cum.push({ P, n: 2 * m, values });
    }
    return { cum, vs: vertices(cum, ks[ik]! ** 2) };
  };
  const values: SymTensor[][] = [];
  const stderr: SymTensor[][] = [];
  const cumulants: SymTensor[][] = [];
  const errorBars: SampledRegulated['errorBars'] = [];
  const replicates: SymTensor[][][] = Array.from({ length: bags }, () => []);
  for (let ik = 0; ik < nK; ik++) {
    const all = estimate(-1, ik);
    const jack = Array.from({ length: bags }, (_, b) => estimate(b, ik).vs);
    jack.forEach((vs, b) => replicates[b]!.push(vs));
    values.push(all.vs);
    cumulants.push(all.cum);
    stderr.push(
      all.vs.map((v, o) => ({
        P,
        n: v.n,
        values: v.values.map((_, e) => {
          const xs = jack.map((j) => j[o]!.values[e]!);
          const mean = xs.reduce((a, b) => a + b, 0) / bags;
          return Math.sqrt(((bags - 1) / bags) * xs.reduce((a, b) => a + (b - mean) ** 2, 0));
        }),
      })),
    );
    let w = 0;
    let w2 = 0;
    for (const b of sums) {
      w += b[ik]![0]!;
      w2 += b[ik]![1]!;
    }
    const effectiveNets = (w * w) / w2;
    const holds: Partial<Record<'2' | '4' | '6' | '8', boolean>> = {};
    const shapes: string[] = [];
    for (let m = 1; m <= M; m++) {
      const shape = tailShape(tails[ik]![m]!);
      holds[String(2 * m) as '2'] = effectiveNets >= MIN_EFFECTIVE && !(shape >= MAX_SHAPE);
      shapes.push(`Gamma${2 * m} ${Number.isFinite(shape) ? shape.toFixed(2) : 'n/a'}`);
    }
    errorBars.push({
      k: ks[ik]!,
      effectiveNets,
      holds,
      detail: `effective networks ${effectiveNets.toFixed(0)} (>= ${MIN_EFFECTIVE}); Pareto tail shape of w |Y|^m: ${shapes.join(', ')} (< ${MAX_SHAPE})`,
    });
  }
  return {
    values,
    replicates,
    stderr,
    cumulants,
    errorBars,
    method: `hidden layers sampled in TypeScript (seeded per bag), readout averaged in closed form: weight det(I + k^2 C)^-1/2, covariance C (I + k^2 C)^-1; ${opts.nets} x ${bags} networks`,
  };
}
