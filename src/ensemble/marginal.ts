/**
 * The readout-marginalized estimator (docs/sampler.md, "The marginalized estimator"): from the pooled
 * sums of products of D = C - K entries (C the output covariance given the hidden layer), the unbiased
 * joint k-statistics of the entries of C of orders 1..3, and from them
 *   G2 = K + k1,   kappa4_abcd = sum over the 3 pairings of k2,   kappa6 = sum over the 15 pairings of k3,
 *   Delta G4 = kappa4,   Delta G6 = kappa6 + sum over the 15 (4,2) splits of kappa4 K.
 * The Delta G terms use E[C] = K, exact at one hidden layer only (W1 has mean 0 and E[h h] is the
 * one-neuron expectation); deeper networks use the sampled E[C] instead (componentEstimates below).
 * Errors: delete-one-bag jackknife on the pooled sums (jackknife below), which also serves the plain
 * estimator's connected functions.
 */
import { entryKey, entryKeys, multisets, type EntryKey } from '../correlators/index.js';

/** Index of the entry (p, q), p <= q, among the P(P+1)/2 entries in lexicographic order. */
export function entryIndex(P: number, p: number, q: number): number {
  return p * P - (p * (p - 1)) / 2 + (q - p);
}

/** The perfect matchings of positions 0..n-1 (3 for n = 4, 15 for n = 6), each as pairs [i, j], i < j. */
export function pairings(n: number): [number, number][][] {
  const rec = (rest: number[]): [number, number][][] => {
    if (rest.length === 0) return [[]];
    const [first, ...others] = rest;
    return others.flatMap((j, k) => rec(others.filter((_, i) => i !== k)).map((m) => [[first!, j] as [number, number], ...m]));
  };
  return rec(Array.from({ length: n }, (_, i) => i));
}

/** The 15 ways to split 6 positions into a 4-set and a pair. */
function fourTwoSplits(): { four: number[]; two: [number, number] }[] {
  const out: { four: number[]; two: [number, number] }[] = [];
  for (let a = 0; a < 6; a++) for (let b = a + 1; b < 6; b++) out.push({ four: [0, 1, 2, 3, 4, 5].filter((i) => i !== a && i !== b), two: [a, b] });
  return out;
}

/** Index tables for P points: which k-statistics each correlator entry sums. Depend on P only. */
interface Tables {
  P: number;
  M: number;
  /** Entries (i, j) of each order-2 tree node, in node order. */
  pairs: Int32Array;
  /** Entries (i, j, k) and their pair-node positions (ij, ik, jk) of each order-3 node, in node order. */
  triples: Int32Array;
  triplePairs: Int32Array;
  /** Per 4-multiset of points: the 3 order-2 node positions of its pairings. */
  four: Int32Array;
  /** Per 6-multiset: the 15 order-3 node positions of its pairings. */
  six: Int32Array;
  /** Per 6-multiset: the 15 (4-multiset position, entry of the pair) of its (4,2) splits. */
  sixSplits: Int32Array;
  n4: number;
  n6: number;
}

const tableCache = new Map<number, Tables>();

function tables(P: number): Tables {
  const hit = tableCache.get(P);
  if (hit) return hit;
  const M = (P * (P + 1)) / 2;
  const pairPos = (a: number, b: number) => (a <= b ? entryIndex(M, a, b) : entryIndex(M, b, a));
  const pairList = multisets(M, 2);
  const tripleList = multisets(M, 3);
  const tripleOf = new Map(tripleList.map((t, i) => [t.join(','), i]));
  const triplePos = (es: number[]) =>
    tripleOf.get(
      es
        .slice()
        .sort((x, y) => x - y)
        .join(','),
    )!;
  const entry = (idx: number[], [i, j]: [number, number]) => entryIndex(P, idx[i]!, idx[j]!);
  const m4 = multisets(P, 4);
  const m6 = multisets(P, 6);
  const fourOf = new Map(m4.map((m, i) => [m.join(','), i]));
  const p4 = pairings(4);
  const p6 = pairings(6);
  const splits = fourTwoSplits();
  const t: Tables = {
    P,
    M,
    pairs: Int32Array.from(pairList.flat()),
    triples: Int32Array.from(tripleList.flat()),
    triplePairs: Int32Array.from(tripleList.flatMap(([a, b, c]) => [pairPos(a!, b!), pairPos(a!, c!), pairPos(b!, c!)])),
    four: Int32Array.from(m4.flatMap((idx) => p4.map(([x, y]) => pairPos(entry(idx, x!), entry(idx, y!))))),
    six: Int32Array.from(m6.flatMap((idx) => p6.map(([x, y, z]) => triplePos([entry(idx, x!), entry(idx, y!), entry(idx, z!)])))),
    sixSplits: Int32Array.from(m6.flatMap((idx) => splits.flatMap(({ four, two }) => [fourOf.get(four.map((i) => idx[i]!).join(','))!, entry(idx, two)]))),
    n4: m4.length,
    n6: m6.length,
  };
  tableCache.set(P, t);
  return t;
}

