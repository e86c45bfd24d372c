/** Threshold functions of the regulators (regulators/) by quadrature, and the measure constants v_d, c_d. */
import { gaussLegendre } from '../numeric/index.js';
import type { Regulator } from '../regulators/index.js';

/** Gamma(x) for x > 0 (Lanczos, g = 7, n = 9; relative error ~1e-15). */
export function gamma(x: number): number {
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return Math.sqrt(2 * Math.PI) * Math.pow(t, z + 0.5) * Math.exp(-t) * a;
}

/** v_d = pi^(d/2) / (Gamma(d/2) (2 pi)^d). */
export function vd(d: number): number {
  return Math.pow(Math.PI, d / 2) / (gamma(d / 2) * Math.pow(2 * Math.PI, d));
}

/**
 * c_d = 1/(2^(d-1) d pi^(d/2) Gamma(d/2)) = 2 v_d/d, the Litim threshold constant; c_0 = 1, its limit
 * (d Gamma(d/2) = 2 Gamma(d/2 + 1) -> 2), the constant of the mass regulator's l_m(w) = 1/(1 + w)^(m+1) at d = 0.
 */
export function cd(d: number): number {
  if (d === 0) return 1;
  return (2 * vd(d)) / d;
}

/** Upper end of s = sqrt(y) and the panels: every integrand decays at least like e^{-y}, e^{-144} < 1e-62. */
const S_MAX = 12;
const PANELS = 24;
const POINTS = 24;
const GRADING = 30;

/**
 * Threshold functions l_0..l_M at w of a quadrature regulator, as one array (index m). The
 * w-independent part (nodes, weights times measure times h) is built once per (regulator, d);
 * the last few w are cached since the same w recurs in beta and Jacobian calls.
 * l_0 is NaN for a regulator whose l_0 diverges (kernel: h/r -> 2(1 - y) as y -> infinity).
 */
export function thresholdEvaluator(reg: Regulator, d: number, M: number): (w: number) => Float64Array {
  const gl = gaussLegendre(POINTS);
  const rs: number[] = [];
  const ws: number[] = [];
  const h = S_MAX / PANELS;
  const v = vd(d);
  // Panels of width h; the first one graded geometrically towards s = 0, where s^(d-1) is not
  // smooth for non-integer d (uniform panels lose ~1e-8 at d = 2.5; graded ones keep ~1e-14).
  const cuts: number[] = [0];
  for (let j = GRADING; j >= 0; j--) cuts.push(h * 2 ** -j);
  for (let p = 2; p <= PANELS; p++) cuts.push(p * h);
  for (let p = 0; p + 1 < cuts.length; p++) {
    const lo = cuts[p]!;
    const width = cuts[p + 1]! - lo;
    for (let i = 0; i < POINTS; i++) {
      const s = lo + (0.5 + 0.5 * gl.x[i]!) * width;
      const y = s * s;
      rs.push(reg.r(y));
      ws.push(0.5 * width * gl.w[i]! * v * Math.pow(s, d - 1) * reg.h(y));
    }
  }
  const R = Float64Array.from(rs);
  const W = Float64Array.from(ws);
  const cache = new Map<number, Float64Array>();
  return (w: number) => {
    const hit = cache.get(w);
    if (hit) return hit;
    const out = new Float64Array(M + 1);
    for (let j = 0; j < R.length; j++) {
      const g = 1 / (R[j]! + w);
      let t = W[j]! * g;
      for (let m = 0; m <= M; m++) {
        out[m]! += t;
        t *= g;
      }
    }
    if (!reg.l0) out[0] = NaN;
    if (cache.size > 64) cache.clear();
    cache.set(w, out);
    return out;
  };
}
