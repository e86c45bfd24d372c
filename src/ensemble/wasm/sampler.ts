// nnrg ensemble sampler kernel (AssemblyScript, compiled with `--enable simd -O3 --runtime stub`).
//
// One instance samples whole bags of one-hidden-layer networks
//   f(x) = b1 + sigma_w/sqrt(N) sum_j xi_j g(W0_j . x + b0_j),   xi, W0, b0, b1 Gaussian,
// at P input points, and accumulates the products f(x_i1)...f(x_ik) over every multiset of point
// indices of order 1..maxOrder. Eight networks are evaluated per step and go through the product tree
// together, four f64x2 per node; the hidden layer runs over neurons in f64x2.
// Memory is O(width + multisets): nothing is kept per network.
//
// Random numbers: counter-based. Value n of bag b is mix64(key(seed, b) + n * GAMMA) (the SplitMix64
// output function on a Weyl counter), so a bag's stream depends only on (seed, bag).
// Gaussians: Doornik's ZIGNOR ziggurat (256 strips), one 64-bit word per variate in ~98.5% of draws.

// ---------------------------------------------------------------- layout (set by configure)
let P: i32 = 0; // points
let D: i32 = 0; // d_in
let N: i32 = 0; // width
let NP: i32 = 0; // width padded to even
let ACT: i32 = 0; // which case of `activate` (EXP, ...)
let UNIFORM: bool = false; // hidden bias b0 ~ U[-pi, pi] instead of N(0, SB^2)
let SUBV: bool = false; // subtract Var z from the pre-activation (GaussNet's normalization)
let SW: f64 = 1; // sigma_w
let SB: f64 = 1; // sigma_b
let NODES: i32 = 0; // multiset nodes of orders 1..maxOrder
let TOPK: i32 = 0;
let STEP: f64 = 0; // GaussNet, d_in = 1, equally spaced points x_p = x_0 + p STEP: exp by recurrence; 0 = off

let pPoints: usize = 0; // f64[P*D], point p at p*D
let pV: usize = 0; // f64[P]: subtracted from the pre-activation (GaussNet: Var z(x_p)); else 0
let pW0: usize = 0; // f64[D*NP], component k of neuron j at (k*NP + j)
let pB0: usize = 0; // f64[NP]
let pXi: usize = 0; // f64[NP] (padding lanes stay 0, so they add nothing)
let pF: usize = 0; // f64[P*B]: f at point p for the B networks of a step
let pAcc: usize = 0; // v128[P]: hidden-layer sums (recurrence path)
let pEV: usize = 0; // f64[P]: exp(-Var z(x_p)) (recurrence path)
let pPt: usize = 0; // i32[NODES]: the last point index of each node's multiset
let pProd: usize = 0; // plain: f64[B] per slot of orders 0..5; marginalized: v128 per slot
let pParent: usize = 0; // i32[NODES]: parent slot in pProd of each node
let pSum: usize = 0; // v128[NODES]
let pOut: usize = 0; // f64[NODES]: lane sums after a bag
let pTop: usize = 0; // f64[TOPK]: min-heap of the largest max_p |f(x_p)| of the bag
let topCount: i32 = 0;
let key: u64 = 0;
let pos: u64 = 0;

const GAMMA: u64 = 0x9e3779b97f4a7c15;

function alloc(bytes: i32): usize {
  const p = heap.alloc(<usize>(bytes + 16));
  const aligned = (p + 15) & ~(<usize>15);
  memory.fill(aligned, 0, <usize>bytes);
  return aligned;
}

// ---------------------------------------------------------------- random numbers
// Word n of a bag's stream is mix64(key + n GAMMA): computed where it is used, two words at a time in
// fillGauss, so there is no buffer to refill. `pos` is the index of the next word.
const M1: u64 = 0xbf58476d1ce4e5b9;
const M2: u64 = 0x94d049bb133111eb;

@inline function mix64(z0: u64): u64 {
  let z = z0;
  z = (z ^ (z >> 30)) * M1;
  z = (z ^ (z >> 27)) * M2;
  return z ^ (z >> 31);
}

export function bagKey(seed: f64, bag: i32): u64 {
  return mix64(mix64(<u64>seed ^ 0x6a09e667f3bcc909) + (<u64>bag + 1) * 0xd1b54a32d192ed03);
}

@inline function next64(): u64 {
  return mix64(key + (pos++) * GAMMA);
}

/** Uniform in (0, 1), never 0 or 1. */
@inline function uniform01(): f64 {
  return (<f64>(next64() >> 11) + 0.5) * 1.1102230246251565e-16; // 2^-53
}

// Ziggurat tables (Doornik 2005, ZIGNOR): 256 strips (Marsaglia and Tsang's R and V): ~1.5% of draws
// miss their rectangle, against ~2.8% with 128 strips.
const ZC: i32 = 256;
const ZR: f64 = 3.6541528853610088;
const ZV: f64 = 4.92867323399e-3;
let pZX: usize = 0; // f64[ZC+1]: the strips' edges x_i
let pZT: usize = 0; // per strip (x_{i+1}/x_i, x_i): the rectangle test's pair, one 16-byte load
let pZF: usize = 0; // f64[ZC+1]: exp(-x_i^2/2), the density at the strips' edges (the wedge test)

function zigInit(): void {
  pZX = alloc((ZC + 1) << 3);
  let f = Math.exp(-0.5 * ZR * ZR);
  store<f64>(pZX, ZV / f);
  store<f64>(pZX + 8, ZR);
  store<f64>(pZX + (<usize>ZC << 3), 0);
  for (let i = 2; i < ZC; i++) {
    const x = Math.sqrt(-2 * Math.log(ZV / load<f64>(pZX + (<usize>(i - 1) << 3)) + f));
    store<f64>(pZX + (<usize>i << 3), x);
    f = Math.exp(-0.5 * x * x);
  }
  pZF = alloc((ZC + 1) << 3);
  for (let i = 1; i <= ZC; i++) {
    const x = load<f64>(pZX + (<usize>i << 3));
    store<f64>(pZF + (<usize>i << 3), Math.exp(-0.5 * x * x));
  }
  pZT = alloc(ZC << 4);
  for (let i = 0; i < ZC; i++) {
    const xi = load<f64>(pZX + (<usize>i << 3));
    store<f64>(pZT + (<usize>i << 4), load<f64>(pZX + (<usize>(i + 1) << 3)) / xi);
    store<f64>(pZT + (<usize>i << 4) + 8, xi);
  }
}

function gaussTail(negative: bool): f64 {
  let x: f64, y: f64;
  do {
    x = Math.log(uniform01()) / ZR;
    y = Math.log(uniform01());
  } while (-2 * y < x * x);
  return negative ? x - ZR : ZR - x;
}

/** A standard normal variate. */
@inline function gauss(): f64 {
  while (true) {
    const r = next64();
    // top 53 bits -> u in (-1, 1); low 8 bits -> strip (disjoint bits of the same word)
    const u = (<f64>(r >> 11) + 0.5) * 2.220446049250313e-16 - 1.0;
    const i = <i32>(r & 0xff);
    const t = pZT + (<usize>i << 4);
    if (Math.abs(u) < load<f64>(t)) return u * load<f64>(t + 8);
    const z = gaussSlow(u, i);
    if (!isNaN(z)) return z;
  }
}

/** The ~1% of ziggurat draws outside the rectangles: the base strip's tail, or a wedge test. NaN = reject. */
function gaussSlow(u: f64, i: i32): f64 {
  if (i == 0) return gaussTail(u < 0);
  const x = u * load<f64>(pZX + (<usize>i << 3));
  const f0 = load<f64>(pZF + (<usize>i << 3));
  const f1 = load<f64>(pZF + (<usize>(i + 1) << 3));
  // under the density: a point uniform in the wedge between the strip's edges (one exp, edges tabulated)
  if (f1 + uniform01() * (f0 - f1) < Math.exp(-0.5 * x * x)) return x;
  return NaN;
}

/**
 * Words n and n + 1 of the bag's stream. Mixed in scalar code: a 64-bit multiply is one instruction there,
 * while i64x2.mul has none on x64 before AVX-512 (V8 emulates it with ~9), so this is ~2x faster.
 */
@inline function words2(n: u64): v128 {
  const base = key + n * GAMMA;
  return i64x2.replace_lane(i64x2.splat(<i64>mix64(base)), 1, <i64>mix64(base + GAMMA));
}

/** u in [-1, 1) from the top 52 bits of each word: exponent bits set -> [1, 2), then 2d - 3. */
@inline function signedUniform(r: v128): v128 {
  return f64x2.sub(f64x2.mul(v128.or(i64x2.shr_u(r, 12), i64x2.splat(0x3ff0000000000000)), f64x2.splat(2.0)), f64x2.splat(3.0));
}

/**
 * dst[0..n) = scale * standard normals. The ziggurat's fast path runs on four words at a time (a quad with
 * a miss is redone pairwise): the top 52 bits of each make u, the low 8 bits its strip, whose (ratio, x) entry is one
 * 16-byte load; a lane that misses its rectangle (~1.5%) finishes in scalar code (gaussSlow, then gauss()).
 * Either path reads the words in order, so the values do not depend on which path ran.
 */
function fillGauss(dst: usize, n: i32, scale: f64): void {
  const sc = f64x2.splat(scale);
  let i = 0;
  while (i + 4 <= n) {
    const ra = words2(pos);
    const rb = words2(pos + 2);
    const ua = signedUniform(ra);
    const ub = signedUniform(rb);
    const ta0 = v128.load(pZT + (<usize>(i64x2.extract_lane(ra, 0) & 0xff) << 4));
    const ta1 = v128.load(pZT + (<usize>(i64x2.extract_lane(ra, 1) & 0xff) << 4));
    const tb0 = v128.load(pZT + (<usize>(i64x2.extract_lane(rb, 0) & 0xff) << 4));
    const tb1 = v128.load(pZT + (<usize>(i64x2.extract_lane(rb, 1) & 0xff) << 4));
    const oka = f64x2.lt(f64x2.abs(ua), v128.shuffle<f64>(ta0, ta1, 0, 2));
    const okb = f64x2.lt(f64x2.abs(ub), v128.shuffle<f64>(tb0, tb1, 0, 2));
    if ((i64x2.bitmask(oka) & i64x2.bitmask(okb)) == 3) {
      v128.store(dst + (<usize>i << 3), f64x2.mul(f64x2.mul(ua, v128.shuffle<f64>(ta0, ta1, 1, 3)), sc));
      v128.store(dst + (<usize>(i + 2) << 3), f64x2.mul(f64x2.mul(ub, v128.shuffle<f64>(tb0, tb1, 1, 3)), sc));
      pos += 4;
      i += 4;
    } else {
      // a miss among these four words (~5% of quads): the pairwise step redoes them in order, then back here
      i = gaussPair(dst, i, n, scale);
      if (i < n) i = gaussPair(dst, i, n, scale);
    }
  }
  while (i < n) i = gaussPair(dst, i, n, scale);
}

