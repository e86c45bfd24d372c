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
