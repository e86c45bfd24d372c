import type { BetaSystem } from '../flow/types.js';
import { newton } from './newton.js';
import { eigenvalues, exponents, type Eigenvalue } from '../numeric/index.js';

/** A fixed point of a truncation, with its stability-matrix eigenvalues (t = ln k) and exponents. */
export interface FixedPoint {
  /** 'Gaussian', 'Wilson-Fisher', or 'non-Gaussian <k>'. */
  name: string;
  couplings: Record<string, number>;
  values: number[];
  eigenvalues: Eigenvalue[];
  nu: number | null;
  omega: number | null;
  /** Number of relevant directions (eigenvalues with negative real part). */
  relevant: number;
  spurious: boolean;
  /** Why it is flagged, or how it was found (continued from the previous order, ...). */
  notes: string[];
  residual: number;
}

export interface SearchOptions {
  /** Random starts besides the origin and the seeds (default 60). */
  starts?: number;
  seed?: number;
  /** Extra starting points in system order (e.g. the previous order's fixed points). */
  seeds?: number[][];
  /** Newton tolerance on max |beta| (default 1e-11). */
  tol?: number;
}

/** Seeded PRNG (mulberry32): the same starts on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const maxAbs = (v: number[]) => Math.max(0, ...v.map(Math.abs));
/** Same root: every coupling agrees to 1e-6 relative (couplings of one truncation span many decades). */
const same = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]!) <= 1e-6 * (Math.abs(v) + Math.abs(b[i]!)) + 1e-12);

interface Root {
  x: number[];
  residual: number;
  /** Index of the seed it came from, if any. */
  seed?: number;
}

/** All distinct real roots of beta that Newton (exact Jacobian) reaches from the origin, the seeds and random starts. */
export function findRoots(system: BetaSystem, opts: SearchOptions = {}): Root[] {
  const n = system.couplings.length;
  const rand = rng(opts.seed ?? 12345);
  const tol = opts.tol ?? 1e-11;
  const starts: { x: number[]; seed?: number }[] = [{ x: new Array<number>(n).fill(0) }];
  (opts.seeds ?? []).forEach((x, i) => starts.push({ x, seed: i }));
  for (let s = 0; s < (opts.starts ?? 60); s++) {
    // Magnitudes spread over 10^-3..10 with random signs (coupling scales depend on the normalization,
    // c_d); couplings beyond the fourth start at 0: at high orders roots are carried by continuation.
    starts.push({ x: Array.from({ length: n }, (_, i) => (i > 3 ? 0 : (rand() < 0.5 ? -1 : 1) * 10 ** (-3 + 4 * rand()))) });
  }
  const admissible = (x: number[]) => system.poleDistance(x) > 0;
  const zero = new Array<number>(n).fill(0);
  const gaussianIsRoot = maxAbs(system.beta(zero)) <= tol;
  const roots: Root[] = [];
  for (const st of starts) {
    const r = newton(
      (x) => system.beta(x),
      (x) => system.jacobian(x),
      st.x,
      { tol, admissible, maxIterations: 80 },
    );
    if (!r.converged) continue;
    // At a degenerate Gaussian point (a marginal coupling: Jacobian singular) Newton creeps and stops
    // near, not at, the origin: such roots are the Gaussian one.
    if (gaussianIsRoot && maxAbs(r.x) < 1e-4) r.x = zero.slice();
    const hit = roots.find((q) => same(q.x, r.x));
    if (hit) {
      if (hit.seed === undefined && st.seed !== undefined) hit.seed = st.seed;
      continue;
    }
    roots.push({ x: r.x, residual: r.residual, seed: st.seed });
  }
  return roots;
}

/** Eigenvalues, exponents and a first name (Gaussian / candidate) for one root. */
function describeRoot(system: BetaSystem, root: Root): FixedPoint {
  const ev = eigenvalues(system.jacobian(root.x));
  const { nu, omega } = exponents(ev);
  const gaussian = maxAbs(root.x) < 1e-9;
  return {
    name: gaussian ? 'Gaussian' : 'non-Gaussian',
    couplings: Object.fromEntries(system.couplings.map((c, i) => [c, root.x[i]!])),
    values: root.x,
    eigenvalues: ev,
    nu,
    omega,
    relevant: ev.filter((e) => e.re < 0).length,
    spurious: false,
    notes: [],
    residual: root.residual,
  };
}

/**
 * Fixed points of one truncation: roots from many starts, named. The Wilson–Fisher point is the
 * non-Gaussian root with exactly one relevant direction (the mass), inside the pole; with several
 * candidates the one continued from `wfSeed` (else the smallest) gets the name.
 */
