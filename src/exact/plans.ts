/**
 * Sampling plans for both estimators: the exact per-network variance of each estimator of Delta G4,
 * kappa4, Delta G6, kappa6 (and u4) at one hidden layer, hence the networks a relative standard error
 * needs. docs/exact-and-validation.md derives the formulas ("Estimator variance and sampling plans").
 *
 * plain: the mean over networks of a linear combination of products of f; its variance is a finite sum
 *   of moments G(c) of f of total degree <= 12 (the series of index.ts).
 * marginalized: the readout integrated out; the k-statistics of the readout covariance
 *   C_pq = sigma_b^2 + (sigma_w^2/N) sum_j g_j(y_p) g_j(y_q), D = C - K. To leading order in 1/n the
 *   variance of a k-statistic over n networks is Var(IF)/n with IF its influence function, a polynomial
 *   of degree <= 3 in the entries of D; Var(IF) needs the joint moments E[D_e1 ... D_ek], k <= 6, which
 *   follow exactly from the one-neuron moments M(c) (total degree <= 12): D = s sum_j (Y_j - E Y) with
 *   s = sigma_w^2/N and Y_j^pq = g_j(y_p) g_j(y_q) iid over the N neurons, so
 *     E[prod_i D_ei] = s^k sum over the set partitions pi of {1..k} without singletons of
 *                      N (N-1) ... (N-|pi|+1) prod_{B in pi} mu(B),
 *   mu(B) = E[prod_{i in B} (Y^ei - E Y^ei)] of one neuron (assign each factor to a neuron: factors on
 *   the same neuron form a block, a block of one averages to zero).
 */
import { multisets, TARGETS, type EstimatorName, type PrecisionTarget, PRECISION_TARGETS, type QuantityPlan } from '../correlators/index.js';
import type { Theory } from '../theory/index.js';
import { exactSeries, requireVarianceCase, type ExactSeries } from './network.js';

/** The per-network variance of one estimator of one quantity on one multiset. */
export interface TargetVariance {
  idx: number[];
  /** The exact value of the quantity. */
  value: number;
  /**
   * Per-network variance: the standard error over n networks is sqrt(variance / n) (exactly for plain
   * means; to leading order in 1/n for the marginalized k-statistics).
   */
  variance: number;
}

/** The variances of every estimator and target at one width (computed once, read per target). */
export type TargetVariances = Record<EstimatorName, Record<PrecisionTarget, TargetVariance[]>>;

/** Networks for relative standard error `precision` on the worst entry (Infinity if a value is 0). */
export function netsNeeded(rows: TargetVariance[], precision: number): { nets: number; idx: number[] } {
  let worst = { nets: 0, idx: [] as number[] };
  for (const r of rows) {
    const n = r.value === 0 ? Infinity : r.variance / (precision * r.value) ** 2;
    if (n > worst.nets || worst.idx.length === 0) worst = { nets: n, idx: r.idx };
  }
  return { nets: Number.isFinite(worst.nets) ? Math.ceil(worst.nets) : Infinity, idx: worst.idx };
}

/** Both estimators' networks for every target (`nnrg exact --plan`). */
export function targetPlan(theory: Theory, width: number, precision: number): QuantityPlan[] {
  const v = targetVariances(theory, width);
  return PRECISION_TARGETS.map((target) => {
    const plain = netsNeeded(v.plain[target], precision);
    const marg = netsNeeded(v.marginalized[target], precision);
    return {
      target,
      label: TARGETS[target].label,
      plain: plain.nets,
      marginalized: marg.nets,
      gain: plain.nets / marg.nets,
      plainWorst: plain.idx,
      marginalizedWorst: marg.idx,
    };
  });
}

/** The 4-point targets share their estimator at one hidden layer (kappa4 = Delta G4, u4 = -Delta G4/I4). */
export function targetVariances(theory: Theory, width: number): TargetVariances {
  const { net, points } = requireVarianceCase(theory, width);
  const series = exactSeries(net, points, width, 12);
  const P = points.length;
  const at = (c: Int32Array) => series.space.indexOf(c)!;
  const counts = (idx: number[]) => {
    const c = new Int32Array(P);
    for (const i of idx) c[i]! += 1;
    return c;
  };
  const K = (p: number, q: number) => series.cumulants[at(counts([p, q]))]!;
  const kappa = (idx: number[]) => series.cumulants[at(counts(idx))]!;
  const delta = (idx: number[]) => series.delta[at(counts(idx))]!;
  const plain = new PlainVariance(series);
  const marg = new MarginalMoments(series, net.sigma_w, width);
  const four = multisets(P, 4);
  const six = multisets(P, 6);
  const splits = (idx: number[]) => pairsOf(6).map(([a, b]) => ({ pair: [idx[a]!, idx[b]!] as const, rest: idx.filter((_, k) => k !== a && k !== b) }));

  const plain4 = four.map((idx) => ({ idx, value: delta(idx), variance: plain.variance([{ coef: 1, idx }]) }));
  const marg4 = four.map((idx) => ({ idx, value: kappa(idx), variance: marg.variance(marg.q4(idx)) }));
  const out: TargetVariances = {
    plain: {
      delta4: plain4,
      kappa4: plain4,
      u4: plain4,
      delta6: six.map((idx) => ({ idx, value: delta(idx), variance: plain.variance([{ coef: 1, idx }]) })),
      // kappa6 = Delta G6 - sum_15 K Delta G4: the same combination of the products' means.
      kappa6: six.map((idx) => ({
        idx,
        value: kappa(idx),
        variance: plain.variance([{ coef: 1, idx }, ...splits(idx).map(({ pair, rest }) => ({ coef: -K(pair[0], pair[1]), idx: rest }))]),
      })),
    },
    marginalized: {
      delta4: marg4,
      kappa4: marg4,
      u4: marg4,
      kappa6: six.map((idx) => ({ idx, value: kappa(idx), variance: marg.variance(marg.q6(idx)) })),
      delta6: six.map((idx) => {
        const terms = marg.q6(idx);
        for (const { pair, rest } of splits(idx)) addTerms(terms, marg.q4(rest), K(pair[0], pair[1]));
        return { idx, value: delta(idx), variance: marg.variance(terms) };
      }),
    },
  };
  return out;
}

