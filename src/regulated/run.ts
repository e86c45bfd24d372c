/**
 * `nnrg regulated`: the measured vertices of the regulated ensemble on a k grid, the exact ones (P = 1), the
 * truncated flows down from k_UV and up from k = 0, their deviations from the measured vertices, verdicts and the
 * conditioning of the regulated covariance (docs/regulated.md).
 */
import { isSampled, SAMPLED_ACTIVATIONS } from '../activations/index.js';
import { momentsTooLarge } from '../exact/index.js';
import { networkKernel } from '../kernel/index.js';
import { NumericalError } from '../numeric/index.js';
import { InputError, LIMITS, type Point, type Theory } from '../theory/index.js';
import { sampleRegulated, type SampledRegulated } from './estimator.js';
import { doubleFactorial, exactRegulated, irCumulants } from './exact.js';
import { runFlow } from './flow.js';
import { multisetTable, symmetricEigenvalues, type SymTensor, toMatrix } from './tensor.js';
import { vertices } from './vertices.js';

/** The tensors are dense in P^n (n <= 8) and the flow's series have C(P + 8, 8) terms: at most 4 points. */
export const MAX_POINTS = 4;
export const ORDERS = [4, 6, 8] as const;
export type VertexOrder = '2' | '4' | '6' | '8';
export type Direction = 'down' | 'up';

/** One vertex entry: a multiset of point indices, its value and standard error (0 exact, null for flows). */
export interface VertexEntry {
  idx: number[];
  value: number | null;
  stderr: number | null;
}

/** A vertex over the k grid: one list of entries per k. */
export type VertexSeries = VertexEntry[][];

export interface FlowStopRecord {
  order: number;
  direction: Direction;
  k: number;
  reason: string;
  message: string;
}

export interface Verdict {
  order: number | 'all';
  direction: Direction;
  /** 'not compared': no k of the grid lies on the flow's way (e.g. `--k` with k_UV only, flowing down). */
  status: 'agrees' | 'deviates' | 'stopped' | 'not compared' | 'converges' | 'does not converge';
  /** The largest deviation per vertex over the k reached (relative for exact values, in standard errors for sampled). */
  maxDeviation: Partial<Record<VertexOrder, number | null>>;
  tolerance: string;
  detail: string;
}

export interface RegulatedDocument {
  kind: 'regulated';
  theory: string;
  width: number;
  points: (number | number[])[];
  k: number[];
  kUV: number;
  orders: number[];
  measured: Record<VertexOrder, VertexSeries>;
  exact: Record<VertexOrder, VertexSeries> | null;
  flows: Record<string, Partial<Record<Direction, Partial<Record<VertexOrder, VertexSeries>>>>>;
  /** flows' deviation from the measured vertices, per k (relative, or in standard errors), null where not compared. */
  deviations: Record<string, Partial<Record<Direction, Partial<Record<VertexOrder, (number | null)[]>>>>>;
  stops: FlowStopRecord[];
  verdicts: Verdict[];
  /** Per k: the condition number of the regulated covariance and the vertex orders it leaves unresolved. */
  conditioning: { k: number; cond: number; unresolved: number[] }[];
  /** Sampled runs: per k whether the error bars of each vertex order can be trusted (null for exact values). */
  errorBars: { k: number; effectiveNets: number; holds: Partial<Record<VertexOrder, boolean>>; detail: string }[] | null;
  method: { measured: string; accuracy: string; nets: number; bags: number; seed: number };
}

export interface RegulatedOptions {
  width?: number;
  /** The P points (default: the theory's first point). */
  points?: Point[];
  /** k values exactly as listed (k = 0 allowed); default: a logarithmic grid from k_UV down three decades, and 0. */
  k?: number[];
  orders?: number[];
  direction?: Direction | 'both';
  /** Sampling (default) or the exact vertices (P = 1 only). */
  sampling?: boolean;
  nets?: number;
  bags?: number;
  seed?: number;
  /** Worker threads for the sampling (default: all cores). Results do not depend on it. */
  threads?: number;
  /** Aborting it stops the sampling's workers; `regulated` then rejects with the signal's reason. */
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Names of the options for messages (CLI flags or library keys). */
  names?: Partial<Record<'points' | 'k' | 'orders' | 'width' | 'sampling' | 'nets' | 'bags' | 'threads', string>>;
}

