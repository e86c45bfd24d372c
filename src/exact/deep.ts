/**
 * The leading 1/N finite-width correlators of deep networks (any depth L, d_out outputs): the four-point vertex
 * recursion of Roberts, Yaida and Hanin (The Principles of Deep Learning Theory, arXiv:2106.10165, ch. 4),
 * derived here in nnrg's conventions (docs/exact-and-validation.md, "Deep networks").
 *
 * Layer l has n_l neurons with pre-activations z^(l)_j(x); given layer l, the z^(l+1)_j are iid over j and
 * Gaussian with covariance Ghat^(l+1)(x, y) = C_b + (C_W/n_l) sum_j sigma_j(x) sigma_j(y), C_W = sigma_w^2,
 * sigma_j(x) = g(z^(l)_j(x)). So the connected 4-point function of z^(l+1) (and of f = z^(L+1)) is, exactly,
 *   sum_{3 pairings} delta delta Cov(Ghat_12, Ghat_34),
 * and its 2-point function is E Ghat. With Ghat^(l) = K^(l) + dG, E dG = J^(l) = O(1/n), Cov dG = O(1/n) and
 * higher cumulants O(1/n^2), expanding <.>_Ghat around the kernel K^(l) gives, to leading order,
 *   Cov^(l+1)_{12,34} = (C_W^2/n_l) [<s1 s2 s3 s4> - <s1 s2><s3 s4>] + C_W^2 sum_{e, f} D_12^e D_34^f Cov^(l)_{e,f},
 *   J^(l+1)_12        = C_W [sum_e D_12^e J^(l)_e + (1/2) sum_{e, f} H_12^{ef} Cov^(l)_{e,f}],
 * with <.> the Gaussian expectation over N(0, K^(l)), e, f the independent entries of the symmetric kernel,
 * D_12^e = d<s1 s2>/dK_e and H_12^{ef} = d^2<s1 s2>/dK_e dK_f (nonzero only for e, f within {1, 2}).
 * Cov^(1) = J^(1) = 0 (the first layer's pre-activations are Gaussian). In RYH's normalization the vertex is
 * V^(l) = n_{l-1} Cov^(l) and the NLO metric K^{1}(l) = n_{l-1} J^(l).
 */
import { activation, type Activation } from '../activations/index.js';
import { entryKeys, wickComponents } from '../correlators/index.js';
import { layerCovariances, pairExpectation } from '../kernel/index.js';
import { gaussianPanels, NumericalError } from '../numeric/index.js';
import { hiddenWidths, InputError, type NetworkSpec, type Theory } from '../theory/index.js';
import { gaussianMoments } from './moments.js';
import { pairings } from './outputs.js';
import { SeriesSpace } from './series.js';

/** One entry of the prediction, on a multiset of (point, component) pairs as in the correlator documents. */
export interface LeadingOrderEntry {
  idx: number[];
  components?: number[];
  /** gp + delta. */
  value: number;
  /** The infinite-width (Wick) value. */
  gp: number;
  /** The O(1/N) part of G - gp at these widths (O(1/N^2) dropped). */
  delta: number;
  /** delta / gp (NaN where gp = 0). */
  m: number;
}

/** The excess kurtosis kappa4 / K^2 of one output at one input point, at each depth 1..L (widths n_1..n_depth). */
export interface KurtosisByDepth {
  depth: number;
  /** Per point: 3 Cov(Ghat(x, x), Ghat(x, x)) / K(x, x)^2 at these widths. */
  excess: number[];
}

export interface LeadingOrder {
  kind: 'leading-order';
  theory: string;
  depth: number;
  /** Hidden widths n_1..n_L. */
  widths: number[];
  /** Numbers for d_in = 1, else lists of d_in coordinates. */
  points: (number | number[])[];
  correlators: Record<'2' | '4' | '6', LeadingOrderEntry[]>;
  /** The connected 4-point function (leading order, O(1/N)) on the entries of "4". */
  connected: { '4': number[] };
  kurtosis: KurtosisByDepth[];
  method: string;
  accuracy: string;
}

