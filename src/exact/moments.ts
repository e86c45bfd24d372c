/**
 * One-neuron moments M(c) = E[prod_p g(z_p)^{c_p}] over the hidden weights of one neuron, where
 * z_p = W0 . y_p + b0 for the distinct input points y_p. The activation's closed form where its record has one;
 * otherwise a Gaussian product quadrature over the rank-r image of (W0, b0) (z = L eta, eta ~ N(0, I_r)),
 * with panels split exactly at the activation's kinks in the innermost variable (and, for r = 2, at the
 * crossings of the kink lines in the outer one).
 */
import { activation, type Activation } from '../activations/index.js';
import { pairExpectation } from '../kernel/index.js';
import { InputError, type NetworkSpec, type Point } from '../theory/index.js';
import type { SeriesSpace } from './series.js';
import { gaussHermite, gaussianPanels, symmetricEigen } from '../numeric/index.js';

export interface NeuronMoments {
  /** M(c) for every monomial c of the series space. */
  values: Float64Array;
  /** How they were computed (closed form, or the quadrature used). */
  method: string;
  /** Expected accuracy (relative), as a statement for users. */
  accuracy: string;
  /** The same as a number. */
  error: number;
}

/** Covariance of the pre-activations z_p (bias-free for uniform-phase cos-nets). */
export function preactivationCovariance(net: NetworkSpec, points: Point[], gaussianBias: boolean): number[][] {
  const sb2 = gaussianBias ? net.sigma_b ** 2 : 0;
  const c = net.sigma_w ** 2 / net.d_in;
  return points.map((x) => points.map((y) => sb2 + c * x.reduce((s, xi, k) => s + xi * y[k]!, 0)));
}

/**
 * The moments with relative errors of their accuracy (at least 1e-15) and a fixed sign pattern (0 or 1): results
 * recomputed from them show how much survives the moments' rounding (independent errors, which a quadrature's are
 * not quite: an estimate).
 */
export function perturbedMoments(m: NeuronMoments, pattern: number): NeuronMoments {
  const delta = Math.max(m.error, 1e-15);
  return { ...m, values: m.values.map((v, i) => v * (1 + delta * (((Math.imul(i + pattern, 0x9e3779b1) >>> 16) & 1) * 2 - 1))) };
}

/** Moments depend on (network, points, order) only, not on the width: memoized for width scans. */
const memo = new Map<string, NeuronMoments>();

export function neuronMoments(net: NetworkSpec, points: Point[], space: SeriesSpace, pointsPerPanel?: number): NeuronMoments {
  const key = JSON.stringify([net.activation, net.d_in, net.sigma_w, net.sigma_b, net.depth, points, space.P, space.D, pointsPerPanel ?? null]);
  const hit = memo.get(key);
  if (hit) return hit;
  if (memo.size > 32) memo.clear();
  const out = computeMoments(net, points, space, pointsPerPanel);
  memo.set(key, out);
  return out;
}

function computeMoments(net: NetworkSpec, points: Point[], space: SeriesSpace, pointsPerPanel?: number): NeuronMoments {
  if (net.depth !== 1) {
    throw new InputError(
      'theory',
      'network.depth',
      'depth 1 for exact finite-width correlators (the neurons of one hidden layer are iid; deeper networks are not)',
      undefined,
      String(net.depth),
    );
  }
  const act = activation(net.activation);
  if (act.moments) {
    const S = preactivationCovariance(net, points, act.hiddenBias === 'gaussian');
    return {
      values: Float64Array.from(act.moments.values(S, space.monomials)),
      method: act.moments.method,
      accuracy: act.moments.accuracy,
      error: act.moments.error,
    };
  }
  // quadrature over (W0, b0) assumes a Gaussian bias: defineActivation gives the other kinds closed forms
  return quadratureMoments(act, orderForKinks(reducedFactor(net, points)), space, pointsPerPanel);
}

/**
 * Moments E[prod_p g(z_p)^{c_p}] for pre-activations z ~ N(0, S) of any covariance (a deeper layer's kernel),
 * by the same closed forms and quadratures as the first layer's (the rank-r factor of S instead of (W0, b0)).
 */
