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
 * The hidden layers come from the WebAssembly kernel's covariance stream (the marginalized mode's networks, per
 * (seed, bag)); the per-network sums run where each bag is sampled (src/ensemble/regulated-bag.ts), on all cores,
 * and are combined here in bag order, so the results do not depend on the number of threads.
 */
import { availableParallelism } from 'node:os';
import { isSampled } from '../activations/index.js';
import { type BagJob, monomialTree, multisetTree, type RawBag, type RegulatedBagSpec, regulatedBagLayout, runBags, TopK } from '../ensemble/index.js';
import { networkKernel } from '../kernel/index.js';
import { NumericalError } from '../numeric/index.js';
import { InputError, type NetworkSpec, type Point } from '../theory/index.js';
import { inverseSpd, type Matrix, multisetTable, type SymTensor } from './tensor.js';
import { tailShape, tailSize } from './tail.js';
import { vertices } from './vertices.js';

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
  /** Worker threads (default: all cores). Results do not depend on it. */
  threads?: number;
  /** Aborting it stops the workers; sampleRegulated then rejects with the signal's reason. */
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Kish effective number of networks below which ratio estimates and their errors are not trusted. */
const MIN_EFFECTIVE = 1000;
/** Largest Pareto tail shape of the terms w |Y|^m of an order's moments for which its error bars are trusted. */
const MAX_SHAPE = 0.5;

/** Sampled regulated cumulants and vertices up to order 2M at every k, with bag (jackknife) errors. */
export async function sampleRegulated(
  net: NetworkSpec,
  points: Point[],
  width: number,
  ks: number[],
  M: number,
  opts: SampleOptions,
): Promise<SampledRegulated> {
  const act = net.activation;
  if (!isSampled(act))
    throw new InputError('network', 'network.activation', 'an activation the WebAssembly sampler has (sampled regulated vertices)', undefined, act);
  const P = points.length;
  const pairsPQ = multisetTable(P, 2).sets;
  const K = networkKernel(net).matrix(points);
  const nK = ks.length;
  const tree = monomialTree(pairsPQ.length, M);
  const nodes = tree.parent.length;
  // Per k: R = (I + k^2 K)^-1 and Sigma_GP = K R.
  const I = (n: number) => Array.from({ length: n }, (_, a) => Array.from({ length: n }, (__, b) => (a === b ? 1 : 0)));
  const R: Matrix[] = ks.map((k) => inverseSpd(I(P).map((row, a) => row.map((x, b) => x + k * k * K[a]![b]!)))!);
  const sigmaGP: Matrix[] = R.map((r) => K.map((row) => r.map((_, b) => row.reduce((s, x, c) => s + x * r[c]![b]!, 0))));
  const bags = opts.bags;
  // The largest terms w |Y|^m of every k and order m (|Y| the largest entry), for the tail shape: each bag keeps as
  // many as the whole run does, so the run's are among the bags'.
  const keep = tailSize(opts.nets * bags) + 1;
  const regulated: RegulatedBagSpec = { k2: ks.map((k) => k * k), kernel: K.flat(), R: R.map((r) => r.flat()), degree: M, keep };
  const job: BagJob = {
    // The kernel's own tree is not used by the covariance stream: the smallest one.
    spec: { activation: act, dIn: net.d_in, points, width, sigmaW: net.sigma_w, sigmaB: net.sigma_b, tree: multisetTree(1, 1), topK: 0 },
    seed: opts.seed,
    nets: opts.nets,
    regulated,
  };
  const { stride, kept } = regulatedBagLayout(regulated, P, opts.nets);
  const raw: RawBag[] = new Array(bags);
  let done = 0;
  await runBags(
    job,
    Array.from({ length: bags }, (_, b) => b),
    opts.threads ?? availableParallelism(),
    (bag, r) => {
      raw[bag] = r;
      opts.onProgress?.(++done, bags);
    },
    undefined,
    opts.signal,
  );
  // Sums per bag and k: [w, w^2, the monomials]; the tails merged in bag order.
  const sums = raw.map((r, bag) =>
    ks.map((k, ik) => {
      const s = r.sums.subarray(ik * stride, (ik + 1) * stride);
      if (!s.every(Number.isFinite))
        throw new NumericalError(`bag ${bag}, k = ${k}: a sum of the regulated closed forms overflowed (C too large for double precision)`);
      return s;
    }),
  );
  const tails = ks.map((_, ik) =>
    Array.from({ length: M + 1 }, (__, m) => {
      const t = new TopK(keep);
      if (m > 0) for (const r of raw) for (const v of r.top.subarray((ik * M + m - 1) * kept, (ik * M + m) * kept)) t.push(v);
      return t;
    }),
  );

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
    method:
      `hidden layers sampled by the WebAssembly kernel (per (seed, bag)), readout averaged in closed form: weight det(I + k^2 C)^-1/2, ` +
      `covariance C (I + k^2 C)^-1; ${opts.nets} x ${bags} networks`,
  };
}
