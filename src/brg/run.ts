import { availableParallelism } from 'node:os';
import { NumericalError, symmetricEigenQL } from '../numeric/index.js';
import { brgDataDefaults, InputError, LIMITS, type BrgDataSpec, type BrgSpec, type CosnetSpec, type Theory } from '../theory/index.js';
import { cosnetResult, type CosnetResult } from './cosnet.js';
import { dataSet } from './data.js';
import type { FeatureModel } from './models.js';
import { BrgPool } from './pool.js';
import { featureModel, type ModelSpec } from './tasks.js';
import { clustered } from './stats.js';
import type { Estimate, FisherKind, Measurement } from './types.js';

/** One rank of the Fisher spectrum (descending), over the ensemble, beside the infinite-width value. */
export interface FisherRow {
  rank: number;
  /** Whitened Fisher eigenvalue (or diagonal entry) I at this rank. */
  information: Estimate;
  /** L = I/(1 + I): the shrinkage of the posterior mean along this direction. */
  learnability: Estimate;
  /** Eigenvalue of the infinite-width kernel's Gram matrix on the same data over sigma^2 (eigen kinds with a known kernel). */
  gp: number | null;
  gp_learnability: number | null;
}

export interface CutoffRow {
  Lambda: number;
  kept: number;
  kept_stderr: number | null;
  mse: number;
  mse_stderr: number | null;
  predictive_variance: number;
  predictive_variance_stderr: number | null;
  /** E[f(x) f(y)] of the coarse-grained ensemble: coincident (x = y) and distinct test points. */
  two_point: { coincident: Estimate; distinct: Estimate | null };
}

/** The coarse graining at Lambda = 0 and Lambda = infinity against the posterior and the prior computed directly. */
export interface LimitRow {
  mse: Estimate;
  predictive_variance: Estimate;
  /** Largest |difference| over test points (first network of every data set) of the mean and of the variance. */
  max_deviation: { mean: number; variance: number };
}

export interface BrgResult {
  theory: string;
  model: string;
  data: BrgDataSpec & { d: number; defaults: boolean };
  brg: { fisher: BrgSpec['fisher']; scheme: BrgSpec['scheme']; width: number; nets: number; rise: number; seed: number };
  /** Parameters per network (whitened coordinates). */
  parameters: number;
  fisher: FisherRow[];
  /** Mean number of directions with zero information (parameters the data cannot see). */
  zero_modes: number;
  cutoffs: CutoffRow[];
  limits: { trained: LimitRow; prior: LimitRow };
  /** The first cutoff at which the error exceeds the trained one by `rise` (relative) and by 2 standard errors. */
  lambda_c: number | null;
  cosnet: CosnetResult | null;
}

export interface BrgOptions {
  progress?: (message: string) => void;
  /** Worker threads (default: all cores); the result does not depend on it. */
  threads?: number;
}

/** The cutoffs used when the theory lists none: 24 log-spaced values from half the smallest to twice the largest information. */
function defaultCutoffs(spectra: Float64Array[]): number[] {
  let lo = Infinity;
  let hi = 0;
  for (const s of spectra)
    for (const v of s)
      if (v > 0) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
  if (!(hi > 0)) throw new NumericalError('brg: every Fisher eigenvalue is zero (the networks do not see the data)');
  const a = Math.log(lo / 2);
  const b = Math.log(hi * 2);
  return Array.from({ length: 24 }, (_, i) => Math.exp(a + ((b - a) * i) / 23));
}