/** A vertex is unresolved where the regulated covariance amplifies a 1e-13 relative change of the cumulants above 1e-3. */
const CUMULANT_PRECISION = 1e-13;
const RESOLVED = 1e-3;
/** cond(K) beyond which even Gamma2 = K^-1 at k = 0 is noise: the point set is refused. */
const MAX_CONDITION = 1e10;
/** Tolerances of the verdicts: relative (exact values) and in standard errors (sampled). */
const EXACT_TOL = 1e-2;
/** Largest relative difference between the quadratures' k = 0 cumulants and the one-neuron moments' (both ~1e-12 when right). */
const QUADRATURE_CHECK = 1e-6;
const SAMPLED_TOL = 4;

const orderKey = (n: number) => String(n) as VertexOrder;

/** The default grid: 13 values of k from k_UV down by 10^(1/4) per step (three decades), and 0. */
export function defaultGrid(kUV: number): number[] {
  return [...Array.from({ length: 13 }, (_, i) => kUV * 10 ** (-i / 4)), 0];
}

function checkOptions(theory: Theory, o: RegulatedOptions) {
  const name = (k: keyof NonNullable<RegulatedOptions['names']>, fallback: string) => o.names?.[k] ?? fallback;
  const where = o.names ? 'command line' : theory.file;
  const net = theory.network;
  if (!net) throw new InputError(theory.file, 'network', 'a network section (the regulated ensemble is that of a network)');
  if (net.depth !== 1) throw new InputError(theory.file, 'network.depth', '1 (one hidden layer: the hidden units are iid)', undefined, String(net.depth));
  const width = o.width ?? theory.ensemble.width ?? 10;
  if (!Number.isInteger(width) || width < 1) throw new InputError(where, name('width', 'width'), 'an integer width >= 1', undefined, String(width));
  const points = o.points ?? [theory.ensemble.points[0]!];
  const P = points.length;
  if (P < 1 || P > MAX_POINTS)
    throw new InputError(
      where,
      name('points', 'points'),
      `1 to ${MAX_POINTS} points (the vertex tensors up to order 8 and the flow's series grow like P^8)`,
      undefined,
      `${P} points`,
    );
  for (const p of points)
    if (p.length !== net.d_in)
      throw new InputError(where, name('points', 'points'), `points with d_in = ${net.d_in} coordinates`, undefined, JSON.stringify(p));
  const orders = [...(o.orders ?? ORDERS)];
  for (const n of orders)
    if (!(ORDERS as readonly number[]).includes(n))
      throw new InputError(where, name('orders', 'orders'), 'truncation orders among 4, 6, 8 (even, >= 4)', undefined, JSON.stringify(o.orders));
  if (o.k) {
    if (o.k.length === 0 || o.k.some((k) => !(k >= 0) || !Number.isFinite(k)) || !o.k.some((k) => k > 0))
      throw new InputError(where, name('k', 'k'), 'k values >= 0 with at least one k > 0 (the largest is k_UV)', undefined, JSON.stringify(o.k));
  }
  const sampling = o.sampling ?? true;
  if (sampling && !isSampled(net.activation))
    throw new InputError(
      theory.file,
      'network.activation',
      `one of ${SAMPLED_ACTIVATIONS.join(', ')} for sampled vertices (the WebAssembly sampler's; ${name('sampling', 'sampling')}: the exact ones, P = 1)`,
      undefined,
      net.activation,
    );
  if (!sampling && P > 1)
    throw new InputError(
      where,
      name('sampling', 'sampling'),
      'sampling for P > 1 points (the exact regulated vertices are computed for P = 1 only)',
      undefined,
      `no sampling with ${P} points`,
    );
  return { net, width, points, orders: orders.sort((a, b) => a - b), sampling, where, name };
}

