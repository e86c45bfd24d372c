import { createRequire } from 'node:module';
import type * as MathJs from 'mathjs';
import { NumericalError } from './errors.js';

// mathjs takes ~0.6 s to load (it builds all its typed functions): load it on first use, not with
// every CLI command.
let mathjsEigs: typeof MathJs.eigs | undefined;
const eigs = (M: number[][], opts: { eigenvectors: false }) => (mathjsEigs ??= (createRequire(import.meta.url)('mathjs') as typeof MathJs).eigs)(M, opts);

export interface Eigenvalue {
  re: number;
  im: number;
}

/** Solves A x = b by Gaussian elimination with partial pivoting; undefined if A is (numerically) singular. */
export function solveLinear(A: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(M[i]![k]!) > Math.abs(M[p]![k]!)) p = i;
    if (!(Math.abs(M[p]![k]!) > 0)) return undefined;
    [M[k], M[p]] = [M[p]!, M[k]!];
    for (let i = k + 1; i < n; i++) {
      const f = M[i]![k]! / M[k]![k]!;
      if (f !== 0) for (let j = k; j <= n; j++) M[i]![j]! -= f * M[k]![j]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = M[i]![n]!;
    for (let j = i + 1; j < n; j++) s -= M[i]![j]! * x[j]!;
    x[i] = s / M[i]![i]!;
  }
  return x.every(Number.isFinite) ? x : undefined;
}

/**
 * Eigenvalues of a real (non-symmetric) matrix, complex allowed (mathjs eigs), sorted by real part
 * then imaginary part. Imaginary parts below 1e-10 relative to the eigenvalue are rounded to 0 (real).
 */
export function eigenvalues(M: number[][]): Eigenvalue[] {
  if (M.length === 0) return [];
  if (M.length === 1) return [{ re: M[0]![0]!, im: 0 }];
  let arr: (number | { re: number; im: number })[];
  try {
    const { values } = eigs(M, { eigenvectors: false }) as unknown as { values: unknown };
    arr = (Array.isArray(values) ? values : (values as { toArray(): unknown[] }).toArray()) as typeof arr;
  } catch {
    // mathjs' QR iteration gives up on some badly scaled matrices: fall back to balanced Hessenberg QR.
    arr = hqr(M);
  }
  return arr
    .map((v) => (typeof v === 'number' ? { re: v, im: 0 } : { re: v.re, im: Math.abs(v.im) < 1e-10 * Math.max(1, Math.abs(v.re)) ? 0 : v.im }))
    .sort((a, b) => a.re - b.re || a.im - b.im);
}

/**
 * Critical exponents from stability-matrix eigenvalues (t = ln k, so relevant directions are negative):
 * nu = -1/(most negative eigenvalue), omega = smallest positive one (real parts; docs/conventions.md).
 */
export function exponents(ev: Eigenvalue[]): { nu: number | null; omega: number | null } {
  // Marginal eigenvalues (0 up to rounding, e.g. u6 at the Gaussian point in d = 3) are neither.
  const eps = 1e-9 * Math.max(1, ...ev.map((e) => Math.abs(e.re)));
  const neg = ev.filter((e) => e.re < -eps);
  const pos = ev.filter((e) => e.re > eps);
  const nu = neg.length ? -1 / neg.reduce((a, b) => (b.re < a.re ? b : a)).re : null;
  const omega = pos.length ? pos.reduce((a, b) => (b.re < a.re ? b : a)).re : null;
  return { nu, omega };
}

/**
 * Eigenvalues by balancing, reduction to upper Hessenberg form and the shifted QR algorithm
 * (the classic EISPACK balanc/elmhes/hqr sequence). Used only when mathjs eigs does not converge.
 */
