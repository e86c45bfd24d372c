/**
 * Exact correlators of a one-hidden-layer network with d_out >= 2 outputs, and their O(d_out) tensor structure.
 *
 * f_a(x) = b1_a + sum_j W1_aj g(z_j(x)), W1_aj ~ N(0, s) iid (s = sigma_w^2/N), b1_a ~ N(0, sigma_b^2) iid. Given
 * the hidden layer the outputs are Gaussian with covariance delta_ab (sigma_b^2 + s sum_j g_j(x) g_j(y)), so the
 * joint cumulant of one neuron's X_aj(x_i) = W1_aj g_j(x_i) is (law of total cumulance; the conditional
 * cumulants of a Gaussian stop at order 2) a sum over the pairings rho of the n factors:
 *   kappa(X_{a1}(x1), ..., X_{an}(xn)) = s^{n/2} sum_rho delta_rho(a) kappa_g(g_p g_q : {p, q} in rho),
 * with kappa_g the joint cumulant of the n/2 pair products over (W0, b0). Neurons are iid, so the connected
 * n-point function of f is N times that:
 *   G4c = sum_{3 pairings pi} delta_pi(a) C_pi(x),  C_pi = (sigma_w^4/N)   (M(1234) - M(12) M(34)),
 *   G6c = sum_{15 pairings rho} delta_rho(a) C_rho(x), C_rho = (sigma_w^6/N^2) (M(123456) - M(1234) M(56)
 *         - M(1256) M(34) - M(3456) M(12) + 2 M(12) M(34) M(56))     (for rho = {12, 34, 56}),
 * with the one-neuron moments M (moments.ts). G2 = delta_ab K exactly, so
 *   Delta G4 = G4c,   Delta G6 = sum_{15 (4,2) splits} G4c(4) delta K(2) + G6c,
 * both exact at every N and free of cancellations between Gaussian and finite-width parts.
 */
import { entryKeys, wickComponents, type CorrelatorEntry, type CorrelatorOrder, type ExactDocument } from '../correlators/index.js';
import { networkKernel } from '../kernel/index.js';
import type { NetworkSpec, Point } from '../theory/index.js';
import { neuronMoments, type NeuronMoments, perturbedMoments } from './moments.js';
import { SeriesSpace } from './series.js';

/** The perfect matchings of positions 0..n-1 (n even), each as a list of position pairs: 3 for n = 4, 15 for n = 6. */
export function pairings(n: number): [number, number][][] {
  const rec = (rest: number[]): [number, number][][] => {
    if (rest.length === 0) return [[]];
    const [a, ...others] = rest;
    return others.flatMap((b, j) => rec(others.filter((_, k) => k !== j)).map((p) => [[a!, b] as [number, number], ...p]));
  };
  return rec(Array.from({ length: n }, (_, i) => i));
}

/** The tensor coefficients of the connected n-point function on one point multiset. */
export interface TensorCoefficients {
  /** The points (as in the documents' `idx`). */
  idx: number[];
  /** The pairings of the factors' positions, e.g. [[0, 1], [2, 3]] for delta_{a1 a2} delta_{a3 a4}. */
  pairings: [number, number][][];
  /** C_rho(x) of each pairing: G_c(a, x) = sum_rho delta_rho(a) C_rho(x). */
  coefficients: number[];
}

/** One-neuron moments on the points, with lookups by multiset of points (`lookup` for other values of the same space). */
function momentLookup(
  net: NetworkSpec,
  points: Point[],
): { M: (pts: number[]) => number; moments: NeuronMoments; lookup: (values: Float64Array) => (pts: number[]) => number } {
  const space = new SeriesSpace(points.length, 6);
  const moments = neuronMoments(net, points, space);
  const counts = new Int32Array(points.length);
  const lookup = (values: Float64Array) => (pts: number[]) => {
    counts.fill(0);
    for (const p of pts) counts[p]!++;
    return values[space.indexOf(counts)!]!;
  };
  return { M: lookup(moments.values), moments, lookup };
}

/** C_rho(x) of the connected 4- and 6-point functions, one function per order (positions' points in `x`). */
function coefficientFunctions(net: NetworkSpec, width: number, M: (pts: number[]) => number) {
  const s = net.sigma_w ** 2;
  const c4 = (s * s) / width;
  const c6 = (s * s * s) / (width * width);
  const at = (x: number[], pair: [number, number]) => [x[pair[0]]!, x[pair[1]]!];
  return {
    '4': (x: number[], [A, B]: [number, number][]) => c4 * (M(x) - M(at(x, A!)) * M(at(x, B!))),
    '6': (x: number[], [A, B, C]: [number, number][]) => {
      const a = at(x, A!);
      const b = at(x, B!);
      const c = at(x, C!);
      return c6 * (M(x) - M([...a, ...b]) * M(c) - M([...a, ...c]) * M(b) - M([...b, ...c]) * M(a) + 2 * M(a) * M(b) * M(c));
    },
  };
}