/** The regulated ensemble's measured vertices, the truncated flows, their deviations and verdicts. */
export async function regulated(theory: Theory, o: RegulatedOptions = {}): Promise<RegulatedDocument> {
  const { net, width, points, orders, sampling, where, name } = checkOptions(theory, o);
  const P = points.length;
  const K = networkKernel(net).matrix(points);
  const ev = symmetricEigenvalues(K);
  const condK = ev[P - 1]! / ev[0]!;
  if (!(ev[0]! > 0) || condK > MAX_CONDITION)
    throw new InputError(
      where,
      name('points', 'points'),
      `a well-conditioned point set (cond K <= ${MAX_CONDITION.toExponential(0)}: beyond, K^-1 = Gamma2 at k = 0 is noise; spread the points)`,
      undefined,
      `cond K = ${condK.toExponential(2)}`,
    );
  const kUV = o.k ? Math.max(...o.k) : Math.sqrt(100 / Math.max(...K.map((row, a) => row[a]!)));
  const ks = o.k ? o.k.slice() : defaultGrid(kUV);
  const M = Math.max(...orders) / 2;
  const sets = (n: number) => multisetTable(P, n).sets;
  const vertexOrders = Array.from({ length: M }, (_, i) => 2 * (i + 1));

  // The exact k = 0 cumulants (exact/: the one-neuron moments' closed forms where they exist): the up flows start
  // there, and they check the one-dimensional quadratures of exactRegulated, which see the bulk of a pre-activation's
  // distribution only (GaussNet's moment of order n lives n sqrt(Var z) standard deviations out).
  const irCum = irCumulants(net, points, width, M);
  if (!irCum.every((c) => c.values.every(Number.isFinite))) throw new NumericalError(`the exact cumulants at k = 0 are not finite: ${momentsTooLarge(net)}`);
  const ir = vertices(irCum, 0);

  // Measured (and exact) vertices on the grid.
  let measuredV: SymTensor[][];
  let measuredCum: SymTensor[][];
  let measuredErr: SymTensor[][] | null = null;
  let sampled: SampledRegulated | null = null;
  let exactV: SymTensor[][] | null = null;
  let exactCum: SymTensor[][] | null = null;
  let method: RegulatedDocument['method'];
  const scalars = (vs: number[]): SymTensor[] => vs.map((v, i) => ({ P: 1, n: 2 * (i + 1), values: Float64Array.from([v]) }));
  if (P === 1) {
    const e = exactRegulated(net, points[0]!, width, ks, M);
    const zero = ks.includes(0) ? e.points[ks.indexOf(0)]! : exactRegulated(net, points[0]!, width, [0], M).points[0]!;
    const K0 = irCum[0]!.values[0]!;
    zero.cumulants.forEach((q, m) => {
      const c = irCum[m]!.values[0]!;
      // relative, or against the Gaussian moment (2m+1)!! K^(m+1) of the order where the cumulant is ~0 (cos-net's kappa6)
      const floor = 1e-12 * doubleFactorial(2 * m + 1) * K0 ** (m + 1);
      if (!(Math.abs(q - c) <= QUADRATURE_CHECK * Math.abs(c) + floor))
        throw new NumericalError(
          `the regulated ensemble's quadratures miss what dominates the network's moments: at k = 0 they give kappa${2 * m + 2} = ` +
            `${q.toPrecision(6)} where the one-neuron moments give ${c.toPrecision(6)} (sigma_w = ${net.sigma_w}, sigma_b = ${net.sigma_b}; ` +
            `GaussNet's moments grow like exp of the pre-activation variance): lower sigma_w, sigma_b or the point's |x|`,
        );
    });
    exactV = e.points.map((p) => scalars(p.vertices));
    exactCum = e.points.map((p) => scalars(p.cumulants));
    method = {
      measured: `exact: ${e.method}`,
      accuracy: `${e.accuracy.toExponential(1)} relative (measured: two quadrature rules)`,
      nets: 0,
      bags: 0,
      seed: 0,
    };
  }
  if (sampling) {
    const nets = o.nets ?? 20000;
    const bags = o.bags ?? 10;
    const seed = o.seed ?? theory.ensemble.seed;
    if (!Number.isInteger(nets) || nets < 1 || nets > LIMITS.nets.max)
      throw new InputError(where, name('nets', 'nets'), `an integer from 1 to ${LIMITS.nets.max} (${LIMITS.nets.why})`, undefined, String(nets));
    if (!Number.isInteger(bags) || bags < 2 || bags > LIMITS.bags.max)
      throw new InputError(where, name('bags', 'bags'), `an integer from 2 (error bars need bags) to ${LIMITS.bags.max}`, undefined, String(bags));
    if (o.threads !== undefined && (!Number.isInteger(o.threads) || o.threads < 1))
      throw new InputError(where, name('threads', 'threads'), 'an integer >= 1', undefined, String(o.threads));
    sampled = await sampleRegulated(net, points, width, ks, M, { nets, bags, seed, threads: o.threads, signal: o.signal, onProgress: o.onProgress });
    measuredV = sampled.values;
    measuredCum = sampled.cumulants;
    measuredErr = sampled.stderr;
    method = { measured: `sampled: ${sampled.method}`, accuracy: 'bag (jackknife) standard errors', nets, bags, seed };
  } else {
    measuredV = exactV!;
    measuredCum = exactCum!;
  }

  // Conditioning: perturb the cumulants by 1e-13 relative and see which vertices move by more than 1e-3.
  const conditioning = ks.map((k, i) => {
    const cum = measuredCum[i]!;
    const c = symmetricEigenvalues(toMatrix(cum[0]!));
    const cond = c[P - 1]! / c[0]!;
    const unresolved = unresolvedOrders(cum, k);
    return { k, cond, unresolved };
  });
  const resolved = (i: number, n: number) => !conditioning[i]!.unresolved.includes(n);

  const entries = (vs: (SymTensor[] | null)[], errs: SymTensor[][] | null, n: number, flow: boolean): VertexSeries =>
    vs.map((v, i) =>
      sets(n).map((idx, e) => {
        const ok = v && resolved(i, n);
        return {
          idx,
          value: ok ? v[n / 2 - 1]!.values[e]! : null,
          stderr: flow || !ok ? null : errs ? errs[i]![n / 2 - 1]!.values[e]! : 0,
        };
      }),
    );
  const byOrder = (vs: (SymTensor[] | null)[], errs: SymTensor[][] | null, flow = false) =>
    Object.fromEntries(vertexOrders.map((n) => [orderKey(n), entries(vs, errs, n, flow)])) as Record<VertexOrder, VertexSeries>;

  // Flows: down from k_UV with the measured vertices there, up from k = 0 with the exact ones.
  const directions: Direction[] = o.direction === 'down' ? ['down'] : o.direction === 'up' ? ['up'] : ['down', 'up'];
  const grid = [...new Set(ks)].sort((a, b) => b - a);
  const iUV = ks.indexOf(kUV);
  const flows: RegulatedDocument['flows'] = {};
  const deviations: RegulatedDocument['deviations'] = {};
  const stops: FlowStopRecord[] = [];
  const verdicts: Verdict[] = [];
  for (const order of orders) {
    const m = order / 2;
    flows[order] = {};
    deviations[order] = {};
    for (const dir of directions) {
      const start = dir === 'down' ? measuredV[iUV]!.slice(0, m) : ir.slice(0, m);
      const targets =
        dir === 'down'
          ? grid.filter((k) => k < kUV)
          : grid
              .slice()
              .reverse()
              .filter((k) => k > 0);
      const run = runFlow(start, dir === 'down' ? kUV : 0, targets);
      // Sampled, down: the start carries the sample's errors too. The deviation's error is the jackknife error of
      // (flow - measured), both from the same networks: one flow per delete-one-bag replicate.
      const jackErr = dir === 'down' && sampled ? downFlowErrors(sampled, start.length, iUV, ks, kUV, targets) : null;
      const at = new Map<number, SymTensor[] | null>(targets.map((k, i) => [k, run.values[i]!]));
      at.set(dir === 'down' ? kUV : 0, start);
      const values = ks.map((k) => at.get(k) ?? null);
      if (run.stop) stops.push({ order, direction: dir, k: run.stop.k, reason: run.stop.reason, message: run.stop.message });
      const series: Partial<Record<VertexOrder, VertexSeries>> = {};
      const devs: Partial<Record<VertexOrder, (number | null)[]>> = {};
      const maxDeviation: Partial<Record<VertexOrder, number | null>> = {};
      for (let j = 1; j <= m; j++) {
        const n = 2 * j;
        series[orderKey(n)] = entries(values, null, n, true);
        devs[orderKey(n)] = ks.map((k, i) => {
          const f = values[i];
          // The starting point is the comparison's input, not a prediction.
          if (!f || !resolved(i, n) || (dir === 'down' && k === kUV) || (dir === 'up' && k === 0)) return null;
          // Standard errors that do not hold measure nothing: no deviation there.
          if (sampled && !sampled.errorBars[i]!.holds[orderKey(n)]) return null;
          return deviation(f[j - 1]!, measuredV[i]![j - 1]!, measuredErr ? (jackErr?.[i]?.[j - 1] ?? measuredErr[i]![j - 1]!) : undefined);
        });
        const d = devs[orderKey(n)]!.filter((x): x is number => x !== null);
        maxDeviation[orderKey(n)] = d.length ? Math.max(...d) : null;
      }
      flows[order][dir] = series;
      deviations[order][dir] = devs;
      verdicts.push(verdict(order, dir, maxDeviation, run.stop?.message ?? null, !!measuredErr));
    }
  }
  for (const dir of directions) verdicts.push(convergence(dir, verdicts, !!measuredErr));

  return {
    kind: 'regulated',
    theory: theory.name,
    width,
    points: points.map((p) => (net.d_in === 1 ? p[0]! : p)),
    k: ks,
    kUV,
    orders,
    measured: byOrder(measuredV, measuredErr),
    exact: exactV ? byOrder(exactV, null) : null,
    flows,
    deviations,
    stops,
    verdicts,
    conditioning,
    errorBars: sampled ? sampled.errorBars : null,
    method: method!,
  };
}

