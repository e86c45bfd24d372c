import { createRequire } from 'node:module';
import type * as Odex from 'odex';

// odex is CommonJS (with __esModule set, and .ts sources beside its .js that some loaders prefer):
// require its compiled entry explicitly so Node, vitest and tsx all get the same module.
const odex = createRequire(import.meta.url)('odex/src/odex.js') as typeof Odex;

/**
 * A thin layer over odex (Gragg–Bulirsch–Stoer with dense output) that adds what flows need:
 * stop events located by bisection on the dense output, NaN detection, max-steps (= stiffness)
 * reporting, and samples on a uniform grid. Integrates in either direction (t1 < t0 is fine).
 */

export type Rhs = (t: number, y: number[]) => number[];

/** A stop event: `value(y)` is > 0 while the run may go on; the run stops where it reaches 0. */
export interface StopEvent {
  reason: string;
  value(y: number[], t: number): number;
  /** Text for the report, e.g. "1 + m2 -> 0". */
  describe(t: number, y: number[]): string;
}

export interface OdeOptions {
  rtol: number;
  atol: number;
  /** Step budget; exceeding it is reported as stiffness (odex is explicit). */
  maxSteps?: number;
  /** Number of uniformly spaced output points on [t0, t1] (from the dense output); 0: accepted steps only. */
  samples?: number;
  events?: StopEvent[];
  /** Where the right-hand side is meaningless (e.g. beyond a pole): odex is made to reject such steps. */
  invalid?: (y: number[], t: number) => boolean;
}

export type StopReason = 'completed' | 'max-steps' | 'nan' | string;

export interface OdeResult {
  /** Output times and states: the uniform samples up to the stop (and the stop point), else the accepted steps. */
  t: number[];
  y: number[][];
  stop: { reason: StopReason; t: number; y: number[]; message: string };
  stats: { steps: number; accepted: number; rejected: number; evaluations: number };
}

type Dense = (c: number, x: number) => number;

/** Integrates y' = f(t, y) from t0 to t1; never throws on numerical trouble, it reports it in `stop`. */
export function integrate(f: Rhs, t0: number, y0: number[], t1: number, opts: OdeOptions): OdeResult {
  const n = y0.length;
  const solver = new odex.Solver(n);
  solver.relativeTolerance = opts.rtol;
  solver.absoluteTolerance = opts.atol;
  solver.maxSteps = opts.maxSteps ?? 20000;
  solver.denseOutput = true;
  solver.initialStepSize = Math.min(1e-4, Math.abs(t1 - t0) / 10 || 1e-4);
  const events = opts.events ?? [];
  const samples = opts.samples ?? 0;
  const grid = samples > 1 ? Array.from({ length: samples }, (_, i) => t0 + ((t1 - t0) * i) / (samples - 1)) : [];
  const dir = t1 >= t0 ? 1 : -1;
  let gi = 0; // next grid point not yet emitted
  const ts: number[] = [];
  const ys: number[][] = [];
  let stop: OdeResult['stop'] | undefined;
  let last = { t: t0, y: y0.slice() };

  const rhs = (t: number, y: number[]): number[] => {
    // Beyond a pole the right-hand side is meaningless: a huge value makes odex reject the step and
    // shrink it; the stop events sit before the pole, so accepted steps still cross them.
    if (opts.invalid?.(y, t)) return y.map(() => 1e300);
    return f(t, y);
  };
  const interp = (dense: Dense, x: number) => Array.from({ length: n }, (_, c) => dense(c, x));
  const emit = (t: number, y: number[]) => {
    ts.push(t);
    ys.push(y);
  };
  if (grid.length === 0) emit(t0, y0.slice());

  const out = (_nr: number, xold: number, x: number, y: number[], dense?: Dense): boolean => {
    if (_nr === 1 || !dense) return true; // odex calls once at the start without a step
    const bad = y.some((v) => !Number.isFinite(v));
    const hit = bad ? undefined : events.find((e) => !(e.value(y, x) > 0));
    let tEnd = x;
    let yEnd = y;
    if (bad) {
      stop = { reason: 'nan', t: xold, y: last.y, message: `a coupling became NaN or infinite between t = ${xold} and t = ${x}` };
      tEnd = xold;
      yEnd = last.y;
    } else if (hit) {
      // Bisection on the dense output for the crossing of hit.value = 0 in (xold, x].
      let a = xold;
      let b = x;
      for (let it = 0; it < 200 && Math.abs(b - a) > 1e-15 * (1 + Math.abs(a)); it++) {
        const m = 0.5 * (a + b);
        const v = hit.value(interp(dense, m), m);
        if (v > 0) a = m;
        else b = m;
      }
      tEnd = a;
      yEnd = interp(dense, a);
      stop = { reason: hit.reason, t: tEnd, y: yEnd, message: `${hit.describe(tEnd, yEnd)} at t = ${tEnd.toPrecision(10)}` };
    }
    while (gi < grid.length && (grid[gi]! - tEnd) * dir <= 0) {
      const tg = grid[gi++]!;
      emit(tg, tg === x && !stop ? y.slice() : tg === xold ? last.y.slice() : interp(dense, tg));
    }
    if (grid.length === 0 && !stop) emit(x, y.slice());
    if (stop) {
      if (ts.length === 0 || ts[ts.length - 1] !== stop.t) emit(stop.t, stop.y.slice());
      return false;
    }
    last = { t: x, y: y.slice() };
    return true;
  };

  let res: ReturnType<typeof solver.solve>;
  try {
    res = solver.solve(rhs, t0, y0.slice(), t1, out);
  } catch (e) {
    // odex throws on internal trouble (e.g. step size underflow): report it with the flow so far.
    stop = { reason: 'nan', t: last.t, y: last.y, message: `the integrator failed after t = ${last.t}: ${(e as Error).message}` };
    if (ts[ts.length - 1] !== last.t) emit(last.t, last.y);
    return { t: ts, y: ys, stop, stats: { steps: 0, accepted: 0, rejected: 0, evaluations: 0 } };
  }
  if (!stop) {
    if (res.outcome === odex.Outcome.MaxStepsExceeded) {
      stop = {
        reason: 'max-steps',
        t: last.t,
        y: last.y,
        message: `${solver.maxSteps} steps used before t = ${t1} (stopped at t = ${last.t.toPrecision(10)}): the flow is stiff or nearly singular there`,
      };
      if (ts[ts.length - 1] !== last.t) emit(last.t, last.y.slice());
    } else {
      stop = { reason: 'completed', t: t1, y: res.y.slice(), message: `reached t = ${t1}` };
      if (ts[ts.length - 1] !== t1) emit(t1, res.y.slice());
    }
  }
  return { t: ts, y: ys, stop, stats: { steps: res.nStep, accepted: res.nAccept, rejected: res.nReject, evaluations: res.nEval } };
}