/** The tensor coefficients C_rho(x) of the connected 4- and 6-point functions on every point multiset, at width N. */
export function tensorCoefficients(net: NetworkSpec, points: Point[], width: number): Record<'4' | '6', TensorCoefficients[]> {
  const { M } = momentLookup(net, points);
  const C = coefficientFunctions(net, width, M);
  const out = {} as Record<'4' | '6', TensorCoefficients[]>;
  for (const order of ['4', '6'] as const) {
    const rhos = pairings(Number(order));
    out[order] = entryKeys(points.length, 1, Number(order)).map(({ idx }) => ({ idx, pairings: rhos, coefficients: rhos.map((r) => C[order](idx, r)) }));
  }
  return out;
}

const consistent = (rho: [number, number][], a: number[]) => rho.every(([p, q]) => a[p] === a[q]);

/**
 * G^(2), G^(4), G^(6) on every multiset of (point, output component) pairs, exactly, with the connected 4- and
 * 6-point functions (the document of `nnrg exact` for d_out >= 2).
 */
export function exactOutputCorrelators(net: NetworkSpec, points: Point[], width: number): Pick<ExactDocument, 'correlators' | 'exact' | 'connected'> {
  const { M, moments, lookup } = momentLookup(net, points);
  const K = networkKernel(net).matrix(points);
  const rho4 = pairings(4);
  const rho6 = pairings(6);
  const connectedOf = (C: ReturnType<typeof coefficientFunctions>) => ({
    '4': (x: number[], a: number[]) => rho4.reduce((t, r) => (consistent(r, a) ? t + C['4'](x, r) : t), 0),
    '6': (x: number[], a: number[]) => rho6.reduce((t, r) => (consistent(r, a) ? t + C['6'](x, r) : t), 0),
  });
  const { '4': connected4, '6': connected6 } = connectedOf(coefficientFunctions(net, width, M));
  // The 15 splits of 6 positions into a 4-set and a pair.
  const splits: [number[], [number, number]][] = [];
  for (let i = 0; i < 6; i++) for (let j = i + 1; j < 6; j++) splits.push([[0, 1, 2, 3, 4, 5].filter((k) => k !== i && k !== j), [i, j]]);
  const pick = (xs: number[], pos: number[]) => pos.map((k) => xs[k]!);
  const correlators = {} as Record<CorrelatorOrder, CorrelatorEntry[]>;
  const connected: Record<'4' | '6', number[]> = { '4': [], '6': [] };
  for (const order of ['2', '4', '6'] as const) {
    correlators[order] = entryKeys(points.length, net.d_out, Number(order)).map(({ idx, components }) => {
      const a = components!;
      const gp = wickComponents(K, idx, a);
      let delta = 0;
      if (order === '4') {
        delta = connected4(idx, a);
        connected['4'].push(delta);
      } else if (order === '6') {
        const c6 = connected6(idx, a);
        connected['6'].push(c6);
        delta = c6;
        for (const [four, [i, j]] of splits) if (a[i] === a[j]) delta += connected4(pick(idx, four), pick(a, four)) * K[idx[i]!]![idx[j]!]!;
      }
      return { idx, components: a, value: gp + delta, stderr: 0, gp, m: gp === 0 ? Number.NaN : delta / gp };
    });
  }
  // How many digits the connected functions keep (index.ts's connectedAccuracy): recomputed from perturbed moments.
  const change = { '4': 0, '6': 0 };
  for (const pattern of [0, 1]) {
    const other = connectedOf(coefficientFunctions(net, width, lookup(perturbedMoments(moments, pattern).values)));
    for (const order of ['4', '6'] as const) {
      entryKeys(points.length, net.d_out, Number(order)).forEach(({ idx, components }, e) => {
        change[order] = Math.max(change[order], Math.abs(other[order](idx, components!) - connected[order][e]!));
      });
    }
  }
  const largest = (xs: number[]) => Math.max(Number.MIN_VALUE, ...xs.map(Math.abs));
  const connectedAccuracy = { '4': Math.min(1, change['4'] / largest(connected['4'])), '6': Math.min(1, change['6'] / largest(connected['6'])) };
  return { correlators, exact: { method: moments.method, accuracy: moments.accuracy, connectedAccuracy }, connected };
}