export function gaussianMoments(act: Activation, S: number[][], space: SeriesSpace): NeuronMoments {
  if (act.moments)
    return {
      values: Float64Array.from(act.moments.values(S, space.monomials)),
      method: act.moments.method,
      accuracy: act.moments.accuracy,
      error: act.moments.error,
    };
  return quadratureMoments(act, orderForKinks(covarianceFactor(S)), space);
}

/** z = L eta with eta ~ N(0, I_r): the eigenvectors of S scaled by the square roots of its r non-negligible eigenvalues. */
function covarianceFactor(S: number[][]): number[][] {
  const { values, vectors, keep } = principal(S);
  return S.map((_, p) => keep.map((k) => vectors[p]![k]! * Math.sqrt(values[k]!)));
}

/** The eigen-decomposition of a symmetric positive semi-definite matrix and its non-negligible eigenvalues' indices, largest first. */
function principal(S: number[][]): { values: number[]; vectors: number[][]; keep: number[] } {
  const { values, vectors } = symmetricEigen(S);
  const max = Math.max(...values, 0);
  const keep = values
    .map((v, i) => [v, i] as const)
    .filter(([v]) => v > 1e-13 * max && v > 0)
    .sort((x, y) => y[0] - x[0])
    .map(([, i]) => i);
  return { values, vectors, keep };
}

/** z = L eta with eta ~ N(0, I_r), r = rank of Cov(z): the columns of (sigma_b, sigma_w W0/sqrt(d)) reduced. */
export function reducedFactor(net: NetworkSpec, points: Point[]): number[][] {
  const d = net.d_in;
  const sw = net.sigma_w / Math.sqrt(d);
  const A = points.map((y) => [net.sigma_b, ...y.map((yk) => sw * yk)]);
  const cols = d + 1;
  const gram = Array.from({ length: cols }, (_, i) => Array.from({ length: cols }, (_, j) => A.reduce((s, row) => s + row[i]! * row[j]!, 0)));
  const { vectors, keep } = principal(gram);
  return A.map((row) => keep.map((k) => row.reduce((s, aj, j) => s + aj * vectors[j]![k]!, 0)));
}

interface Nodes {
  w: number[];
  /** The r coordinates of node i at eta[i r .. i r + r - 1] (flat: no array per node). */
  eta: number[];
}

/** Gauss–Hermite nodes per outer variable for rank >= 3. */
function outerHermite(rank: number): number {
  return rank === 3 ? 24 : rank === 4 ? 12 : 6;
}

/** Points per Gauss–Legendre panel by rank and order: fine for 1-d/2-d, coarser above (node counts). */
function panelPoints(rank: number, D: number): number {
  if (rank <= 1) return 20;
  if (rank === 2) return D <= 6 ? 12 : 8;
  return D <= 6 ? 6 : 4;
}