/** Nodes of the marginalized tree for P points: the entries' multisets of orders 1, 2, 3. */
export function marginalNodes(P: number): number {
  const M = (P * (P + 1)) / 2;
  return M + (M * (M + 1)) / 2 + (M * (M + 1) * (M + 2)) / 6;
}

/**
 * The unbiased joint k-statistics of orders 1..3 from the power sums S over n observations, with S laid
 * out as the marginalized tree's nodes (order 1: S_a; order 2: S_ab, a <= b; order 3: S_abc, a <= b <= c):
 *   k_a = S_a/n,  k_ab = (n S_ab - S_a S_b)/(n(n-1)),
 *   k_abc = (n^2 S_abc - n(S_ab S_c + S_ac S_b + S_bc S_a) + 2 S_a S_b S_c)/(n(n-1)(n-2)).
 */
export function kStatistics(P: number, S: ArrayLike<number>, n: number): { k1: Float64Array; k2: Float64Array; k3: Float64Array } {
  const t = tables(P);
  const M = t.M;
  const n2 = t.pairs.length / 2;
  const k1 = new Float64Array(M);
  for (let a = 0; a < M; a++) k1[a] = S[a]! / n;
  const k2 = new Float64Array(n2);
  for (let i = 0; i < n2; i++) k2[i] = (n * S[M + i]! - S[t.pairs[2 * i]!]! * S[t.pairs[2 * i + 1]!]!) / (n * (n - 1));
  const n3 = t.triples.length / 3;
  const k3 = new Float64Array(n3);
  const d3 = n * (n - 1) * (n - 2);
  for (let i = 0; i < n3; i++) {
    const a = S[t.triples[3 * i]!]!;
    const b = S[t.triples[3 * i + 1]!]!;
    const c = S[t.triples[3 * i + 2]!]!;
    const ab = S[M + t.triplePairs[3 * i]!]!;
    const ac = S[M + t.triplePairs[3 * i + 1]!]!;
    const bc = S[M + t.triplePairs[3 * i + 2]!]!;
    k3[i] = (n * n * S[M + n2 + i]! - n * (ab * c + ac * b + bc * a) + 2 * a * b * c) / d3;
  }
  return { k1, k2, k3 };
}

/**
 * The marginalized estimates from pooled sums S over n networks, as one vector:
 * [E[C] on the entries (M) | kappa4 (4-multisets) | kappa6 (6-multisets) | Delta G6 (6-multisets)].
 * Kent: the GP kernel on the entries (D = C - K was summed).
 */
export function marginalEstimates(P: number, Kent: number[], S: ArrayLike<number>, n: number): Float64Array {
  const t = tables(P);
  const { k1, k2, k3 } = kStatistics(P, S, n);
  const out = new Float64Array(t.M + t.n4 + 2 * t.n6);
  for (let a = 0; a < t.M; a++) out[a] = Kent[a]! + k1[a]!;
  const o4 = t.M;
  for (let e = 0; e < t.n4; e++) out[o4 + e] = k2[t.four[3 * e]!]! + k2[t.four[3 * e + 1]!]! + k2[t.four[3 * e + 2]!]!;
  const o6 = o4 + t.n4;
  const od = o6 + t.n6;
  for (let e = 0; e < t.n6; e++) {
    let k6 = 0;
    for (let j = 0; j < 15; j++) k6 += k3[t.six[15 * e + j]!]!;
    out[o6 + e] = k6;
    let d = k6;
    for (let j = 0; j < 15; j++) d += out[o4 + t.sixSplits[2 * (15 * e + j)]!]! * Kent[t.sixSplits[2 * (15 * e + j) + 1]!]!;
    out[od + e] = d;
  }
  return out;
}

