import { activeRgExponents, cd, derive, deriveOptions, type DeriveOptions } from '../flow/index.js';
import type { BetaSystem } from '../flow/types.js';
import { InputError, type Theory } from '../theory/index.js';
import { convergence, scanOrders, type Convergence, type FixedPoint } from './fixed-points.js';
import { initialCouplings, integrateFlow, type FlowResult, type FlowSystem } from './flow.js';
import { lpaFixedPointFull, type FullLpaResult } from './lpa-full.js';
import { NumericalError } from '../numeric/index.js';

/**
 * Theory-level entry points (what the CLI calls): derive the beta functions for a theory, then run
 * flows or fixed-point searches on them.
 */

export interface FixedPointsRequest {
  /** A single order (continued from the lowest order up to it) or a range lo..hi. */
  order?: number;
  orders?: [number, number];
  method?: 'polynomial' | 'full';
  /** Called as each order of the continuation starts (its derivation grows about as order^7). */
  onOrder?: (order: number, of: number[]) => void;
}

export interface FixedPointsReport {
  theory: string;
  method: 'polynomial' | 'full';
  scheme: string;
  regulator: string;
  expand: string;
  d: number;
  N: number;
  /** Highest order computed (polynomial method). */
  order: number | null;
  couplings: string[];
  /** The fixed points at the highest order (or the full-function scaling solution). */
  fixedPoints: FixedPoint[];
  /** nu and omega of the Wilson–Fisher point per order, with a verdict (polynomial method). */
  table: { order: number; nu: number | null; omega: number | null; fixedPoints: number }[];
  convergence: Pick<Convergence, 'converged' | 'nu' | 'omega' | 'verdict'> | null;
  full?: Omit<FullLpaResult, 'potential'> & { potential: FullLpaResult['potential'] };
  normalization: string;
  warnings: string[];
}

/** The lowest order of a continuation chain for the expansion (phi^4 has two couplings either way). */
const LOWEST = 4;

/** Fixed points of a theory: the polynomial truncation(s) with continuation in order, or the full function. */
export function fixedPointsOfTheory(theory: Theory, req: FixedPointsRequest = {}): FixedPointsReport {
  const base = deriveOptions(theory);
  if (!base.dimensionless) {
    throw new InputError(
      theory.file,
      'field_theory.dimensionful',
      'false for fixed points (they are fixed points of the dimensionless couplings)',
      undefined,
      'true',
    );
  }
  const method = req.method ?? theory.fixed_points.method;
  if (method === 'full') return fullReport(theory, base);
  let lo: number;
  let hi: number;
  let continuationFrom: number;
  if (req.orders ?? (req.order === undefined ? theory.fixed_points.orders : undefined)) {
    [lo, hi] = (req.orders ?? theory.fixed_points.orders)!;
    continuationFrom = LOWEST;
  } else {
    lo = hi = req.order ?? base.order;
    continuationFrom = LOWEST;
  }
  if (lo < LOWEST || hi < lo || lo % 2 || hi % 2) {
    throw new InputError('command line', '--orders', `even orders lo..hi with ${LOWEST} <= lo <= hi`, undefined, `${lo}..${hi}`);
  }
  const all: number[] = [];
  for (let o = Math.min(continuationFrom, lo); o <= hi; o += 2) all.push(o);
  // derive's warnings name the order: keep those of the highest order (derived last).
  let orderWarnings: string[] = [];
  let normalization = '';
  const make = (order: number): BetaSystem => {
    req.onOrder?.(order, all);
    const r = derive({ ...base, order });
    orderWarnings = r.warnings;
    normalization = r.normalization;
    return r.system;
  };
  const results = scanOrders(make, all);
  const warnings = new Set<string>(orderWarnings);
  const shown = results.filter((r) => r.order >= lo);
  const rows = shown.map((r) => {
    const wf = r.fixedPoints.find((f) => f.name === 'Wilson-Fisher');
    return { order: r.order, nu: wf?.nu ?? null, omega: wf?.omega ?? null, fixedPoints: r.fixedPoints.length };
  });
  const last = results[results.length - 1]!;
  if (last.fixedPoints.length === 0) {
    throw new NumericalError(
      `no fixed point found at order ${last.order}: Newton (exact Jacobian) converged from none of the starts (origin, random, continued)`,
      { order: last.order },
    );
  }
  const conv = shown.length > 1 ? convergence(rows) : null;
  if (!last.fixedPoints.some((f) => f.name === 'Wilson-Fisher')) {
    const fullHint =
      base.scheme === 'wetterich' && base.regulator === 'litim' && base.d > 2 && base.d < 4 ? '; --method full solves the LPA without truncation' : '';
    warnings.add(
      `no Wilson-Fisher fixed point (one relevant direction, inside the pole) at order ` +
        `${last.order}${base.d >= 4 ? ` (none is expected for d = ${base.d} >= 4)` : fullHint}`,
    );
  }
  return {
    theory: theory.name,
    method: 'polynomial',
    scheme: base.scheme,
    regulator: base.regulator,
    expand: base.expand,
    d: base.d,
    N: base.N,
    order: last.order,
    couplings: last.couplings,
    fixedPoints: last.fixedPoints,
    table: rows,
    convergence: conv ? { converged: conv.converged, nu: conv.nu, omega: conv.omega, verdict: conv.verdict } : null,
    normalization,
    warnings: [...warnings],
  };
}