export function findFixedPoints(system: BetaSystem, opts: SearchOptions & { wfSeed?: number } = {}): FixedPoint[] {
  const iK = system.couplings.indexOf('kappa');
  const iL = system.couplings.indexOf('l2');
  const minimum = system.expand === 'minimum' && iK >= 0 && iL >= 0;
  // Around the minimum beta_kappa carries 1/l2: "roots" with l2 -> 0 are Newton creeping onto that
  // singular locus, not fixed points.
  const roots = findRoots(system, opts).filter((r) => !minimum || Math.abs(r.x[iL]!) > 1e-10);
  const fps = roots.map((r) => describeRoot(system, r));
  if (minimum) {
    for (const fp of fps) {
      if (fp.values[iK]! < 0 || fp.values[iL]! < 0) {
        fp.spurious = true;
        fp.notes.push(fp.values[iK]! < 0 ? 'kappa < 0: no minimum at real field' : 'l2 < 0: a maximum, not a minimum');
      }
    }
  }
  const candidates = fps
    .map((fp, i) => ({ fp, i }))
    .filter(({ fp }) => fp.name !== 'Gaussian' && !fp.spurious && fp.relevant === 1 && fp.eigenvalues.every((e) => e.im === 0 || e.re > 0));
  const fromSeed = opts.wfSeed !== undefined ? candidates.find(({ i }) => roots[i]!.seed === opts.wfSeed) : undefined;
  const wf = fromSeed ?? candidates.sort((a, b) => maxAbs(a.fp.values) - maxAbs(b.fp.values))[0];
  if (wf) wf.fp.name = 'Wilson-Fisher';
  let k = 0;
  for (const fp of fps) if (fp.name === 'non-Gaussian') fp.name = `non-Gaussian ${++k}`;
  fps.forEach((fp, i) => {
    const s = roots[i]!.seed;
    if (s !== undefined) fp.notes.push(`continued from fixed point ${s + 1} of the previous order`);
    if (fp.name.startsWith('non-Gaussian') && fp.relevant > 1) fp.notes.push(`${fp.relevant} relevant directions`);
  });
  const rank = (fp: FixedPoint) => (fp.name === 'Gaussian' ? 0 : fp.name === 'Wilson-Fisher' ? 1 : 2);
  return fps.sort((a, b) => rank(a) - rank(b) || maxAbs(a.values) - maxAbs(b.values));
}

/**
 * A lower-order fixed point as a start for a higher order: the old couplings kept, the new ones solved
 * from their own beta functions with the old ones frozen (zero padding alone often lands elsewhere).
 */
function extendSeed(system: BetaSystem, known: Record<string, number>, tol: number): number[] {
  const x0 = system.couplings.map((c) => known[c] ?? 0);
  const idx = system.couplings.map((c, i) => (c in known ? -1 : i)).filter((i) => i >= 0);
  if (idx.length === 0) return x0;
  const full = (y: number[]) => {
    const x = x0.slice();
    idx.forEach((i, k) => (x[i] = y[k]!));
    return x;
  };
  const r = newton(
    (y) => idx.map((i) => system.beta(full(y))[i]!),
    (y) => {
      const J = system.jacobian(full(y));
      return idx.map((i) => idx.map((j) => J[i]![j]!));
    },
    idx.map(() => 0),
    { tol, admissible: (y) => system.poleDistance(full(y)) > 0, maxIterations: 50 },
  );
  return r.converged ? full(r.x) : x0;
}

export interface OrderResult {
  order: number;
  couplings: string[];
  fixedPoints: FixedPoint[];
}

/**
 * Fixed points for a sequence of orders with continuation: every fixed point of order 2n (padded with
 * zero for the new coupling) seeds order 2n+2. A non-Gaussian root of order 2n that does not continue to
 * order 2n+2 is flagged spurious ("vanishes when the order grows"); one that appears only at the last
 * order without a predecessor is flagged as unconfirmed.
 */