export function hqr(M0: number[][]): { re: number; im: number }[] {
  const n = M0.length;
  const a = M0.map((r) => r.slice());
  // balance
  const RADIX = 2;
  let done = false;
  while (!done) {
    done = true;
    for (let i = 0; i < n; i++) {
      let r = 0,
        c = 0;
      for (let j = 0; j < n; j++)
        if (j !== i) {
          c += Math.abs(a[j]![i]!);
          r += Math.abs(a[i]![j]!);
        }
      if (c !== 0 && r !== 0) {
        let g = r / RADIX,
          f = 1;
        const s = c + r;
        while (c < g) {
          f *= RADIX;
          c *= RADIX * RADIX;
        }
        g = r * RADIX;
        while (c > g) {
          f /= RADIX;
          c /= RADIX * RADIX;
        }
        if ((c + r) / f < 0.95 * s) {
          done = false;
          g = 1 / f;
          for (let j = 0; j < n; j++) a[i]![j]! *= g;
          for (let j = 0; j < n; j++) a[j]![i]! *= f;
        }
      }
    }
  }
  // elmhes: reduction to Hessenberg form by elimination with pivoting
  for (let m = 1; m < n - 1; m++) {
    let x = 0,
      i = m;
    for (let j = m; j < n; j++)
      if (Math.abs(a[j]![m - 1]!) > Math.abs(x)) {
        x = a[j]![m - 1]!;
        i = j;
      }
    if (i !== m) {
      for (let j = m - 1; j < n; j++) [a[i]![j], a[m]![j]] = [a[m]![j]!, a[i]![j]!];
      for (let j = 0; j < n; j++) [a[j]![i], a[j]![m]] = [a[j]![m]!, a[j]![i]!];
    }
    if (x !== 0) {
      for (i = m + 1; i < n; i++) {
        let y = a[i]![m - 1]!;
        if (y !== 0) {
          y /= x;
          a[i]![m - 1] = y;
          for (let j = m; j < n; j++) a[i]![j]! -= y * a[m]![j]!;
          for (let j = 0; j < n; j++) a[j]![m]! += y * a[j]![i]!;
        }
      }
    }
  }
  for (let i = 2; i < n; i++) for (let j = 0; j < i - 1; j++) a[i]![j] = 0;
  // hqr
  const wr = new Array<number>(n).fill(0),
    wi = new Array<number>(n).fill(0);
  let anorm = 0;
  for (let i = 0; i < n; i++) for (let j = Math.max(i - 1, 0); j < n; j++) anorm += Math.abs(a[i]![j]!);
  let nn = n - 1,
    t = 0;
  let p = 0,
    q = 0,
    r = 0,
    s = 0,
    w = 0,
    x = 0,
    y = 0,
    z = 0;
  while (nn >= 0) {
    let its = 0,
      l: number;
    do {
      for (l = nn; l >= 1; l--) {
        s = Math.abs(a[l - 1]![l - 1]!) + Math.abs(a[l]![l]!);
        if (s === 0) s = anorm;
        if (Math.abs(a[l]![l - 1]!) + s === s) {
          a[l]![l - 1] = 0;
          break;
        }
      }
      x = a[nn]![nn]!;
      if (l === nn) {
        wr[nn] = x + t;
        wi[nn--] = 0;
      } else {
        y = a[nn - 1]![nn - 1]!;
        w = a[nn]![nn - 1]! * a[nn - 1]![nn]!;
        if (l === nn - 1) {
          p = 0.5 * (y - x);
          q = p * p + w;
          z = Math.sqrt(Math.abs(q));
          x += t;
          if (q >= 0) {
            z = p + (p >= 0 ? Math.abs(z) : -Math.abs(z));
            wr[nn - 1] = wr[nn] = x + z;
            if (z) wr[nn] = x - w / z;
            wi[nn - 1] = wi[nn] = 0;
          } else {
            wr[nn - 1] = wr[nn] = x + p;
            wi[nn - 1] = -(wi[nn] = z);
          }
          nn -= 2;
        } else {
          if (its === 60) throw new Error('eigenvalue QR iteration did not converge');
          if (its === 10 || its === 20) {
            t += x;
            for (let i = 0; i <= nn; i++) a[i]![i]! -= x;
            s = Math.abs(a[nn]![nn - 1]!) + Math.abs(a[nn - 1]![nn - 2]!);
            y = x = 0.75 * s;
            w = -0.4375 * s * s;
          }
          ++its;
          let m: number;
          for (m = nn - 2; m >= l; m--) {
            z = a[m]![m]!;
            r = x - z;
            s = y - z;
            p = (r * s - w) / a[m + 1]![m]! + a[m]![m + 1]!;
            q = a[m + 1]![m + 1]! - z - r - s;
            r = a[m + 2]![m + 1]!;
            s = Math.abs(p) + Math.abs(q) + Math.abs(r);
            p /= s;
            q /= s;
            r /= s;
            if (m === l) break;
            const u = Math.abs(a[m]![m - 1]!) * (Math.abs(q) + Math.abs(r));
            const v = Math.abs(p) * (Math.abs(a[m - 1]![m - 1]!) + Math.abs(z) + Math.abs(a[m + 1]![m + 1]!));
            if (u + v === v) break;
          }
          for (let i = m; i < nn - 1; i++) {
            a[i + 2]![i] = 0;
            if (i !== m) a[i + 2]![i - 1] = 0;
          }
          for (let k = m; k < nn; k++) {
            if (k !== m) {
              p = a[k]![k - 1]!;
              q = a[k + 1]![k - 1]!;
              r = 0;
              if (k + 1 !== nn) r = a[k + 2]![k - 1]!;
              if ((x = Math.abs(p) + Math.abs(q) + Math.abs(r)) !== 0) {
                p /= x;
                q /= x;
                r /= x;
              }
            }
            const sg = Math.sqrt(p * p + q * q + r * r);
            s = p >= 0 ? sg : -sg;
            if (s !== 0) {
              if (k === m) {
                if (l !== m) a[k]![k - 1] = -a[k]![k - 1]!;
              } else a[k]![k - 1] = -s * x;
              p += s;
              x = p / s;
              y = q / s;
              z = r / s;
              q /= p;
              r /= p;
              for (let j = k; j <= nn; j++) {
                p = a[k]![j]! + q * a[k + 1]![j]!;
                if (k + 1 !== nn) {
                  p += r * a[k + 2]![j]!;
                  a[k + 2]![j]! -= p * z;
                }
                a[k + 1]![j]! -= p * y;
                a[k]![j]! -= p * x;
              }
              const mmin = nn < k + 3 ? nn : k + 3;
              for (let i = l; i <= mmin; i++) {
                p = x * a[i]![k]! + y * a[i]![k + 1]!;
                if (k + 1 !== nn) {
                  p += z * a[i]![k + 2]!;
                  a[i]![k + 2]! -= p * r;
                }
                a[i]![k + 1]! -= p * q;
                a[i]![k]! -= p;
              }
            }
          }
        }
      }
    } while (l < nn - 1);
  }
  return wr.map((re, i) => ({ re, im: wi[i]! }));
}