function fullReport(theory: Theory, base: DeriveOptions): FixedPointsReport {
  if (base.scheme !== 'wetterich' || base.regulator !== 'litim') {
    throw new InputError(
      theory.file,
      'field_theory.regulator',
      '--method full for the Wetterich scheme with the Litim regulator (the full-function LPA equation is implemented for that case)',
      undefined,
      `${base.scheme}/${base.regulator}`,
    );
  }
  if (!(base.d > 2 && base.d < 4)) {
    throw new InputError(
      theory.file,
      'field_theory.dimension',
      '2 < d < 4 for --method full (a Wilson-Fisher scaling solution with w ~ rho^(2/(d-2)) at large field)',
      undefined,
      String(base.d),
    );
  }
  const r = lpaFixedPointFull({ d: base.d, N: base.N });
  const c = cd(base.d);
  // Back from the c_d-rescaled variables to nnrg's dimensionless couplings: rho = c_d rho~, u = c_d u~,
  // so m2 = u'(0) is unchanged, kappa = c_d kappa~, l2 = u''(kappa) = l2~ / c_d.
  const couplings: Record<string, number> = { m2: r.sigma };
  if (r.kappa !== null) couplings.kappa = c * r.kappa;
  if (r.lambda2 !== null) couplings.l2 = r.lambda2 / c;
  const fp: FixedPoint = {
    name: 'Wilson-Fisher',
    couplings,
    values: Object.values(couplings),
    eigenvalues: r.eigenvalues,
    nu: r.nu,
    omega: r.omega,
    relevant: r.eigenvalues.filter((e) => e.re < 0).length,
    spurious: false,
    notes: [
      `full-function LPA scaling solution (shooting from rho = 0 matched to w ~ A rho^(2/(d-2)) at rho~ = ${r.rhoEnd.toPrecision(4)}); eigenvalues ` +
        `searched in [-2.2, 4]`,
    ],
    residual: 0,
  };
  if (r.nu === null) throw new NumericalError('the full-function eigenproblem found no relevant eigenvalue in [-2.2, 0)');
  return {
    theory: theory.name,
    method: 'full',
    scheme: base.scheme,
    regulator: base.regulator,
    expand: base.expand,
    d: base.d,
    N: base.N,
    order: null,
    couplings: Object.keys(couplings),
    fixedPoints: [fp],
    table: [],
    convergence: null,
    full: r,
    normalization: 'standard field normalization: P(p) = p^2, Z = 1 (LPA); dimensionless couplings with c_d explicit',
    warnings: [],
  };
}

export interface FlowRequest {
  from?: number;
  to?: number;
  couplings?: Record<string, number>;
  /** NN-QFT theories: the active flow in sigma_w instead of the passive flow in k. */
  active?: boolean;
  samples?: number;
}

