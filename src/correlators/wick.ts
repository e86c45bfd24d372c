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

/** One entry's arguments: the point of each factor, and its output component (absent when d_out = 1). */
export interface EntryKey {
  idx: number[];
  components?: number[];
}

/**
 * The entries of order `order` with d_out output components: all multisets of (point, component) pairs,
 * in lexicographic order of the item p d_out + a, written as `idx` (the points, non-decreasing) and
 * `components` (each factor's component; non-decreasing within equal points). With d_out = 1 these are
 * the point multisets, without `components`.
 */
export function entryKeys(P: number, dOut: number, order: number): EntryKey[] {
  if (dOut === 1) return multisets(P, order).map((idx) => ({ idx }));
  return multisets(P * dOut, order).map((items) => ({ idx: items.map((k) => Math.floor(k / dOut)), components: items.map((k) => k % dOut) }));
}

/** "0,1|0,0": an entry's key for lookups (points, then components when present). */
export function entryKey(e: EntryKey): string {
  return e.components ? `${e.idx.join(',')}|${e.components.join(',')}` : e.idx.join(',');
}

/**
 * Wick sum with output components: sum over the pairings of the factors that pair equal components only
 * (the GP's covariance is delta_ab K(x, y)). Without components it is `wick(K, idx)`.
 */
export function wickComponents(K: number[][], idx: number[], components?: number[]): number {
  if (!components) return wick(K, idx);
  if (idx.length === 0) return 1;
  if (idx.length % 2 === 1) return 0;
  let total = 0;
  for (let j = 1; j < idx.length; j++) {
    if (components[j] !== components[0]) continue;
    const rest = (xs: number[]) => xs.filter((_, k) => k !== 0 && k !== j);
    total += K[idx[0]!]![idx[j]!]! * wickComponents(K, rest(idx), rest(components));
  }
  return total;
}