/** One step of the pairwise ziggurat: fills dst[i] and dst[i+1] (dst[i] only at the end); returns the next i. */
@inline function gaussPair(dst: usize, i0: i32, n: i32, scale: f64): i32 {
  let i = i0;
  const r = words2(pos);
  pos += 2;
  const u = signedUniform(r);
  const i0x = <usize>(i64x2.extract_lane(r, 0) & 0xff) << 4;
  const i1x = <usize>(i64x2.extract_lane(r, 1) & 0xff) << 4;
  const t0 = v128.load(pZT + i0x);
  const t1 = v128.load(pZT + i1x);
  const ok = f64x2.lt(f64x2.abs(u), v128.shuffle<f64>(t0, t1, 0, 2));
  const z = f64x2.mul(f64x2.mul(u, v128.shuffle<f64>(t0, t1, 1, 3)), f64x2.splat(scale));
  if (i64x2.bitmask(ok) == 3) {
    if (i + 1 < n) v128.store(dst + (<usize>i << 3), z);
    else store<f64>(dst + (<usize>i << 3), f64x2.extract_lane(z, 0));
    return i + 2;
  }
  // lane by lane, in order
  const u0 = f64x2.extract_lane(u, 0);
  store<f64>(dst + (<usize>i << 3), i64x2.extract_lane(ok, 0) != 0 ? f64x2.extract_lane(z, 0) : scale * slowLane(u0, <i32>(i0x >> 4)));
  i++;
  if (i < n) {
    const u1 = f64x2.extract_lane(u, 1);
    store<f64>(dst + (<usize>i << 3), i64x2.extract_lane(ok, 1) != 0 ? f64x2.extract_lane(z, 1) : scale * slowLane(u1, <i32>(i1x >> 4)));
    i++;
  }
  return i;
}

function slowLane(u: f64, i: i32): f64 {
  const z = gaussSlow(u, i);
  return isNaN(z) ? gauss() : z;
}

// ---------------------------------------------------------------- f64x2 elementary functions
// exp: x = k ln2 + r, |r| <= ln2/2, Taylor to r^12 (error < 2e-16 relative before rounding), 2^k by
// adding k to the exponent bits. Input clamped to [-708, 709].
@inline function vexp(x0: v128): v128 {
  // pmin/pmax are single instructions (min/max must order NaN and -0, which costs V8 ~8 each)
  const x = f64x2.pmin(f64x2.pmax(x0, f64x2.splat(-708.0)), f64x2.splat(709.0));
  // t = x/ln2 + 1.5 * 2^52 rounds x/ln2 to the integer k (ties to even) and holds k in its low bits
  const magic = f64x2.splat(6755399441055744.0);
  const t = f64x2.add(f64x2.mul(x, f64x2.splat(1.4426950408889634)), magic);
  const k = f64x2.sub(t, magic);
  let r = f64x2.sub(x, f64x2.mul(k, f64x2.splat(6.93147180369123816490e-01)));
  r = f64x2.sub(r, f64x2.mul(k, f64x2.splat(1.90821492927058770002e-10)));
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const r8 = f64x2.mul(r4, r4);
  // Estrin: pairs c_i + c_{i+1} r
  const a0 = f64x2.add(f64x2.splat(1.0), r);
  const a1 = f64x2.add(f64x2.splat(0.5), f64x2.mul(r, f64x2.splat(1.0 / 6.0)));
  const a2 = f64x2.add(f64x2.splat(1.0 / 24.0), f64x2.mul(r, f64x2.splat(1.0 / 120.0)));
  const a3 = f64x2.add(f64x2.splat(1.0 / 720.0), f64x2.mul(r, f64x2.splat(1.0 / 5040.0)));
  const a4 = f64x2.add(f64x2.splat(1.0 / 40320.0), f64x2.mul(r, f64x2.splat(1.0 / 362880.0)));
  const a5 = f64x2.add(f64x2.splat(1.0 / 3628800.0), f64x2.mul(r, f64x2.splat(1.0 / 39916800.0)));
  const a6 = f64x2.splat(1.0 / 479001600.0);
  const b0 = f64x2.add(a0, f64x2.mul(r2, a1));
  const b1 = f64x2.add(a2, f64x2.mul(r2, a3));
  const b2 = f64x2.add(a4, f64x2.mul(r2, a5));
  const c0 = f64x2.add(b0, f64x2.mul(r4, b1));
  const c1 = f64x2.add(b2, f64x2.mul(r4, a6));
  const p = f64x2.add(c0, f64x2.mul(r8, c1));
  // 2^k: k sits in the low bits of t, so t << 52 is k << 52 (two's complement for k < 0)
  return i64x2.add(p, i64x2.shl(t, 52));
}

// erfc(a) = t exp(-a^2 + h(y)), t = 2/(2+a), y = 2t-1, h a Chebyshev series (30 terms, coefficients
// computed with mpmath at 50 digits; truncation error < 1e-17), for a >= 0.
@inline function erfT(x: v128): v128 {
  return f64x2.div(f64x2.splat(2.0), f64x2.add(f64x2.splat(2.0), f64x2.abs(x)));
}
@inline function erfY(t: v128): v128 {
  return f64x2.sub(f64x2.mul(f64x2.splat(4.0), t), f64x2.splat(2.0));
}
/** One Clenshaw step: c_j - dd does not wait for d, so one multiply and one add per step are on the dependency chain. */
@inline function clenshaw(ty: v128, d: v128, dd: v128, c: v128): v128 {
  return f64x2.add(f64x2.mul(ty, d), f64x2.sub(c, dd));
}
/** erf(x) from t, the Clenshaw sums (d, dd) at j = 1: h, erfc, then the sign of x. */
@inline function erfFinish(x: v128, t: v128, d: v128, dd: v128): v128 {
  const a = f64x2.abs(x);
  const h = f64x2.sub(f64x2.mul(f64x2.splat(0.5), f64x2.add(f64x2.splat(load<f64>(pErf)), f64x2.mul(erfY(t), d))), dd);
  const erfc = f64x2.mul(t, vexp(f64x2.add(f64x2.neg(f64x2.mul(a, a)), h)));
  const e = f64x2.sub(f64x2.splat(1.0), erfc);
  return v128.or(e, v128.and(x, i64x2.splat(0x8000000000000000)));
}
@inline function verf(x: v128): v128 {
  const t = erfT(x);
  const ty = erfY(t);
  let d = f64x2.splat(0.0);
  let dd = d;
  for (let j = ERF_N - 1; j > 0; j--) {
    const tmp = d;
    d = clenshaw(ty, d, dd, f64x2.splat(load<f64>(pErf + (<usize>j << 3))));
    dd = tmp;
  }
  return erfFinish(x, t, d, dd);
}
/** verf of the four f64x2 at ptr, in place: four Clenshaw chains side by side (one alone waits on its latency). */
function verf4(ptr: usize): void {
  const x0 = v128.load(ptr), x1 = v128.load(ptr, 16), x2 = v128.load(ptr, 32), x3 = v128.load(ptr, 48);
  const t0 = erfT(x0), t1 = erfT(x1), t2 = erfT(x2), t3 = erfT(x3);
  const y0 = erfY(t0), y1 = erfY(t1), y2 = erfY(t2), y3 = erfY(t3);
  let d0 = f64x2.splat(0.0), d1 = d0, d2 = d0, d3 = d0;
  let e0 = d0, e1 = d0, e2 = d0, e3 = d0;
  for (let j = ERF_N - 1; j > 0; j--) {
    const c = f64x2.splat(load<f64>(pErf + (<usize>j << 3)));
    const n0 = clenshaw(y0, d0, e0, c), n1 = clenshaw(y1, d1, e1, c), n2 = clenshaw(y2, d2, e2, c), n3 = clenshaw(y3, d3, e3, c);
    e0 = d0; e1 = d1; e2 = d2; e3 = d3;
    d0 = n0; d1 = n1; d2 = n2; d3 = n3;
  }
  v128.store(ptr, erfFinish(x0, t0, d0, e0)); v128.store(ptr, erfFinish(x1, t1, d1, e1), 16);
  v128.store(ptr, erfFinish(x2, t2, d2, e2), 32); v128.store(ptr, erfFinish(x3, t3, d3, e3), 48);
}

const ERF_N: i32 = 30;
let pErf: usize = 0;
function erfInit(): void {
  pErf = alloc(ERF_N << 3);
  const c: f64[] = [
    -1.3026537197817094, 0.6419697923564902, 0.019476473204185836, -0.009561514786808632,
    -0.0009465953444820369, 0.00036683949785276145, 4.252332480690777e-5, -2.0278578112534242e-5,
    -1.6242900046470256e-6, 1.3036558355805232e-6, 1.5626441722066142e-8, -8.523809591492654e-8,
    6.5290544390988515e-9, 5.059343495551469e-9, -9.91364156493033e-10, -2.273651222931836e-10,
    9.646791102015527e-11, 2.3940380830391146e-12, -6.886027526497553e-12, 8.944879273090725e-13,
    3.130921399342958e-13, -1.1270822361367252e-13, 3.810905255189232e-16, 7.106097613609237e-15,
    -1.5230282014571043e-15, -9.457494571291233e-17, 1.210237189224279e-16, -2.816663087747177e-17,
    5.003005559445902e-20, 2.3281042579529253e-18,
  ];
  for (let j = 0; j < ERF_N; j++) store<f64>(pErf + (<usize>j << 3), c[j]);
}

// tanh z = sign(z) (1 - 2 / (exp(2|z|) + 1)): absolute error ~1e-16.
@inline function vtanh(x: v128): v128 {
  const e = vexp(f64x2.mul(f64x2.splat(2.0), f64x2.abs(x)));
  const t = f64x2.sub(f64x2.splat(1.0), f64x2.div(f64x2.splat(2.0), f64x2.add(e, f64x2.splat(1.0))));
  return v128.or(t, v128.and(x, i64x2.splat(0x8000000000000000)));
}