/** f(alpha, beta, s) = E[g(u, Va) g(v, Vb)] with u = alpha eta1, v = beta eta1 + sqrt(s) eta2 (the Cholesky coordinates of the pair). */
type PairFunction = (alpha: number, beta: number, s: number, Va: number, Vb: number) => number;

/**
 * Gauss–Legendre points per unit panel of the pair quadrature for smooth activations without a usable closed form,
 * by the pre-activation variance (steep activations need more): measured against erf's closed form, 12 points
 * (288 nodes per dimension on [-12, 12]) give 5e-12 up to Var z = 10, 16 points 5e-9 at Var z = 100 (Gauss–Hermite
 * needs far more nodes: 1e-3 at 64 for erf, Var z = 9). The stencil of one derivative keeps V, hence one rule.
 */
const panelPoints = (V: number) => (V <= 10 ? 12 : 16);

/**
 * Whether g reads the pre-activation variance V (GaussNet's normalization): probed, since the recursion keeps V
 * at its infinite-width value while the covariance fluctuates (as the network does), and a closed form that ties
 * V to the variance cannot be differentiated then.
 */
function readsVariance(act: Activation): boolean {
  return [-1.7, -0.3, 0.4, 1.9].some((z) => act.g(z, 0.5) !== act.g(z, 2));
}

function pairFunction(act: Activation): { f: PairFunction; method: string } {
  if (act.pairExpectation && !readsVariance(act)) {
    return { f: (al, be, s) => pairExpectation(act, al * al, be * be + s, al * be), method: 'closed-form pair expectations' };
  }
  if (act.kinks.length > 0 || act.hiddenBias !== 'gaussian') {
    throw new NumericalError(`the 1/N recursion has no pair expectation for ${act.name} (a kinked or phase-averaged activation needs a closed form)`);
  }
  const rules = new Map<number, ReturnType<typeof gaussianPanels>>();
  const ruleFor = (V: number) => {
    const ppp = panelPoints(V);
    if (!rules.has(ppp)) rules.set(ppp, gaussianPanels([], ppp));
    return rules.get(ppp)!;
  };
  // E[g(v) | eta1] on the outer nodes depends on (beta, s, Vb) only: the stencils in alpha reuse it
  const innerMemo = new Map<string, Float64Array>();
  const inner = (rule: ReturnType<typeof gaussianPanels>, be: number, s: number, Vb: number) => {
    const n = rule.x.length;
    const key = `${n},${be},${s},${Vb}`;
    let hit = innerMemo.get(key);
    if (hit) return hit;
    if (innerMemo.size > 64) innerMemo.clear();
    const rs = Math.sqrt(s);
    hit = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const m = be * rule.x[i]!;
      let t = 0;
      for (let j = 0; j < n; j++) t += rule.w[j]! * act.g(m + rs * rule.x[j]!, Vb);
      hit[i] = t;
    }
    innerMemo.set(key, hit);
    return hit;
  };
  return {
    f: (al, be, s, Va, Vb) => {
      const rule = ruleFor(Math.max(Va, Vb));
      const I = inner(rule, be, s, Vb);
      let total = 0;
      for (let i = 0; i < I.length; i++) total += rule.w[i]! * act.g(al * rule.x[i]!, Va) * I[i]!;
      return total;
    },
    method: 'pair expectations by Gauss–Legendre panels (288 or 384 nodes per dimension)',
  };
}

/** Central, forward 4th-order stencils: offsets (in steps) and weights, for first and second derivatives. */
const CENTRAL1 = { o: [-2, -1, 1, 2], w: [1 / 12, -8 / 12, 8 / 12, -1 / 12] };
const CENTRAL2 = { o: [-2, -1, 0, 1, 2], w: [-1 / 12, 16 / 12, -30 / 12, 16 / 12, -1 / 12] };
const FORWARD1 = { o: [0, 1, 2, 3, 4], w: [-25 / 12, 48 / 12, -36 / 12, 16 / 12, -3 / 12] };
const FORWARD2 = { o: [0, 1, 2, 3, 4, 5], w: [15 / 4, -77 / 6, 107 / 6, -13, 61 / 12, -5 / 6] };
/** 2nd-order first-derivative stencils for the mixed second derivatives (fewer evaluations; O(h^2) = 1e-6 there). */
const MIXED_CENTRAL = { o: [-1, 1], w: [-1 / 2, 1 / 2] };
const MIXED_FORWARD = { o: [0, 1, 2], w: [-3 / 2, 2, -1 / 2] };
/** Relative step of the finite differences: O(h^4) truncation ~1e-12 (mixed: O(h^2) ~1e-6), round-off ~1e-16/h^2 = 1e-10. */
const STEP = 1e-3;