/**
 * The plain estimator's connected functions from the pooled sums of its measured products (entries of
 * "2", "4", "6" in document order) over n networks: [kappa4 = Delta G4 | kappa6 = Delta G6 - sum of the 15
 * kappa4 K]. gp4, gp6: the Wick values; Kent the kernel on the entries (G2 = K at one hidden layer).
 */
export function plainConnected(P: number, Kent: number[], gp4: number[], gp6: number[], S: ArrayLike<number>, n: number): Float64Array {
  const t = tables(P);
  const out = new Float64Array(t.n4 + t.n6);
  for (let e = 0; e < t.n4; e++) out[e] = S[t.M + e]! / n - gp4[e]!;
  for (let e = 0; e < t.n6; e++) {
    let v = S[t.M + t.n4 + e]! / n - gp6[e]!;
    for (let j = 0; j < 15; j++) v -= out[t.sixSplits[2 * (15 * e + j)]!]! * Kent[t.sixSplits[2 * (15 * e + j) + 1]!]!;
    out[t.n4 + e] = v;
  }
  return out;
}

/**
 * Delete-one-bag jackknife of theta(pooled sums, count): the estimate from all bags and its standard
 * error sqrt((B-1)/B sum_b (theta_(-b) - mean)^2), theta_(-b) from the pooled sums minus bag b's (NaN
 * for one bag). Bags hold `nets` networks each.
 */
export function jackknife(
  bags: ArrayLike<number>[],
  nets: number,
  theta: (S: Float64Array, n: number) => Float64Array,
): { value: Float64Array; stderr: Float64Array } {
  const B = bags.length;
  const L = bags[0]!.length;
  const total = new Float64Array(L);
  for (const s of bags) for (let i = 0; i < L; i++) total[i]! += s[i]!;
  const value = theta(total, B * nets);
  const stderr = new Float64Array(value.length).fill(Number.NaN);
  if (B < 2) return { value, stderr };
  const loo = bags.map((s) => {
    const rest = new Float64Array(L);
    for (let i = 0; i < L; i++) rest[i] = total[i]! - s[i]!;
    return theta(rest, (B - 1) * nets);
  });
  for (let j = 0; j < value.length; j++) {
    let mean = 0;
    for (const v of loo) mean += v[j]!;
    mean /= B;
    let ss = 0;
    for (const v of loo) ss += (v[j]! - mean) ** 2;
    stderr[j] = Math.sqrt(((B - 1) / B) * ss);
  }
  return { value, stderr };
}

/** Largest mean of D_e^2 over the entries, from pooled sums S over n networks: the scale of D. */
export function meanSquareD(P: number, S: ArrayLike<number>, n: number): number {
  const M = (P * (P + 1)) / 2;
  let m = 0;
  for (let a = 0; a < M; a++) m = Math.max(m, S[M + entryIndex(M, a, a)]! / n);
  return m;
}

// ---- output components and deep networks
// With d_out outputs the entries are multisets of (point, component) items (entryKeys). Given the last hidden
// layer the components are iid N(0, C), so the cumulant generating function is that of X = sum_a t_a.C.t_a/2 and
// a pairing of the factors contributes only when it pairs equal components: kappa4 = sum over the 3 pairings
// {ij}{kl} of delta_{a_i a_j} delta_{a_k a_l} Cov(C_{x_i x_j}, C_{x_k x_l}), kappa6 likewise with the joint third
// cumulants. For a != b the connected <f_a f_a f_b f_b> is Cov(C_12, C_34) alone: the components are uncorrelated
// but not independent. At depth >= 2 E[C] != K: the Wick terms use the sampled E[C] (`sampledMean`).

/** Position of the multiset a <= b <= c among multisets(M, 3) (lexicographic). */
function tripleIndexer(M: number): (a: number, b: number, c: number) => number {
  // first[a]: 3-multisets whose first element is below a; second[j]: 2-multisets of {.., M-1} with first below j, counted from 0
  const first = new Float64Array(M + 1);
  for (let i = 0; i < M; i++) first[i + 1] = first[i]! + ((M - i) * (M - i + 1)) / 2;
  const second = new Float64Array(M + 1);
  for (let j = 0; j < M; j++) second[j + 1] = second[j]! + (M - j);
  return (a, b, c) => first[a]! + second[b]! - second[a]! + (c - b);
}

