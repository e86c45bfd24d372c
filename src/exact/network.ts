/**
 * The exact series of one-hidden-layer networks (the derivation is in index.ts) and the checks of the
 * cases it applies to: shared by the correlators (index.ts) and the sampling plans (plans.ts).
 */
import type { NetworkSpec, Point, Theory } from '../theory/index.js';
import { InputError } from '../theory/index.js';
import { neuronMoments, type NeuronMoments, perturbedMoments } from './moments.js';
import { SeriesSpace } from './series.js';

/** Estimator variances need the degree-12 series: practical up to 6 points (18564 coefficients). */
export const MAX_VARIANCE_POINTS = 6;

/** The moment series of f at width N on the points, to total degree D. */
export interface ExactSeries {
  space: SeriesSpace;
  /** e^Q: the Gaussian (infinite-width) moments, c! [t^c]. */
  gaussian: Float64Array;
  /** e^Q (e^C - 1): the finite-width deviations. */
  delta: Float64Array;
  /** The cumulants of f (c! [t^c] of log E exp(t.f)): connected functions. */
  cumulants: Float64Array;
  moments: NeuronMoments;
}

export function requireNetwork(theory: Theory): NetworkSpec {
  if (!theory.network) throw new InputError(theory.file, 'network', 'a network section (exact correlators are those of a network)');
  if (theory.network.depth !== 1) {
    throw new InputError(
      theory.file,
      'network.depth',
      '1 for exact finite-width correlators (the neurons of one hidden layer are iid; deeper networks are not: leadingOrder, `nnrg exact`, gives them at O(1/N))',
      undefined,
      String(theory.network.depth),
    );
  }
  return theory.network;
}

export function checkWidth(theory: Theory, width: number): void {
  if (!Number.isInteger(width) || width < 1) throw new InputError(theory.file, 'ensemble.width', 'an integer width >= 1', undefined, String(width));
}

/** Moment and cumulant series of f at width N, degree <= D, on the given points. */
export function exactSeries(net: NetworkSpec, points: Point[], width: number, D: number): ExactSeries {
  const space = new SeriesSpace(points.length, D);
  return seriesOf(net, width, space, neuronMoments(net, points, space));
}

/**
 * How much of each order's cumulants (connected functions) survives the cancellation in N log E exp(t.X): the series
 * is recomputed from the moments perturbed by their accuracy (perturbedMoments, two sign patterns), and per order the largest
 * change of an entry is returned relative to the order's largest entry (capped at 1: no digit left). Small
 * pre-activation variances make it large: sigmoid at sigma_b = 0, x = 0.01 keeps ~6 digits of kappa6.
 */
export function cancellation(net: NetworkSpec, width: number, series: ExactSeries, orders: number[]): Record<string, number> {
  const { space, moments, cumulants } = series;
  const change = new Map<number, number>(orders.map((o) => [o, 0]));
  const largest = new Map<number, number>(orders.map((o) => [o, 0]));
  for (let i = 0; i < space.size; i++) {
    const n = space.degree[i]!;
    if (largest.has(n)) largest.set(n, Math.max(largest.get(n)!, Math.abs(cumulants[i]!)));
  }
  for (const pattern of [0, 1]) {
    const other = seriesOf(net, width, space, perturbedMoments(moments, pattern));
    for (let i = 0; i < space.size; i++) {
      const n = space.degree[i]!;
      if (change.has(n)) change.set(n, Math.max(change.get(n)!, Math.abs(other.cumulants[i]! - cumulants[i]!)));
    }
  }
  return Object.fromEntries(orders.map((o) => [String(o), Math.min(1, change.get(o)! / Math.max(largest.get(o)!, Number.MIN_VALUE))]));
}

function seriesOf(net: NetworkSpec, width: number, space: SeriesSpace, moments: NeuronMoments): ExactSeries {
  const s = net.sigma_w ** 2 / width;
  // Y = E exp(t.X) - 1.
  const Y = space.zero();
  for (let i = 0; i < space.size; i++) {
    const n = space.degree[i]!;
    if (n === 0) continue;
    let w = 1; // E[W1^n] = (n-1)!! s^(n/2)
    for (let k = n - 1; k > 1; k -= 2) w *= k;
    Y[i] = (w * Math.pow(s, n / 2) * moments.values[i]!) / space.factorial[i]!;
  }
  const logPhi = space.log1p(Y);
  const Q = space.zero();
  const C = space.zero();
  const sb2 = net.sigma_b ** 2;
  for (let i = 0; i < space.size; i++) {
    const deg = space.degree[i]!;
    let v = width * logPhi[i]!;
    if (deg === 2) {
      // sigma_b^2 (sum t)^2 / 2: t_p t_q coefficient sigma_b^2 (p != q), t_p^2 coefficient sigma_b^2 / 2.
      const c = space.monomials[i]!;
      v += c.some((x) => x === 2) ? sb2 / 2 : sb2;
      Q[i] = v;
    } else if (deg > 2) C[i] = v;
  }
  const eQ = space.expm1(Q);
  eQ[0] = 1;
  const eC = space.expm1(C);
  const delta = space.mul(eQ, eC);
  const cumulants = space.zero();
  for (let i = 0; i < space.size; i++) {
    const f = space.factorial[i]!;
    eQ[i]! *= f;
    delta[i]! *= f;
    cumulants[i] = (Q[i]! + C[i]!) * f;
  }
  return { space, gaussian: eQ, delta, cumulants, moments };
}

/** The network and points of a theory whose estimator variances (degree-12 series) can be computed. */
export function requireVarianceCase(theory: Theory, width: number): { net: NetworkSpec; points: Point[] } {
  const net = requireNetwork(theory);
  checkWidth(theory, width);
  const points = theory.ensemble.points;
  // Degree-12 series in P variables: C(12 + P, P)/2 coefficients, and products grow as their square.
  if (points.length > MAX_VARIANCE_POINTS) {
    throw new InputError(
      theory.file,
      'ensemble.points',
      `at most ${MAX_VARIANCE_POINTS} points for exact estimator variances (sampling plans, the sampled-vs-exact check)`,
      undefined,
      `${points.length} points`,
    );
  }
  return { net, points };
}
