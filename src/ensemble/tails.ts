/**
 * Hill's estimator of the tail index alpha (P(X > t) ~ t^-alpha) from the k+1 largest values,
 * sorted descending: alpha = k / sum_{i<k} ln(X_i / X_k), asymptotic standard error alpha/sqrt(k).
 */
export function hill(descending: number[], k: number): { alpha: number; stderr: number } {
  const xk = descending[k]!;
  let s = 0;
  for (let i = 0; i < k; i++) s += Math.log(descending[i]! / xk);
  const alpha = s > 0 ? k / s : Number.POSITIVE_INFINITY;
  return { alpha, stderr: alpha / Math.sqrt(k) };
}

/** Keeps the `size` largest values seen (a binary min-heap). */
export class TopK {
  private readonly heap: Float64Array;
  private n = 0;
  constructor(readonly size: number) {
    this.heap = new Float64Array(Math.max(1, size));
  }
  push(v: number): void {
    const h = this.heap;
    if (this.n < this.size) {
      let i = this.n++;
      h[i] = v;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (h[p]! <= h[i]!) break;
        [h[p], h[i]] = [h[i]!, h[p]!];
        i = p;
      }
      return;
    }
    if (!(v > h[0]!)) return;
    h[0] = v;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.n && h[l]! < h[m]!) m = l;
      if (r < this.n && h[r]! < h[m]!) m = r;
      if (m === i) break;
      [h[m], h[i]] = [h[i]!, h[m]!];
      i = m;
    }
  }
  /** The values kept, ascending. */
  values(): Float64Array {
    return this.heap.slice(0, this.n).sort();
  }
}
