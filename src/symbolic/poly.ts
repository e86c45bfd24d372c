import { Q } from './rational.js';

/**
 * Sparse multivariate polynomial with exact rational coefficients over the named variables of a
 * `Ring`. Monomials are exponent vectors (length = number of variables) keyed by their joined string.
 * Immutable: every operation returns a new polynomial.
 */
export interface Term {
  e: number[];
  c: Q;
}

export class Ring {
  private readonly index = new Map<string, number>();
  constructor(readonly vars: readonly string[]) {
    vars.forEach((v, i) => {
      if (this.index.has(v)) throw new Error(`duplicate variable ${v}`);
      this.index.set(v, i);
    });
  }
  get n(): number {
    return this.vars.length;
  }
  indexOf(name: string): number {
    const i = this.index.get(name);
    if (i === undefined) throw new Error(`unknown variable ${name}`);
    return i;
  }
  has(name: string): boolean {
    return this.index.has(name);
  }
  zero(): Poly {
    return new Poly(this, new Map());
  }
  const(c: Q | number): Poly {
    const q = typeof c === 'number' ? Q.int(c) : c;
    return Poly.fromTerms(this, q.isZero() ? [] : [{ e: new Array(this.n).fill(0), c: q }]);
  }
  one(): Poly {
    return this.const(Q.ONE);
  }
  /** The variable `name` (optionally to a power, times a coefficient). */
  v(name: string, power = 1, c: Q = Q.ONE): Poly {
    const e = new Array(this.n).fill(0);
    e[this.indexOf(name)] = power;
    return Poly.fromTerms(this, [{ e, c }]);
  }
}

const key = (e: number[]): string => e.join(',');

export class Poly {
  constructor(
    readonly ring: Ring,
    readonly terms: ReadonlyMap<string, Term>,
  ) {}

  static fromTerms(ring: Ring, terms: Term[]): Poly {
    const m = new Map<string, Term>();
    for (const t of terms) addInto(m, t.e, t.c);
    return new Poly(ring, m);
  }

  isZero(): boolean {
    return this.terms.size === 0;
  }
  get size(): number {
    return this.terms.size;
  }
  /** The constant term's coefficient if the polynomial is a constant, else undefined. */
  asConstant(): Q | undefined {
    if (this.terms.size === 0) return Q.ZERO;
    if (this.terms.size > 1) return undefined;
    const t = [...this.terms.values()][0]!;
    return t.e.every((x) => x === 0) ? t.c : undefined;
  }

