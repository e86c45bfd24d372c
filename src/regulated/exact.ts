/**
 * Exact regulated vertices (docs/regulated.md, "Exact values").
 *
 * P = 1, one hidden layer of width N: given the hidden layer, f is Gaussian with variance
 * v = sigma_b^2 + (sigma_w^2/N) sum_j y_j, y_j = g(z_j)^2 iid. The ensemble weighted by exp(-k^2 f^2/2) is a
 * mixture of Gaussians of variance w = v/(1 + k^2 v), mixed over rho(v) ~ (1 + k^2 v)^(-1/2) p(v), so
 *   W(J) = log E_rho exp(J^2 w/2),   kappa_2m(f) = (2m-1)!! c_m(w)   (c_m: the cumulants of w under rho).
 * With zeta = (v - v0)/(1 + k^2 v), v0 = K = E v, w - w(v0) = zeta/(1 + k^2 v0) and the rho-moments of zeta are ratios
 * of B_m = E (v - v0)^m (1 + k^2 v)^-(m+1/2) (centred, so no cumulant comes from subtracting large moments), and
 *   E (v - v0)^m (1 + k^2 v)^-a = (1/Gamma(a)) int_0^inf ds s^(a-1) e^-s E[(v - v0)^m e^(-s k^2 v)],
 *   E[(v - v0)^m e^(-u v)] = L(u) E_u[(v - v0)^m],   L(u) = e^(-u sigma_b^2) Lambda(u sigma_w^2/N)^N,   Lambda(u) = E e^(-u y):
 * under the tilt e^(-u v) the y_j stay iid, so the cumulants of v - v0 are N sigma^j times one neuron's (tilted) ones.
 * The s-integral (s = t^2, panels graded geometrically towards t = 0) and the neuron's expectation (Gauss–Legendre
 * panels in the pre-activation, graded towards the kinks and zeros of g) are one-dimensional quadratures.
 * At k = 0 the cumulants of v are used directly. Any P at k = 0: the exact connected functions of exact/.
 */
import { activation, uniformPhase } from '../activations/index.js';
import { exactSeries } from '../exact/index.js';
import { gaussLegendre, NumericalError } from '../numeric/index.js';
import type { NetworkSpec, Point } from '../theory/index.js';
import { multisetTable, type SymTensor } from './tensor.js';
import { scalarVertices, vertices } from './vertices.js';

/** A quadrature rule for E over one neuron at one point: the values y = g(z)^2 at the nodes and their weights. */
interface NeuronRule {
  y: Float64Array;
  w: Float64Array;
}

const SQRT2PI = Math.sqrt(2 * Math.PI);

