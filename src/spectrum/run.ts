import { activation } from '../activations/index.js';
import { InputError, LIMITS, type DataSpec, type NetworkSpec, type Theory } from '../theory/index.js';
import { cosineKernel } from './cosine.js';
import {
  bareLearnabilities,
  eigenLearnabilities,
  flowLearnabilities,
  invariance,
  ridgeFlow,
  solveKappa,
  testError,
  type FlowStep,
  type InvarianceRow,
  type Learnabilities,
} from './flow.js';
import { gaussianSpectrum } from './gaussian.js';
import { integratedCumulants } from './non-gaussian.js';
import { problemFor, runRegression, type RegressionResult } from './regression.js';
import { sphereSpectrum } from './sphere.js';
import type { Measure, Shell, Spectrum } from './types.js';

/** Highest degree tried when choosing the spectrum's size automatically. */
const MAX_DEGREES: Record<Measure, number> = { sphere: 400, gaussian: 150 };

/** `nnrg gp-rg --json`: the spectrum, the ridge flow, the predictions and the measurements. */
export interface GpRgDocument {
  theory: string;
  measure: Measure;
  d_in: number;
  n: number;
  ridge: number;
  threshold: number;
  target: { degree: number; weight: number }[];
  spectrum: Shell[];
  trace: { kernel: number; computed: number; captured: number; tail: number; accuracy: number };
  spectrum_method: string;
  spectrum_accuracy: number;
  flow: FlowStep[];
  cutoff: number;
  /** sigma_c^2 at the cutoff. */
  sigma2: number;
  /** Bound on n lambda_l / sigma_c^2(l-1) beyond the computed degrees. */
  beyond: number;
  kappa: number;
  learnability: LearnabilityRow[];
  test_error: { flow: number | null; eigenlearning: number | null; bare: number | null; measured: number | null; stderr: number | null };
  invariance: { rows: InvarianceRow[]; kept_change: number | null; broken_change: number | null };
  regression: RegressionSummary | null;
  /** The leading 1/N correction to the renormalized ridge (one hidden layer, sphere), or null. */
  non_gaussian: NonGaussianSummary | null;
  notes: string[];
}

export interface NonGaussianSummary {
  cutoff: number;
  /** E f_>(x)^2 by the neuron quadrature, and |that - c(L*)| from the spectrum (a check). */
  variance: number;
  variance_check: number;
  /** N kappa_4(f_>(x)), the same at every x on the sphere. */
  width_times_kappa4: number;
  /**
   * Per width of network.widths: kappa_4, the ridge shift -kappa_4/(2 sigma_c^2), its size relative to
   * sigma_c^2, and whether first order is trustworthy (|relative| <= 0.2).
   */
  widths: { width: number; kappa4: number; ridge_shift: number; relative: number; first_order: boolean }[];
}

export interface LearnabilityRow {
  l: number;
  multiplicity: number;
  lambda: number;
  flow: number;
  eigenlearning: number;
  bare: number;
  measured: number | null;
  stderr: number | null;
}

export interface RegressionSummary {
  datasets: number;
  test_points: number;
  seed: number;
  seconds: number;
  /**
   * GP regression of the Wilsonian theory on the same data sets: the kernel truncated to degrees <= cutoff,
   * noise sigma^2 + c(x) (sigma2 = its average sigma_c^2; input dependent on the Gaussian measure).
   */
  wilsonian: {
    cutoff: number;
    sigma2: number;
    learnability: { l: number; measured: number; stderr: number; difference: number; difference_stderr: number }[];
    test_error: { measured: number; stderr: number };
  } | null;
}

export interface GpRgOptions {
  /** Data sets done / total (the CLI draws a progress bar). */
  progress?: (done: number, total: number) => void;
}

/**
 * Seconds the measured regression takes, estimated from its operation counts (LIMITS.regressionSeconds):
 * per data set, twice (bare and truncated kernel), the factorization and the kernel values.
 */