export function scanOrders(make: (order: number) => BetaSystem, orders: number[], opts: SearchOptions = {}): OrderResult[] {
  const out: OrderResult[] = [];
  let prev: { couplings: string[]; fps: FixedPoint[] } | undefined;
  const linkedFrom: Set<number>[] = [];
  for (const [oi, order] of orders.entries()) {
    const system = make(order);
    let seeds: number[][] | undefined;
    let wfSeed: number | undefined;
    if (prev) {
      const p = prev;
      seeds = p.fps.map((fp) => extendSeed(system, fp.couplings, opts.tol ?? 1e-11));
      const w = p.fps.findIndex((fp) => fp.name === 'Wilson-Fisher');
      wfSeed = w >= 0 ? w : undefined;
    }
    // Random starts matter at the lowest order; above it continuation carries the roots (fewer starts).
    const starts = oi === 0 ? (opts.starts ?? 60) : Math.min(opts.starts ?? 60, 12);
    const fps = findFixedPoints(system, { ...opts, starts, seeds, wfSeed, seed: (opts.seed ?? 12345) + order });
    const linked = new Set<number>();
    for (const fp of fps) {
      const m = fp.notes.find((s) => s.startsWith('continued from fixed point '));
      if (m) linked.add(Number(/fixed point (\d+)/.exec(m)![1]) - 1);
    }
    linkedFrom.push(linked);
    if (prev) {
      prev.fps.forEach((fp, i) => {
        if (fp.name !== 'Gaussian' && !linked.has(i)) {
          fp.spurious = true;
          fp.notes.push(`vanishes at order ${order} (no continuation)`);
        }
      });
    }
    out.push({ order, couplings: system.couplings, fixedPoints: fps });
    prev = { couplings: system.couplings, fps };
  }
  const last = out[out.length - 1];
  if (last && out.length > 1) {
    for (const fp of last.fixedPoints) {
      if (fp.name !== 'Gaussian' && !fp.notes.some((s) => s.startsWith('continued from'))) {
        fp.spurious = true;
        fp.notes.push('appears only at the highest order (no predecessor)');
      }
    }
  }
  return out;
}

export interface ConvergenceRow {
  order: number;
  nu: number | null;
  omega: number | null;
}

export interface Convergence {
  rows: ConvergenceRow[];
  converged: boolean;
  /** Best estimates (last order) with the last change as the uncertainty. */
  nu: { value: number; change: number } | null;
  omega: { value: number; change: number } | null;
  verdict: string;
}

/**
 * Verdict on nu and omega of a fixed point as the order grows: converged when the last change of nu is
 * below `tol` relative and the changes are not growing; omega is judged the same way and said
 * separately; oscillating signs and missing orders are said.
 */
export function convergence(rows: ConvergenceRow[], tol = 1e-3): Convergence {
  const est = (key: 'nu' | 'omega') => {
    const v = rows.map((r) => r[key]);
    const n = v.length;
    if (n === 0 || v[n - 1] === null) return null;
    const prevVal = n > 1 ? v[n - 2] : null;
    return { value: v[n - 1]!, change: prevVal === null || prevVal === undefined ? Infinity : Math.abs(v[n - 1]! - prevVal) };
  };
  const nu = est('nu');
  const omega = est('omega');
  const missing = rows.filter((r) => r.nu === null).map((r) => r.order);
  const diffs = rows
    .slice(1)
    .map((r, i) => (r.nu !== null && rows[i]!.nu !== null ? r.nu - rows[i]!.nu! : NaN))
    .filter(Number.isFinite);
  const growing = diffs.length >= 3 && Math.abs(diffs[diffs.length - 1]!) > Math.abs(diffs[diffs.length - 3]!);
  const alternating = diffs.length >= 3 && diffs.slice(-3).every((d, i, a) => i === 0 || Math.sign(d) !== Math.sign(a[i - 1]!));
  const converged = !!nu && rows.length >= 3 && missing.length === 0 && nu.change <= tol * Math.abs(nu.value) && !growing;
  let verdict: string;
  if (!nu) verdict = `no Wilson-Fisher fixed point at the highest order ${rows[rows.length - 1]?.order ?? ''}`;
  else if (rows.length < 3) verdict = `too few orders (${rows.length}) to judge convergence`;
  else if (converged) {
    const omegaOk = !!omega && omega.change <= tol * Math.abs(omega.value);
    verdict = `converged: nu = ${nu.value.toFixed(5)} (last change ${nu.change.toExponential(1)})${
      omega
        ? omegaOk
          ? `, omega = ${omega.value.toFixed(4)} (last change ${omega.change.toExponential(1)})`
          : `; omega = ${omega.value.toFixed(4)} not yet converged (last change ${omega.change.toExponential(1)})`
        : ''
    }`;
  } else
    verdict =
      `not converged: last change of nu ${nu.change.toExponential(1)} (tolerance ${tol} ` +
      `relative)${growing ? ', changes growing' : ''}${alternating ? ', oscillating' : ''}${missing.length ? `, no Wilson-Fisher point at order(s) ${missing.join(', ')}` : ''}`;
  return { rows, converged, nu, omega, verdict };
}
