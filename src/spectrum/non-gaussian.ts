import { activation, uniformPhase } from '../activations/index.js';
import { gaussHermite, gaussLegendre } from '../numeric/index.js';
import type { NetworkSpec } from '../theory/index.js';
import { gegenbauerAll, multiplicity } from './gegenbauer.js';

/**
 * The leading 1/N correction to the renormalized ridge on the sphere, one hidden layer of width N
 * (docs/gp-rg.md, "Finite width"). The integrated modes f_>(x) = f(x) - (projection of f on degrees <= L)(x)
 * are not Gaussian at finite width; to first order in their fourth cumulant kappa_4 (Edgeworth) the
 * pointwise average of the likelihood over them gives the ridge
 *   sigma_c^2 -> sigma_c^2 - kappa_4 / (2 sigma_c^2).
 * The neurons are iid and W1 ~ N(0, sigma_w^2/N), so kappa_4 = (3 sigma_w^4/N) (E G^4 - (E G^2)^2) with
 * G = g(w.x + b) minus its projection on degrees <= L (as a function of x), over one neuron's (w, b). A neuron
 * is a ridge function of s = w.x/|w| sqrt(d): with rho = |w| sqrt(d) ~ sigma_w chi_d,
 *   G(rho, b, s) = g(rho s + b) - sum_{l <= L} N_l a_l(rho, b) P_l(s),   a_l = E_t[g(rho t + b) P_l(t)],
 * and s, t have the sphere's cosine density: rotation invariance makes kappa_4 the same at every x.
 */
export interface IntegratedCumulants {
  /** The highest kept degree L. */
  L: number;
  /** E[f_>(x)^2] = sigma_w^2 E G^2 (it must equal sum_{l > L} N_l lambda_l: a check of the quadrature). */
  variance: number;
  /** N kappa_4(f_>(x)): the fourth cumulant times the width. */
  widthTimesKappa4: number;
}

/** Cosine rule on [-1, 1] for the sphere's density of t, split at `kink` (in t) when it lies inside. */
function cosineRule(d: number, kink: number | undefined, nodes: number): { t: number[]; w: number[] } {
  const cuts = [0, ...(kink !== undefined && Math.abs(kink) < 1 ? [Math.acos(kink)] : []), Math.PI].sort((a, b) => a - b);
  const gl = gaussLegendre(nodes);
  const t: number[] = [];
  const w: number[] = [];
  let norm = 0;
  for (let p = 0; p + 1 < cuts.length; p++) {
    const lo = cuts[p]!;
    const hi = cuts[p + 1]!;
    for (let i = 0; i < nodes; i++) {
      const theta = lo + ((hi - lo) * (1 + gl.x[i]!)) / 2;
      const wi = ((hi - lo) / 2) * gl.w[i]! * Math.sin(theta) ** (d - 2);
      t.push(Math.cos(theta));
      w.push(wi);
      norm += wi;
    }
  }
  return { t, w: w.map((v) => v / norm) };
}

/**
 * Nodes and weights for rho = |w| sqrt(d) ~ sigma_w chi_d: Gauss–Legendre panels over u = rho/sigma_w in
 * [sqrt(d-1) -+ 9] (the chi density ~ u^(d-1) e^{-u^2/2} has width ~1/sqrt(2) there; e^{-81/2} beyond).
 */
function chiRule(d: number, sw: number): { x: number[]; w: number[] } {
  const mode = Math.sqrt(Math.max(d - 1, 0));
  const lo = Math.max(0, mode - 9);
  const hi = mode + 9;
  const panels = 9;
  const gl = gaussLegendre(12);
  const x: number[] = [];
  const logw: number[] = [];
  for (let p = 0; p < panels; p++) {
    const a = lo + ((hi - lo) * p) / panels;
    const b = lo + ((hi - lo) * (p + 1)) / panels;
    for (let i = 0; i < gl.x.length; i++) {
      const u = a + ((b - a) * (1 + gl.x[i]!)) / 2;
      x.push(sw * u);
      logw.push(Math.log(((b - a) / 2) * gl.w[i]!) + (d - 1) * Math.log(u) - (u * u) / 2);
    }
  }
  const top = Math.max(...logw);
  const w = logw.map((v) => Math.exp(v - top));
  const norm = w.reduce((s, v) => s + v, 0);
  return { x, w: w.map((v) => v / norm) };
}