export interface FlowReport {
  theory: string;
  /** 'field': the theory's own truncation; 'passive'/'active': the NN-QFT flows. */
  mode: 'field' | 'passive' | 'active';
  /** What t is: 'ln k' or 'ln sigma_w'. */
  variable: string;
  scheme?: string;
  regulator?: string;
  expand?: string;
  d?: number;
  N?: number;
  order?: number;
  initial: Record<string, number>;
  flow: FlowResult;
  /** Exact solution of the active flow (it is linear), for comparison. */
  exact?: { exponents: Record<string, number> };
  normalization: string;
  warnings: string[];
}

/** Integrates the flow of a theory (field theory truncation, or the NN-QFT passive/active flow). */
export function flowOfTheory(theory: Theory, req: FlowRequest = {}): FlowReport {
  const spec = theory.flow;
  const sources = [
    { where: theory.file, key: 'flow.couplings', values: spec.couplings },
    { where: 'command line', key: '--couplings', values: req.couplings ?? {} },
  ];
  const tol = { rtol: spec.rtol, atol: spec.atol, samples: req.samples };
  const net = theory.network;
  if (req.active) {
    if (!net) throw new InputError(theory.file, 'network', 'a network section for the active flow in sigma_w (--active)');
    const normalization = theory.ensemble.normalization;
    const e = activeRgExponents(net.d_in, normalization);
    const names = ['u4', 'u6'];
    const system: FlowSystem = { couplings: names, beta: (g) => [e.u4 * g[0]!, e.u6 * g[1]!] };
    const g0 = initialCouplings(names, sources);
    // Default range: the theory's sigma_w up to the largest scanned sigma_w (or 10 sigma_w).
    const scan = theory.scan.sigma_w ?? [];
    const s0 = req.from ?? net.sigma_w;
    const s1 = req.to ?? (scan.length ? Math.max(...scan) : 10 * net.sigma_w);
    if (!(s0 > 0) || !(s1 > 0)) throw new InputError('command line', '--from/--to', 'positive sigma_w values for the active flow', undefined, `${s0}, ${s1}`);
    const flow = integrateFlow(system, g0, { from: Math.log(s0), to: Math.log(s1), ...tol });
    return {
      theory: theory.name,
      mode: 'active',
      variable: 'ln sigma_w',
      initial: Object.fromEntries(names.map((n, i) => [n, g0[i]!])),
      flow,
      exact: { exponents: { u4: e.u4, u6: e.u6 } },
      normalization:
        normalization === 'kk' ? 'K_k field normalization (sigma_w du4/dsigma_w = (4 - d_in) u4)' : 'physical field normalization (u4 ~ sigma_w^(d_in - 4))',
      warnings: g0.every((v) => v === 0) ? ['all initial couplings are 0: the active flow stays at 0 (set flow.couplings or --couplings "u4=...,u6=...")'] : [],
    };
  }
  let opts = deriveOptions(theory);
  const warnings: string[] = [];
  let mode: FlowReport['mode'] = 'field';
  if (net) {
    // Passive RG (network fixed, data scale varied): Wetterich–Litim phi^6 around zero, m2(t0) = m0^2 = 2 sigma_w^2/d_in.
    mode = 'passive';
    opts = { ...opts, scheme: 'wetterich', regulator: 'litim', expand: 'zero', order: 6 };
    sources.unshift({ where: theory.file, key: 'network.sigma_w', values: { m2: (2 * net.sigma_w ** 2) / net.d_in } });
  }
  if (!opts.dimensionless) {
    throw new InputError(
      theory.file,
      'field_theory.dimensionful',
      'false for flows (the dimensionful beta functions are only evaluated at k = 1)',
      undefined,
      'true',
    );
  }
  const r = derive(opts);
  warnings.push(...r.warnings);
  const g0 = initialCouplings(r.system.couplings, sources);
  if (g0.every((v) => v === 0)) warnings.push('all initial couplings are 0: set flow.couplings in the theory file or --couplings "name=value,..."');
  const flow = integrateFlow(r.system, g0, { from: req.from ?? spec.from, to: req.to ?? spec.to, ...tol });
  return {
    theory: theory.name,
    mode,
    variable: 'ln k',
    scheme: opts.scheme,
    regulator: opts.regulator,
    expand: opts.expand,
    d: opts.d,
    N: opts.N,
    order: opts.order,
    initial: Object.fromEntries(r.system.couplings.map((n, i) => [n, g0[i]!])),
    flow,
    normalization: r.normalization,
    warnings,
  };
}