// sin(x + shift pi/2) (shift 0: sin, 1: cos): x = k pi/2 + r (three-part Cody-Waite), |r| <= pi/4; Taylor sin to
// r^17, cos to r^16; q = k + shift: sin(r + q pi/2) is sin r, cos r, -sin r, -cos r for q mod 4 = 0..3.
@inline function vsinQuadrant(x: v128, shift: i64): v128 {
  const k = f64x2.nearest(f64x2.mul(x, f64x2.splat(0.63661977236758134308)));
  let r = f64x2.sub(x, f64x2.mul(k, f64x2.splat(1.57079632673412561417e+00)));
  r = f64x2.sub(r, f64x2.mul(k, f64x2.splat(6.07710050630396597660e-11)));
  r = f64x2.sub(r, f64x2.mul(k, f64x2.splat(2.02226624879595063154e-21)));
  const z = f64x2.mul(r, r);
  // sin r = r (1 - z/3! + z^2/5! - ... ) up to r^17
  let s = f64x2.splat(1.0 / 355687428096000.0); // 1/17!
  s = f64x2.add(f64x2.mul(s, z), f64x2.splat(-1.0 / 1307674368000.0));
  s = f64x2.add(f64x2.mul(s, z), f64x2.splat(1.0 / 6227020800.0));
  s = f64x2.add(f64x2.mul(s, z), f64x2.splat(-1.0 / 39916800.0));
  s = f64x2.add(f64x2.mul(s, z), f64x2.splat(1.0 / 362880.0));
  s = f64x2.add(f64x2.mul(s, z), f64x2.splat(-1.0 / 5040.0));
  s = f64x2.add(f64x2.mul(s, z), f64x2.splat(1.0 / 120.0));
  s = f64x2.add(f64x2.mul(s, z), f64x2.splat(-1.0 / 6.0));
  s = f64x2.add(f64x2.mul(f64x2.mul(s, z), r), r);
  let c = f64x2.splat(1.0 / 20922789888000.0); // 1/16!
  c = f64x2.add(f64x2.mul(c, z), f64x2.splat(-1.0 / 87178291200.0));
  c = f64x2.add(f64x2.mul(c, z), f64x2.splat(1.0 / 479001600.0));
  c = f64x2.add(f64x2.mul(c, z), f64x2.splat(-1.0 / 3628800.0));
  c = f64x2.add(f64x2.mul(c, z), f64x2.splat(1.0 / 40320.0));
  c = f64x2.add(f64x2.mul(c, z), f64x2.splat(-1.0 / 720.0));
  c = f64x2.add(f64x2.mul(c, z), f64x2.splat(1.0 / 24.0));
  c = f64x2.add(f64x2.mul(c, z), f64x2.splat(-0.5));
  c = f64x2.add(f64x2.mul(c, z), f64x2.splat(1.0));
  const q = i64x2.add(i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(k)), i64x2.splat(shift));
  const odd = i64x2.eq(v128.and(q, i64x2.splat(1)), i64x2.splat(1));
  const neg = i64x2.eq(v128.and(q, i64x2.splat(2)), i64x2.splat(2));
  const v = v128.bitselect(c, s, odd);
  return v128.xor(v, v128.and(neg, i64x2.splat(0x8000000000000000)));
}
@inline function vcos(x: v128): v128 {
  return vsinQuadrant(x, 1);
}

/**
 * exp of the recurrence's ratio w STEP: for closely spaced points |w STEP| is small, and then Taylor to
 * a^9 (Estrin; error < (1/16)^10/10! = 2.5e-19 relative) needs no range reduction; else vexp.
 */
@inline function vexpStep(a: v128): v128 {
  if (i64x2.bitmask(f64x2.lt(f64x2.abs(a), f64x2.splat(0.0625))) != 3) return vexp(a);
  const a2 = f64x2.mul(a, a);
  const a4 = f64x2.mul(a2, a2);
  const p0 = f64x2.add(f64x2.splat(1.0), a);
  const p1 = f64x2.add(f64x2.splat(0.5), f64x2.mul(a, f64x2.splat(1.0 / 6.0)));
  const p2 = f64x2.add(f64x2.splat(1.0 / 24.0), f64x2.mul(a, f64x2.splat(1.0 / 120.0)));
  const p3 = f64x2.add(f64x2.splat(1.0 / 720.0), f64x2.mul(a, f64x2.splat(1.0 / 5040.0)));
  const p4 = f64x2.add(f64x2.splat(1.0 / 40320.0), f64x2.mul(a, f64x2.splat(1.0 / 362880.0)));
  const b0 = f64x2.add(p0, f64x2.mul(a2, p1));
  const b1 = f64x2.add(p2, f64x2.mul(a2, p3));
  return f64x2.add(b0, f64x2.mul(a4, f64x2.add(b1, f64x2.mul(a4, p4))));
}

// The ids of `activate`'s cases: each sampled record in src/activations/ names its id (sampler.id), and
// test/ensemble/kernel.test.ts checks every record's id against the record's g. An unknown id traps.
const EXP: i32 = 0;
const RELU: i32 = 1;
const ERF: i32 = 2;
const COS: i32 = 3;
const TANH: i32 = 4;
const SIGMOID: i32 = 5;
const GELU: i32 = 6;
const SOFTPLUS: i32 = 7;
const SIN: i32 = 8;
const LINEAR: i32 = 9;

@inline function activate(z: v128): v128 {
  switch (ACT) {
    case EXP: return vexp(z);
    case RELU: return f64x2.max(z, f64x2.splat(0.0));
    case ERF: return verf(z);
    case COS: return vcos(z);
    case TANH: return vtanh(z);
    case SIGMOID: return vsigmoid(z);
    case GELU: return vgelu(z);
    case SOFTPLUS: return vsoftplus(z);
    case SIN: return vsin(z);
    case LINEAR: return z;
    default: return unreachable(); // an id without a case: trap rather than guess
  }
}

/** The activation of the n f64x2 at buf, in place (erf four at a time: verf4). */
function activateRun(buf: usize, n: i32): void {
  let i = 0;
  if (ACT == ERF) for (; i + 4 <= n; i += 4) verf4(buf + (<usize>i << 4));
  for (; i < n; i++) {
    const a = buf + (<usize>i << 4);
    v128.store(a, activate(v128.load(a)));
  }
}

// ---------------------------------------------------------------- setup
export function configure(
  act: i32, uniformBias: i32, subtractVariance: i32, dIn: i32, points: i32, width: i32, sigmaW: f64, sigmaB: f64,
  nodes: i32, topK: i32, step: f64,
): void {
  ACT = act; UNIFORM = uniformBias != 0; SUBV = subtractVariance != 0;
  D = dIn; P = points; N = width; NP = (width + 1) & ~1; SW = sigmaW; SB = sigmaB;
  NODES = nodes; TOPK = topK; STEP = act == EXP && dIn == 1 ? step : 0; // the recurrence multiplies exps
  pAcc = alloc(points << 4);
  pEV = alloc(points << 3);
  if (pZX == 0) { zigInit(); erfInit(); }
  pPoints = alloc(P * D << 3);
  pV = alloc(P << 3);
  pW0 = alloc(D * NP << 3);
  pB0 = alloc(NP << 3);
  pXi = alloc(NP << 3);
  pF = alloc(P << 6);
  pPt = alloc(NODES << 2);
  pProd = alloc(max((NODES + 1) << 4, (lowNodes(P, NODES) + 1) << 6));
  pParent = alloc(NODES << 2);
  pSum = alloc(NODES << 4);
  pOut = alloc(NODES << 3);
  pTop = alloc(TOPK << 3);
}
/** Nodes of orders 1..5 (those whose products are stored) of the plain tree on `points` points. */
function lowNodes(points: i32, nodes: i32): i32 {
  let top: f64 = 1; // C(points + 5, 6)
  for (let k = 1; k <= 6; k++) top = top * <f64>(points + k - 1) / <f64>k;
  return max(0, nodes - <i32>Math.round(top));
}
export function pointsPtr(): usize { return pPoints; }
export function ptPtr(): usize { return pPt; }
export function parentPtr(): usize { return pParent; }
export function outPtr(): usize { return pOut; }
export function topPtr(): usize { return pTop; }

// ---------------------------------------------------------------- one network
/** The biases of a layer of n neurons into b: N(0, SB^2), or the uniform phase U[-pi, pi] (cos-net). */
function drawBiases(b: usize, n: i32): void {
  if (UNIFORM) {
    for (let j = 0; j < n; j++) store<f64>(b + (<usize>j << 3), (2.0 * uniform01() - 1.0) * Math.PI);
  } else {
    fillGauss(b, n, SB);
  }
}

/** The first layer's draws: W component by component (component k at w + k stride values, N(0, SW^2/d_in)), then its n biases into b. */
function drawFirstLayer(w: usize, stride: i32, b: usize, n: i32): void {
  const sw0 = SW / Math.sqrt(<f64>D);
  for (let k = 0; k < D; k++) fillGauss(w + (<usize>(k * stride) << 3), n, sw0);
  drawBiases(b, n);
}