/**
 * Jackknife errors of (down flow - measured) per k and vertex: the flow rerun from every delete-one-bag replicate
 * of the k_UV vertices, compared with the same replicate's measured vertices. Null where a replicate flow stopped.
 */
function downFlowErrors(s: SampledRegulated, m: number, iUV: number, ks: number[], kUV: number, targets: number[]): (SymTensor[] | null)[] {
  const B = s.replicates.length;
  const diffs: (SymTensor[] | null)[][] = s.replicates.map((rep) => {
    const run = runFlow(rep[iUV]!.slice(0, m), kUV, targets);
    const at = new Map<number, SymTensor[] | null>(targets.map((k, i) => [k, run.values[i]!]));
    return ks.map((k, i) => {
      const f = at.get(k);
      if (!f) return null;
      return f.map((t, o) => ({ ...t, values: t.values.map((v, e) => v - rep[i]![o]!.values[e]!) }));
    });
  });
  return ks.map((_, i) => {
    const rows = diffs.map((d) => d[i]);
    if (rows.some((r) => !r)) return null;
    return rows[0]!.map((t, o) => ({
      ...t,
      values: t.values.map((_v, e) => {
        const xs = rows.map((r) => r![o]!.values[e]!);
        const mean = xs.reduce((a, b) => a + b, 0) / B;
        return Math.sqrt(((B - 1) / B) * xs.reduce((a, b) => a + (b - mean) ** 2, 0));
      }),
    }));
  });
}

