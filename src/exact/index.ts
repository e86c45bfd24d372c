/**
 * exact/: finite-width correlators of one-hidden-layer networks, exactly.
 *
 * f(x) = b1 + sum_j X_j(x), X_j = W1_j g(z_j(x)) iid, W1 ~ N(0, sigma_w^2/N). The cumulant generating
 * function of (f(y_1), ..., f(y_P)) is
 *   log E exp(t.f) = sigma_b^2 (sum t)^2 / 2 + N log E exp(t.X),
 *   E exp(t.X) = sum_c E[W1^|c|] M(c) t^c / c!,   E[W1^2k] = (2k-1)!! (sigma_w^2/N)^k,
 * with the one-neuron moments M(c) = E[prod_p g(z_p)^{c_p}] (moments.ts). Splitting it into its quadratic
 * part Q = t^T K t / 2 and the rest C (connected 4-, 6-, ... point functions), the moments are
 *   E exp(t.f) = e^Q (1 + (e^C - 1)),
 * so Delta G = c! [t^c] e^Q (e^C - 1) comes without subtracting the Gaussian part. Everything is a
 * truncated power series (series.ts); the estimator variance needs the 12th order.
 */
import { multisets, wick, type CorrelatorEntry, type CorrelatorOrder, type ExactDocument, type PlanRow } from '../correlators/index.js';
import { networkKernel } from '../kernel/index.js';
import { InputError, LIMITS, type NetworkSpec, type Point, type Theory } from '../theory/index.js';
import { neuronMoments, type NeuronMoments } from './moments.js';
import { requireFinite } from '../numeric/index.js';
import { SeriesSpace } from './series.js';

export { SeriesSpace } from './series.js';
export { neuronMoments, preactivationCovariance, reducedFactor, type NeuronMoments } from './moments.js';
export type { PlanRow } from '../correlators/index.js';

const ORDERS: CorrelatorOrder[] = ['2', '4', '6'];
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

function requireNetwork(theory: Theory): NetworkSpec {
  if (!theory.network) throw new InputError(theory.file, 'network', 'a network section (exact correlators are those of a network)');
  if (theory.network.depth !== 1) {
    throw new InputError(
      theory.file,
      'network.depth',
      '1 for exact finite-width correlators (the neurons of one hidden layer are iid; deeper networks are not)',
      undefined,
      String(theory.network.depth),
    );
  }
  return theory.network;
}

function checkWidth(theory: Theory, width: number): void {
  if (!Number.isInteger(width) || width < 1) throw new InputError(theory.file, 'ensemble.width', 'an integer width >= 1', undefined, String(width));
}