/** Checks the parts of a theory that `nnrg brg` needs, naming the key of anything missing or inconsistent. */
function validate(theory: Theory): { brg: BrgSpec; data: BrgDataSpec; model: FeatureModel; spec: ModelSpec } {
  const file = theory.file;
  const brg = theory.brg;
  if (!brg) throw new InputError(file, 'brg', 'a brg section (fisher, scheme, cutoffs, width, nets, seed, rise) for nnrg brg');
  const data = brg.data ?? brgDataDefaults();
  const net = theory.network;
  const cos = theory.cosnet;
  if (!net && !cos) throw new InputError(file, 'network', 'a network or a cosnet section (the ensemble nnrg brg coarse-grains)');
  if (net && net.depth !== 1) {
    throw new InputError(file, 'network.depth', '1: nnrg brg samples one-hidden-layer networks', undefined, String(net.depth));
  }
  const d = net ? net.d_in : cos!.d;
  if (data.measure === 'sphere' && (d < 2 || (cos && cos.d < 2))) {
    throw new InputError(file, 'brg.data.measure', 'gaussian for one input dimension (the sphere S^0 is two points)', undefined, 'sphere');
  }
  if (cos) {
    if (brg.fisher === 'full') {
      throw new InputError(
        file,
        'brg.fisher',
        'last-layer or diagonal with a cosnet section (the cos-net modes are its last-layer weights)',
        undefined,
        'full',
      );
    }
    cos.k?.forEach((k, i) => {
      if (k > cos.R) throw new InputError(file, `cosnet.k[${i}]`, `a momentum cutoff <= R = ${cos.R}`, undefined, String(k));
    });
  }
  // Network j of data set s is network j of bag s of the kernel's stream: both are 32-bit integers there.
  if (brg.nets > LIMITS.nets.max) throw new InputError(file, 'brg.nets', `at most ${LIMITS.nets.max} (${LIMITS.nets.why})`, undefined, String(brg.nets));
  if (data.datasets > LIMITS.bags.max) {
    throw new InputError(file, 'brg.data.datasets', `at most ${LIMITS.bags.max} (${LIMITS.bags.why})`, undefined, String(data.datasets));
  }
  if (cos && cos.nets > LIMITS.nets.max)
    throw new InputError(file, 'cosnet.nets', `at most ${LIMITS.nets.max} (${LIMITS.nets.why})`, undefined, String(cos.nets));
  const spec: ModelSpec = net ? { kind: 'network', net, width: brg.width, fisher: brg.fisher } : { kind: 'cosnet', spec: cos!, width: brg.width };
  return { brg, data, model: featureModel(spec), spec };
}

/**
 * `nnrg brg`: samples networks (one hidden layer, or the cos-net) with the WebAssembly kernel, trains their last
 * layer exactly on `data.datasets` data sets, coarse-grains the posteriors at every cutoff, and, with a cosnet
 * section, compares the coarse-grained cos-net with the momentum-shell propagator. The networks run on `threads`
 * worker threads (default all cores); the result does not depend on their number. docs/brg.md.
 */