function quadratureNodes(L: number[][], kinks: number[], ppp: number): Nodes {
  const r = L[0]?.length ?? 0;
  if (r === 0) return { w: [1], eta: [] };
  const inner = r - 1;
  // Kinks of point p: L_p . eta = k. Breaks in the innermost variable for given outer ones.
  const innerBreaks = (outer: number[]): number[] => {
    const out: number[] = [];
    for (const row of L) {
      const a = row[inner]!;
      if (Math.abs(a) < 1e-14) continue;
      let s = 0;
      for (let j = 0; j < inner; j++) s += row[j]! * outer[j]!;
      for (const k of kinks) out.push((k - s) / a);
    }
    return out;
  };
  // For r = 2: outer breaks where kink lines cross or are parallel to the inner axis.
  const outerBreaks: number[] = [];
  if (r === 2 && kinks.length > 0) {
    for (let p = 0; p < L.length; p++) {
      const [a1, a2] = L[p] as [number, number];
      if (Math.abs(a2) < 1e-14 && Math.abs(a1) > 1e-14) for (const k of kinks) outerBreaks.push(k / a1);
      for (let q = p + 1; q < L.length; q++) {
        const [b1, b2] = L[q] as [number, number];
        const det = a1 * b2 - b1 * a2;
        if (Math.abs(det) < 1e-14 * Math.hypot(a1, a2) * Math.hypot(b1, b2)) continue;
        for (const k of kinks) for (const kk of kinks) outerBreaks.push((k * b2 - kk * a2) / det);
      }
    }
  }
  const dedup = (xs: number[]) => [...new Set(xs.map((x) => Math.round(x * 1e12) / 1e12))];
  const outerRule = gaussianPanels(dedup(outerBreaks), ppp);
  const w: number[] = [];
  const eta: number[] = [];
  // without kinks the inner rule is the same at every outer node
  const smoothInner = kinks.length ? null : gaussianPanels([], ppp);
  const rec = (j: number, prefix: number[], weight: number) => {
    if (j === inner) {
      const rule = smoothInner ?? gaussianPanels(dedup(innerBreaks(prefix)), ppp);
      for (let i = 0; i < rule.x.length; i++) {
        w.push(weight * rule.w[i]!);
        for (const v of prefix) eta.push(v);
        eta.push(rule.x[i]!);
      }
      return;
    }
    // r >= 3: Gauss–Hermite in the outer variables keeps the node count workable.
    const rule = j === 0 && r === 2 ? outerRule : gaussHermite(outerHermite(r));
    for (let i = 0; i < rule.x.length; i++) rec(j + 1, [...prefix, rule.x[i]!], weight * rule.w[i]!);
  };
  rec(0, [], 1);
  return { w, eta };
}

/** Nodes, weights and g at every node and point for a rule with `ppp` points per panel. */
function nodeValues(act: Activation, L: number[][], ppp: number): { weights: Float64Array; gv: Float64Array[] } {
  const r = L[0]?.length ?? 0;
  const { w, eta } = quadratureNodes(L, act.kinks, ppp);
  const n = w.length;
  const variance = L.map((row) => row.reduce((s, x) => s + x * x, 0));
  const gv = L.map((row, p) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let z = 0;
      for (let k = 0; k < r; k++) z += row[k]! * eta[i * r + k]!;
      out[i] = act.g(z, variance[p]!);
    }
    return out;
  });
  return { weights: Float64Array.from(w), gv };
}

/**
 * Largest relative error of the rule's pair moments E[g(z_p) g(z_q)] against the kernel's (closed form, or
 * src/kernel's own 2-d quadrature): a measured accuracy for the rule.
 */
/** The kernel's pair expectations, memoized: deep layers check the same pairs in many moment rules (each a 2-d quadrature without a closed form). */
const pairMemo = new Map<string, number>();
function referencePair(act: Activation, a: number, b: number, c: number): number {
  // rounded: the factors of different rules give the same covariance up to rounding (the check is at 1e-11)
  const key = `${act.name},${a.toPrecision(13)},${b.toPrecision(13)},${c.toPrecision(13)}`;
  let v = pairMemo.get(key);
  if (v === undefined) {
    if (pairMemo.size > 4096) pairMemo.clear();
    v = pairExpectation(act, a, b, c);
    pairMemo.set(key, v);
  }
  return v;
}

function pairError(act: Activation, L: number[][], weights: Float64Array, gv: Float64Array[]): number {
  const S = L.map((a) => L.map((b) => a.reduce((t, x, k) => t + x * b[k]!, 0)));
  let err = 0;
  for (let p = 0; p < L.length; p++) {
    for (let q = p; q < L.length; q++) {
      let got = 0;
      for (let i = 0; i < weights.length; i++) got += weights[i]! * gv[p]![i]! * gv[q]![i]!;
      const ref = referencePair(act, S[p]![p]!, S[q]![q]!, S[p]![q]!);
      err = Math.max(err, Math.abs(got - ref) / Math.max(Math.abs(ref), 1e-300));
    }
  }
  return err;
}