/** Moment and cumulant series of f at width N, degree <= D, on the given points. */
export function exactSeries(net: NetworkSpec, points: Point[], width: number, D: number): ExactSeries {
  const space = new SeriesSpace(points.length, D);
  const moments = neuronMoments(net, points, space);
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

function countVector(P: number, idx: number[], times = 1): Int32Array {
  const c = new Int32Array(P);
  for (const i of idx) c[i]! += times;
  return c;
}

/** G^(2), G^(4), G^(6) at width N on all multisets of the theory's points (stderr 0). */
export function exactCorrelators(theory: Theory, width: number): ExactDocument {
  const net = requireNetwork(theory);
  checkWidth(theory, width);
  const points = theory.ensemble.points;
  const most = LIMITS.correlatorPoints;
  if (points.length > most.max)
    throw new InputError(theory.file, 'ensemble.points', `at most ${most.max} points (${most.why})`, undefined, `${points.length} points`);
  const series = exactSeries(net, points, width, 6);
  const K = networkKernel(net).matrix(points);
  const correlators = {} as Record<CorrelatorOrder, CorrelatorEntry[]>;
  for (const order of ORDERS) {
    correlators[order] = multisets(points.length, Number(order)).map((idx) => {
      const i = series.space.indexOf(countVector(points.length, idx))!;
      // gp from the GP kernel (as the sampler does); the deviation from the series.
      const gp = wick(K, idx);
      const d = series.delta[i]!;
      return { idx, value: gp + d, stderr: 0, gp, m: d / gp };
    });
  }
  const connected = (order: number) => multisets(points.length, order).map((idx) => series.cumulants[series.space.indexOf(countVector(points.length, idx))!]!);
  const values = Object.fromEntries(ORDERS.map((o) => [`G${o}`, correlators[o].map((e) => [e.value, e.gp])]));
  requireFinite(
    { ...values, connected4: connected(4), connected6: connected(6) },
    `the finite-width moments exceed double precision at sigma_w = ${net.sigma_w}, sigma_b = ${net.sigma_b} (they grow like exp of the pre-activation variance for GaussNet): lower sigma_w, sigma_b or the points' |x|`,
  );
  return {
    kind: 'exact',
    theory: theory.name,
    width,
    nets: 0,
    bags: 0,
    seed: 0,
    points: points.map((p) => (net.d_in === 1 ? p[0]! : p)),
    correlators,
    exact: { method: series.moments.method, accuracy: series.moments.accuracy },
    connected: { '4': connected(4), '6': connected(6) },
  };
}

/**
 * Exact variance of the one-network estimator prod_i f(x_i) of each correlator (same order as the
 * document's entries): Var = G^(2n)(x_1, x_1, ..., x_n, x_n) - G^(n)(x_1..x_n)^2. The standard error of a
 * mean over n networks is sqrt(Var / n).
 */
export function estimatorVariance(theory: Theory, width: number): Record<CorrelatorOrder, number[]> {
  return estimatorVarianceDetail(theory, width).variance;
}

export interface VarianceDetail {
  variance: Record<CorrelatorOrder, number[]>;
  /** The same at infinite width (Gaussian), for comparison: a ratio >> 1 means heavy finite-width tails. */
  gaussianVariance: Record<CorrelatorOrder, number[]>;
  /** Exact values G and Delta G of each entry. */
  value: Record<CorrelatorOrder, number[]>;
  delta: Record<CorrelatorOrder, number[]>;
}

export function estimatorVarianceDetail(theory: Theory, width: number): VarianceDetail {
  const net = requireNetwork(theory);
  checkWidth(theory, width);
  const points = theory.ensemble.points;
  const P = points.length;
  // Degree-12 series in P variables: C(12 + P, P)/2 coefficients, and products grow as their square.
  if (P > MAX_VARIANCE_POINTS) {
    throw new InputError(
      theory.file,
      'ensemble.points',
      `at most ${MAX_VARIANCE_POINTS} points for exact estimator variances (sampling plans, the sampled-vs-exact check)`,
      undefined,
      `${P} points`,
    );
  }
  const series = exactSeries(net, points, width, 12);
  const at = (idx: number[], times: number) => series.space.indexOf(countVector(P, idx, times))!;
  const out: VarianceDetail = { variance: {} as never, gaussianVariance: {} as never, value: {} as never, delta: {} as never };
  for (const order of ORDERS) {
    const sets = multisets(P, Number(order));
    const g = sets.map((idx) => series.gaussian[at(idx, 1)]! + series.delta[at(idx, 1)]!);
    out.value[order] = g;
    out.delta[order] = sets.map((idx) => series.delta[at(idx, 1)]!);
    out.variance[order] = sets.map((idx, k) => {
      const j = at(idx, 2);
      return series.gaussian[j]! + series.delta[j]! - g[k]! ** 2;
    });
    out.gaussianVariance[order] = sets.map((idx) => series.gaussian[at(idx, 2)]! - series.gaussian[at(idx, 1)]! ** 2);
  }
  return out;
}

export function plan(theory: Theory, width: number, precision: number): PlanRow[] {
  if (!(precision > 0) || !Number.isFinite(precision))
    throw new InputError('command line', '--plan', 'a relative precision > 0, e.g. 0.01', undefined, String(precision));
  const v = estimatorVarianceDetail(theory, width);
  return ORDERS.map((order) => {
    let netsForG = 0;
    let netsForDelta = 0;
    let tailRatio = 0;
    v.variance[order].forEach((varN, k) => {
      netsForG = Math.max(netsForG, varN / (precision * v.value[order][k]!) ** 2);
      const d = v.delta[order][k]!;
      netsForDelta = Math.max(netsForDelta, d === 0 ? Infinity : varN / (precision * d) ** 2);
      tailRatio = Math.max(tailRatio, varN / v.gaussianVariance[order][k]!);
    });
    return { order, netsForG: Math.ceil(netsForG), netsForDelta: Math.ceil(netsForDelta), tailRatio, heavyTails: tailRatio > 10 };
  });
}