/** The 15 pairs (a < b) of n positions. */
function pairsOf(n: number): [number, number][] {
  const out: [number, number][] = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) out.push([a, b]);
  return out;
}

/** Perfect matchings of positions 0..n-1 (3 for n = 4, 15 for n = 6). */
function matchings(n: number): [number, number][][] {
  const rec = (items: number[]): [number, number][][] => {
    if (items.length === 0) return [[]];
    const [a, ...rest] = items;
    return rest.flatMap((b, j) => rec(rest.filter((_, k) => k !== j)).map((m) => [[a!, b] as [number, number], ...m]));
  };
  return rec(Array.from({ length: n }, (_, i) => i));
}

/** Set partitions of positions 0..k-1 into blocks of at least 2 (1, 1, 4, 11, 41 for k = 2..6). */
function partitionsWithoutSingletons(k: number): number[][][] {
  const rec = (items: number[]): number[][][] => {
    if (items.length === 0) return [[]];
    const [first, ...rest] = items;
    const out: number[][][] = [];
    for (let mask = 1; mask < 1 << rest.length; mask++) {
      const block = [first!, ...rest.filter((_, i) => mask & (1 << i))];
      const left = rest.filter((_, i) => !(mask & (1 << i)));
      for (const p of rec(left)) out.push([block, ...p]);
    }
    return out;
  };
  return rec(Array.from({ length: k }, (_, i) => i));
}

/** Plain estimators: sum_k coef_k prod_{i in idx_k} f(x_i), one network. */
class PlainVariance {
  constructor(private readonly series: ExactSeries) {}

  private moment(c: Int32Array): number {
    const i = this.series.space.indexOf(c)!;
    return this.series.gaussian[i]! + this.series.delta[i]!;
  }

  /** Var(sum coef prod f) = sum coef coef' G(c + c') - (sum coef G(c))^2. */
  variance(terms: { coef: number; idx: number[] }[]): number {
    const P = this.series.space.P;
    const c = terms.map((t) => {
      const v = new Int32Array(P);
      for (const i of t.idx) v[i]! += 1;
      return v;
    });
    const sum = (a: Int32Array, b: Int32Array) => a.map((x, p) => x + b[p]!);
    let second = 0;
    let mean = 0;
    for (let i = 0; i < terms.length; i++) {
      mean += terms[i]!.coef * this.moment(c[i]!);
      for (let j = 0; j < terms.length; j++) second += terms[i]!.coef * terms[j]!.coef * this.moment(sum(c[i]!, c[j]!));
    }
    return second - mean * mean;
  }
}

/** A polynomial in the entries of D: sorted entry tuples (as codes) -> coefficient. */
type Terms = Map<number, { coef: number; entries: number[] }>;

function addTerms(into: Terms, from: Terms, factor: number): void {
  for (const [code, t] of from) {
    const old = into.get(code);
    if (old) old.coef += factor * t.coef;
    else into.set(code, { coef: factor * t.coef, entries: t.entries });
  }
}

/** Joint moments of the entries of D = C - K (one hidden layer, width N), exactly. */
class MarginalMoments {
  private readonly P: number;
  /** Entry index of the pair (p, q), p <= q. */
  private readonly entry: number[][];
  private readonly ends: [number, number][] = [];
  private readonly base: number;
  private readonly s: number;
  /** N (N-1) ... (N-j+1). */
  private readonly falling: number[];
  private readonly parts = [0, 1, 2, 3, 4, 5, 6].map(partitionsWithoutSingletons);
  private readonly mu = new Map<number, number>();
  private readonly moments = new Map<number, number>();
  /** E[g_p g_q] of one neuron. */
  private readonly pairMean: number[] = [];