  add(o: Poly): Poly {
    const m = new Map(this.terms);
    for (const t of o.terms.values()) addInto(m, t.e, t.c);
    return new Poly(this.ring, m);
  }
  sub(o: Poly): Poly {
    return this.add(o.neg());
  }
  neg(): Poly {
    return this.scale(Q.int(-1));
  }
  scale(c: Q): Poly {
    if (c.isZero()) return this.ring.zero();
    const m = new Map<string, Term>();
    for (const [k, t] of this.terms) m.set(k, { e: t.e, c: t.c.mul(c) });
    return new Poly(this.ring, m);
  }
  mul(o: Poly): Poly {
    const m = new Map<string, Term>();
    const n = this.ring.n;
    for (const a of this.terms.values()) {
      for (const b of o.terms.values()) {
        const e = new Array<number>(n);
        for (let i = 0; i < n; i++) e[i] = a.e[i]! + b.e[i]!;
        addInto(m, e, a.c.mul(b.c));
      }
    }
    return new Poly(this.ring, m);
  }
  pow(k: number): Poly {
    let r = this.ring.one();
    let b: Poly = this;
    while (k > 0) {
      if (k & 1) r = r.mul(b);
      b = b.mul(b);
      k >>= 1;
    }
    return r;
  }
  /** Partial derivative with respect to variable `name`. */
  diff(name: string): Poly {
    const i = this.ring.indexOf(name);
    const m = new Map<string, Term>();
    for (const t of this.terms.values()) {
      const p = t.e[i]!;
      if (p === 0) continue;
      const e = t.e.slice();
      e[i] = p - 1;
      addInto(m, e, t.c.mul(Q.int(p)));
    }
    return new Poly(this.ring, m);
  }
  /** Sum of many polynomials, accumulated in one map (repeated `add` would copy it every time). */
  static sum(ring: Ring, polys: Poly[]): Poly {
    const m = new Map<string, Term>();
    for (const p of polys) for (const t of p.terms.values()) addInto(m, t.e, t.c);
    return new Poly(ring, m);
  }
  /** Replace variable `name` by the polynomial `value`. */
  subst(name: string, value: Poly): Poly {
    const i = this.ring.indexOf(name);
    const n = this.ring.n;
    const m = new Map<string, Term>();
    const powers: Poly[] = [this.ring.one()];
    for (const t of this.terms.values()) {
      const p = t.e[i]!;
      if (p === 0) {
        addInto(m, t.e, t.c);
        continue;
      }
      while (powers.length <= p) powers.push(powers[powers.length - 1]!.mul(value));
      for (const b of powers[p]!.terms.values()) {
        const e = new Array<number>(n);
        for (let j = 0; j < n; j++) e[j] = (j === i ? 0 : t.e[j]!) + b.e[j]!;
        addInto(m, e, t.c.mul(b.c));
      }
    }
    return new Poly(this.ring, m);
  }
  /** Uses x * xInv = 1: every monomial x^a xInv^b becomes x^(a-k) xInv^(b-k), k = min(a, b). */
  cancelInverse(x: string, xInv: string): Poly {
    const i = this.ring.indexOf(x);
    const j = this.ring.indexOf(xInv);
    const terms: Term[] = [];
    for (const t of this.terms.values()) {
      const k = Math.min(t.e[i]!, t.e[j]!);
      if (k === 0) {
        terms.push(t);
        continue;
      }
      const e = t.e.slice();
      e[i] = e[i]! - k;
      e[j] = e[j]! - k;
      terms.push({ e, c: t.c });
    }
    return Poly.fromTerms(this.ring, terms);
  }
  /** Highest power of variable `name`. */
  degreeIn(name: string): number {
    const i = this.ring.indexOf(name);
    let d = 0;
    for (const t of this.terms.values()) d = Math.max(d, t.e[i]!);
    return d;
  }
  /** Numeric value at `values` (variable name -> number). */
  evaluate(values: Record<string, number>): number {
    const xs = this.ring.vars.map((v) => values[v]);
    let s = 0;
    for (const t of this.terms.values()) {
      let p = t.c.toNumber();
      t.e.forEach((k, i) => {
        if (k === 0) return;
        const x = xs[i];
        if (x === undefined) throw new Error(`no value for ${this.ring.vars[i]}`);
        p *= x ** k;
      });
      s += p;
    }
    return s;
  }
  /** Exact value at rational `values` (every variable that occurs needs one). */
  evaluateExact(values: Record<string, Q>): Q {
    const xs = this.ring.vars.map((v) => values[v]);
    let s = Q.ZERO;
    for (const t of this.terms.values()) {
      let p = t.c;
      t.e.forEach((k, i) => {
        if (k === 0) return;
        const x = xs[i];
        if (x === undefined) throw new Error(`no value for ${this.ring.vars[i]}`);
        p = p.mul(x.pow(k));
      });
      s = s.add(p);
    }
    return s;
  }
  equals(o: Poly): boolean {
    return this.sub(o).isZero();
  }
  /** The coefficient of variable `name`^k, as a polynomial in the others. */
  coeffOf(name: string, k: number): Poly {
    const i = this.ring.indexOf(name);
    const terms: Term[] = [];
    for (const t of this.terms.values()) {
      if (t.e[i] !== k) continue;
      const e = t.e.slice();
      e[i] = 0;
      terms.push({ e, c: t.c });
    }
    return Poly.fromTerms(this.ring, terms);
  }
}

function addInto(m: Map<string, Term>, e: number[], c: Q): void {
  if (c.isZero()) return;
  const k = key(e);
  const old = m.get(k);
  if (!old) {
    m.set(k, { e, c });
    return;
  }
  const s = old.c.add(c);
  if (s.isZero()) m.delete(k);
  else m.set(k, { e: old.e, c: s });
}