export function regressionSeconds(dIn: number, data: Pick<DataSpec, 'n' | 'test_points' | 'datasets'>): number {
  const { n, test_points: m, datasets } = data;
  const perPass = (n ** 3 / 3) * 2.5e-9 + n * (n / 2 + m) * (dIn + 10) * 2e-8;
  return datasets * 2 * perPass;
}

/** The data section and the network it applies to, or InputError naming the key. */
export function checkData(theory: Theory): { net: NetworkSpec; data: DataSpec } {
  const file = theory.file;
  const net = theory.network;
  if (!net) throw new InputError(file, 'network', 'a network section (GP regression uses the network kernel)');
  const data = theory.data;
  if (!data) throw new InputError(file, 'data', 'a data section (measure, n, ridge, target) for gp-rg');
  switch (data.measure) {
    case 'sphere':
      if (net.d_in < 2)
        throw new InputError(
          file,
          'data.measure',
          'gaussian for d_in = 1 (the sphere of radius 1 in one dimension is the two points -1, 1)',
          undefined,
          '"sphere"',
        );
      break;
    case 'gaussian': {
      const act = activation(net.activation);
      if (act.gaussianAmplitude === undefined) {
        throw new InputError(
          file,
          'data.measure',
          `sphere for the ${net.activation} kernel (the Gaussian measure has closed-form Hermite modes only for a Gaussian kernel: gauss or cos)`,
          undefined,
          '"gaussian"',
        );
      }
      if (net.depth !== 1)
        throw new InputError(file, 'network.depth', '1 for data.measure gaussian (the kernel is Gaussian only at depth 1)', undefined, String(net.depth));
      if (net.sigma_b !== 0) {
        throw new InputError(
          file,
          'network.sigma_b',
          '0 for data.measure gaussian (the constant sigma_b^2 is not diagonal in the Hermite modes)',
          undefined,
          String(net.sigma_b),
        );
      }
      if (net.d_in !== 1) throw new InputError(file, 'network.d_in', '1 for data.measure gaussian', undefined, String(net.d_in));
      break;
    }
  }
  if (data.degrees !== undefined) {
    data.target.forEach((t, i) => {
      if (t.degree > data.degrees!) {
        throw new InputError(
          file,
          `data.target[${i}].degree`,
          `a degree <= data.degrees = ${data.degrees} (the computed spectrum)`,
          undefined,
          String(t.degree),
        );
      }
    });
  }
  const most = MAX_DEGREES[data.measure];
  if (data.degrees !== undefined && data.degrees > most)
    throw new InputError(
      file,
      'data.degrees',
      `a degree <= ${most} (the spectrum's quadratures and recursions are accurate to that degree)`,
      undefined,
      String(data.degrees),
    );
  const seconds = regressionSeconds(net.d_in, data);
  if (seconds > LIMITS.regressionSeconds.max) {
    const { n, test_points: m, datasets } = data;
    throw new InputError(
      file,
      n * n > 2 * m * n ? 'data.n' : 'data.test_points',
      `a regression estimated to take at most ${LIMITS.regressionSeconds.max} s (${LIMITS.regressionSeconds.why}): fewer points or data sets`,
      undefined,
      `n = ${n}, test_points = ${m}, datasets = ${datasets}: ~${seconds.toPrecision(2)} s`,
    );
  }
  const seen = new Set<number>();
  data.target.forEach((t, i) => {
    if (seen.has(t.degree)) throw new InputError(file, `data.target[${i}].degree`, 'each degree once', undefined, String(t.degree));
    seen.add(t.degree);
  });
  return { net, data };
}

/**
 * The spectrum to degree `data.degrees`, or, by default, to the smallest degree (growing by half, up to
 * MAX_DEGREES) at which the degrees beyond are provably integrated out by the flow (`beyond` < threshold),
 * the flow stops at least two shells below the top, and the shells beyond are small enough next to
 * eigenlearning's kappa (largest lambda/kappa <= 1e-2) to enter it as ridge.
 */
