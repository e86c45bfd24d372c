/**
 * Correlator data shared by the sampler (ensemble/), the exact finite-width computation (exact/)
 * and the fits (fit/): the JSON contract of `nnrg sample | merge | exact` (docs/sampler.md, "What the document holds").
 */
import type { Normalization } from '../theory/index.js';

/** One n-point function on a multiset of point indices. */
export interface CorrelatorEntry {
  idx: number[];
  /** The full n-point function E[f(x_i1) ... f(x_in)]. */
  value: number;
  /** Its standard error (0 for exact values). */
  stderr: number;
  /** Infinite-width (Wick) value from the GP kernel. */
  gp: number;
  /** m = (value - gp) / gp. */
  m: number;
}

export type CorrelatorOrder = '2' | '4' | '6';

export interface CouplingEstimate {
  mean: number;
  stderr: number;
  values: { idx: number[]; value: number; stderr: number }[];
}

export interface CorrelatorDocument {
  theory: string;
  width: number;
  nets: number;
  bags: number;
  seed: number;
  points: (number | number[])[];
  correlators: Record<CorrelatorOrder, CorrelatorEntry[]>;
  couplings?: { normalization: Normalization; u4: CouplingEstimate; u6: CouplingEstimate };
  [extra: string]: unknown;
}

/**
 * All multisets of size `order` from {0..n-1}, as non-decreasing index lists in lexicographic order
 * (21, 126, 462 of them for n = 6 and order 2, 4, 6).
 */
export function multisets(n: number, order: number): number[][] {
  const out: number[][] = [];
  const cur: number[] = [];
  const rec = (start: number) => {
    if (cur.length === order) {
      out.push(cur.slice());
      return;
    }
    for (let i = start; i < n; i++) {
      cur.push(i);
      rec(i);
      cur.pop();
    }
  };
  rec(0);
  return out;
}

/** Wick (Isserlis) sum over all pairings of idx of prod K[i][j]: the Gaussian n-point function. */
export function wick(K: number[][], idx: number[]): number {
  if (idx.length === 0) return 1;
  if (idx.length % 2 === 1) return 0;
  const [first, ...rest] = idx;
  let total = 0;
  for (let j = 0; j < rest.length; j++) {
    const others = rest.slice(0, j).concat(rest.slice(j + 1));
    total += K[first!]![rest[j]!]! * wick(K, others);
  }
  return total;
}