/** Draws one network and stores f(x_p) into column `lane` (0..B-1) of F. Returns max_p |f(x_p)|. */
function network(lane: i32): f64 {
  // draw order: W0 (component by component), b0, xi, b1
  drawFirstLayer(pW0, NP, pB0, N);
  fillGauss(pXi, N, 1.0);
  const b1 = SB * gauss();
  const scale = SW / Math.sqrt(<f64>N);
  let top: f64 = 0;
  if (STEP != 0) {
    // g(z_p) = exp(w x_p + b) exp(-V_p) and exp(w x_p + b) = exp(w x_0 + b) exp(w STEP)^p:
    // two exps per neuron instead of P (rounding grows by <= P ulp).
    const x0 = f64x2.splat(load<f64>(pPoints));
    const st = f64x2.splat(STEP);
    if (P == 6) {
      // the default six points: accumulators in registers (the general loop below keeps them in memory)
      let s0 = f64x2.splat(0.0), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0;
      for (let j = 0; j < NP; j += 2) {
        const o = <usize>j << 3;
        const w = v128.load(pW0 + o);
        const c0 = f64x2.mul(v128.load(pXi + o), vexp(f64x2.add(f64x2.mul(w, x0), v128.load(pB0 + o))));
        const r = vexpStep(f64x2.mul(w, st));
        const r2 = f64x2.mul(r, r);
        const c1 = f64x2.mul(c0, r), c2 = f64x2.mul(c0, r2);
        const c3 = f64x2.mul(c1, r2), c4 = f64x2.mul(c2, r2);
        s0 = f64x2.add(s0, c0); s1 = f64x2.add(s1, c1); s2 = f64x2.add(s2, c2);
        s3 = f64x2.add(s3, c3); s4 = f64x2.add(s4, c4); s5 = f64x2.add(s5, f64x2.mul(c3, r2));
      }
      v128.store(pAcc, s0); v128.store(pAcc + 16, s1); v128.store(pAcc + 32, s2);
      v128.store(pAcc + 48, s3); v128.store(pAcc + 64, s4); v128.store(pAcc + 80, s5);
    } else {
      memory.fill(pAcc, 0, <usize>P << 4);
      for (let j = 0; j < NP; j += 2) {
        const o = <usize>j << 3;
        const w = v128.load(pW0 + o);
        let c = f64x2.mul(v128.load(pXi + o), vexp(f64x2.add(f64x2.mul(w, x0), v128.load(pB0 + o))));
        const r = vexpStep(f64x2.mul(w, st));
        for (let p = 0; p < P; p++) {
          const a = pAcc + (<usize>p << 4);
          v128.store(a, f64x2.add(v128.load(a), c));
          c = f64x2.mul(c, r);
        }
      }
    }
    for (let p = 0; p < P; p++) {
      const acc = v128.load(pAcc + (<usize>p << 4));
      const f = b1 + scale * load<f64>(pEV + (<usize>p << 3)) * (f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1));
      store<f64>(pF + (<usize>p << 6) + (<usize>lane << 3), f);
      const af = Math.abs(f);
      if (af > top) top = af;
    }
    return top;
  }
  for (let p = 0; p < P; p++) {
    let acc = f64x2.splat(0.0);
    const vp = f64x2.splat(load<f64>(pV + (<usize>p << 3)));
    if (D == 1) {
      const xp = f64x2.splat(load<f64>(pPoints + (<usize>p << 3)));
      for (let j = 0; j < NP; j += 2) {
        const o = <usize>j << 3;
        const z = f64x2.sub(f64x2.add(f64x2.mul(v128.load(pW0 + o), xp), v128.load(pB0 + o)), vp);
        acc = f64x2.add(acc, f64x2.mul(v128.load(pXi + o), activate(z)));
      }
    } else {
      for (let j = 0; j < NP; j += 2) {
        const o = <usize>j << 3;
        let z = f64x2.sub(v128.load(pB0 + o), vp);
        for (let k = 0; k < D; k++) {
          const xk = f64x2.splat(load<f64>(pPoints + (<usize>(p * D + k) << 3)));
          z = f64x2.add(z, f64x2.mul(v128.load(pW0 + (<usize>(k * NP + j) << 3)), xk));
        }
        acc = f64x2.add(acc, f64x2.mul(v128.load(pXi + o), activate(z)));
      }
    }
    const f = b1 + scale * (f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1));
    store<f64>(pF + (<usize>p << 6) + (<usize>lane << 3), f);
    const af = Math.abs(f);
    if (af > top) top = af;
  }
  return top;
}

function pushTop(t: f64): void {
  if (topCount < TOPK) {
    let i = topCount++;
    store<f64>(pTop + (<usize>i << 3), t);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pv = load<f64>(pTop + (<usize>parent << 3));
      if (pv <= t) break;
      store<f64>(pTop + (<usize>i << 3), pv);
      store<f64>(pTop + (<usize>parent << 3), t);
      i = parent;
    }
    return;
  }
  if (TOPK == 0 || t <= load<f64>(pTop)) return;
  store<f64>(pTop, t);
  let i = 0;
  while (true) {
    const l = 2 * i + 1;
    if (l >= TOPK) break;
    let m = l;
    if (l + 1 < TOPK && load<f64>(pTop + (<usize>(l + 1) << 3)) < load<f64>(pTop + (<usize>l << 3))) m = l + 1;
    const mv = load<f64>(pTop + (<usize>m << 3));
    if (mv >= t) break;
    store<f64>(pTop + (<usize>i << 3), mv);
    store<f64>(pTop + (<usize>m << 3), t);
    i = m;
  }
}

const MAXO: i32 = 6;
/** Networks per step of the plain path: each node's indices are loaded once per B networks. */
const B: i32 = 8;

/**
 * Products over the multiset tree for the B networks in F, added to the sums of the even orders (two
 * lanes per node, added at the end of the bag). Nodes are grouped by order, so each order is one flat
 * loop over (parent slot, point) pairs: no short inner loops whose exits the branch predictor would miss;
 * a node's product is stored only when a higher order reads it, and summed only at even orders.
 */
function accumulate(): void {
  let start = 0;
  let count = 1;
  for (let k = 1; k <= MAXO; k++) {
    count = count * (P + k - 1) / k; // multisets of order k: C(P + k - 1, k)
    const end = start + count;
    if (k == MAXO) productsSummed(start, end);
    else if ((k & 1) == 0) productsStoredSummed(start, end);
    else productsStored(start, end);
    start = end;
  }
}

// The three loops of `accumulate`: product of the parent's row and F's row of the node's last point,
// B = 8 networks as four f64x2.
@inline function rowProduct(n: i32, o: i32): v128 {
  const a = pProd + (<usize>load<i32>(pParent + (<usize>n << 2)) << 6) + <usize>o;
  return f64x2.mul(v128.load(a), v128.load(pF + (<usize>load<i32>(pPt + (<usize>n << 2)) << 6) + <usize>o));
}
function productsStored(start: i32, end: i32): void {
  for (let n = start; n < end; n++) {
    const d = pProd + (<usize>(n + 1) << 6);
    v128.store(d, rowProduct(n, 0));
    v128.store(d, rowProduct(n, 16), 16);
    v128.store(d, rowProduct(n, 32), 32);
    v128.store(d, rowProduct(n, 48), 48);
  }
}
function productsStoredSummed(start: i32, end: i32): void {
  for (let n = start; n < end; n++) {
    const d = pProd + (<usize>(n + 1) << 6);
    const v0 = rowProduct(n, 0), v1 = rowProduct(n, 16), v2 = rowProduct(n, 32), v3 = rowProduct(n, 48);
    v128.store(d, v0);
    v128.store(d, v1, 16);
    v128.store(d, v2, 32);
    v128.store(d, v3, 48);
    const sa = pSum + (<usize>n << 4);
    v128.store(sa, f64x2.add(v128.load(sa), f64x2.add(f64x2.add(v0, v1), f64x2.add(v2, v3))));
  }
}
function productsSummed(start: i32, end: i32): void {
  for (let n = start; n < end; n++) {
    const v = f64x2.add(f64x2.add(rowProduct(n, 0), rowProduct(n, 16)), f64x2.add(rowProduct(n, 32), rowProduct(n, 48)));
    const sa = pSum + (<usize>n << 4);
    v128.store(sa, f64x2.add(v128.load(sa), v));
  }
}

/** Var z(x) of the first layer at point p of `points` (d_in values each; Var b0 = pi^2/3 for a uniform phase). */
function firstLayerVariance(points: usize, p: i32): f64 {
  let x2: f64 = 0;
  for (let k = 0; k < D; k++) { const x = load<f64>(points + (<usize>(p * D + k) << 3)); x2 += x * x; }
  return (UNIFORM ? Math.PI * Math.PI / 3 : SB * SB) + SW * SW * x2 / <f64>D;
}

/**
 * Starts bag `bag`: Var z(x_p) and exp(-Var z(x_p)) of the configured points for GaussNet's normalization
 * g = exp(z - Var z) (0 and 1 without it), and the bag's stream from its first word.
 */
function startBag(seed: f64, bag: i32): void {
  for (let p = 0; p < P; p++) {
    const v: f64 = SUBV ? firstLayerVariance(pPoints, p) : 0;
    store<f64>(pV + (<usize>p << 3), v);
    store<f64>(pEV + (<usize>p << 3), Math.exp(-v));
  }
  key = bagKey(seed, bag);
  pos = 0;
}

/**
 * Samples bag `bag` of `nets` networks. Afterwards outPtr() holds, per multiset node, the sum over
 * the bag's networks of the product, and topPtr() the returned number of largest max_p |f(x_p)|.
 */
export function runBag(seed: f64, bag: i32, nets: i32): i32 {
  startBag(seed, bag);
  topCount = 0;
  memory.fill(pSum, 0, <usize>NODES << 4);
  for (let l = 0; l < B; l++) store<f64>(pProd + (<usize>l << 3), 1.0); // slot 0: the empty product
  for (let i = 0; i < nets; i += B) {
    const m = min(B, nets - i);
    for (let l = 0; l < m; l++) pushTop(network(l));
    // a last, partial step: the empty columns are 0, so their products add 0
    for (let l = m; l < B; l++) for (let p = 0; p < P; p++) store<f64>(pF + (<usize>p << 6) + (<usize>l << 3), 0.0);
    accumulate();
  }
  for (let n = 0; n < NODES; n++) {
    const s = v128.load(pSum + (<usize>n << 4));
    store<f64>(pOut + (<usize>n << 3), f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1));
  }
  return topCount;
}

// ---------------------------------------------------------------- test hooks
/** Fills out[0..n) with n standard normals of bag `bag`'s stream: by the SIMD fill (vector != 0) or one by one. */
export function gaussians(seed: f64, bag: i32, n: i32, out: usize, vector: i32): void {
  if (pZX == 0) { zigInit(); erfInit(); }
  key = bagKey(seed, bag); pos = 0;
  if (vector != 0) fillGauss(out, n, 1.0);
  else for (let i = 0; i < n; i++) store<f64>(out + (<usize>i << 3), gauss());
}

/** out[i] = activation `act`(in[i]) by the SIMD code (n even). */
export function activations(act: i32, inp: usize, out: usize, n: i32): void {
  if (pZX == 0) { zigInit(); erfInit(); }
  const saved = ACT;
  ACT = act;
  for (let i = 0; i < n; i += 2) v128.store(out + (<usize>i << 3), activate(v128.load(inp + (<usize>i << 3))));
  ACT = saved;
}

export function scratch(bytes: i32): usize { return alloc(bytes); }

// ---------------------------------------------------------------- the readout-marginalized estimator
// Given the hidden layer, f = b1 + W1 . h is Gaussian with covariance
//   C_pq = SB^2 + SW^2/N sum_j h_j(x_p) h_j(x_q),
// so the output cumulants are cumulants of the entries of C (docs/sampler.md). This mode draws only the
// hidden layer (W0, then b0 or the cos-net phase: no W1, no b1, so its stream differs from the plain
// one), computes the M = P(P+1)/2 entries of C over neurons in f64x2, centres them by the GP kernel
// (D = C - K, from configureMarginal/kPtr), and adds the products of D entries over every multiset of
// entries of order 1..3 (the same multiset tree, with the M entries as its "points") for two networks
// per step, one per lane. The plain path above is not used here and is left as it was.
let M: i32 = 0; // entries of C: (p, q) with p <= q, lexicographic
let pK: usize = 0; // f64[M]: the GP kernel on the entries
let pDv: usize = 0; // v128[M]: D for the two networks of a step
let pGram: usize = 0; // v128[M]: sum over neuron pairs of h_p h_q (lane j mod 2)
let pH: usize = 0; // v128[P]: h at the points for the current neuron pair
let pHall: usize = 0; // f64[6*NP]: h of every neuron, row p at p*NP (six points: gram6)

