/**
 * Symmetric tensors on P points: stored over multisets of point indices (the order of `multisets`), expanded
 * to dense P^n arrays (row-major, index a_1 ... a_n) for contractions. Small P only (MAX_POINTS).
 */
import { multisets } from '../correlators/index.js';
import { symmetricEigen } from '../numeric/index.js';

/** A symmetric tensor of rank n on P points, one value per multiset (the order of multisets(P, n)). */
export interface SymTensor {
  P: number;
  n: number;
  values: Float64Array;
}

/** P x P matrices as row arrays. */
export type Matrix = number[][];

const setsCache = new Map<string, { sets: number[][]; index: Map<number, number> }>();

/** The multisets of rank n on P points and the map from a sorted index tuple's code to its position. */
export function multisetTable(P: number, n: number): { sets: number[][]; index: Map<number, number> } {
  const key = `${P},${n}`;
  const hit = setsCache.get(key);
  if (hit) return hit;
  const sets = multisets(P, n);
  const index = new Map<number, number>();
  sets.forEach((s, i) => index.set(code(P, s), i));
  const out = { sets, index };
  setsCache.set(key, out);
  return out;
}

/** Row-major code of an index tuple (also the dense offset). */
export function code(P: number, idx: readonly number[]): number {
  let c = 0;
  for (const i of idx) c = c * P + i;
  return c;
}

const gatherCache = new Map<string, Int32Array>();

/** For every dense offset of a rank-n tensor on P points, the position of its sorted index tuple among the multisets (cached). */
function gather(P: number, n: number): Int32Array {
  const key = `${P},${n}`;
  const hit = gatherCache.get(key);
  if (hit) return hit;
  const { index } = multisetTable(P, n);
  const out = new Int32Array(P ** n);
  const idx = new Array<number>(n).fill(0);
  for (let off = 0; off < out.length; off++) {
    let r = off;
    for (let i = n - 1; i >= 0; i--) {
      idx[i] = r % P;
      r = Math.floor(r / P);
    }
    out[off] = index.get(
      code(
        P,
        idx.slice().sort((a, b) => a - b),
      ),
    )!;
  }
  gatherCache.set(key, out);
  return out;
}

/** The dense P^n array of a symmetric tensor. */
export function dense(t: SymTensor): Float64Array {
  const g = gather(t.P, t.n);
  const out = new Float64Array(g.length);
  for (let off = 0; off < g.length; off++) out[off] = t.values[g[off]!]!;
  return out;
}

/** The multiset values of a dense tensor (assumed symmetric: read at the sorted index). */
export function fromDense(P: number, n: number, d: Float64Array): SymTensor {
  const { sets } = multisetTable(P, n);
  return { P, n, values: Float64Array.from(sets.map((s) => d[code(P, s)]!)) };
}

/** Contracts every leg of a dense rank-n tensor with the symmetric matrix A: T'_{a..} = sum_b T_{b..} A_{b a}. */
export function onAllLegs(T: Float64Array, P: number, n: number, A: Matrix): Float64Array {
  let cur = T;
  for (let leg = 0; leg < n; leg++) {
    const next = new Float64Array(cur.length);
    const stride = P ** (n - 1 - leg);
    for (let off = 0; off < cur.length; off++) {
      const v = cur[off]!;
      if (v === 0) continue;
      const a = Math.floor(off / stride) % P;
      const base = off - a * stride;
      const row = A[a]!;
      for (let b = 0; b < P; b++) next[base + b * stride]! += v * row[b]!;
    }
    cur = next;
  }
  return cur;
}

/** Z_{a_1..a_{n-1} b_1..b_{m-1}} = sum_{e,f} X_{a.. e} G_{e f} Y_{f b..}: two tensors joined by a propagator. */
export function join(X: Float64Array, n: number, G: Matrix, Y: Float64Array, m: number, P: number): Float64Array {
  const left = P ** (n - 1);
  const right = P ** (m - 1);
  // XG_{a.., f} = sum_e X_{a.., e} G_{e f}
  const XG = new Float64Array(left * P);
  for (let a = 0; a < left; a++)
    for (let e = 0; e < P; e++) {
      const x = X[a * P + e]!;
      if (x === 0) continue;
      for (let f = 0; f < P; f++) XG[a * P + f]! += x * G[e]![f]!;
    }
  const Z = new Float64Array(left * right);
  for (let a = 0; a < left; a++)
    for (let f = 0; f < P; f++) {
      const x = XG[a * P + f]!;
      if (x === 0) continue;
      const yo = f * right;
      const zo = a * right;
      for (let b = 0; b < right; b++) Z[zo + b]! += x * Y[yo + b]!;
    }
  return Z;
}

