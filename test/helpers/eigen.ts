/**
 * Eigenvalues of a real symmetric matrix for tests: Householder reduction to tridiagonal form and the
 * implicit QL algorithm with Wilkinson shifts (the classic tred2/tqli pair, values only). O(n^3); a
 * 600 x 600 Gram matrix takes well under a second. Written for the tests, independent of src/.
 */
export function symmetricEigenvalues(A: number[][]): number[] {
  const n = A.length;
  const a = A.map((r) => r.slice());
  const d = new Array<number>(n).fill(0);
  const e = new Array<number>(n).fill(0);
  for (let i = n - 1; i > 0; i--) {
    const l = i - 1;
    let h = 0;
    if (l > 0) {
      let scale = 0;
      for (let k = 0; k <= l; k++) scale += Math.abs(a[i]![k]!);
      if (scale === 0) e[i] = a[i]![l]!;
      else {
        for (let k = 0; k <= l; k++) {
          a[i]![k]! /= scale;
          h += a[i]![k]! ** 2;
        }
        let f = a[i]![l]!;
        let g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
        e[i] = scale * g;
        h -= f * g;
        a[i]![l] = f - g;
        f = 0;
        for (let j = 0; j <= l; j++) {
          g = 0;
          for (let k = 0; k <= j; k++) g += a[j]![k]! * a[i]![k]!;
          for (let k = j + 1; k <= l; k++) g += a[k]![j]! * a[i]![k]!;
          e[j] = g / h;
          f += e[j]! * a[i]![j]!;
        }
        const hh = f / (h + h);
        for (let j = 0; j <= l; j++) {
          f = a[i]![j]!;
          e[j] = g = e[j]! - hh * f;
          for (let k = 0; k <= j; k++) a[j]![k]! -= f * e[k]! + g * a[i]![k]!;
        }
      }
    } else e[i] = a[i]![l]!;
  }
  for (let i = 0; i < n; i++) d[i] = a[i]![i]!;
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  e[n - 1] = 0;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    let m: number;
    do {
      for (m = l; m < n - 1; m++) {
        const dd = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        if (Math.abs(e[m]!) <= Number.EPSILON * dd) break;
      }
      if (m !== l) {
        if (iter++ === 60) throw new Error('tqli: no convergence');
        let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
        let r = Math.hypot(g, 1);
        g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
        let s = 1;
        let c = 1;
        let p = 0;
        let i: number;
        for (i = m - 1; i >= l; i--) {
          const f = s * e[i]!;
          const b = c * e[i]!;
          e[i + 1] = r = Math.hypot(f, g);
          if (r === 0) {
            d[i + 1]! -= p;
            e[m] = 0;
            break;
          }
          s = f / r;
          c = g / r;
          g = d[i + 1]! - p;
          r = (d[i]! - g) * s + 2 * c * b;
          d[i + 1] = g + (p = s * r);
          g = c * r - b;
        }
        if (r === 0 && i >= l) continue;
        d[l]! -= p;
        e[l] = g;
        e[m] = 0;
      }
    } while (m !== l);
  }
  return d.sort((x, y) => y - x);
}