  constructor(
    private readonly series: ExactSeries,
    sigmaW: number,
    width: number,
  ) {
    const P = series.space.P;
    this.P = P;
    this.entry = Array.from({ length: P }, () => new Array<number>(P).fill(0));
    for (let p = 0; p < P; p++)
      for (let q = p; q < P; q++) {
        this.entry[p]![q] = this.entry[q]![p] = this.ends.length;
        this.ends.push([p, q]);
      }
    this.base = this.ends.length + 1;
    this.s = sigmaW ** 2 / width;
    this.falling = [1];
    for (let j = 1; j <= 6; j++) this.falling.push(this.falling[j - 1]! * (width - j + 1));
    for (const [p, q] of this.ends) this.pairMean.push(this.raw([this.entry[p]![q]!]));
  }

  private code(entries: number[]): number {
    let c = 0;
    for (const e of entries) c = c * this.base + e + 1;
    return c;
  }

  /** E[prod_i Y^{e_i}] of one neuron: the one-neuron moment M(c) of the endpoints' counts. */
  private raw(entries: number[]): number {
    if (entries.length === 0) return 1;
    const c = new Int32Array(this.P);
    for (const e of entries) {
      const [p, q] = this.ends[e]!;
      c[p]! += 1;
      c[q]! += 1;
    }
    return this.series.moments.values[this.series.space.indexOf(c)!]!;
  }

  /** Central one-neuron moment mu(B) = E[prod (Y^e - E Y^e)], by inclusion-exclusion over subsets. */
  private central(entries: number[]): number {
    const key = this.code(entries);
    const hit = this.mu.get(key);
    if (hit !== undefined) return hit;
    const k = entries.length;
    let total = 0;
    for (let mask = 0; mask < 1 << k; mask++) {
      const inA: number[] = [];
      let rest = 1;
      let sign = 1;
      for (let i = 0; i < k; i++) {
        if (mask & (1 << i)) inA.push(entries[i]!);
        else {
          rest *= this.pairMean[entries[i]!]!;
          sign = -sign;
        }
      }
      total += sign * rest * this.raw(inA);
    }
    this.mu.set(key, total);
    return total;
  }

  /** E[prod_i D_{e_i}] for sorted entries (k <= 6). */
  expect(entries: number[]): number {
    const k = entries.length;
    if (k === 0) return 1;
    if (k === 1) return 0;
    const key = this.code(entries);
    const hit = this.moments.get(key);
    if (hit !== undefined) return hit;
    let total = 0;
    for (const pi of this.parts[k]!) {
      let term = this.falling[pi.length]!;
      if (term === 0) continue;
      for (const block of pi) term *= this.central(block.map((i) => entries[i]!));
      total += term;
    }
    total *= this.s ** k;
    this.moments.set(key, total);
    return total;
  }

  private term(entries: number[], coef: number, into: Terms): void {
    const sorted = entries.slice().sort((a, b) => a - b);
    addTerms(into, new Map([[this.code(sorted), { coef, entries: sorted }]]), 1);
  }

  private pairing(idx: number[], m: [number, number][]): number[] {
    return m.map(([a, b]) => this.entry[idx[a]!]![idx[b]!]!);
  }

  /** IF of the kappa4 k-statistic: sum over the 3 pairings of D_ab D_cd (D centered at its mean 0). */
  q4(idx: number[]): Terms {
    const out: Terms = new Map();
    for (const m of matchings(4)) this.term(this.pairing(idx, m), 1, out);
    return out;
  }

  /**
   * IF of the kappa6 estimate (sum over the 15 pairings of the k-statistics k3(C_e1, C_e2, C_e3)):
   * D_e1 D_e2 D_e3 - D_e1 Cov(C_e2, C_e3) - D_e2 Cov(C_e1, C_e3) - D_e3 Cov(C_e1, C_e2) per pairing
   * (the last three from centring at the sample mean).
   */
  q6(idx: number[]): Terms {
    const out: Terms = new Map();
    for (const m of matchings(6)) {
      const [e1, e2, e3] = this.pairing(idx, m) as [number, number, number];
      const cov = (a: number, b: number) => this.expect(a <= b ? [a, b] : [b, a]);
      this.term([e1, e2, e3], 1, out);
      this.term([e1], -cov(e2, e3), out);
      this.term([e2], -cov(e1, e3), out);
      this.term([e3], -cov(e1, e2), out);
    }
    return out;
  }

  /** Var(sum coef prod D) = sum coef coef' E[prod D prod D'] - (sum coef E[prod D])^2. */
  variance(terms: Terms): number {
    const list = [...terms.values()].filter((t) => t.coef !== 0);
    let mean = 0;
    let second = 0;
    for (let i = 0; i < list.length; i++) {
      const a = list[i]!;
      mean += a.coef * this.expect(a.entries);
      second += a.coef * a.coef * this.expect(mergeSorted(a.entries, a.entries));
      for (let j = i + 1; j < list.length; j++) second += 2 * a.coef * list[j]!.coef * this.expect(mergeSorted(a.entries, list[j]!.entries));
    }
    return second - mean * mean;
  }
}

function mergeSorted(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!);
  return out;
}