const splitCache = new Map<string, Int32Array[]>();

/** The position orders of the ordered splits of n legs into consecutive groups of the given sizes (cached). */
function splitOrders(sizes: number[]): Int32Array[] {
  const key = sizes.join(',');
  const hit = splitCache.get(key);
  if (hit) return hit;
  const n = sizes.reduce((a, b) => a + b, 0);
  const out: Int32Array[] = [];
  const chosen: number[] = [];
  const rec = (group: number, left: number[]) => {
    if (group === sizes.length) {
      out.push(Int32Array.from(chosen));
      return;
    }
    const size = sizes[group]!;
    const pick = (start: number, taken: number[]) => {
      if (taken.length === size) {
        chosen.push(...taken);
        rec(
          group + 1,
          left.filter((p) => !taken.includes(p)),
        );
        chosen.length -= size;
        return;
      }
      for (let i = start; i < left.length; i++) pick(i + 1, [...taken, left[i]!]);
    };
    pick(0, []);
  };
  rec(
    0,
    Array.from({ length: n }, (_, i) => i),
  );
  splitCache.set(key, out);
  return out;
}

/**
 * For every multiset of rank n, the sum over the ordered splits of its n legs into consecutive groups of the
 * given sizes (sum n) of Z at the concatenated groups: the symmetrization of a tree with distinguishable vertices.
 */
export function sumOverSplits(Z: Float64Array, P: number, sizes: number[]): SymTensor {
  const n = sizes.reduce((a, b) => a + b, 0);
  const { sets } = multisetTable(P, n);
  const orders = splitOrders(sizes);
  const values = new Float64Array(sets.length);
  sets.forEach((alpha, k) => {
    let total = 0;
    for (const order of orders) {
      let c = 0;
      for (let i = 0; i < n; i++) c = c * P + alpha[order[i]!]!;
      total += Z[c]!;
    }
    values[k] = total;
  });
  return { P, n, values };
}

/** P x P helpers: the regulated covariances are small, symmetric and (at k > 0) positive definite. */
export function cholesky(A: Matrix): Matrix | undefined {
  const n = A.length;
  const L: Matrix = A.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i]![j]!;
      for (let k = 0; k < j; k++) s -= L[i]![k]! * L[j]![k]!;
      if (i === j) {
        if (!(s > 0)) return undefined;
        L[i]![i] = Math.sqrt(s);
      } else L[i]![j] = s / L[j]![j]!;
    }
  }
  return L;
}

/** Inverse of a symmetric positive-definite matrix (Cholesky); undefined if not positive definite. */
export function inverseSpd(A: Matrix): Matrix | undefined {
  const L = cholesky(A);
  if (!L) return undefined;
  const n = A.length;
  // L^-1 by forward substitution, then A^-1 = L^-T L^-1.
  const Li: Matrix = A.map(() => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    Li[j]![j] = 1 / L[j]![j]!;
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= L[i]![k]! * Li[k]![j]!;
      Li[i]![j] = s / L[i]![i]!;
    }
  }
  return A.map((_, i) =>
    A.map((__, j) => {
      let s = 0;
      for (let k = Math.max(i, j); k < n; k++) s += Li[k]![i]! * Li[k]![j]!;
      return s;
    }),
  );
}

/** Eigenvalues of a symmetric matrix, ascending. */
export function symmetricEigenvalues(A: Matrix): number[] {
  return symmetricEigen(A).values.sort((x, y) => x - y);
}

/** The matrix of a rank-2 tensor, and back. */
export function toMatrix(t: SymTensor): Matrix {
  const d = dense(t);
  return Array.from({ length: t.P }, (_, a) => Array.from({ length: t.P }, (__, b) => d[a * t.P + b]!));
}

export function fromMatrix(M: Matrix): SymTensor {
  const P = M.length;
  return { P, n: 2, values: Float64Array.from(multisetTable(P, 2).sets.map(([a, b]) => M[a!]![b!]!)) };
}