/** Gauss–Legendre panels on [lo, hi] of at most `width`, graded geometrically (ratio 2) towards each of `grade` down to `finest`. */
function panels(lo: number, hi: number, width: number, grade: number[], points: number, finest: number): { x: number[]; w: number[] } {
  const cuts = new Set<number>([lo, hi]);
  const n = Math.max(1, Math.ceil((hi - lo) / width));
  for (let i = 1; i < n; i++) cuts.add(lo + ((hi - lo) * i) / n);
  for (const b of grade) {
    if (!(b >= lo && b <= hi)) continue;
    cuts.add(b);
    for (let d = width; d >= finest; d /= 2) {
      if (b - d > lo) cuts.add(b - d);
      if (b + d < hi) cuts.add(b + d);
    }
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const gl = gaussLegendre(points);
  const x: number[] = [];
  const w: number[] = [];
  for (let p = 0; p + 1 < sorted.length; p++) {
    const a = sorted[p]!;
    const h = sorted[p + 1]! - a;
    if (!(h > 0)) continue;
    for (let i = 0; i < points; i++) {
      x.push(a + 0.5 * h * (1 + gl.x[i]!));
      w.push(0.5 * h * gl.w[i]!);
    }
  }
  return { x, w };
}

/** Where g changes sign on a grid (located by bisection): e^(-u g^2) is sharp there for large u. */
function zerosOf(g: (z: number) => number, lo: number, hi: number): number[] {
  const out: number[] = [];
  const n = 4000;
  let xa = lo;
  let ga = g(xa);
  for (let i = 1; i <= n; i++) {
    const xb = lo + ((hi - lo) * i) / n;
    const gb = g(xb);
    // An exact zero between nonzero values, or a sign change (ReLU's zero half-line is its kink, not a zero).
    if (gb === 0 && ga !== 0) out.push(xb);
    else if (ga !== 0 && gb !== 0 && Math.sign(ga) !== Math.sign(gb)) {
      let a = xa;
      let b = xb;
      for (let it = 0; it < 100 && b - a > 1e-15 * (1 + Math.abs(a)); it++) {
        const m = 0.5 * (a + b);
        if (Math.sign(g(m)) === Math.sign(ga)) a = m;
        else b = m;
      }
      out.push(0.5 * (a + b));
    }
    xa = xb;
    ga = gb;
  }
  return out;
}

/**
 * The rule for one neuron at the point x: gaussian bias, z = sqrt(V) eta with eta ~ N(0, 1) on [-L, L] (L grown
 * until y^mMax phi(eta) is negligible at the ends: GaussNet's lognormal moments live far out); uniform phase
 * (cos), g = cos(b) with b uniform, i.e. theta = |b| on [0, pi/2] by symmetry.
 */
function neuronRule(net: NetworkSpec, x: Point, mMax: number, points: number, uMax: number): NeuronRule {
  const act = activation(net.activation);
  // Near a zero or kink y ~ c z^2 (c <= 4 V for the activations here): e^(-u y) has width 1/sqrt(c u) there.
  const finest = (scale: number) => 1e-3 / Math.sqrt(1 + 4 * uMax * scale);
  if (uniformPhase(act.hiddenBias)) {
    const r = panels(0, Math.PI / 2, Math.PI / 16, [Math.PI / 2, ...zerosOf((t) => act.g(t, 0), 0, Math.PI / 2)], points, finest(1));
    return merged(
      r.x.map((t) => act.g(t, 0) ** 2),
      r.w.map((w) => (2 / Math.PI) * w),
    );
  }
  const V = net.sigma_b ** 2 + (net.sigma_w ** 2 * x.reduce((s, v) => s + v * v, 0)) / net.d_in;
  const sd = Math.sqrt(V);
  const h = (eta: number) => act.g(sd * eta, V);
  let L = 12;
  for (; L < 64; L += 4) {
    const tail = Math.max(Math.abs(h(L)), Math.abs(h(-L))) ** (2 * mMax) * Math.exp(-0.5 * L * L);
    let bulk = 0;
    for (let e = -L; e <= L; e += 0.25) bulk += 0.25 * h(e) ** (2 * mMax) * Math.exp(-0.5 * e * e);
    if (tail <= 1e-19 * bulk) break;
  }
  const grade = [...act.kinks.map((k) => k / sd), ...zerosOf(h, -L, L)];
  const r = panels(-L, L, 0.5, grade, points, finest(V));
  return merged(
    r.x.map((e) => h(e) ** 2),
    r.x.map((e, i) => (r.w[i]! * Math.exp(-0.5 * e * e)) / SQRT2PI),
  );
}

/** The nodes with y = 0 (ReLU's half-line) as one node: they all contribute e^0 = 1 times their weight. */
function merged(y: number[], w: number[]): NeuronRule {
  let zero = 0;
  const ys: number[] = [];
  const ws: number[] = [];
  y.forEach((v, i) => {
    if (v === 0) zero += w[i]!;
    else {
      ys.push(v);
      ws.push(w[i]!);
    }
  });
  if (zero > 0) {
    ys.push(0);
    ws.push(zero);
  }
  return { y: Float64Array.from(ys), w: Float64Array.from(ws) };
}

/** Cumulants from raw moments (mu[0] = 1): kappa_n = mu_n - sum_{j<n} C(n-1, j-1) kappa_j mu_{n-j}. */
export function cumulantsFromMoments(mu: number[]): number[] {
  const kappa = [0];
  for (let n = 1; n < mu.length; n++) {
    let c = mu[n]!;
    let binom = 1; // C(n-1, j-1)
    for (let j = 1; j < n; j++) {
      c -= binom * kappa[j]! * mu[n - j]!;
      binom = (binom * (n - j)) / j;
    }
    kappa.push(c);
  }
  return kappa;
}

/** Raw moments from cumulants: mu_n = sum_{j=1}^n C(n-1, j-1) kappa_j mu_{n-j}. */
function momentsFromCumulants(kappa: number[]): number[] {
  const mu = [1];
  for (let n = 1; n < kappa.length; n++) {
    let m = 0;
    let binom = 1;
    for (let j = 1; j <= n; j++) {
      m += binom * kappa[j]! * mu[n - j]!;
      binom = (binom * (n - j)) / j;
    }
    mu.push(m);
  }
  return mu;
}

const gammaHalf = (m: number) => {
  // Gamma(m + 1/2) = (2m-1)!! sqrt(pi) / 2^m
  let g = Math.sqrt(Math.PI);
  for (let j = 1; j <= m; j++) g *= j - 0.5;
  return g;
};

export const doubleFactorial = (n: number) => {
  let r = 1;
  for (let j = n; j > 1; j -= 2) r *= j;
  return r;
};

export interface ExactRegulatedPoint {
  k: number;
  /** kappa_2, kappa_4, ... of f under the regulated ensemble. */
  cumulants: number[];
  /** Gamma^(2), Gamma^(4), ... at phi = 0. */
  vertices: number[];
}

export interface ExactRegulated {
  points: ExactRegulatedPoint[];
  /** K(x, x): the GP variance at the point (the unregulated kappa_2). */
  K: number;
  /** How it was computed and the measured relative accuracy (two rules compared). */
  method: string;
  accuracy: number;
}

/**
 * The regulated cumulants of f at one point, at every k, with `points` Gauss–Legendre nodes per panel. Centred on
 * v0 = K (the mean of v) so that no cumulant comes from subtracting large moments: with
 * zeta = (v - v0)/(1 + k^2 v), w - w(v0) = zeta/(1 + k^2 v0), and E_rho zeta^m = B_m/B_0,
 * B_m = E (v - v0)^m (1 + k^2 v)^-(m+1/2), where under the tilt v - v0 = sigma sum_j (y_j - y0) has the cumulants
 * N sigma^j kappa_j(y - y0), computed from moments about y0 = E y.
 */
function regulatedCumulants(net: NetworkSpec, x: Point, width: number, ks: number[], M: number, points: number): { kappa: number[][]; K: number } {
  const N = width;
  const sigma = net.sigma_w ** 2 / N;
  const sb2 = net.sigma_b ** 2;
  const rule = neuronRule(net, x, M, points, sigma * Math.max(...ks) ** 2 * 100);
  const n = rule.y.length;
  let y0 = 0;
  let yMin = Infinity;
  for (let i = 0; i < n; i++) {
    y0 += rule.w[i]! * rule.y[i]!;
    yMin = Math.min(yMin, rule.y[i]!);
  }
  // One neuron under the tilt e^(-u y): log Lambda(u) and the cumulants of y - y0. The weights are taken relative to
  // e^(-u yMin), so that they do not all underflow where y stays away from 0 (sigmoid at sigma_b = 0: y ~ 1/4).
  const mom = new Float64Array(M + 1);
  const tilted = (u: number): { logLambda: number; kappa: number[] } => {
    mom.fill(0);
    for (let i = 0; i < n; i++) {
      const y = rule.y[i]!;
      const d = y - y0;
      let t = rule.w[i]! * Math.exp(-u * (y - yMin));
      for (let j = 0; j <= M; j++) {
        mom[j]! += t;
        t *= d;
      }
    }
    const lam = mom[0]!;
    return { logLambda: Math.log(lam) - u * yMin, kappa: cumulantsFromMoments(Array.from(mom, (m) => m / lam)) };
  };
  // v - v0 = sigma sum_j (y_j - y0): cumulants N sigma^j kappa_j.
  const vCumulants = (ky: number[]) => ky.map((c, j) => (j === 0 ? 0 : N * sigma ** j * c));
  const base = tilted(0);
  const v0 = sb2 + N * sigma * y0;
  const K = v0;
  // The s-integrals of every k share their nodes: with tau = k sqrt(s) (u = tau^2 the tilt of v),
  //   B_m(k) = (2/Gamma(m+1/2)) int_0^inf dtau/k (tau/k)^(2m) e^(-tau^2/k^2) L(tau^2) E_tau^2[(v - v0)^m],
  // so L and the tilted moments are computed once per node; panels [0, tau0], then geometric (ratio sqrt 2) to
  // 10 k_max, which resolves e^(-tau^2/k^2) for every k and the scales of L (down to tau0 = 1e-7 k_min/(1 + k_max sqrt K)).
  const pos = ks.filter((k) => k > 0);
  const F: Float64Array[] = [];
  const nodes: { tau: number; w: number }[] = [];
  if (pos.length) {
    const kMin = Math.min(...pos);
    const kMax = Math.max(...pos);
    const cuts = [0, (1e-7 * kMin) / (1 + kMax * Math.sqrt(K))];
    while (cuts[cuts.length - 1]! < 10 * kMax) cuts.push(cuts[cuts.length - 1]! * Math.SQRT2);
    const gl = gaussLegendre(points);
    for (let p = 0; p + 1 < cuts.length; p++) {
      const a = cuts[p]!;
      const h = cuts[p + 1]! - a;
      for (let i = 0; i < points; i++) {
        const tau = a + 0.5 * h * (1 + gl.x[i]!);
        const u = tau * tau;
        const tt = tilted(sigma * u);
        const L = Math.exp(-u * sb2 + N * tt.logLambda);
        nodes.push({ tau, w: 0.5 * h * gl.w[i]! });
        F.push(Float64Array.from(momentsFromCumulants(vCumulants(tt.kappa)), (m) => L * m));
      }
    }
  }
  const kappa: number[][] = [];
  for (const k of ks) {
    if (k === 0) {
      const cv = vCumulants(base.kappa);
      cv[1] = v0 + cv[1]!;
      kappa.push(Array.from({ length: M }, (_, i) => doubleFactorial(2 * i + 1) * cv[i + 1]!));
      continue;
    }
    const k2 = k * k;
    const B = new Array<number>(M + 1).fill(0);
    nodes.forEach(({ tau, w }, i) => {
      const x2 = (tau * tau) / k2;
      const e = (2 * w * Math.exp(-x2)) / k;
      if (e === 0) return;
      let tp = 1;
      for (let m = 0; m <= M; m++) {
        B[m]! += (e * tp * F[i]![m]!) / gammaHalf(m);
        tp *= x2;
      }
    });
    const c = cumulantsFromMoments(B.map((x) => x / B[0]!));
    const scale = 1 + k2 * v0;
    const cw = c.map((x, m) => (m === 1 ? v0 / scale + x / scale : x / scale ** m));
    kappa.push(Array.from({ length: M }, (_, i) => doubleFactorial(2 * i + 1) * cw[i + 1]!));
  }
  return { kappa, K };
}

/**
 * Exact regulated cumulants and vertices up to order 2M at one point, for every k (k = 0 allowed). The accuracy
 * is measured by repeating everything with finer rules (16 and 24 points per panel): the largest relative change
 * of a vertex.
 */
export function exactRegulated(net: NetworkSpec, x: Point, width: number, ks: number[], M: number): ExactRegulated {
  const a = regulatedCumulants(net, x, width, ks, M, 16);
  const b = regulatedCumulants(net, x, width, ks, M, 24);
  let accuracy = 0;
  const points = ks.map((k, i) => {
    const va = scalarVertices(a.kappa[i]!, k * k);
    const vb = scalarVertices(b.kappa[i]!, k * k);
    va.forEach((v, j) => {
      const scale = Math.max(Math.abs(vb[j]!), 1e-300);
      accuracy = Math.max(accuracy, Math.abs(v - vb[j]!) / scale);
    });
    if (!vb.every(Number.isFinite)) throw new NumericalError(`the exact regulated vertices at k = ${k} are not finite`);
    return { k, cumulants: b.kappa[i]!, vertices: vb };
  });
  return {
    points,
    K: b.K,
    method:
      'one-dimensional quadratures: E (1 + k^2 v)^-a through the Laplace transform E e^(-u v) = e^(-u sigma_b^2) Lambda(u sigma_w^2/N)^N ' +
      '(Gauss–Legendre in sqrt(s), graded towards 0), Lambda(u) = E e^(-u g(z)^2) (Gauss–Legendre panels graded towards the kinks and zeros of g)',
    accuracy: Math.max(accuracy, 1e-16),
  };
}

/** The exact vertices at k = 0 on any P points: Gamma2 = K^-1, the others from the exact connected functions (exact/). */
export function irVertices(net: NetworkSpec, points: Point[], width: number, M: number): SymTensor[] {
  return vertices(irCumulants(net, points, width, M), 0);
}

/** The exact cumulants kappa_2..kappa_2M at k = 0 on any P points (exact/: the one-neuron moments' closed forms or quadratures). */
export function irCumulants(net: NetworkSpec, points: Point[], width: number, M: number): SymTensor[] {
  const P = points.length;
  const series = exactSeries(net, points, width, 2 * M);
  const cumulants: SymTensor[] = [];
  for (let m = 1; m <= M; m++) {
    const { sets } = multisetTable(P, 2 * m);
    const values = Float64Array.from(sets, (set) => {
      const c = new Int32Array(P);
      for (const i of set) c[i]!++;
      return series.cumulants[series.space.indexOf(c)!]!;
    });
    cumulants.push({ P, n: 2 * m, values });
  }
  return cumulants;
}