/** b ~ N(0, sb^2): Gauss–Legendre panels (width <= 2 sb, 12 nodes) on [-8 sb, 8 sb] split at `breaks` (e^{-32} beyond). */
function gaussianBiasRule(sb: number, breaks: number[]): { x: number[]; w: number[] } {
  const lim = 8 * sb;
  const cuts = [-lim, ...breaks.filter((b) => Math.abs(b) < lim), lim].sort((a, b) => a - b);
  const gl = gaussLegendre(12);
  const x: number[] = [];
  const w: number[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const panels = Math.max(1, Math.ceil((cuts[k + 1]! - cuts[k]!) / (2 * sb)));
    const h = (cuts[k + 1]! - cuts[k]!) / panels;
    for (let p = 0; p < panels; p++) {
      for (let i = 0; i < gl.x.length; i++) {
        const b = cuts[k]! + h * (p + (1 + gl.x[i]!) / 2);
        x.push(b);
        w.push(((h / 2) * gl.w[i]! * Math.exp((-b * b) / (2 * sb * sb))) / (sb * Math.sqrt(2 * Math.PI)));
      }
    }
  }
  return { x, w };
}

/** The integrated modes' variance and fourth cumulant at a point of the sphere, for cutoffs L (one hidden layer). */
export function integratedCumulants(net: NetworkSpec, cutoffs: number[], nodes = 96): IntegratedCumulants[] {
  if (net.depth !== 1) throw new RangeError('integratedCumulants: one hidden layer');
  const act = activation(net.activation);
  const d = net.d_in;
  const sw2 = net.sigma_w ** 2;
  const uniform = uniformPhase(act.hiddenBias);
  const variance = (uniform ? 0 : net.sigma_b ** 2) + sw2; // Var z on the sphere (GaussNet's normalization)
  const rhos = chiRule(d, net.sigma_w);
  const kinked = act.kinks.length > 0;
  const smoothBias = uniform
    ? (() => {
        const gl = gaussLegendre(48);
        return { x: Array.from(gl.x, (v) => Math.PI * v), w: Array.from(gl.w, (v) => v / 2) };
      })()
    : net.sigma_b === 0
      ? { x: [0], w: [1] }
      : (() => {
          const r = gaussHermite(40);
          return { x: Array.from(r.x, (v) => net.sigma_b * v), w: Array.from(r.w) };
        })();
  // With a kink, the integrand is not smooth in b where the kink leaves the sphere (|b| = rho for a kink at 0):
  // Gaussian panels split there.
  const biasesAt = (rho: number) =>
    kinked && !uniform && net.sigma_b > 0
      ? gaussianBiasRule(
          net.sigma_b,
          act.kinks.flatMap((k) => [k - rho, k + rho]),
        )
      : smoothBias;
  const Lmax = Math.max(...cutoffs, 0);
  const N = Array.from({ length: Lmax + 1 }, (_, l) => multiplicity(d, l));
  const m2 = new Float64Array(cutoffs.length);
  const m4 = new Float64Array(cutoffs.length);
  const P = new Float64Array(Lmax + 1);
  for (let i = 0; i < rhos.x.length; i++) {
    const rho = rhos.x[i]!;
    const biases = biasesAt(rho);
    for (let j = 0; j < biases.x.length; j++) {
      const b = biases.x[j]!;
      const weight = rhos.w[i]! * biases.w[j]!;
      if (weight < 1e-300) continue;
      const kink = act.kinks.length === 1 ? (act.kinks[0]! - b) / rho : undefined;
      const rule = cosineRule(d, kink, nodes);
      const gv = rule.t.map((t) => act.g(rho * t + b, variance));
      const Pt = rule.t.map((t) => Float64Array.from(gegenbauerAll(d, Lmax, t, P)));
      const a = new Float64Array(Lmax + 1);
      rule.t.forEach((_, k) => {
        for (let l = 0; l <= Lmax; l++) a[l]! += rule.w[k]! * gv[k]! * Pt[k]![l]!;
      });
      cutoffs.forEach((L, c) => {
        let s2 = 0;
        let s4 = 0;
        rule.t.forEach((_, k) => {
          let G = gv[k]!;
          for (let l = 0; l <= L; l++) G -= N[l]! * a[l]! * Pt[k]![l]!;
          const G2 = G * G;
          s2 += rule.w[k]! * G2;
          s4 += rule.w[k]! * G2 * G2;
        });
        m2[c]! += weight * s2;
        m4[c]! += weight * s4;
      });
    }
  }
  return cutoffs.map((L, c) => ({ L, variance: sw2 * m2[c]!, widthTimesKappa4: 3 * sw2 * sw2 * (m4[c]! - m2[c]! ** 2) }));
}