function spectrumFor(net: NetworkSpec, data: DataSpec, notes: string[]): Spectrum {
  const kernel = data.measure === 'sphere' ? cosineKernel(net) : undefined;
  const compute = (L: number) => (data.measure === 'sphere' ? sphereSpectrum(net, L, kernel) : gaussianSpectrum(net, L));
  const problems = (s: Spectrum): string[] => {
    const lmax = s.shells.length - 1;
    const flow = ridgeFlow(s, data.n, data.ridge, data.threshold);
    const kappa = solveKappa(s, data.n, data.ridge + s.tail);
    const out: string[] = [];
    if (!(flow.beyond < data.threshold)) out.push(`the degrees beyond ${lmax} could be learnable (bound ${flow.beyond.toPrecision(3)} >= threshold)`);
    if (flow.cutoff > lmax - 2) out.push(`the flow stops at L* = ${flow.cutoff}, within two degrees of the last computed one (${lmax})`);
    if (s.tailMax > 1e-2 * kappa)
      out.push(`the degrees beyond ${lmax} enter eigenlearning as ridge, but their lambda/kappa may reach ${(s.tailMax / kappa).toPrecision(3)}`);
    return out;
  };
  if (data.degrees !== undefined) {
    const s = compute(data.degrees);
    for (const p of problems(s)) notes.push(`data.degrees = ${data.degrees} may be too few: ${p}`);
    return s;
  }
  let L = Math.max(4, ...data.target.map((t) => t.degree + 1));
  for (;;) {
    const s = compute(L);
    const p = problems(s);
    if (p.length === 0) return s;
    if (L >= MAX_DEGREES[data.measure]) {
      for (const q of p) notes.push(`stopped at ${L} degrees: ${q}`);
      return s;
    }
    L = Math.min(MAX_DEGREES[data.measure], Math.ceil(L * 1.5));
  }
}