/** Index tables of the entries of orders 2, 4, 6 with components; a pairing that pairs unequal components is -1. */
export interface ComponentTables {
  P: number;
  dOut: number;
  M: number;
  keys: Record<'2' | '4' | '6', EntryKey[]>;
  /** Per "2" key: its entry of C, or -1 (unequal components). */
  two: Int32Array;
  /** Per 4-key, 3 pairings x 2 entries of C (or -1, -1). */
  fourE: Int32Array;
  /** Per 4-key, 3 pairings x 2 positions among the "2" keys (or -1). */
  fourK: Int32Array;
  /** Per 6-key, 15 pairings x 3 entries of C (or -1). */
  sixE: Int32Array;
  sixK: Int32Array;
  /** Per 6-key, 15 (4,2) splits: (position of the 4-key, entry of C of the pair, position of the pair's "2" key), or -1. */
  splits: Int32Array;
}

const componentCache = new Map<string, ComponentTables>();

export function componentTables(P: number, dOut: number): ComponentTables {
  const id = `${P},${dOut}`;
  const hit = componentCache.get(id);
  if (hit) return hit;
  const keys = { '2': entryKeys(P, dOut, 2), '4': entryKeys(P, dOut, 4), '6': entryKeys(P, dOut, 6) };
  // items k = p dOut + a; a pair of items (i <= j) is "2" key number pos2(i, j)
  const I = P * dOut;
  const pos2 = (i: number, j: number) => (i <= j ? entryIndex(I, i, j) : entryIndex(I, j, i));
  const item = (e: EntryKey, k: number) => e.idx[k]! * dOut + (e.components?.[k] ?? 0);
  const cEntry = (e: EntryKey, [x, y]: [number, number]) =>
    (e.components?.[x] ?? 0) !== (e.components?.[y] ?? 0)
      ? -1
      : e.idx[x]! <= e.idx[y]!
        ? entryIndex(P, e.idx[x]!, e.idx[y]!)
        : entryIndex(P, e.idx[y]!, e.idx[x]!);
  const p4 = pairings(4);
  const p6 = pairings(6);
  const four = new Map(keys['4'].map((e, i) => [entryKey(e), i]));
  const splits: number[] = [];
  for (const e of keys['6']) {
    for (const { four: f, two } of fourTwoSplits()) {
      const c = cEntry(e, two);
      if (c < 0) splits.push(-1, -1, -1);
      else {
        const sub: EntryKey = { idx: f.map((k) => e.idx[k]!), ...(e.components ? { components: f.map((k) => e.components![k]!) } : {}) };
        splits.push(four.get(entryKey(sub))!, c, pos2(item(e, two[0]), item(e, two[1])));
      }
    }
  }
  const pairingTables = (list: EntryKey[], rhos: [number, number][][]) => {
    const E: number[] = [];
    const K: number[] = [];
    for (const e of list) {
      for (const rho of rhos) {
        const cs = rho.map((pr) => cEntry(e, pr));
        const ok = cs.every((c) => c >= 0);
        for (let r = 0; r < rho.length; r++) {
          E.push(ok ? cs[r]! : -1);
          K.push(ok ? pos2(item(e, rho[r]![0]), item(e, rho[r]![1])) : -1);
        }
      }
    }
    return { E: Int32Array.from(E), K: Int32Array.from(K) };
  };
  const t4 = pairingTables(keys['4'], p4);
  const t6 = pairingTables(keys['6'], p6);
  const t: ComponentTables = {
    P,
    dOut,
    M: (P * (P + 1)) / 2,
    keys,
    two: Int32Array.from(keys['2'].map((e) => cEntry(e, [0, 1]))),
    fourE: t4.E,
    fourK: t4.K,
    sixE: t6.E,
    sixK: t6.K,
    splits: Int32Array.from(splits),
  };
  componentCache.set(id, t);
  return t;
}

/**
 * The marginalized estimates with output components (and/or depth >= 2), one vector:
 * [E[C] on the entries (M) | kappa4 (4-keys) | kappa6 (6-keys) | Delta G6 (6-keys) | Delta G4 (4-keys)].
 * sampledMean: the Wick terms use the sampled E[C] (depth >= 2; at depth 1 E[C] = K exactly and they cancel).
 */
