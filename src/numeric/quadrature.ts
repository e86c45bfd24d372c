/**
 * Quadrature rules for expectations over standard normal variables: E[f(z)], z ~ N(0,1), as
 * sum_i w_i f(x_i). nnrg's kernels use Gauss–Legendre panels weighted by the normal density, split at
 * the activation's kinks: they need f analytic only near each panel. Gauss–Hermite needs f to grow
 * slower than e^{z^2/2} off the real axis too, which erf(s z) (growing like e^{s^2 y^2}) and tanh at
 * large variance (poles near the axis) violate: at Sigma = [[4,-3.9],[-3.9,4]] 96-node Gauss–Hermite is
 * off by 5e-8 for erf, panels by < 1e-15.
 */

export interface Rule {
  x: Float64Array;
  w: Float64Array;
}

const cache = new Map<string, Rule>();

/** Gauss–Legendre nodes and weights on [-1, 1] (Newton on P_n, standard initial guesses). */
export function gaussLegendre(n: number): Rule {
  const key = `gl${n}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = 0;
      for (let j = 1; j <= n; j++) {
        const p2 = p1;
        p1 = p0;
        p0 = ((2 * j - 1) * z * p1 - (j - 1) * p2) / j;
      }
      dp = (n * (z * p0 - p1)) / (z * z - 1);
      const dz = p0 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x[i] = -z;
    x[n - 1 - i] = z;
    w[i] = w[n - 1 - i] = 2 / ((1 - z * z) * dp * dp);
  }
  const rule = { x, w };
  cache.set(key, rule);
  return rule;
}

/**
 * Probabilists' Gauss–Hermite rule: E[f(z)] for z ~ N(0,1) ≈ sum w_i f(x_i), exact for polynomials
 * of degree < 2n. Nodes by Newton iteration on orthonormal Hermite polynomials (stable for n ≤ 200).
 */
export function gaussHermite(n: number): Rule {
  const key = `gh${n}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  const pim4 = Math.pow(Math.PI, -0.25);
  let z = 0;
  for (let i = 0; i < Math.floor((n + 1) / 2); i++) {
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * Math.pow(2 * n + 1, -1 / 6);
    else if (i === 1) z -= (1.14 * Math.pow(n, 0.426)) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * x[0]!;
    else if (i === 3) z = 1.91 * z - 0.91 * x[1]!;
    else z = 2 * z - x[i - 2]!;
    let pp = 0;
    for (let it = 0; it < 200; it++) {
      let p1 = pim4;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const dz = p1 / pp;
      z -= dz;
      if (Math.abs(dz) <= 1e-15 * Math.max(1, Math.abs(z))) break;
    }
    x[i] = z;
    x[n - 1 - i] = -z;
    w[i] = w[n - 1 - i] = 2 / (pp * pp);
  }
  // Physicists' rule (weight e^{-t^2}) -> probabilists': z = sqrt(2) t, weights / sqrt(pi).
  const rule = { x: x.map((t) => Math.SQRT2 * t).reverse(), w: w.map((v) => v / Math.sqrt(Math.PI)).reverse() };
  cache.set(key, rule);
  return rule;
}

/** Half-width of the truncated normal domain for panel rules: the tail mass beyond 12 is 3.6e-33. */
const TAIL = 12;

/**
 * Rule for E[f(z)], z ~ N(0,1), when f is smooth except at `breaks`: Gauss–Legendre panels of
 * width <= 1 on [-12, 12], split at every break, weights times the normal density.
 */
export function gaussianPanels(breaks: number[], pointsPerPanel = 20): Rule {
  const cuts = [-TAIL, ...breaks.filter((b) => Number.isFinite(b) && Math.abs(b) < TAIL).sort((a, b) => a - b), TAIL];
  const gl = gaussLegendre(pointsPerPanel);
  const xs: number[] = [];
  const ws: number[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const lo = cuts[k]!;
    const hi = cuts[k + 1]!;
    if (hi - lo < 1e-300) continue;
    const panels = Math.max(1, Math.ceil(hi - lo));
    const h = (hi - lo) / panels;
    for (let p = 0; p < panels; p++) {
      const mid = lo + (p + 0.5) * h;
      for (let i = 0; i < pointsPerPanel; i++) {
        const z = mid + 0.5 * h * gl.x[i]!;
        xs.push(z);
        ws.push((0.5 * h * gl.w[i]! * Math.exp(-0.5 * z * z)) / Math.sqrt(2 * Math.PI));
      }
    }
  }
  return { x: Float64Array.from(xs), w: Float64Array.from(ws) };
}

/** The 1-d rule for E[f(z)] with an integrand smooth except at `breaks` (cached when there are none). */
export function normalRule(breaks: number[]): Rule {
  if (breaks.length > 0) return gaussianPanels(breaks);
  const hit = cache.get('panels');
  if (hit) return hit;
  const rule = gaussianPanels([]);
  cache.set('panels', rule);
  return rule;
}