/** After configure: switches runBagMarginal's buffers on for `entries` = P(P+1)/2 entries of C. */
export function configureMarginal(entries: i32): void {
  M = entries;
  pK = alloc(M << 3);
  pDv = alloc(M << 4);
  pGram = alloc(M << 4);
  pH = alloc(P << 4);
  pHall = alloc(P * NP << 3);
}
export function kPtr(): usize { return pK; }

/** Adds h_p h_q of the neuron pair in H to the Gram sums (entries in lexicographic (p, q) order). */
@inline function gramAdd(): void {
  let m = 0;
  for (let p = 0; p < P; p++) {
    const hp = v128.load(pH + (<usize>p << 4));
    for (let q = p; q < P; q++) {
      const a = pGram + (<usize>m << 4);
      v128.store(a, f64x2.add(v128.load(a), f64x2.mul(hp, v128.load(pH + (<usize>q << 4)))));
      m++;
    }
  }
}

/** Six points: keeps the neuron pair's h in row p of pHall (for gram6) instead of adding to the sums. */
@inline function stash(j: i32): void {
  for (let p = 0; p < 6; p++) v128.store(pHall + (<usize>(p * NP + j) << 3), v128.load(pH + (<usize>p << 4)));
}

/**
 * The 21 Gram sums of six points from the rows of pHall, in three passes over the neurons (rows 0-1,
 * 2-3, 4-5) with the sums in registers: 11, 7, 3 accumulators, so none spill to memory (x64 has 16
 * vector registers). About half the loads and stores of gramAdd's memory accumulators.
 */
function gram6(): void {
  const r0 = pHall, r1 = r0 + (<usize>NP << 3), r2 = r1 + (<usize>NP << 3);
  const r3 = r2 + (<usize>NP << 3), r4 = r3 + (<usize>NP << 3), r5 = r4 + (<usize>NP << 3);
  const z = f64x2.splat(0.0);
  let a00 = z, a01 = z, a02 = z, a03 = z, a04 = z, a05 = z, a11 = z, a12 = z, a13 = z, a14 = z, a15 = z;
  for (let o: usize = 0; o < (<usize>NP << 3); o += 16) {
    const h0 = v128.load(r0 + o), h1 = v128.load(r1 + o), h2 = v128.load(r2 + o);
    const h3 = v128.load(r3 + o), h4 = v128.load(r4 + o), h5 = v128.load(r5 + o);
    a00 = f64x2.add(a00, f64x2.mul(h0, h0)); a01 = f64x2.add(a01, f64x2.mul(h0, h1)); a02 = f64x2.add(a02, f64x2.mul(h0, h2));
    a03 = f64x2.add(a03, f64x2.mul(h0, h3)); a04 = f64x2.add(a04, f64x2.mul(h0, h4)); a05 = f64x2.add(a05, f64x2.mul(h0, h5));
    a11 = f64x2.add(a11, f64x2.mul(h1, h1)); a12 = f64x2.add(a12, f64x2.mul(h1, h2)); a13 = f64x2.add(a13, f64x2.mul(h1, h3));
    a14 = f64x2.add(a14, f64x2.mul(h1, h4)); a15 = f64x2.add(a15, f64x2.mul(h1, h5));
  }
  v128.store(pGram, a00); v128.store(pGram + 16, a01); v128.store(pGram + 32, a02); v128.store(pGram + 48, a03);
  v128.store(pGram + 64, a04); v128.store(pGram + 80, a05); v128.store(pGram + 96, a11); v128.store(pGram + 112, a12);
  v128.store(pGram + 128, a13); v128.store(pGram + 144, a14); v128.store(pGram + 160, a15);
  let a22 = z, a23 = z, a24 = z, a25 = z, a33 = z, a34 = z, a35 = z;
  for (let o: usize = 0; o < (<usize>NP << 3); o += 16) {
    const h2 = v128.load(r2 + o), h3 = v128.load(r3 + o), h4 = v128.load(r4 + o), h5 = v128.load(r5 + o);
    a22 = f64x2.add(a22, f64x2.mul(h2, h2)); a23 = f64x2.add(a23, f64x2.mul(h2, h3)); a24 = f64x2.add(a24, f64x2.mul(h2, h4));
    a25 = f64x2.add(a25, f64x2.mul(h2, h5)); a33 = f64x2.add(a33, f64x2.mul(h3, h3)); a34 = f64x2.add(a34, f64x2.mul(h3, h4));
    a35 = f64x2.add(a35, f64x2.mul(h3, h5));
  }
  v128.store(pGram + 176, a22); v128.store(pGram + 192, a23); v128.store(pGram + 208, a24); v128.store(pGram + 224, a25);
  v128.store(pGram + 240, a33); v128.store(pGram + 256, a34); v128.store(pGram + 272, a35);
  let a44 = z, a45 = z, a55 = z;
  for (let o: usize = 0; o < (<usize>NP << 3); o += 16) {
    const h4 = v128.load(r4 + o), h5 = v128.load(r5 + o);
    a44 = f64x2.add(a44, f64x2.mul(h4, h4)); a45 = f64x2.add(a45, f64x2.mul(h4, h5)); a55 = f64x2.add(a55, f64x2.mul(h5, h5));
  }
  v128.store(pGram + 288, a44); v128.store(pGram + 304, a45); v128.store(pGram + 320, a55);
}

/** Zeroes lane 1 of H: the padding neuron of an odd width (W0 = b0 = 0 there, but g(-V) need not be 0). */
function maskPadding(): void {
  for (let p = 0; p < P; p++) {
    const a = pH + (<usize>p << 4);
    v128.store(a, f64x2.replace_lane(v128.load(a), 1, 0.0));
  }
}

/** Draws one network's hidden layer, stores D = C - K into lane `lane` of Dv; returns max_m |D_m|. */
function gram(lane: i32): f64 {
  // draw order: W0 (component by component), b0 (or the phase)
  drawFirstLayer(pW0, NP, pB0, N);
  if (P != 6) memory.fill(pGram, 0, <usize>M << 4);
  if (STEP != 0) {
    // GaussNet on equally spaced points: h_p = c_p exp(-V_p), c_p = exp(w x_0 + b) exp(w STEP)^p;
    // the factors exp(-V_p - V_q) are applied to the sums below.
    const x0 = f64x2.splat(load<f64>(pPoints));
    const st = f64x2.splat(STEP);
    for (let j = 0; j < NP; j += 2) {
      const o = <usize>j << 3;
      const w = v128.load(pW0 + o);
      let c = vexp(f64x2.add(f64x2.mul(w, x0), v128.load(pB0 + o)));
      const r = vexpStep(f64x2.mul(w, st));
      for (let p = 0; p < P; p++) {
        v128.store(pH + (<usize>p << 4), c);
        c = f64x2.mul(c, r);
      }
      if (j + 1 >= N) maskPadding();
      if (P == 6) stash(j);
      else gramAdd();
    }
  } else {
    for (let j = 0; j < NP; j += 2) {
      const o = <usize>j << 3;
      for (let p = 0; p < P; p++) {
        let z = f64x2.sub(v128.load(pB0 + o), f64x2.splat(load<f64>(pV + (<usize>p << 3))));
        for (let k = 0; k < D; k++) {
          const xk = f64x2.splat(load<f64>(pPoints + (<usize>(p * D + k) << 3)));
          z = f64x2.add(z, f64x2.mul(v128.load(pW0 + (<usize>(k * NP + j) << 3)), xk));
        }
        v128.store(pH + (<usize>p << 4), z);
      }
      activateRun(pH, P);
      if (j + 1 >= N) maskPadding();
      if (P == 6) stash(j);
      else gramAdd();
    }
  }
  if (P == 6) gram6();
  const sb2 = SB * SB;
  const s = SW * SW / <f64>N;
  let top: f64 = 0;
  let m = 0;
  for (let p = 0; p < P; p++) {
    for (let q = p; q < P; q++) {
      const g = v128.load(pGram + (<usize>m << 4));
      let sum = f64x2.extract_lane(g, 0) + f64x2.extract_lane(g, 1);
      if (STEP != 0) sum *= load<f64>(pEV + (<usize>p << 3)) * load<f64>(pEV + (<usize>q << 3));
      const d = sb2 + s * sum - load<f64>(pK + (<usize>m << 3));
      store<f64>(pDv + (<usize>m << 4) + (<usize>lane << 3), d);
      const ad = Math.abs(d);
      if (ad > top) top = ad;
      m++;
    }
  }
  return top;
}

/**
 * Products of D entries over the multiset tree of orders 1..3 (all accumulated) for the two networks in
 * Dv. Nested loops rather than the plain path's flat (parent, point) walk: a node's children (its
 * multiset with one more entry c >= its last) are contiguous, so the innermost loop runs over c with the
 * parent's product in a register and no index loads (~2x faster at width 10, interleaved runs).
 */
function accumulateMarginal(): void {
  for (let a = 0; a < M; a++) {
    const sa = pSum + (<usize>a << 4);
    v128.store(sa, f64x2.add(v128.load(sa), v128.load(pDv + (<usize>a << 4))));
  }
  // order 2: node M + i holds the i-th pair (a <= b); its product goes to slot M + i + 1 of pProd
  let n = M;
  for (let a = 0; a < M; a++) {
    const da = v128.load(pDv + (<usize>a << 4));
    for (let b = a; b < M; b++) {
      const v = f64x2.mul(da, v128.load(pDv + (<usize>b << 4)));
      v128.store(pProd + (<usize>(n + 1) << 4), v);
      const sa = pSum + (<usize>n << 4);
      v128.store(sa, f64x2.add(v128.load(sa), v));
      n++;
    }
  }
  // order 3: the children of pair (a, b) are (a, b, c), c = b..M-1, in a row
  let pair = M;
  let sa = pSum + (<usize>n << 4);
  const end = pDv + (<usize>M << 4);
  for (let a = 0; a < M; a++) {
    for (let b = a; b < M; b++) {
      const p = v128.load(pProd + (<usize>(pair + 1) << 4));
      pair++;
      for (let dc = pDv + (<usize>b << 4); dc < end; dc += 16) {
        v128.store(sa, f64x2.add(v128.load(sa), f64x2.mul(p, v128.load(dc))));
        sa += 16;
      }
    }
  }
}

