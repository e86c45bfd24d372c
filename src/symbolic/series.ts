import { Q } from './rational.js';
import { Poly, type Ring } from './poly.js';

/**
 * Truncated power series sum_{k<=order} a_k x^k in one expansion variable x with polynomial
 * coefficients a_k (exact rationals). Terms beyond `order` are dropped by every operation.
 */
export class Series {
  readonly c: Poly[];
  constructor(
    readonly ring: Ring,
    readonly order: number,
    coeffs: Poly[],
  ) {
    this.c = [];
    for (let k = 0; k <= order; k++) this.c.push(coeffs[k] ?? ring.zero());
  }
  static zero(ring: Ring, order: number): Series {
    return new Series(ring, order, []);
  }
  static constant(p: Poly, order: number): Series {
    return new Series(p.ring, order, [p]);
  }
  /** x itself (as a series). */
  static x(ring: Ring, order: number): Series {
    return new Series(ring, order, [ring.zero(), ring.one()]);
  }

  coeff(k: number): Poly {
    return this.c[k] ?? this.ring.zero();
  }
  add(o: Series): Series {
    return new Series(
      this.ring,
      this.order,
      this.c.map((a, k) => a.add(o.coeff(k))),
    );
  }
  sub(o: Series): Series {
    return new Series(
      this.ring,
      this.order,
      this.c.map((a, k) => a.sub(o.coeff(k))),
    );
  }
  scale(q: Q): Series {
    return new Series(
      this.ring,
      this.order,
      this.c.map((a) => a.scale(q)),
    );
  }
  mulPoly(p: Poly): Series {
    return new Series(
      this.ring,
      this.order,
      this.c.map((a) => a.mul(p)),
    );
  }
  mul(o: Series): Series {
    const out: Poly[] = [];
    for (let k = 0; k <= this.order; k++) {
      const parts: Poly[] = [];
      for (let i = 0; i <= k; i++) {
        const a = this.c[i]!;
        const b = o.coeff(k - i);
        if (a.isZero() || b.isZero()) continue;
        parts.push(a.mul(b));
      }
      out.push(Poly.sum(this.ring, parts));
    }
    return new Series(this.ring, this.order, out);
  }
  pow(n: number): Series {
    let r = Series.constant(this.ring.one(), this.order);
    for (let i = 0; i < n; i++) r = r.mul(this);
    return r;
  }
  /** d/dx (the top coefficient is lost: the result is exact to order - 1). */
  derivative(): Series {
    return new Series(
      this.ring,
      this.order,
      this.c.slice(1).map((a, k) => a.scale(Q.int(k + 1))),
    );
  }
  /** x * this. */
  shift(): Series {
    return new Series(this.ring, this.order, [this.ring.zero(), ...this.c]);
  }
  /** 1/this; needs a nonzero constant a_0. */
  inverse(): Series {
    const a0 = this.c[0]!.asConstant();
    if (!a0 || a0.isZero()) throw new Error('series inverse needs a nonzero constant leading coefficient');
    const inv0 = a0.inv();
    const b: Poly[] = [this.ring.const(inv0)];
    for (let k = 1; k <= this.order; k++) {
      let s = this.ring.zero();
      for (let i = 1; i <= k; i++) s = s.add(this.c[i]!.mul(b[k - i]!));
      b.push(s.scale(inv0.neg()));
    }
    return new Series(this.ring, this.order, b);
  }
  equals(o: Series): boolean {
    return this.c.every((a, k) => a.equals(o.coeff(k)));
  }
}