/** Deviation of a flowed vertex from the measured one: max |diff|/stderr (sampled) or max |diff| / max |measured| (exact). */
function deviation(flow: SymTensor, measured: SymTensor, err: SymTensor | undefined): number {
  if (err) {
    let z = 0;
    flow.values.forEach((v, e) => {
      const se = err.values[e]!;
      const d = Math.abs(v - measured.values[e]!);
      z = Math.max(z, se > 0 ? d / se : d > 0 ? Infinity : 0);
    });
    return z;
  }
  const scale = Math.max(...Array.from(measured.values, Math.abs), 1e-300);
  return Math.max(...Array.from(flow.values, (v, e) => Math.abs(v - measured.values[e]!))) / scale;
}

/** The vertices a truncation at 2M is judged on: Gamma2, and Gamma4 from phi^6 on. Its highest vertices are its least
 * accurate (Gamma^(2M) misses Gamma^(2M+2) in its own flow, Gamma^(2M-2) inherits that a step later). */
const judged = (order: number): VertexOrder[] => (order >= 6 ? ['2', '4'] : ['2']);

/** A truncation agrees when its judged vertices stay within the tolerance over the k it reached; 'stopped' when it blew up. */
function verdict(order: number, dir: Direction, maxDeviation: Verdict['maxDeviation'], stop: string | null, sampled: boolean): Verdict {
  const tol = sampled ? SAMPLED_TOL : EXACT_TOL;
  const names = judged(order).map((n) => `Gamma${n}`);
  const tolerance = sampled
    ? `max |flow - measured|/stderr <= ${SAMPLED_TOL} for ${names.join(', ')}`
    : `relative deviation <= ${EXACT_TOL} for ${names.join(', ')}`;
  const ok = judged(order).every((n) => {
    const d = maxDeviation[n];
    return d !== null && d !== undefined && d <= tol;
  });
  const fmt = (d: number | null | undefined) => (d === null || d === undefined ? 'n/a' : d.toExponential(2));
  const devs = Object.entries(maxDeviation)
    .map(([n, d]) => `Gamma${n} ${fmt(d)}`)
    .join(', ');
  const unit = sampled ? 'standard errors' : 'relative';
  if (stop)
    return { order, direction: dir, status: 'stopped', maxDeviation, tolerance, detail: `stopped: ${stop}; largest deviations (${unit}) before it: ${devs}` };
  if (judged(order).every((n) => maxDeviation[n] === null || maxDeviation[n] === undefined))
    return {
      order,
      direction: dir,
      status: 'not compared',
      maxDeviation,
      tolerance,
      detail: 'no k of the grid to compare at on the way (or none with error bars that hold)',
    };
  return { order, direction: dir, status: ok ? 'agrees' : 'deviates', maxDeviation, tolerance, detail: `largest deviations (${unit}) ${devs}` };
}

