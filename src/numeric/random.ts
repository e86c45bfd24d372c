/**
 * nnrg's seeded random numbers in TypeScript: a counter-based 32-bit stream (MurmurHash3's finalizer of a
 * counter), keyed by (seed, index, salt), so that a bag, a data set or a network is the same whatever else
 * is drawn beside it, with ziggurat normals (Doornik's ZIGNOR, 128 strips). The WebAssembly sampler has
 * its own 64-bit stream (src/ensemble/wasm/sampler.ts).
 */
const ZC = 128;
const ZR = 3.442619855899;
const ZV = 9.91256303526217e-3;
const zx = new Float64Array(ZC + 1);
const zr = new Float64Array(ZC);
{
  let f = Math.exp(-0.5 * ZR * ZR);
  zx[0] = ZV / f;
  zx[1] = ZR;
  for (let i = 2; i < ZC; i++) {
    zx[i] = Math.sqrt(-2 * Math.log(ZV / zx[i - 1]! + f));
    f = Math.exp(-0.5 * zx[i]! * zx[i]!);
  }
  for (let i = 0; i < ZC; i++) zr[i] = zx[i + 1]! / zx[i]!;
}

/** fmix32 (MurmurHash3's finalizer) of a counter: a counter-based 32-bit stream keyed by an integer. */
export class Stream {
  private n = 0;
  constructor(private readonly key: number) {}
  /** The stream of (seed, index), with a salt per purpose (0 for the sampler's bags). */
  static of(seed: number, index: number, salt = 0): Stream {
    return new Stream(Math.imul(seed | 0, 0x27d4eb2f) ^ Math.imul(index + 1, 0x165667b1) ^ salt ^ Math.floor(seed / 4294967296));
  }
  next32(): number {
    let h = (this.key + Math.imul(this.n++, 0x9e3779b9)) | 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  }
  /** Uniform in (0, 1) with 53 random bits. */
  uniform(): number {
    return ((this.next32() >>> 5) * 67108864 + (this.next32() >>> 6) + 0.5) / 9007199254740992;
  }
  gauss(): number {
    for (;;) {
      const hi = this.next32();
      const u = (2 * ((hi >>> 11) * 4294967296 + this.next32() + 0.5)) / 9007199254740992 - 1; // 21 + 32 bits
      const i = hi & 0x7f;
      if (Math.abs(u) < zr[i]!) return u * zx[i]!;
      if (i === 0) {
        let x: number, y: number;
        do {
          x = Math.log(this.uniform()) / ZR;
          y = Math.log(this.uniform());
        } while (-2 * y < x * x);
        return u < 0 ? x - ZR : ZR - x;
      }
      const x = u * zx[i]!;
      const f0 = Math.exp(-0.5 * (zx[i]! * zx[i]! - x * x));
      const f1 = Math.exp(-0.5 * (zx[i + 1]! * zx[i + 1]! - x * x));
      if (f1 + this.uniform() * (f0 - f1) < 1) return x;
    }
  }
}