/** Everything `nnrg gp-rg` computes. */
export function gpRg(theory: Theory, opts: GpRgOptions = {}): GpRgDocument {
  const { net, data } = checkData(theory);
  const notes: string[] = [];
  const s = spectrumFor(net, data, notes);
  const { n, ridge, threshold } = data;
  const flow = ridgeFlow(s, n, ridge, threshold);
  const kappa = solveKappa(s, n, ridge + s.tail);
  const learn: Record<'flow' | 'eigenlearning' | 'bare', Learnabilities> = {
    flow: flowLearnabilities(s, flow, n),
    eigenlearning: eigenLearnabilities(s, kappa),
    bare: bareLearnabilities(s, n, ridge),
  };
  const weights = new Map(data.target.map((t) => [t.degree, t.weight]));
  const inv = invariance(s, flow, n);
  const lmax = s.shells.length - 1;
  if (s.measure === 'gaussian') {
    notes.push(
      'Gaussian measure: the integrated modes act as noise of input-dependent variance sum_{k > L} lambda_k phi_k(x)^2; the flow uses its ' +
        'average over the inputs, sum_{k > L} lambda_k',
    );
  }

  for (const [name, l] of Object.entries(learn)) {
    if (!(l.sumSquares < n)) {
      notes.push(`${name}: sum over modes of N L^2 = ${l.sumSquares.toPrecision(4)} >= n = ${n} (more modes learned than data points): no test error`);
    }
  }

  let regression: RegressionResult | undefined;
  if (data.datasets >= 2) {
    regression = runRegression(problemFor(data.measure, net, s), {
      n,
      ridge,
      testPoints: data.test_points,
      datasets: data.datasets,
      seed: data.seed,
      target: data.target,
      truncated: flow.cutoff >= 0 ? { L: flow.cutoff } : undefined,
      progress: opts.progress,
    });
  }
  let nonGaussian: NonGaussianSummary | null = null;
  if (s.measure === 'sphere' && net.depth === 1 && flow.cutoff >= 0) {
    const [ng] = integratedCumulants(net, [flow.cutoff]);
    const c = flow.sigma2 - ridge;
    nonGaussian = {
      cutoff: flow.cutoff,
      variance: ng!.variance,
      variance_check: Math.abs(ng!.variance - c),
      width_times_kappa4: ng!.widthTimesKappa4,
      widths: net.widths.map((width) => {
        const kappa4 = ng!.widthTimesKappa4 / width;
        const shift = -kappa4 / (2 * flow.sigma2);
        return { width, kappa4, ridge_shift: shift, relative: shift / flow.sigma2, first_order: Math.abs(shift / flow.sigma2) <= 0.2 };
      }),
    };
  } else {
    notes.push('finite-width (1/N) correction: derived for one hidden layer on the sphere only (see docs/gp-rg.md)');
  }

  const measured = new Map(regression?.degrees.map((m) => [m.degree, m]) ?? []);
  const top = Math.min(lmax, Math.max(flow.cutoff + 1, ...data.target.map((t) => t.degree)));
  const learnability: LearnabilityRow[] = s.shells.slice(0, top + 1).map((sh) => ({
    l: sh.l,
    multiplicity: sh.multiplicity,
    lambda: sh.lambda,
    flow: learn.flow.values[sh.l]!,
    eigenlearning: learn.eigenlearning.values[sh.l]!,
    bare: learn.bare.values[sh.l]!,
    measured: measured.get(sh.l)?.learnability.mean ?? null,
    stderr: measured.get(sh.l)?.learnability.stderr ?? null,
  }));
  const computed = s.shells.reduce((a, sh) => a + sh.multiplicity * sh.lambda, 0);
  return {
    theory: theory.name,
    measure: s.measure,
    d_in: net.d_in,
    n,
    ridge,
    threshold,
    target: data.target,
    spectrum: s.shells,
    trace: { kernel: s.trace, computed, captured: computed / s.trace, tail: s.tail, accuracy: s.accuracy.trace },
    spectrum_method: s.method,
    spectrum_accuracy: s.accuracy.lambda,
    flow: flow.steps,
    cutoff: flow.cutoff,
    sigma2: flow.sigma2,
    beyond: flow.beyond,
    kappa,
    learnability,
    test_error: {
      flow: testError(learn.flow, n, weights),
      eigenlearning: testError(learn.eigenlearning, n, weights),
      bare: testError(learn.bare, n, weights),
      measured: regression?.testError.mean ?? null,
      stderr: regression?.testError.stderr ?? null,
    },
    invariance: { rows: inv, ...invarianceSummary(inv, flow.cutoff) },
    regression: regression
      ? {
          datasets: data.datasets,
          test_points: data.test_points,
          seed: data.seed,
          seconds: regression.seconds,
          wilsonian:
            flow.cutoff >= 0 && regression.truncatedTestError
              ? {
                  cutoff: flow.cutoff,
                  sigma2: flow.sigma2,
                  learnability: regression.degrees.map((m) => ({
                    l: m.degree,
                    measured: m.truncated!.mean,
                    stderr: m.truncated!.stderr,
                    difference: m.difference!.mean,
                    difference_stderr: m.difference!.stderr,
                  })),
                  test_error: { measured: regression.truncatedTestError.mean, stderr: regression.truncatedTestError.stderr },
                }
              : null,
        }
      : null,
    non_gaussian: nonGaussian,
    notes,
  };
}

/**
 * How far kappa, which sets every learnability, moves: the largest relative change while the cutoff moves
 * among the unlearnable shells (L >= cutoff), against the full theory (L = lmax), and when the first
 * learnable shell is integrated out too (L = cutoff - 1). A learnability moves by L(1 - L) dkappa/kappa.
 */
function invarianceSummary(rows: InvarianceRow[], cutoff: number): { kept_change: number | null; broken_change: number | null } {
  const full = rows[0]!.kappa;
  const change = (row: InvarianceRow) => Math.abs(row.kappa / full - 1);
  if (cutoff < 0) return { kept_change: null, broken_change: null };
  const kept = Math.max(...rows.filter((r) => r.L >= cutoff).map(change));
  const below = rows.find((r) => r.L === cutoff - 1);
  return { kept_change: kept, broken_change: below ? change(below) : null };
}