export async function runBrg(theory: Theory, options: BrgOptions = {}): Promise<BrgResult> {
  const { brg, data, model, spec } = validate(theory);
  const progress = options.progress ?? (() => {});
  const D = data.datasets;
  // More threads than networks would idle.
  const tasks = Math.max(D * brg.nets, theory.cosnet?.nets ?? 0);
  const pool = new BrgPool(Math.min(tasks, options.threads ?? theory.ensemble.threads ?? availableParallelism()));
  try {
    await pool.broadcast({ type: 'init', model: spec, seed: brg.seed, ridge: data.ridge, kind: brg.fisher, scheme: brg.scheme });
    const gpSpectra: number[][] = [];
    for (let s = 0; s < D; s++) {
      progress(`data set ${s + 1} of ${D}`);
      const set = dataSet(data, model.dIn, s, model.prior);
      if (model.kernel) {
        const K = model.kernel === model.prior && set.prior ? set.prior.slice(0, data.n).map((row) => row.slice(0, data.n)) : model.kernel(set.train);
        gpSpectra.push(
          symmetricEigenQL(K)
            .values.map((v) => Math.max(v, 0) / data.ridge)
            .reverse(),
        );
      }
      await pool.broadcast({ type: 'dataset', s, set: { train: set.train, test: set.test, y: set.y, target: set.target } });
    }
    const total = D * brg.nets;
    const trainings = Array.from({ length: total }, (_, i) => ({ type: 'posterior' as const, s: Math.floor(i / brg.nets), j: i % brg.nets }));
    const summaries = await pool.map(trainings, (done) => done % 16 === 0 && progress(`trained ${done} of ${total} networks`));
    const posteriors = Array.from({ length: D }, (_, s) => summaries.slice(s * brg.nets, (s + 1) * brg.nets));
    const cutoffs = [...(brg.cutoffs ?? defaultCutoffs(summaries.map((p) => p.fisher)))].sort((a, b) => a - b);
    progress(`coarse graining at ${cutoffs.length} cutoffs`);
    // Every cutoff and both limits, per (data set, network), measured where each network was trained.
    const grid = [...cutoffs, 0, Infinity];
    const zeroIndex = cutoffs.length;
    const byThread = await pool.broadcast({ type: 'measure', grid, trained: zeroIndex, prior: zeroIndex + 1 });
    const measuredNets = byThread.flat().sort((a, b) => a.s - b.s || a.j - b.j);
    const measured: Measurement[][][] = posteriors.map((row, s) => row.map((_, j) => measuredNets[s * brg.nets + j]!.measured));
    const at = (c: number, pick: (m: Measurement) => number) => clustered(measured.map((row) => row.map((ms) => pick(ms[c]!))));
    const rows: CutoffRow[] = cutoffs.map((Lambda, c) => {
      const kept = at(c, (m) => m.kept);
      const mse = at(c, (m) => m.mse);
      const pv = at(c, (m) => m.variance);
      const haveDistinct = measured[0]![0]![c]!.g2off !== null;
      return {
        Lambda,
        kept: kept.mean,
        kept_stderr: kept.stderr,
        mse: mse.mean,
        mse_stderr: mse.stderr,
        predictive_variance: pv.mean,
        predictive_variance_stderr: pv.stderr,
        two_point: { coincident: at(c, (m) => m.g2diag), distinct: haveDistinct ? at(c, (m) => m.g2off!) : null },
      };
    });
    const limit = (c: number, which: 'trained' | 'prior'): LimitRow => {
      let dm = 0;
      let dv = 0;
      for (const m of measuredNets) {
        if (!m.limits) continue;
        dm = Math.max(dm, m.limits[which].mean);
        dv = Math.max(dv, m.limits[which].variance);
      }
      return { mse: at(c, (m) => m.mse), predictive_variance: at(c, (m) => m.variance), max_deviation: { mean: dm, variance: dv } };
    };
    // Lambda_C: the paired rise of the error over the trained posterior's, per (data set, network).
    const trained = at(zeroIndex, (m) => m.mse).mean;
    let lambdaC: number | null = null;
    for (let c = 0; c < cutoffs.length; c++) {
      const rise = clustered(measured.map((row) => row.map((ms) => ms[c]!.mse - ms[zeroIndex]!.mse)));
      if (rise.mean > brg.rise * trained && rise.mean > 2 * (rise.stderr ?? 0)) {
        lambdaC = cutoffs[c]!;
        break;
      }
    }
    const all = summaries;
    const ranks = Math.max(...all.map((p) => p.fisher.length));
    const fisher: FisherRow[] = Array.from({ length: ranks }, (_, a) => {
      const info = posteriors.map((row) => row.map((p) => p.fisher[a] ?? 0));
      const gp = gpSpectra.length && brg.fisher !== 'diagonal' ? gpSpectra.reduce((s, v) => s + (v[a] ?? 0), 0) / gpSpectra.length : null;
      return {
        rank: a + 1,
        information: clustered(info),
        learnability: clustered(info.map((r) => r.map((I) => I / (1 + I)))),
        gp,
        gp_learnability: gp === null ? null : gpSpectra.reduce((s, v) => s + (v[a] ?? 0) / (1 + (v[a] ?? 0)), 0) / gpSpectra.length,
      };
    });
    if (!rows.every((r) => Number.isFinite(r.mse) && Number.isFinite(r.predictive_variance))) {
      throw new NumericalError('brg: a coarse-grained error or variance is not finite');
    }
    const cosnet = theory.cosnet ? await cosnetCheck(pool, theory.cosnet, data, brg.fisher, progress) : null;
    return {
      theory: theory.name,
      model: model.label,
      data: { ...data, d: model.dIn, defaults: theory.brg?.data === undefined },
      brg: { fisher: brg.fisher, scheme: brg.scheme, width: brg.width, nets: brg.nets, rise: brg.rise, seed: brg.seed },
      parameters: summaries[0]!.P,
      fisher,
      zero_modes: all.reduce((s, p) => s + p.zeros, 0) / all.length,
      cutoffs: rows,
      limits: { trained: limit(zeroIndex, 'trained'), prior: limit(zeroIndex + 1, 'prior') },
      lambda_c: lambdaC,
      cosnet,
    };
  } finally {
    await pool.close();
  }
}

/** The cos-net check's networks on the pool, gathered in network order. */
async function cosnetCheck(pool: BrgPool, spec: CosnetSpec, data: BrgDataSpec, kind: FisherKind, progress: (m: string) => void): Promise<CosnetResult> {
  const tasks = Array.from({ length: spec.nets }, (_, net) => ({ type: 'cosnet' as const, spec, data, kind, net }));
  const nets = await pool.map(tasks, (done) => done % 16 === 0 && progress(`cos-net: ${done} of ${spec.nets} networks`));
  return cosnetResult(spec, data, kind, nets);
}

/**
 * The cos-net check alone (docs/brg.md, "The cos-net is a free scalar") on `threads` threads (default 1: this
 * thread); the result does not depend on their number.
 */
export async function runCosnet(spec: CosnetSpec, data: BrgDataSpec, kind: FisherKind, threads = 1): Promise<CosnetResult> {
  const pool = new BrgPool(threads);
  try {
    return await cosnetCheck(pool, spec, data, kind, () => {});
  } finally {
    await pool.close();
  }
}