/**
 * Symmetric eigen-decomposition of a small matrix by cyclic Jacobi, which keeps small eigenvalues to high
 * relative accuracy (for large matrices symmetricEigenQL is O(n^3) with a smaller constant). Stops when the
 * off-diagonal part is below 1e-17 of the largest entry. Values in diagonal order (not sorted);
 * `vectors[i][k]` is component i of the eigenvector of `values[k]`.
 */
export function symmetricEigen(A: number[][]): { values: number[]; vectors: number[][] } {
  const n = A.length;
  const a = A.map((r) => r.slice());
  const v: number[][] = a.map((_, i) => a.map((_, j) => (i === j ? 1 : 0)));
  const scale = Math.max(1e-300, ...a.map((r) => Math.max(...r.map(Math.abs))));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i]![j]! ** 2;
    if (off <= (1e-17 * scale) ** 2) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (a[p]![q] === 0) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * a[p]![q]!);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: a.map((r, i) => r[i]!), vectors: v };
}

/**
 * Cholesky factorization A = L L^T of a symmetric positive-definite n x n matrix stored row-major in
 * `a` (only the lower triangle is read); L overwrites that lower triangle in place. Plain loops over
 * Float64Array rows: ~10x faster than mathjs' lusolve at n = 200..1000. NumericalError if A is not
 * (numerically) positive definite.
 */
export function choleskyInPlace(a: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let s = a[rj + j]!;
    for (let k = 0; k < j; k++) s -= a[rj + k]! * a[rj + k]!;
    if (!(s > 0)) throw new NumericalError(`Cholesky: the matrix is not positive definite (pivot ${s} at row ${j} of ${n})`);
    const d = Math.sqrt(s);
    a[rj + j] = d;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let t = a[ri + j]!;
      for (let k = 0; k < j; k++) t -= a[ri + k]! * a[rj + k]!;
      a[ri + j] = t / d;
    }
  }
  return a;
}

/** Solves L L^T x = b with the factor from `choleskyInPlace` (lower triangle of `l`). */
export function choleskySolve(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = x[i]!;
    for (let k = 0; k < i; k++) s -= l[ri + k]! * x[k]!;
    x[i] = s / l[ri + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  return x;
}