/**
 * Samples bag `bag` of `nets` networks in the marginalized mode. Afterwards outPtr() holds, per node of
 * the tree over the entries of C, the sum over the bag's networks of the product of D entries, and
 * topPtr() the returned number of largest max_m |D_m|.
 */
export function runBagMarginal(seed: f64, bag: i32, nets: i32): i32 {
  startBag(seed, bag);
  topCount = 0;
  memory.fill(pSum, 0, <usize>NODES << 4);
  v128.store(pProd, f64x2.splat(1.0));
  for (let i = 0; i < nets; i += 2) {
    pushTop(gram(0));
    if (i + 1 < nets) pushTop(gram(1));
    else for (let m = 0; m < M; m++) store<f64>(pDv + (<usize>m << 4) + 8, 0.0); // odd count: lane 1 adds 0
    accumulateMarginal();
  }
  for (let n = 0; n < NODES; n++) {
    const s = v128.load(pSum + (<usize>n << 4));
    store<f64>(pOut + (<usize>n << 3), f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1));
  }
  return topCount;
}

// ---- more activations (sigmoid, gelu, softplus, sin): f64x2 versions of the records' g
// sigmoid 1/(1 + exp(-z)): exp's relative error (< 5e-16); below z = -709 exp(-z) is clamped and the value
// (< 1e-307) is off by less than 1e-307.
@inline function vsigmoid(x: v128): v128 {
  return f64x2.div(f64x2.splat(1.0), f64x2.add(f64x2.splat(1.0), vexp(f64x2.neg(x))));
}

/** erfc(a) for a >= 0: the series of verf, without forming 1 - erfc (no cancellation for large a). */
@inline function verfcPos(a: v128): v128 {
  const t = f64x2.div(f64x2.splat(2.0), f64x2.add(f64x2.splat(2.0), a));
  const ty = f64x2.sub(f64x2.mul(f64x2.splat(4.0), t), f64x2.splat(2.0));
  let d = f64x2.splat(0.0);
  let dd = f64x2.splat(0.0);
  for (let j = ERF_N - 1; j > 0; j--) {
    const tmp = d;
    // c_j - dd does not wait for d: one multiply and one add per step on the dependency chain
    d = f64x2.add(f64x2.mul(ty, d), f64x2.sub(f64x2.splat(load<f64>(pErf + (<usize>j << 3))), dd));
    dd = tmp;
  }
  const h = f64x2.sub(f64x2.mul(f64x2.splat(0.5), f64x2.add(f64x2.splat(load<f64>(pErf)), f64x2.mul(ty, d))), dd);
  return f64x2.mul(t, vexp(f64x2.add(f64x2.neg(f64x2.mul(a, a)), h)));
}

// gelu z Phi(z) = z - e (z >= 0) or e (z < 0), e = z erfc(|z|/sqrt 2)/2: no cancellation on either side.
@inline function vgelu(x: v128): v128 {
  const e = f64x2.mul(f64x2.mul(f64x2.splat(0.5), x), verfcPos(f64x2.mul(f64x2.abs(x), f64x2.splat(0.7071067811865476))));
  return v128.bitselect(f64x2.sub(x, e), e, f64x2.ge(x, f64x2.splat(0.0)));
}

// softplus log(1 + e^z) = max(z, 0) + log1p(y), y = exp(-|z|) in (0, 1]; log1p(y) = 2 atanh(s), s = y/(2 + y)
// <= 1/3, by its series to s^35 (truncation < 3e-18): a few ulp, with no cancellation for small y.
@inline function vsoftplus(x: v128): v128 {
  const y = vexp(f64x2.neg(f64x2.abs(x)));
  const s = f64x2.div(y, f64x2.add(f64x2.splat(2.0), y));
  const s2 = f64x2.mul(s, s);
  let q = f64x2.splat(1.0 / 35.0);
  for (let k = 16; k >= 0; k--) q = f64x2.add(f64x2.mul(q, s2), f64x2.splat(1.0 / <f64>(2 * k + 1)));
  return f64x2.add(f64x2.max(x, f64x2.splat(0.0)), f64x2.mul(f64x2.add(s, s), q));
}

@inline function vsin(x: v128): v128 {
  return vsinQuadrant(x, 0);
}

// ---- deep and multi-output networks (depth L >= 1, a width per layer, d_out outputs)
// Layer l = 1..L: z^(l)_i(x) = b^(l)_i + sum_j W^(l)_ij h^(l-1)_j(x) - V^(l)(x), h^(l) = g(z^(l)), h^(0) = x,
// W^(l) ~ N(0, SW^2/n_{l-1}) (n_0 = d_in), b^(l) ~ N(0, SB^2), or the uniform phase U[-pi, pi] in every hidden
// layer for a uniform-phase activation (the GP kernel's convention, src/kernel/gp.ts); V^(l) (GaussNet only) is
// the layer's infinite-width pre-activation variance. Layer 1 is drawn as weights: W^(1) component by component,
// then b^(1) (the depth-1 paths' draws, so at depth 1 both give the same networks). A layer l >= 2 is drawn in the
// space of the P points (conditionalLayer): P Gaussians per neuron, then the phases of a uniform-phase activation;
// the plain mode then draws the d_out readout rows (N(0, 1), scaled by SW/sqrt(n_L)) and the d_out output biases.
// The padding neuron of an odd width is set to 0, so it adds nothing to the next layer's Gram sums. Layout: a
// layer's values neuron pair by neuron pair, the P points within (pair k, point p at (k P + p) 16 bytes: what the
// f64x2 activations produce). The marginalized mode then forms the Gram sums of the last layer and D = C - K as
// gram() does and walks the same tree (accumulateMarginal); the plain mode forms the P*d_out outputs f_a(x_p)
// (item p d_out + a) and walks the multiset tree over those items.
let LD: i32 = 0; // depth
let DOUT: i32 = 1;
let S: i32 = 0; // row stride of the layer buffers: the largest padded width
let ITEMS: i32 = 0; // P * DOUT
let pLW: usize = 0; // i32[LD]: n_1..n_L
let pVL: usize = 0; // f64[LD*P]: V^(l)(x_p)
let pHA: usize = 0; // f64[P*S]: ping (neuron pair k, point p at (k P + p) 16)
let pHB: usize = 0; // f64[P*S]: pong
let pW1: usize = 0; // f64[D*S]: layer 1, component k at k*S
let pBL: usize = 0; // f64[S]
let pRd: usize = 0; // f64[DOUT*S]: readout rows
let pB1: usize = 0; // f64[DOUT]
let pFI: usize = 0; // v128[ITEMS]: outputs of the two networks of a step
let pGD: usize = 0; // v128[P*(P+1)/2]: Gram sums of a layer
let pChol: usize = 0; // f64[P*P]: C of a layer, then its pivoted Cholesky factor (row-major)
let pPerm: usize = 0; // i32[P]: the pivot order
let pLF: usize = 0; // v128[P*P]: the factor by point, each entry in both lanes
let pXT: usize = 0; // v128[P]: one neuron pair's Gaussians

/** After configure (width = n_L, nodes = the tree's): depth, d_out and the largest width; then fill widthsPtr, layerVPtr. */
export function configureDeep(depth: i32, dOut: i32, maxWidth: i32): void {
  LD = depth;
  DOUT = dOut;
  S = (maxWidth + 1) & ~1;
  ITEMS = P * DOUT;
  pLW = alloc(LD << 2);
  pVL = alloc(LD * P << 3);
  pHA = alloc(P * S << 3);
  pHB = alloc(P * S << 3);
  pW1 = alloc(D * S << 3);
  pBL = alloc((S + 2) << 3);
  pRd = alloc(DOUT * S << 3);
  pB1 = alloc(DOUT << 3);
  pFI = alloc(ITEMS << 4);
  pGD = alloc((P * (P + 1) / 2) << 4);
  pChol = alloc(P * P << 3);
  pPerm = alloc(P << 2);
  pLF = alloc(P * P << 4);
  pXT = alloc(P << 4);
}
export function widthsPtr(): usize { return pLW; }
export function layerVPtr(): usize { return pVL; }

@inline function widthOf(l: i32): i32 { return load<i32>(pLW + (<usize>l << 2)); }

/** Zeroes the padding neuron n (lane 1 of the last pair) at every point when n is odd. */
@inline function zeroPadding(h: usize, n: i32): void {
  if ((n & 1) == 0) return;
  const base = h + (<usize>((n >> 1) * P) << 4);
  for (let p = 0; p < P; p++) {
    const a = base + (<usize>p << 4);
    v128.store(a, f64x2.replace_lane(v128.load(a), 1, 0.0));
  }
}

/** Layer 1 into hout: z = (b - V) + sum_k W_k x_k, in the order of gram() (the same roundings). */
function firstLayer(hout: usize): void {
  const n = widthOf(0);
  drawFirstLayer(pW1, S, pBL, n);
  for (let j = 0; j < n; j += 2) {
    const o = <usize>j << 3;
    const dst = hout + (<usize>((j >> 1) * P) << 4);
    for (let p = 0; p < P; p++) {
      let z = f64x2.sub(v128.load(pBL + o), f64x2.splat(load<f64>(pVL + (<usize>p << 3))));
      for (let k = 0; k < D; k++) {
        const xk = f64x2.splat(load<f64>(pPoints + (<usize>(p * D + k) << 3)));
        z = f64x2.add(z, f64x2.mul(v128.load(pW1 + (<usize>(k * S + j) << 3)), xk));
      }
      v128.store(dst + (<usize>p << 4), z);
    }
  }
  activateRun(hout, ((n + 1) >> 1) * P);
  zeroPadding(hout, n);
}

/**
 * The Gram sums of a layer of n neurons (h, the layer buffer) into pGD: entry (p, q >= p), lexicographic, holds
 * sum_j h_j(x_p) h_j(x_q) as the two lanes' partial sums (neuron pairs run in f64x2).
 */