export function componentEstimates(P: number, dOut: number, Kent: number[], S: ArrayLike<number>, n: number, sampledMean: boolean): Float64Array {
  const t = componentTables(P, dOut);
  const tri = tripleIndexer(t.M);
  const { k1, k2, k3 } = kStatistics(P, S, n);
  const M = t.M;
  const n4 = t.keys['4'].length;
  const n6 = t.keys['6'].length;
  const out = new Float64Array(M + 2 * n4 + 2 * n6);
  const mean = new Float64Array(M);
  for (let a = 0; a < M; a++) mean[a] = out[a] = Kent[a]! + k1[a]!;
  const G = sampledMean ? mean : Float64Array.from(Kent);
  const pairPos = (a: number, b: number) => (a <= b ? entryIndex(M, a, b) : entryIndex(M, b, a));
  const o4 = M;
  const o6 = o4 + n4;
  const od6 = o6 + n6;
  const od4 = od6 + n6;
  for (let e = 0; e < n4; e++) {
    let k4 = 0;
    let w = 0;
    for (let r = 0; r < 3; r++) {
      const a = t.fourE[6 * e + 2 * r]!;
      if (a < 0) continue;
      const b = t.fourE[6 * e + 2 * r + 1]!;
      k4 += k2[pairPos(a, b)]!;
      if (sampledMean) w += mean[a]! * mean[b]! - Kent[a]! * Kent[b]!;
    }
    out[o4 + e] = k4;
    out[od4 + e] = k4 + w;
  }
  for (let e = 0; e < n6; e++) {
    let k6 = 0;
    let w = 0;
    for (let r = 0; r < 15; r++) {
      const a = t.sixE[45 * e + 3 * r]!;
      if (a < 0) continue;
      const b = t.sixE[45 * e + 3 * r + 1]!;
      const c = t.sixE[45 * e + 3 * r + 2]!;
      const sorted = [a, b, c].sort((x, y) => x - y);
      k6 += k3[tri(sorted[0]!, sorted[1]!, sorted[2]!)]!;
      if (sampledMean) w += mean[a]! * mean[b]! * mean[c]! - Kent[a]! * Kent[b]! * Kent[c]!;
    }
    out[o6 + e] = k6;
    let d = k6 + w;
    for (let j = 0; j < 15; j++) {
      const f = t.splits[3 * (15 * e + j)]!;
      if (f < 0) continue;
      d += out[o4 + f]! * G[t.splits[3 * (15 * e + j) + 1]!]!;
    }
    out[od6 + e] = d;
  }
  return out;
}

/**
 * The plain estimator's connected functions with components and/or at depth >= 2, from the pooled sums of its
 * measured products (entries of "2", "4", "6" in document order): [kappa4 | kappa6], kappa4 = G4 - sum over the
 * pairings of G2 G2, kappa6 = G6 - sum over the (4,2) splits of kappa4 G2 - sum over the pairings of G2 G2 G2, with
 * G2 = delta K exactly (one hidden layer) or the sampled G2 (sampledMean: depth >= 2); unequal components pair to 0.
 */
export function plainComponentConnected(P: number, dOut: number, Kent: number[], S: ArrayLike<number>, n: number, sampledMean: boolean): Float64Array {
  const t = componentTables(P, dOut);
  const n2 = t.keys['2'].length;
  const n4 = t.keys['4'].length;
  const n6 = t.keys['6'].length;
  const G2 = new Float64Array(n2);
  for (let k = 0; k < n2; k++) G2[k] = t.two[k]! < 0 ? 0 : sampledMean ? S[k]! / n : Kent[t.two[k]!]!;
  const out = new Float64Array(n4 + n6);
  for (let e = 0; e < n4; e++) {
    let v = S[n2 + e]! / n;
    for (let r = 0; r < 3; r++) {
      const a = t.fourK[6 * e + 2 * r]!;
      if (a >= 0) v -= G2[a]! * G2[t.fourK[6 * e + 2 * r + 1]!]!;
    }
    out[e] = v;
  }
  for (let e = 0; e < n6; e++) {
    let v = S[n2 + n4 + e]! / n;
    for (let r = 0; r < 15; r++) {
      const a = t.sixK[45 * e + 3 * r]!;
      if (a >= 0) v -= G2[a]! * G2[t.sixK[45 * e + 3 * r + 1]!]! * G2[t.sixK[45 * e + 3 * r + 2]!]!;
    }
    for (let j = 0; j < 15; j++) {
      const f = t.splits[3 * (15 * e + j)]!;
      if (f >= 0) v -= out[f]! * G2[t.splits[3 * (15 * e + j) + 2]!]!;
    }
    out[n4 + e] = v;
  }
  return out;
}
