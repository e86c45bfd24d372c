import { NumericalError, symmetricEigenQL } from '../numeric/index.js';
import { brgDataDefaults, InputError, type BrgDataSpec, type BrgSpec, type Theory } from '../theory/index.js';
import { runCosnet, type CosnetResult } from './cosnet.js';
import { dataSet } from './data.js';
import { cosnetModel, networkModel, type FeatureModel } from './models.js';
import { networkPosterior } from './posterior.js';
import { clustered } from './stats.js';
import type { Estimate, Measurement } from './types.js';

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
function validate(theory: Theory): { brg: BrgSpec; data: BrgDataSpec; model: FeatureModel } {
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
  const model = net ? networkModel(net, brg.width, brg.fisher) : cosnetModel(cos!, brg.width);
  return { brg, data, model };
}

/**
 * `nnrg brg`: samples networks (one hidden layer, or the cos-net), trains their last layer exactly on
 * `data.datasets` data sets, coarse-grains the posteriors at every cutoff, and, with a cosnet section,
 * compares the coarse-grained cos-net with the momentum-shell propagator. docs/brg.md.
 */
export function runBrg(theory: Theory, options: BrgOptions = {}): BrgResult {
  const { brg, data, model } = validate(theory);
  const progress = options.progress ?? (() => {});
  const D = data.datasets;
  const posteriors: ReturnType<typeof networkPosterior>[][] = [];
  const gpSpectra: number[][] = [];
  let parameters = 0;
  for (let s = 0; s < D; s++) {
    progress(`data set ${s + 1} of ${D}: ${brg.nets} networks`);
    const set = dataSet(data, model.dIn, s, model.prior);
    if (model.kernel) {
      const K = model.kernel === model.prior && set.prior ? set.prior.slice(0, data.n).map((row) => row.slice(0, data.n)) : model.kernel(set.train);
      gpSpectra.push(
        symmetricEigenQL(K)
          .values.map((v) => Math.max(v, 0) / data.ridge)
          .reverse(),
      );
    }
    const row: ReturnType<typeof networkPosterior>[] = [];
    for (let j = 0; j < brg.nets; j++) {
      // Network j of data set s (bag s of the stream brg.seed): the same whatever the number of networks or data sets.
      const net = model.draw(brg.seed, s, j);
      parameters = net.P;
      const [train, test] = [net.features(set.train), net.features(set.test)];
      if (![...train, ...test].every((r) => r.every(Number.isFinite))) {
        throw new NumericalError(`brg: network ${j + 1} of data set ${s + 1} has non-finite features (its activations overflow double precision)`);
      }
      row.push(networkPosterior(train, test, set.y, set.target, data.ridge, brg.fisher, brg.scheme));
    }
    posteriors.push(row);
  }
  const all = posteriors.flat();
  const cutoffs = [...(brg.cutoffs ?? defaultCutoffs(all.map((p) => p.fisher)))].sort((a, b) => a - b);
  progress(`coarse graining at ${cutoffs.length} cutoffs`);
  // Every cutoff and both limits, per (data set, network).
  const grid = [...cutoffs, 0, Infinity];
  const measured: Measurement[][][] = posteriors.map((row) => row.map((p) => p.measure(grid)));
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
  const zeroIndex = cutoffs.length;
  const limit = (c: number, which: 'trained' | 'prior'): LimitRow => {
    let dm = 0;
    let dv = 0;
    for (const row of posteriors) {
      const p = row[0]!;
      const direct = p.direct()[which];
      const coarse = p.pointValues(grid[c]!);
      direct.mean.forEach((v, x) => (dm = Math.max(dm, Math.abs(v - coarse.mean[x]!))));
      direct.variance.forEach((v, x) => (dv = Math.max(dv, Math.abs(v - coarse.variance[x]!))));
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
  const cosnet = theory.cosnet ? runCosnet(theory.cosnet, data, brg.fisher, progress) : null;
  return {
    theory: theory.name,
    model: model.label,
    data: { ...data, d: model.dIn, defaults: theory.brg?.data === undefined },
    brg: { fisher: brg.fisher, scheme: brg.scheme, width: brg.width, nets: brg.nets, rise: brg.rise, seed: brg.seed },
    parameters,
    fisher,
    zero_modes: all.reduce((s, p) => s + p.zeros, 0) / all.length,
    cutoffs: rows,
    limits: { trained: limit(zeroIndex, 'trained'), prior: limit(zeroIndex + 1, 'prior') },
    lambda_c: lambdaC,
    cosnet,
  };
}