function gramSums(h: usize, n: i32): void {
  const hs = <usize>P << 4;
  const end = h + <usize>((n + 1) >> 1) * hs;
  let m = 0;
  for (let p = 0; p < P; p++) {
    const op = <usize>p << 4;
    let q = p;
    for (; q + 4 <= P; q += 4) {
      let a0 = f64x2.splat(0.0), a1 = a0, a2 = a0, a3 = a0;
      for (let hk = h; hk < end; hk += hs) {
        const x = v128.load(hk + op);
        const hq = hk + (<usize>q << 4);
        a0 = f64x2.add(a0, f64x2.mul(x, v128.load(hq))); a1 = f64x2.add(a1, f64x2.mul(x, v128.load(hq, 16)));
        a2 = f64x2.add(a2, f64x2.mul(x, v128.load(hq, 32))); a3 = f64x2.add(a3, f64x2.mul(x, v128.load(hq, 48)));
      }
      v128.store(pGD + (<usize>m << 4), a0); v128.store(pGD + (<usize>(m + 1) << 4), a1);
      v128.store(pGD + (<usize>(m + 2) << 4), a2); v128.store(pGD + (<usize>(m + 3) << 4), a3);
      m += 4;
    }
    for (; q < P; q++) {
      const oq = <usize>q << 4;
      let a0 = f64x2.splat(0.0);
      for (let hk = h; hk < end; hk += hs) a0 = f64x2.add(a0, f64x2.mul(v128.load(hk + op), v128.load(hk + oq)));
      v128.store(pGD + (<usize>m << 4), a0);
      m++;
    }
  }
}

/** Entry e of pGD: the Gram sum (its two lanes added). */
@inline function gramEntry(e: i32): f64 {
  const g = v128.load(pGD + (<usize>e << 4));
  return f64x2.extract_lane(g, 0) + f64x2.extract_lane(g, 1);
}

// The factor of a layer's C is pivoted Cholesky (LAPACK's dpstrf): the largest remaining diagonal is the next pivot,
// and the factorization stops when it is at most CHOL_STOP max_p C_pp. The remainder it drops is positive
// semi-definite with that diagonal, so every entry of C changes by at most CHOL_STOP max_p C_pp; a repeated point
// or a rank-deficient layer (ReLU's at sigma_b = 0, a layer narrower than P) stops there instead of dividing
// rounding noise by a pivot made of rounding noise. The rounding of the factorization itself is ~P 1e-16 max C_pp.
const CHOL_STOP: f64 = 1e-13;

@inline function cholAt(i: i32, j: i32): usize { return pChol + (<usize>(i * P + j) << 3); }

/**
 * The factor F of C = base + s G (G the Gram sums in pGD), F F^T = C up to the dropped remainder, into pLF: row p
 * (the point), column c < the returned rank, at (p P + c) 16 bytes, each entry in both lanes (it multiplies a
 * neuron pair). pChol is the work matrix (full, row-major), pPerm the pivot order. A non-finite C gives a NaN factor.
 */
function pointFactor(base: f64, s: f64): i32 {
  let e = 0;
  let cmax: f64 = 0;
  for (let p = 0; p < P; p++) {
    store<i32>(pPerm + (<usize>p << 2), p);
    for (let q = p; q < P; q++) {
      const c = base + s * gramEntry(e++);
      store<f64>(cholAt(p, q), c);
      store<f64>(cholAt(q, p), c);
    }
    cmax = Math.max(cmax, load<f64>(cholAt(p, p)));
  }
  if (!(cmax < Infinity)) {
    for (let i = 0; i < P * P; i++) v128.store(pLF + (<usize>i << 4), f64x2.splat(NaN));
    return P;
  }
  const stop = CHOL_STOP * cmax;
  let r = 0;
  for (; r < P; r++) {
    let piv = r;
    for (let j = r + 1; j < P; j++) if (load<f64>(cholAt(j, j)) > load<f64>(cholAt(piv, piv))) piv = j;
    if (!(load<f64>(cholAt(piv, piv)) > stop)) break;
    if (piv != r) {
      for (let j = 0; j < P; j++) {
        const t = load<f64>(cholAt(r, j));
        store<f64>(cholAt(r, j), load<f64>(cholAt(piv, j)));
        store<f64>(cholAt(piv, j), t);
      }
      for (let i = 0; i < P; i++) {
        const t = load<f64>(cholAt(i, r));
        store<f64>(cholAt(i, r), load<f64>(cholAt(i, piv)));
        store<f64>(cholAt(i, piv), t);
      }
      const t = load<i32>(pPerm + (<usize>r << 2));
      store<i32>(pPerm + (<usize>r << 2), load<i32>(pPerm + (<usize>piv << 2)));
      store<i32>(pPerm + (<usize>piv << 2), t);
    }
    const d = Math.sqrt(load<f64>(cholAt(r, r)));
    store<f64>(cholAt(r, r), d);
    for (let i = r + 1; i < P; i++) store<f64>(cholAt(i, r), load<f64>(cholAt(i, r)) / d);
    for (let i = r + 1; i < P; i++) {
      const lir = load<f64>(cholAt(i, r));
      for (let j = r + 1; j < P; j++) store<f64>(cholAt(i, j), load<f64>(cholAt(i, j)) - lir * load<f64>(cholAt(j, r)));
    }
  }
  // row i of the factor (pivot order) belongs to point perm[i]; its columns c <= i (and < rank) are the factor's
  for (let i = 0; i < P; i++) {
    const dst = pLF + (<usize>(load<i32>(pPerm + (<usize>i << 2)) * P) << 4);
    for (let c = 0; c < r; c++) v128.store(dst + (<usize>c << 4), f64x2.splat(c <= i ? load<f64>(cholAt(i, c)) : 0.0));
  }
  return r;
}

/**
 * Layer l >= 2 (n neurons from the m of hin) into hout, in the space of the points: given hin, neuron i's
 * pre-activations (z_i(x_1), ..., z_i(x_P)) are Gaussian with covariance C_pq = SB^2 + SW^2/m sum_j h_j(x_p) h_j(x_q)
 * (without SB^2 when the bias is the uniform phase, added after), independently over i: the law that n x m weights
 * N(0, SW^2/m) and n biases give. So the layer draws P Gaussians per neuron (into hout, neuron pair k and point q at
 * (k P + q) 16 bytes, the pair in the two lanes), then the phases, and maps them by the factor F of C (F F^T = C):
 * at most P^2 multiply-adds and P Gaussians per neuron, where the weights would cost m P multiply-adds and m Gaussians.
 */
function conditionalLayer(hin: usize, hout: usize, n: i32, m: i32, vp: usize): void {
  gramSums(hin, m);
  const rank = pointFactor(UNIFORM ? 0.0 : SB * SB, SW * SW / <f64>m);
  const pairs = (n + 1) >> 1;
  fillGauss(hout, pairs * 2 * P, 1.0);
  if (UNIFORM) drawBiases(pBL, n);
  const zero = f64x2.splat(0.0);
  const hs = <usize>P << 4;
  for (let k = 0; k < pairs; k++) {
    const base = hout + <usize>k * hs;
    memory.copy(pXT, base, hs);
    const b = UNIFORM ? v128.load(pBL + (<usize>k << 4)) : zero;
    for (let p = 0; p < P; p++) {
      const row = pLF + <usize>(p * P) * 16;
      let acc = zero;
      for (let c = 0; c < rank; c++) acc = f64x2.add(acc, f64x2.mul(v128.load(row + (<usize>c << 4)), v128.load(pXT + (<usize>c << 4))));
      const z = f64x2.sub(f64x2.add(acc, b), f64x2.splat(load<f64>(vp + (<usize>p << 3))));
      v128.store(base + (<usize>p << 4), z);
    }
  }
  activateRun(hout, pairs * P);
  zeroPadding(hout, n);
}

/** Draws one network's hidden layers and computes them; returns the buffer holding the last one. */
function deepHidden(): usize {
  let hin = pHA;
  let hout = pHB;
  firstLayer(hin);
  for (let l = 1; l < LD; l++) {
    const n = widthOf(l);
    const m = widthOf(l - 1);
    conditionalLayer(hin, hout, n, m, pVL + (<usize>(l * P) << 3));
    const t = hin;
    hin = hout;
    hout = t;
  }
  return hin;
}

/** Marginalized: one network's D = C - K into lane `lane` of Dv (C from the last layer); returns max |D|. */
function deepGram(lane: i32): f64 {
  const h = deepHidden();
  const n = widthOf(LD - 1);
  gramSums(h, n);
  const sb2 = SB * SB;
  const s = SW * SW / <f64>n;
  let top: f64 = 0;
  for (let e = 0; e < M; e++) {
    const d = sb2 + s * gramEntry(e) - load<f64>(pK + (<usize>e << 3));
    store<f64>(pDv + (<usize>e << 4) + (<usize>lane << 3), d);
    const ad = Math.abs(d);
    if (ad > top) top = ad;
  }
  return top;
}

/** Plain: one network's d_out outputs at the P points into lane `lane` of FI; returns max |f|. */
function deepOutputs(lane: i32): f64 {
  const h = deepHidden();
  const n = widthOf(LD - 1);
  for (let a = 0; a < DOUT; a++) fillGauss(pRd + (<usize>(a * S) << 3), n, 1.0);
  for (let a = 0; a < DOUT; a++) store<f64>(pB1 + (<usize>a << 3), SB * gauss());
  const scale = SW / Math.sqrt(<f64>n);
  const pairs = (n + 1) >> 1;
  const hs = <usize>P << 4;
  let top: f64 = 0;
  for (let p = 0; p < P; p++) {
    const hp = h + (<usize>p << 4);
    for (let a = 0; a < DOUT; a++) {
      const r = pRd + (<usize>(a * S) << 3);
      let acc = f64x2.splat(0.0);
      for (let k = 0; k < pairs; k++) acc = f64x2.add(acc, f64x2.mul(v128.load(r + (<usize>k << 4)), v128.load(hp + <usize>k * hs)));
      const f = load<f64>(pB1 + (<usize>a << 3)) + scale * (f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1));
      store<f64>(pFI + (<usize>(p * DOUT + a) << 4) + (<usize>lane << 3), f);
      const af = Math.abs(f);
      if (af > top) top = af;
    }
  }
  return top;
}

/** accumulate() over the ITEMS outputs f_a(x_p) in FI (the tree's points are the items). */
function accumulateItems(): void {
  let start = 0;
  let count = 1;
  for (let k = 1; k <= MAXO; k++) {
    count = count * (ITEMS + k - 1) / k;
    const end = start + count;
    for (let n = start; n < end; n++) {
      const v = f64x2.mul(v128.load(pProd + (<usize>load<i32>(pParent + (<usize>n << 2)) << 4)), v128.load(pFI + (<usize>load<i32>(pPt + (<usize>n << 2)) << 4)));
      if (k < MAXO) v128.store(pProd + (<usize>(n + 1) << 4), v);
      if ((k & 1) == 0) {
        const sa = pSum + (<usize>n << 4);
        v128.store(sa, f64x2.add(v128.load(sa), v));
      }
    }
    start = end;
  }
}

