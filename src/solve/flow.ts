import type { BetaSystem } from '../flow/types.js';
import { InputError } from '../theory/index.js';
import { integrate, type StopEvent } from '../numeric/index.js';

/** What integrateFlow needs of a system: BetaSystem satisfies it, and so do the NN-QFT active flows. */
export type FlowSystem = Pick<BetaSystem, 'couplings' | 'beta'> & Partial<Pick<BetaSystem, 'poleDistance'>>;

export interface FlowOptions {
  from: number;
  to: number;
  rtol: number;
  atol: number;
  /** Stop when some |g_i| exceeds this (default 1e8). */
  blowUp?: number;
  /** Stop when poleDistance falls to this (default 1e-4): the threshold functions diverge there. */
  poleTolerance?: number;
  maxSteps?: number;
  /** Uniform output points (default 201; 0: the accepted steps). */
  samples?: number;
}

export type FlowStopReason = 'completed' | 'pole' | 'blow-up' | 'nan' | 'max-steps';

export interface FlowResult {
  couplings: string[];
  from: number;
  to: number;
  t: number[];
  /** g[k][i]: coupling i at time t[k]. */
  g: number[][];
  stop: { reason: FlowStopReason; t: number; message: string };
  stats: { steps: number; accepted: number; rejected: number; evaluations: number };
}

/** Integrates dg/dt = beta(g) (t = ln k) from `from` to `to`; stops at a pole, a blow-up, a NaN or max steps. */
export function integrateFlow(system: FlowSystem, g0: number[], opts: FlowOptions): FlowResult {
  if (g0.length !== system.couplings.length) {
    throw new InputError('flow', 'couplings', `${system.couplings.length} initial values (${system.couplings.join(', ')})`, undefined, String(g0.length));
  }
  const blowUp = opts.blowUp ?? 1e8;
  const poleTol = opts.poleTolerance ?? 1e-4;
  const events: StopEvent[] = [];
  const pole = system.poleDistance?.bind(system);
  if (pole) {
    if (!(pole(g0) > poleTol)) {
      return {
        couplings: system.couplings,
        from: opts.from,
        to: opts.to,
        t: [opts.from],
        g: [g0.slice()],
        stop: { reason: 'pole', t: opts.from, message: `the initial couplings are at or beyond a pole of the threshold functions (distance ${pole(g0)})` },
        stats: { steps: 0, accepted: 0, rejected: 0, evaluations: 0 },
      };
    }
    events.push({
      reason: 'pole',
      value: (y) => pole(y) - poleTol,
      describe: () => `a threshold function diverges: pole distance fell to ${poleTol}`,
    });
  }
  events.push({
    reason: 'blow-up',
    value: (y) => blowUp - Math.max(...y.map(Math.abs)),
    describe: (_t, y) => {
      const i = y.reduce((b, v, k) => (Math.abs(v) > Math.abs(y[b]!) ? k : b), 0);
      return `coupling ${system.couplings[i]} blew up (|${system.couplings[i]}| reached ${blowUp})`;
    },
  });
  const r = integrate((_t, g) => system.beta(g), opts.from, g0, opts.to, {
    rtol: opts.rtol,
    atol: opts.atol,
    maxSteps: opts.maxSteps,
    samples: opts.samples ?? 201,
    events,
    invalid: pole ? (y) => !(pole(y) > 0) : undefined,
  });
  return {
    couplings: system.couplings,
    from: opts.from,
    to: opts.to,
    t: r.t,
    g: r.y,
    stop: { reason: r.stop.reason as FlowStopReason, t: r.stop.t, message: r.stop.message },
    stats: r.stats,
  };
}

/**
 * Initial couplings in system order from name -> value maps (unnamed ones are 0; later sources win);
 * an unknown name is an input error naming its source (theory file key or command-line option).
 */
export function initialCouplings(names: string[], sources: { where: string; key: string; values: Record<string, number> }[]): number[] {
  const merged: Record<string, number> = {};
  for (const src of sources) {
    for (const [k, v] of Object.entries(src.values)) {
      if (!names.includes(k))
        throw new InputError(
          src.where,
          `${src.key}${src.key.startsWith('-') ? ` (${k})` : `.${k}`}`,
          `a coupling of this truncation (${names.join(', ')})`,
          undefined,
          k,
        );
      merged[k] = v;
    }
  }
  return names.map((n) => merged[n] ?? 0);
}
