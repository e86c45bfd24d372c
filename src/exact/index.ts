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
import { InputError, LIMITS, type Theory } from '../theory/index.js';
import { requireFinite } from '../numeric/index.js';
import { cancellation, checkWidth, exactSeries, requireNetwork, requireVarianceCase } from './network.js';
import { exactOutputCorrelators } from './outputs.js';

export { SeriesSpace } from './series.js';
export { exactSeries, MAX_VARIANCE_POINTS, type ExactSeries } from './network.js';
export { netsNeeded, targetPlan, targetVariances, type TargetVariance, type TargetVariances } from './plans.js';
export { neuronMoments, preactivationCovariance, reducedFactor, type NeuronMoments } from './moments.js';
export type { PlanRow, QuantityPlan } from '../correlators/index.js';
export { leadingOrder, type KurtosisByDepth, type LeadingOrder, type LeadingOrderEntry } from './deep.js';
export { exactOutputCorrelators, pairings, tensorCoefficients, type TensorCoefficients } from './outputs.js';

const ORDERS: CorrelatorOrder[] = ['2', '4', '6'];

function countVector(P: number, idx: number[], times = 1): Int32Array {
  const c = new Int32Array(P);
  for (const i of idx) c[i]! += times;
  return c;
}

/**
 * G^(2), G^(4), G^(6) at width N on all multisets of the theory's points (stderr 0); with d_out >= 2 outputs on
 * all multisets of (point, output component) pairs (outputs.ts).
 */
export function exactCorrelators(theory: Theory, width: number): ExactDocument {
  const net = requireNetwork(theory);
  checkWidth(theory, width);
  const points = theory.ensemble.points;
  const most = LIMITS.correlatorPoints;
  if (points.length * net.d_out > most.max) {
    const what = net.d_out > 1 ? [`(point, output) pairs`, `${points.length} points x ${net.d_out} outputs`] : ['points', `${points.length} points`];
    throw new InputError(theory.file, 'ensemble.points', `at most ${most.max} ${what[0]} (${most.why})`, undefined, what[1]);
  }
  const head = { kind: 'exact' as const, theory: theory.name, width, nets: 0, bags: 0, seed: 0, points: points.map((p) => (net.d_in === 1 ? p[0]! : p)) };
  if (net.d_out > 1) {
    const out = exactOutputCorrelators(net, points, width);
    const values = Object.fromEntries(ORDERS.map((o) => [`G${o}`, out.correlators[o].map((e) => e.value)]));
    requireFinite({ ...values, connected: out.connected }, momentsTooLarge(net));
    return { ...head, ...out };
  }
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
  requireFinite({ ...values, connected4: connected(4), connected6: connected(6) }, momentsTooLarge(net));
  return {
    ...head,
    correlators,
    exact: {
      method: series.moments.method,
      accuracy: series.moments.accuracy,
      connectedAccuracy: cancellation(net, width, series, [4, 6]) as { '4': number; '6': number },
    },
    connected: { '4': connected(4), '6': connected(6) },
  };
}

/** Why finite-width moments came out infinite: what a message about it says. */
export function momentsTooLarge(net: { sigma_w: number; sigma_b: number }): string {
  return (
    `the finite-width moments exceed double precision at sigma_w = ${net.sigma_w}, sigma_b = ${net.sigma_b} (they grow like exp of the ` +
    `pre-activation variance for GaussNet): lower sigma_w, sigma_b or the points' |x|`
  );
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
  const { net, points } = requireVarianceCase(theory, width);
  const P = points.length;
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