/**
 * Samples bag `bag` of `nets` deep networks: marginalized (marginal != 0; configureMarginal first) or plain.
 * Afterwards outPtr() holds the per-node sums and topPtr() the returned number of largest values.
 */
export function runBagDeep(seed: f64, bag: i32, nets: i32, marginal: i32): i32 {
  key = bagKey(seed, bag);
  pos = 0;
  topCount = 0;
  memory.fill(pSum, 0, <usize>NODES << 4);
  v128.store(pProd, f64x2.splat(1.0));
  for (let i = 0; i < nets; i += 2) {
    if (marginal != 0) {
      pushTop(deepGram(0));
      if (i + 1 < nets) pushTop(deepGram(1));
      else for (let m = 0; m < M; m++) store<f64>(pDv + (<usize>m << 4) + 8, 0.0);
      accumulateMarginal();
    } else {
      pushTop(deepOutputs(0));
      if (i + 1 < nets) pushTop(deepOutputs(1));
      else for (let t = 0; t < ITEMS; t++) store<f64>(pFI + (<usize>t << 4) + 8, 0.0);
      accumulateItems();
    }
  }
  for (let n = 0; n < NODES; n++) {
    const s = v128.load(pSum + (<usize>n << 4));
    store<f64>(pOut + (<usize>n << 3), f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1));
  }
  return topCount;
}

// ---- benchmark hooks (test/bench/deep.bench.ts)
/**
 * The f64x2 multiply-add peak: `iters` passes of 8 independent chains acc_ab += w_a h_b (2 values w and 4 values h
 * loaded from a 1 KB table in L1 per pass, so no product can be hoisted), 8 f64x2 multiply-adds per pass. Few
 * registers (8 accumulators, w, h, a product): nothing spills. Returns a checksum.
 */
export function peakMulAdd(iters: i32): f64 {
  const tab = scratchTable();
  let a0 = f64x2.splat(0.0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
  let o: usize = 0;
  for (let i = 0; i < iters; i++) {
    const x = v128.load(tab + o), y = v128.load(tab + o, 16);
    let h = v128.load(tab + o, 32);
    a0 = f64x2.add(a0, f64x2.mul(x, h)); a1 = f64x2.add(a1, f64x2.mul(y, h));
    h = v128.load(tab + o, 48);
    a2 = f64x2.add(a2, f64x2.mul(x, h)); a3 = f64x2.add(a3, f64x2.mul(y, h));
    h = v128.load(tab + o, 64);
    a4 = f64x2.add(a4, f64x2.mul(x, h)); a5 = f64x2.add(a5, f64x2.mul(y, h));
    h = v128.load(tab + o, 80);
    a6 = f64x2.add(a6, f64x2.mul(x, h)); a7 = f64x2.add(a7, f64x2.mul(y, h));
    o = (o + 16) & 511;
  }
  const s = f64x2.add(f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3)), f64x2.add(f64x2.add(a4, a5), f64x2.add(a6, a7)));
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}

let pTab: usize = 0;
function scratchTable(): usize {
  if (pTab == 0) {
    pTab = alloc(1040);
    for (let i = 0; i < 128; i++) store<f64>(pTab + (<usize>i << 3), 1.0 + <f64>i / 128.0);
  }
  return pTab;
}

// ---------------------------------------------------------------- per-network covariances (the regulated estimator's stream)
// The regulated estimator (src/regulated) needs each network's C itself, not sums of products: its closed forms
// are non-linear in C, one set per k. This mode runs the marginalized mode's `gram` network by network, with K
// taken as 0 so that it leaves C = SB^2 + SW^2/N sum_j h_j(x_p) h_j(x_q) in lane 0 of Dv, and copies the M
// entries (p <= q, lexicographic) into a buffer of up to COVBATCH networks for the host to read:
// beginCovariances(seed, bag), then nextCovariances(count) until the bag's networks are done. The draws are gram's
// in runBagMarginal's order, so network n of a bag is the network whose D = C - K that mode sums.
let pZeroK: usize = 0; // f64[M] of zeros: gram's K while it streams C
let pCov: usize = 0; // f64[COVBATCH*M]: network n's entries at n*M
let COVBATCH: i32 = 0;

/**
 * After configure: buffers for streaming the C of `batch` networks at a time (`entries` = P(P+1)/2); `marginal` != 0
 * when configureMarginal already ran for this configuration (its buffers, and its K, are then kept).
 */
export function configureCovariances(entries: i32, batch: i32, marginal: i32): void {
  if (marginal == 0) configureMarginal(entries);
  pZeroK = alloc(entries << 3);
  pCov = alloc(batch * entries << 3);
  COVBATCH = batch;
}
export function covPtr(): usize { return pCov; }

/** Starts bag `bag`'s stream (networks from 0); the variances are those runBagMarginal sets. */
export function beginCovariances(seed: f64, bag: i32): void {
  startBag(seed, bag);
}

/** The C of the stream's next `count` (<= COVBATCH) networks into covPtr(). */
export function nextCovariances(count: i32): void {
  if (count > COVBATCH) unreachable();
  const saved = pK;
  pK = pZeroK;
  for (let n = 0; n < count; n++) {
    gram(0);
    for (let m = 0; m < M; m++) store<f64>(pCov + (<usize>(n * M + m) << 3), load<f64>(pDv + (<usize>m << 4)));
  }
  pK = saved;
}

// ---- brg features: one network's hidden layer at given points (src/brg, docs/brg.md "Sampling")
// nnrg brg needs each network itself, not sums over networks: its Fisher metric and posterior are per network. This
// mode draws network `net` of bag `bag` from its own counter stream, key featureKey(seed, bag, net), and evaluates
// its hidden layer at points the host writes into featurePointsPtr(), up to `capacity` per call.
//   mode 0, the network of `configure`: W0 (component by component, N(0, SW^2/D)), then b0 (U[-pi, pi] for a uniform
//     phase, else N(0, SB^2)), then xi ~ N(0, 1) (W1 = SW/sqrt(N) xi): the sampler's draw order (`network`); the
//     features are h_j(x) = g(W0_j.x + b0_j - V(x)) (V: GaussNet's variance, else 0).
//   mode 1, the generalized cos-net: p_j uniform in the ball |p| < R in D dimensions (D Gaussians per neuron, drawn
//     component by component, normalized, times the radius R u^(1/D)), then the phases c_j ~ U[-pi, pi]; features
//     A cos(p_j.x + c_j)/sqrt(p_j^2 + m^2). p sits in W0, c in b0, the amplitude in xi, |p_j|^2 in p2Ptr().
// Features go to featureOutPtr(), point p's row at p*NP (the padding column of an odd width is not a neuron).
let FMODE: i32 = 0;
let FCAP: i32 = 0;
let pFPoints: usize = 0; // f64[FCAP*D]
let pFOut: usize = 0; // f64[FCAP*NP]
let pP2: usize = 0; // f64[NP]
let CM2: f64 = 0; // cos-net m^2
let CR: f64 = 0; // cos-net R
let CA: f64 = 0; // cos-net A

/** After configure (points 0, nodes 0): buffers for `capacity` points per call; m, R, A for mode 1. */
export function configureFeatures(mode: i32, capacity: i32, m: f64, R: f64, A: f64): void {
  FMODE = mode; FCAP = capacity; CM2 = m * m; CR = R; CA = A;
  pFPoints = alloc(capacity * D << 3);
  pFOut = alloc(capacity * NP << 3);
  pP2 = alloc(NP << 3);
}
export function featurePointsPtr(): usize { return pFPoints; }
export function featureOutPtr(): usize { return pFOut; }
export function w0Ptr(): usize { return pW0; }
export function b0Ptr(): usize { return pB0; }
export function xiPtr(): usize { return pXi; }
export function p2Ptr(): usize { return pP2; }

function featureKey(seed: f64, bag: i32, net: i32): u64 {
  return mix64(bagKey(seed, bag) ^ ((<u64>net + 1) * 0x9fb21c651e98df25));
}

/** Draws network `net` of bag `bag` (mode 0 or 1 above) into W0, b0, xi (and p2). */
export function drawFeatureNetwork(seed: f64, bag: i32, net: i32): void {
  key = featureKey(seed, bag, net);
  pos = 0;
  if (FMODE == 0) {
    drawFirstLayer(pW0, NP, pB0, N);
    fillGauss(pXi, N, 1.0);
    return;
  }
  for (let k = 0; k < D; k++) fillGauss(pW0 + (<usize>(k * NP) << 3), N, 1.0);
  const inv = 1.0 / <f64>D;
  for (let j = 0; j < N; j++) {
    let n2: f64 = 0;
    for (let k = 0; k < D; k++) { const g = load<f64>(pW0 + (<usize>(k * NP + j) << 3)); n2 += g * g; }
    const radius = CR * Math.pow(uniform01(), inv);
    const s = radius / Math.sqrt(n2);
    for (let k = 0; k < D; k++) { const a = pW0 + (<usize>(k * NP + j) << 3); store<f64>(a, load<f64>(a) * s); }
    const p2 = radius * radius;
    store<f64>(pP2 + (<usize>j << 3), p2);
    store<f64>(pXi + (<usize>j << 3), CA / Math.sqrt(p2 + CM2));
  }
  for (let j = 0; j < N; j++) store<f64>(pB0 + (<usize>j << 3), (2.0 * uniform01() - 1.0) * Math.PI);
}

/** The drawn network's features at the first `count` (<= capacity) points of featurePointsPtr() into featureOutPtr(). */
export function evalFeatures(count: i32): void {
  if (count > FCAP) unreachable();
  for (let p = 0; p < count; p++) {
    const v: f64 = SUBV && FMODE == 0 ? firstLayerVariance(pFPoints, p) : 0;
    const vp = f64x2.splat(v);
    const row = pFOut + (<usize>(p * NP) << 3);
    for (let j = 0; j < NP; j += 2) {
      const o = <usize>j << 3;
      let z = f64x2.sub(v128.load(pB0 + o), vp);
      for (let k = 0; k < D; k++) {
        const xk = f64x2.splat(load<f64>(pFPoints + (<usize>(p * D + k) << 3)));
        z = f64x2.add(z, f64x2.mul(v128.load(pW0 + (<usize>(k * NP + j) << 3)), xk));
      }
      let h = activate(z);
      if (FMODE == 1) h = f64x2.mul(h, v128.load(pXi + o));
      v128.store(row + o, h);
    }
  }
}
