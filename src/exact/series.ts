/**
 * Truncated power series in P variables t_1..t_P, even total degree <= D only (every series here is
 * even: the output weight W1 is symmetric, so odd moments and cumulants vanish).
 * The coefficient of t^c is stored; the moment of f on the multiset with counts c is c! coef(c).
 * Monomials are coded in radix D+1, so code(a + b) = code(a) + code(b) (no digit exceeds D).
 */
export class SeriesSpace {
  /** Exponent vectors, sorted by total degree. */
  readonly monomials: Int32Array[];
  readonly degree: Int32Array;
  readonly code: Float64Array;
  /** end[k]: number of monomials of degree <= k. */
  private readonly end: Int32Array;
  private readonly index: Map<number, number>;
  /** Dense code -> index table when (D+1)^P is small enough (fast products), else null. */
  private readonly dense: Int32Array | null;
  /** c! = prod_p c_p! for every monomial. */
  readonly factorial: Float64Array;

  constructor(
    readonly P: number,
    readonly D: number,
  ) {
    const mons: number[][] = [];
    const cur = new Array<number>(P).fill(0);
    const rec = (p: number, left: number) => {
      if (p === P) {
        if ((D - left) % 2 === 0) mons.push(cur.slice());
        return;
      }
      for (let c = 0; c <= left; c++) {
        cur[p] = c;
        rec(p + 1, left - c);
      }
      cur[p] = 0;
    };
    rec(0, D);
    const deg = (m: number[]) => m.reduce((a, b) => a + b, 0);
    mons.sort((a, b) => deg(a) - deg(b));
    this.monomials = mons.map((m) => Int32Array.from(m));
    this.degree = Int32Array.from(mons.map(deg));
    this.code = Float64Array.from(mons.map((m) => m.reduce((s, c, p) => s + c * Math.pow(D + 1, p), 0)));
    this.index = new Map();
    this.code.forEach((c, i) => this.index.set(c, i));
    const span = Math.pow(D + 1, P);
    this.dense = span <= 6e6 ? new Int32Array(span).fill(-1) : null;
    if (this.dense) this.code.forEach((c, i) => (this.dense![c] = i));
    this.end = new Int32Array(D + 1);
    for (let k = 0; k <= D; k++) this.end[k] = mons.filter((m) => deg(m) <= k).length;
    const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
    this.factorial = Float64Array.from(mons.map((m) => m.reduce((s, c) => s * fact(c), 1)));
  }

  get size(): number {
    return this.monomials.length;
  }

  /** Index of the monomial with exponents c (undefined if odd or beyond D). */
  indexOf(c: ArrayLike<number>): number | undefined {
    let code = 0;
    for (let p = 0; p < this.P; p++) code += (c[p] ?? 0) * Math.pow(this.D + 1, p);
    return this.index.get(code);
  }

  zero(): Float64Array {
    return new Float64Array(this.size);
  }

  /** Truncated product A B. */
  mul(A: Float64Array, B: Float64Array): Float64Array {
    const out = this.zero();
    const { degree, code, end, D, dense, index } = this;
    for (let i = 0; i < A.length; i++) {
      const a = A[i]!;
      if (a === 0) continue;
      const lim = end[D - degree[i]!]!;
      const ci = code[i]!;
      for (let j = 0; j < lim; j++) {
        const b = B[j]!;
        if (b === 0) continue;
        out[dense ? dense[ci + code[j]!]! : index.get(ci + code[j]!)!]! += a * b;
      }
    }
    return out;
  }

  /** sum_{k=1}^{D/2} coef(k) X^k for X without constant term (min degree >= 2, so X^k vanishes for 2k > D). */
  private powerSeries(X: Float64Array, coef: (k: number) => number): Float64Array {
    const out = this.zero();
    let pow = X;
    for (let k = 1; 2 * k <= this.D; k++) {
      if (k > 1) pow = this.mul(pow, X);
      const c = coef(k);
      for (let i = 0; i < out.length; i++) out[i]! += c * pow[i]!;
    }
    return out;
  }

  /** log(1 + Y), Y without constant term. */
  log1p(Y: Float64Array): Float64Array {
    return this.powerSeries(Y, (k) => (k % 2 === 1 ? 1 : -1) / k);
  }

  /** exp(X) - 1, X without constant term: computed without the subtraction. */
  expm1(X: Float64Array): Float64Array {
    let f = 1;
    return this.powerSeries(X, (k) => 1 / (f *= k));
  }
}