interface Derivatives {
  grad: number[];
  hess: number[][];
}

/**
 * Gradient and Hessian of P(a, b, c) = E[g(u, Va) g(v, Vb)], (u, v) ~ N(0, [[a, c], [c, b]]), V fixed at a and b,
 * by finite differences in the Cholesky coordinates y = (alpha, beta, s), a = alpha^2, c = alpha beta,
 * b = beta^2 + s (only s >= 0 is bounded: one-sided stencils there), then the chain rule to (a, b, c).
 */
function pairDerivatives(f: PairFunction, kinked: boolean, a: number, b: number, c: number): Derivatives {
  const al = Math.sqrt(a);
  const be = c / al;
  const s = Math.max(0, b - (c * c) / a);
  const h = [STEP * al, STEP * Math.sqrt(b), STEP * b];
  let sFirst = CENTRAL1;
  let sSecond: typeof CENTRAL2 | null = CENTRAL2;
  let sMixed = MIXED_CENTRAL;
  if (s < 2.5 * h[2]!) {
    if (!kinked) {
      sFirst = FORWARD1;
      sSecond = FORWARD2;
      sMixed = MIXED_FORWARD;
    } else if (s > 1e-10 * b) {
      // a kink makes P non-analytic at s = 0 (~ s^{3/2}): stay inside with small central steps
      h[2] = s / 2.5;
    } else {
      // (anti)collinear pre-activations: the fluctuations keep s = 0 exactly (rank one), so the s-derivatives carry
      // no weight; a one-sided first derivative and no curvature avoid the divergent s^{-1/2}
      h[2] = 1e-6 * b;
      sFirst = { o: [0, 1], w: [-1, 1] };
      sSecond = null;
    }
  }
  const Va = a;
  const Vb = b;
  const at = (d: number[]) => f(al + d[0]! * h[0]!, be + d[1]! * h[1]!, s + d[2]! * h[2]!, Va, Vb);
  const first = [CENTRAL1, CENTRAL1, sFirst];
  const second = [CENTRAL2, CENTRAL2, sSecond];
  const mixed = [MIXED_CENTRAL, MIXED_CENTRAL, sMixed];
  const gy = [0, 0, 0];
  const Hy = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const unit = (k: number, t: number) => [0, 1, 2].map((i) => (i === k ? t : 0));
  for (let k = 0; k < 3; k++) {
    const st = first[k]!;
    gy[k] = st.o.reduce((t, o, i) => t + st.w[i]! * at(unit(k, o)), 0) / h[k]!;
    const s2 = second[k];
    if (s2) Hy[k]![k] = s2.o.reduce((t, o, i) => t + s2.w[i]! * at(unit(k, o)), 0) / (h[k]! * h[k]!);
    for (let m = 0; m < k; m++) {
      if (!second[m] || !s2) continue;
      const sk = mixed[k]!;
      const sm = mixed[m]!;
      let t = 0;
      for (let i = 0; i < sk.o.length; i++)
        for (let j = 0; j < sm.o.length; j++) {
          const d = [0, 0, 0];
          d[k] = sk.o[i]!;
          d[m] = sm.o[j]!;
          t += sk.w[i]! * sm.w[j]! * at(d);
        }
      Hy[k]![m] = Hy[m]![k] = t / (h[k]! * h[m]!);
    }
  }
  // Chain rule: J = dy/dx (x = a, b, c) and the second derivatives of y(x).
  const J = [
    [1 / (2 * al), 0, 0],
    [-be / (2 * a), 0, 1 / al],
    [(be * be) / a, 1, (-2 * be) / al],
  ];
  const y2 = [
    [
      [-1 / (4 * al * a), 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ],
    [
      [(3 * be) / (4 * a * a), 0, -1 / (2 * al * a)],
      [0, 0, 0],
      [-1 / (2 * al * a), 0, 0],
    ],
    [
      [(-2 * be * be) / (a * a), 0, (2 * be) / (al * a)],
      [0, 0, 0],
      [(2 * be) / (al * a), 0, -2 / a],
    ],
  ];
  const grad = [0, 1, 2].map((i) => gy.reduce((t, g, k) => t + g * J[k]![i]!, 0));
  const hess = [0, 1, 2].map((i) =>
    [0, 1, 2].map((j) => {
      let t = 0;
      for (let k = 0; k < 3; k++) {
        t += gy[k]! * y2[k]![i]![j]!;
        for (let m = 0; m < 3; m++) t += Hy[k]![m]! * J[k]![i]! * J[m]![j]!;
      }
      return t;
    }),
  );
  return { grad, hess };
}

/** d/da and d^2/da^2 of E[g(u, V)^2], u ~ N(0, a), V fixed at a. */
function squareDerivatives(f: PairFunction, a: number): { d1: number; d2: number } {
  const h = STEP * a;
  // E[g(u)^2] as the pair function at s = 0, beta = alpha
  const at = (t: number) => f(Math.sqrt(a + t * h), Math.sqrt(a + t * h), 0, a, a);
  return {
    d1: CENTRAL1.o.reduce((t, o, i) => t + CENTRAL1.w[i]! * at(o), 0) / h,
    d2: CENTRAL2.o.reduce((t, o, i) => t + CENTRAL2.w[i]! * at(o), 0) / (h * h),
  };
}

/** Index of the unordered pair {i, j} among the P(P+1)/2 pairs. */
function pairIndexer(P: number): { index: (i: number, j: number) => number; pairs: [number, number][] } {
  const pairs: [number, number][] = [];
  const table: number[][] = Array.from({ length: P }, () => new Array<number>(P).fill(0));
  for (let i = 0; i < P; i++)
    for (let j = i; j < P; j++) {
      table[i]![j] = table[j]![i] = pairs.length;
      pairs.push([i, j]);
    }
  return { index: (i, j) => table[i]![j]!, pairs };
}

/** Moments <prod_p s_p^{c_p}> over N(0, K) up to degree 4, computed once per support of distinct points (rank <= 4). */
function momentTable(act: Activation, K: number[][]): { M: (pts: number[]) => number; accuracy: string[] } {
  const bySupport = new Map<string, { space: SeriesSpace; values: Float64Array }>();
  const accuracy: string[] = [];
  const counts = new Int32Array(4);
  return {
    M: (pts) => {
      const support = [...new Set(pts)].sort((x, y) => x - y);
      const key = support.join(',');
      let hit = bySupport.get(key);
      if (!hit) {
        const space = new SeriesSpace(support.length, 4);
        const S = support.map((p) => support.map((q) => K[p]![q]!));
        const m = gaussianMoments(act, S, space);
        if (!accuracy.includes(m.accuracy)) accuracy.push(m.accuracy);
        hit = { space, values: m.values };
        bySupport.set(key, hit);
      }
      counts.fill(0);
      for (const p of pts) counts[support.indexOf(p)]!++;
      return hit.values[hit.space.indexOf(counts.subarray(0, support.length))!]!;
    },
    accuracy,
  };
}

/** The worst of the moment rules' accuracy statements (each starts with its relative error). */
function momentAccuracy(statements: string[]): string {
  const worst = Math.max(1e-15, ...statements.map((a) => Number.parseFloat(a)).filter(Number.isFinite));
  const kinks = statements.some((a) => a.includes('kinks')) ? '; kinks resolved only in the innermost variable for 3 or 4 distinct points' : '';
  return `layer moments ~${worst.toExponential(0)} relative (2-point moments against the GP kernel)${kinks}`;
}

function requireDeepNetwork(theory: Theory): NetworkSpec {
  if (!theory.network) throw new InputError(theory.file, 'network', 'a network section (finite-width correlators are those of a network)');
  return theory.network;
}

/**
 * The leading-order (1/N) finite-width correlators of the theory's network at hidden widths `width` (one for all
 * layers, or one per layer; default the theory's): G2 = K + J, the connected 4-point function from the vertex
 * recursion, G4 and G6 to O(1/N), on every multiset of (point, output component) pairs. At depth 1 the connected
 * 4-point function is exact and the rest is `exactCorrelators` to O(1/N).
 */
export function leadingOrder(theory: Theory, width?: number | number[]): LeadingOrder {
  const net = requireDeepNetwork(theory);
  const widths = hiddenWidths(theory, width);
  if (widths.length !== net.depth) {
    throw new InputError('command line', '--width', `one width, or network.depth = ${net.depth} widths (one per hidden layer)`, undefined, widths.join(','));
  }
  const bad = widths.find((n) => !Number.isInteger(n) || n < 1);
  if (bad !== undefined) throw new InputError(theory.file, 'ensemble.width', 'integer widths >= 1', undefined, String(bad));
  const act = activation(net.activation);
  const points = theory.ensemble.points;
  const P = points.length;
  const { index, pairs } = pairIndexer(P);
  const nPairs = pairs.length;
  const layers = layerCovariances(net, points);
  const { f, method: pairMethod } = pairFunction(act);
  const kinked = act.kinks.length > 0;
  const CW = net.sigma_w ** 2;
  const sb2 = net.sigma_b ** 2;
  let cov = new Float64Array(nPairs * nPairs);
  let J = new Float64Array(nPairs);
  const accuracy: string[] = [];
  const kurtosis: KurtosisByDepth[] = [];
  for (let l = 0; l < net.depth; l++) {
    const K = layers.preactivations[l]!;
    const zero = K.findIndex((row, p) => !(row[p]! > 0));
    if (zero >= 0) {
      throw new NumericalError(
        `the 1/N recursion needs a positive pre-activation variance; point ${zero} has K(x, x) = ${K[zero]![zero]} at layer ${l + 1} (e.g. x ` +
          `= 0 with sigma_b = 0)`,
      );
    }
    const table = momentTable(act, K);
    // D and H of each pair's <s_i s_j>, on the pair's own entries (i,i), (j,j), (i,j).
    const own: number[][] = [];
    const D: number[][] = [];
    const H: number[][][] = [];
    for (const [i, j] of pairs) {
      if (i === j) {
        const d = squareDerivatives(f, K[i]![i]!);
        own.push([index(i, i)]);
        D.push([d.d1]);
        H.push([[d.d2]]);
      } else {
        const d = pairDerivatives(f, kinked, K[i]![i]!, K[j]![j]!, K[i]![j]!);
        own.push([index(i, i), index(j, j), index(i, j)]);
        D.push(d.grad);
        H.push(d.hess);
      }
    }
    const M2 = pairs.map(([i, j]) => table.M([i, j]));
    const n = widths[l]!;
    const next = new Float64Array(nPairs * nPairs);
    const nextJ = new Float64Array(nPairs);
    for (let A = 0; A < nPairs; A++) {
      const [i, j] = pairs[A]!;
      for (let B = A; B < nPairs; B++) {
        const [k, m] = pairs[B]!;
        let t = (table.M([i, j, k, m]) - M2[A]! * M2[B]!) / n;
        const oa = own[A]!;
        const ob = own[B]!;
        for (let e = 0; e < oa.length; e++) for (let g = 0; g < ob.length; g++) t += D[A]![e]! * D[B]![g]! * cov[oa[e]! * nPairs + ob[g]!]!;
        next[A * nPairs + B] = next[B * nPairs + A] = CW * CW * t;
      }
      const oa = own[A]!;
      let t = 0;
      for (let e = 0; e < oa.length; e++) {
        t += D[A]![e]! * J[oa[e]!]!;
        for (let g = 0; g < oa.length; g++) t += 0.5 * H[A]![e]![g]! * cov[oa[e]! * nPairs + oa[g]!]!;
      }
      nextJ[A] = CW * t;
    }
    for (const a of table.accuracy) if (!accuracy.includes(a)) accuracy.push(a);
    cov = next;
    J = nextJ;
    // the output at depth l + 1: f = z^(l+2) with the output bias sigma_b^2
    kurtosis.push({
      depth: l + 1,
      excess: points.map((_, p) => {
        const Kout = sb2 + CW * M2[index(p, p)]!;
        return (3 * cov[index(p, p) * nPairs + index(p, p)]!) / (Kout * Kout);
      }),
    });
  }
  const K = layers.output;
  const C = (i: number, j: number, k: number, m: number) => cov[index(i, j) * nPairs + index(k, m)]!;
  const Jm = (i: number, j: number) => J[index(i, j)]!;
  const rho4 = pairings(4);
  const rho6 = pairings(6);
  const ok = (rho: [number, number][], a: number[] | undefined) => !a || rho.every(([p, q]) => a[p] === a[q]);
  const kappa4 = (x: number[], a: number[] | undefined) =>
    rho4.reduce((t, rho) => {
      const [[p, q], [r, s]] = rho as [[number, number], [number, number]];
      return ok(rho, a) ? t + C(x[p]!, x[q]!, x[r]!, x[s]!) : t;
    }, 0);
  // G2 = K + J: the O(1/N) part of a product of 2-point functions over a pairing is sum over its pairs of J x the other Ks.
  const pairingDelta = (x: number[], rho: [number, number][]) =>
    rho.reduce((t, [p, q], k) => t + Jm(x[p]!, x[q]!) * rho.reduce((u, [r, s], m) => (m === k ? u : u * K[x[r]!]![x[s]!]!), 1), 0);
  const splits: [number[], [number, number]][] = [];
  for (let i = 0; i < 6; i++) for (let j = i + 1; j < 6; j++) splits.push([[0, 1, 2, 3, 4, 5].filter((k) => k !== i && k !== j), [i, j]]);
  const pick = (xs: number[], pos: number[]) => pos.map((k) => xs[k]!);
  const connected4: number[] = [];
  const correlators = {} as LeadingOrder['correlators'];
  for (const order of ['2', '4', '6'] as const) {
    correlators[order] = entryKeys(P, net.d_out, Number(order)).map(({ idx, components }) => {
      const gp = wickComponents(K, idx, components);
      let delta = 0;
      if (order === '2') delta = ok([[0, 1]], components) ? Jm(idx[0]!, idx[1]!) : 0;
      else if (order === '4') {
        const c4 = kappa4(idx, components);
        connected4.push(c4);
        delta = c4 + rho4.reduce((t, rho) => (ok(rho, components) ? t + pairingDelta(idx, rho) : t), 0);
      } else {
        delta = rho6.reduce((t, rho) => (ok(rho, components) ? t + pairingDelta(idx, rho) : t), 0);
        for (const [four, [i, j]] of splits) {
          if (components && components[i] !== components[j]) continue;
          delta += kappa4(pick(idx, four), components && pick(components, four)) * K[idx[i]!]![idx[j]!]!;
        }
      }
      return { idx, ...(components ? { components } : {}), value: gp + delta, gp, delta, m: gp === 0 ? Number.NaN : delta / gp };
    });
  }
  return {
    kind: 'leading-order',
    theory: theory.name,
    depth: net.depth,
    widths,
    points: points.map((p) => (net.d_in === 1 ? p[0]! : p)),
    correlators,
    connected: { '4': connected4 },
    kurtosis,
    method:
      `leading order in 1/N: the four-point vertex recursion (O(1/N^2) dropped); layer moments <s s s s> by closed form or the ` +
      `quadrature of exact/; derivatives of the ${pairMethod} by 4th-order finite differences`,
    accuracy: `${momentAccuracy(accuracy)}; derivatives ~1e-9 relative (finite differences)`,
  };
}