/**
 * Across orders: the truncations converge when none blew up, the highest agrees, and the deviations of Gamma2 (all
 * orders) and Gamma4 (from phi^6 on) do not grow with the order (against sampled vertices: not beyond the tolerance).
 */
function convergence(dir: Direction, verdicts: Verdict[], sampled: boolean): Verdict {
  const mine = verdicts.filter((v) => v.direction === dir && v.order !== 'all');
  const last = mine[mine.length - 1]!;
  const series = (n: VertexOrder) => mine.filter((v) => n === '2' || (v.order as number) >= 6).map((v) => v.maxDeviation[n] ?? null);
  // Against sampled vertices a growth within the tolerance is noise, not a trend.
  const slack = sampled ? SAMPLED_TOL : 0;
  const falling = (xs: (number | null)[]) => xs.every((d, i) => i === 0 || (d !== null && xs[i - 1] !== null && d <= Math.max(xs[i - 1]!, slack)));
  const stopped = mine.some((v) => v.status === 'stopped');
  const decreasing = falling(series('2')) && falling(series('4'));
  if (mine.every((v) => v.status === 'not compared'))
    return { order: 'all', direction: dir, status: 'not compared', maxDeviation: {}, tolerance: last.tolerance, detail: last.detail };
  const converges = !stopped && last.status === 'agrees' && decreasing;
  const fmt = (d: number | null) => (d === null ? 'n/a' : d.toExponential(2));
  const by = (n: VertexOrder) =>
    mine
      .filter((v) => n === '2' || (v.order as number) >= 6)
      .map((v) => `phi^${v.order} ${v.status === 'stopped' ? 'stopped' : fmt(v.maxDeviation[n] ?? null)}`)
      .join(', ');
  const why = converges
    ? ''
    : stopped
      ? ' (a truncation blew up)'
      : !decreasing
        ? ' (the deviations do not fall with the order)'
        : ' (the highest order deviates)';
  return {
    order: 'all',
    direction: dir,
    status: converges ? 'converges' : 'does not converge',
    maxDeviation: { '2': last.maxDeviation['2'] ?? null, '4': last.maxDeviation['4'] ?? null },
    tolerance: last.tolerance,
    detail: `deviation by order (${sampled ? 'standard errors' : 'relative'}): Gamma2 ${by('2')}${by('4') ? `; Gamma4 ${by('4')}` : ''}${why}`,
  };
}

/** Vertex orders whose values move by more than RESOLVED (norm-wise relative) under 1e-13 relative noise in the cumulants. */
function unresolvedOrders(cum: SymTensor[], k: number): number[] {
  const base = vertices(cum, k * k);
  const worst = base.map(() => 0);
  // A deterministic pseudo-random perturbation (the same every run).
  let state = 12345;
  const rnd = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296 - 0.5;
  };
  for (let r = 0; r < 4; r++) {
    const pert = cum.map((c) => ({ ...c, values: c.values.map((x) => x * (1 + 2 * CUMULANT_PRECISION * rnd())) }));
    let vs: SymTensor[];
    try {
      vs = vertices(pert, k * k);
    } catch {
      return base.map((_, i) => 2 * (i + 1));
    }
    vs.forEach((v, i) => {
      const scale = Math.max(...Array.from(base[i]!.values, Math.abs), 1e-300);
      v.values.forEach((x, e) => {
        worst[i] = Math.max(worst[i]!, Math.abs(x - base[i]!.values[e]!) / scale);
      });
    });
  }
  return worst.flatMap((w, i) => (w > RESOLVED ? [2 * (i + 1)] : []));
}
