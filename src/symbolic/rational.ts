/** Exact rationals n/d with BigInt parts, d > 0, gcd(n, d) = 1. Immutable. */
export class Q {
  private constructor(
    readonly n: bigint,
    readonly d: bigint,
  ) {}

  static readonly ZERO = new Q(0n, 1n);
  static readonly ONE = new Q(1n, 1n);

  /** n/d reduced; throws on d = 0. */
  static of(n: bigint | number, d: bigint | number = 1n): Q {
    let nn = BigInt(n);
    let dd = BigInt(d);
    if (dd === 0n) throw new RangeError('rational with zero denominator');
    if (dd < 0n) {
      nn = -nn;
      dd = -dd;
    }
    const g = gcd(nn < 0n ? -nn : nn, dd);
    return g === 1n ? new Q(nn, dd) : new Q(nn / g, dd / g);
  }

  static int(n: number | bigint): Q {
    return new Q(BigInt(n), 1n);
  }

  isZero(): boolean {
    return this.n === 0n;
  }
  isOne(): boolean {
    return this.n === 1n && this.d === 1n;
  }
  isInteger(): boolean {
    return this.d === 1n;
  }
  sign(): number {
    return this.n > 0n ? 1 : this.n < 0n ? -1 : 0;
  }

  add(o: Q): Q {
    if (this.d === 1n && o.d === 1n) return new Q(this.n + o.n, 1n);
    return Q.of(this.n * o.d + o.n * this.d, this.d * o.d);
  }
  sub(o: Q): Q {
    return this.add(o.neg());
  }
  neg(): Q {
    return new Q(-this.n, this.d);
  }
  abs(): Q {
    return this.n < 0n ? this.neg() : this;
  }
  mul(o: Q): Q {
    if (this.d === 1n && o.d === 1n) return new Q(this.n * o.n, 1n);
    return Q.of(this.n * o.n, this.d * o.d);
  }
  inv(): Q {
    return Q.of(this.d, this.n);
  }
  div(o: Q): Q {
    return this.mul(o.inv());
  }
  pow(e: number): Q {
    if (e < 0) return this.inv().pow(-e);
    return new Q(this.n ** BigInt(e), this.d ** BigInt(e));
  }
  eq(o: Q): boolean {
    return this.n === o.n && this.d === o.d;
  }
  cmp(o: Q): number {
    const x = this.n * o.d - o.n * this.d;
    return x > 0n ? 1 : x < 0n ? -1 : 0;
  }
  toNumber(): number {
    const v = Number(this.n) / Number(this.d);
    if (Number.isFinite(v)) return v;
    // Huge parts: scale down by a common power of two before converting.
    const shift = BigInt(Math.max(this.n.toString(2).length, this.d.toString(2).length) - 1000);
    return Number(this.n >> shift) / Number(this.d >> shift);
  }
  toString(): string {
    return this.d === 1n ? this.n.toString() : `${this.n}/${this.d}`;
  }
}

/** 1, 1, 2, 6, ... as exact integers. */
export function factorial(n: number): bigint {
  let r = 1n;
  for (let i = 2n; i <= BigInt(n); i++) r *= i;
  return r;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