/**
 * For rank 2, order the two variables so that the inner kinks move slowly with the outer variable
 * (max_p |L_p,outer / L_p,inner| smallest): the inner integral is then smooth on the outer panels' scale.
 * (With nearby inputs and the bias outside, each kink line b + y_p w = 0 moves at speed |y_p| in b per w, but
 * at 1/|y_p| the other way round, and the outer integrand would vary on the scale |y_p|.)
 */
function orderForKinks(L: number[][]): number[][] {
  // Rank >= 3: the dominant direction innermost (exact kink splits there), small-variance ones outside.
  if ((L[0]?.length ?? 0) > 2) return L.map((row) => row.slice().reverse());
  if ((L[0]?.length ?? 0) !== 2) return L;
  const speed = (o: number, i: number) => Math.max(...L.map((row) => Math.abs(row[o]!) / Math.max(Math.abs(row[i]!), 1e-300)));
  return speed(0, 1) <= speed(1, 0) ? L : L.map(([a, b]) => [b!, a!]);
}

function quadratureMoments(act: Activation, L: number[][], space: SeriesSpace, pointsPerPanel?: number): NeuronMoments {
  const r = L[0]?.length ?? 0;
  // Refine the panels (rank <= 2) until the pair moments agree with the kernel to 1e-11.
  const tries = pointsPerPanel !== undefined ? [pointsPerPanel] : r <= 2 ? [panelPoints(r, space.D), 20, 32] : [panelPoints(r, space.D)];
  let ppp = tries[0]!;
  let rule = nodeValues(act, L, ppp);
  let err = pairError(act, L, rule.weights, rule.gv);
  for (const next of tries.slice(1)) {
    if (err < 1e-11) break;
    ppp = next;
    rule = nodeValues(act, L, ppp);
    err = pairError(act, L, rule.weights, rule.gv);
  }
  const { weights, gv } = rule;
  const P = L.length;
  const n = weights.length;
  const values = space.zero();
  // Depth-first over count vectors: the product array at depth p is the parent's times g_p^{c_p}
  // (one preallocated buffer per (depth, count): no garbage in the hot loop).
  const counts = new Int32Array(P);
  const buffers = Array.from({ length: P }, () => Array.from({ length: space.D + 1 }, () => new Float64Array(n)));
  // Powers of the last point's g: its level is a dot product, no product array needed.
  const last = gv[P - 1]!;
  const lastPow = [new Float64Array(n).fill(1)];
  for (let c = 1; c <= space.D; c++) lastPow.push(lastPow[c - 1]!.map((x, i) => x * last[i]!));
  const rec = (p: number, left: number, prod: Float64Array) => {
    if (p === P - 1) {
      for (let c = (space.D - left) % 2; c <= left; c += 2) {
        counts[p] = c;
        const gp = lastPow[c]!;
        let s = 0;
        for (let i = 0; i < n; i++) s += prod[i]! * gp[i]!;
        values[space.indexOf(counts)!] = s;
      }
      counts[p] = 0;
      return;
    }
    let cur = prod;
    const g = gv[p]!;
    for (let c = 0; c <= left; c++) {
      counts[p] = c;
      if (c > 0) {
        const next = buffers[p]![c]!;
        for (let i = 0; i < n; i++) next[i] = cur[i]! * g[i]!;
        cur = next;
      }
      rec(p + 1, left - c, cur);
    }
    counts[p] = 0;
  };
  rec(0, space.D, weights);
  return {
    values,
    method: `Gaussian quadrature over the rank-${r} image of (W0, b0): ${n} nodes (${r >= 3 ? `Gauss–Hermite ${outerHermite(r)} in the outer ${r - 1} variables, ` : ''}Gauss–Legendre panels of ${ppp} points${act.kinks.length ? ' split at the kinks' : ''})`,
    error: Math.max(err, 1e-15),
    accuracy:
      `${Math.max(err, 1e-15).toExponential(0)} (measured on the 2-point moments against the GP ` +
      `kernel)${r >= 3 && act.kinks.length ? '; kinks are resolved only in the innermost variable' : ''}`,
  };
}
