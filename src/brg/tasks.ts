/**
 * The per-network work of `nnrg brg`, as messages that run the same in a worker thread (worker.ts) or in this
 * thread (pool.ts): each network is drawn by the WebAssembly kernel from its own counter stream, trained, and
 * coarse-grained where it is handled, so the results do not depend on the number of threads. A thread keeps the
 * posteriors of the networks it trained until `measure` (the cutoffs depend on every network's spectrum).
 */
import { NumericalError } from '../numeric/index.js';
import type { CosnetSpec, BrgDataSpec, NetworkSpec } from '../theory/index.js';
import { cosnetNetwork, type CosnetNetwork } from './cosnet.js';
import { cosnetModel, networkModel, type FeatureModel } from './models.js';
import { networkPosterior, type NetworkPosterior } from './posterior.js';
import type { BrgScheme, FisherKind, Measurement } from './types.js';

/** The networks trained: nnrg's one-hidden-layer network, or the cos-net (at brg.width). */
export type ModelSpec = { kind: 'network'; net: NetworkSpec; width: number; fisher: FisherKind } | { kind: 'cosnet'; spec: CosnetSpec; width: number };

export function featureModel(m: ModelSpec): FeatureModel {
  switch (m.kind) {
    case 'network':
      return networkModel(m.net, m.width, m.fisher);
    case 'cosnet':
      return cosnetModel(m.spec, m.width);
  }
}

/** A data set as the threads need it. */
export interface DataArrays {
  train: number[][];
  test: number[][];
  y: Float64Array;
  target: Float64Array;
}

export type Task =
  /** To every thread, first: what is trained and how. */
  | { type: 'init'; model: ModelSpec; seed: number; ridge: number; kind: FisherKind; scheme: BrgScheme }
  /** To every thread: data set s. */
  | { type: 'dataset'; s: number; set: DataArrays }
  /** Network j of data set s: drawn, trained, kept. */
  | { type: 'posterior'; s: number; j: number }
  /** To every thread: its kept posteriors at every cutoff of `grid`; the limits (grid indices) for the first network of each data set. */
  | { type: 'measure'; grid: number[]; trained: number; prior: number }
  /** Network `net` of the cos-net check. */
  | { type: 'cosnet'; spec: CosnetSpec; data: BrgDataSpec; kind: FisherKind; net: number };

export interface PosteriorSummary {
  s: number;
  j: number;
  /** Parameters of the network. */
  P: number;
  fisher: Float64Array;
  zeros: number;
}

/** Largest |difference| over test points between the coarse graining at a limit and the direct computation. */
export interface Deviation {
  mean: number;
  variance: number;
}

export interface MeasuredNetwork {
  s: number;
  j: number;
  measured: Measurement[];
  limits: { trained: Deviation; prior: Deviation } | null;
}

/** What each task answers. */
export interface Replies {
  init: null;
  dataset: null;
  posterior: PosteriorSummary;
  measure: MeasuredNetwork[];
  cosnet: CosnetNetwork;
}

/** One thread's state and its handler. */
export class BrgWork {
  private run?: Extract<Task, { type: 'init' }>;
  private model?: FeatureModel;
  private readonly sets = new Map<number, DataArrays>();
  private readonly kept: { s: number; j: number; posterior: NetworkPosterior }[] = [];

  handle(task: Task): Replies[Task['type']] {
    switch (task.type) {
      case 'init':
        this.run = task;
        this.model = featureModel(task.model);
        return null;
      case 'dataset':
        this.sets.set(task.s, task.set);
        return null;
      case 'posterior':
        return this.posterior(task.s, task.j);
      case 'measure':
        return this.kept.map(({ s, j, posterior }) => ({
          s,
          j,
          measured: posterior.measure(task.grid),
          limits:
            j === 0
              ? { trained: deviation(posterior, 'trained', task.grid[task.trained]!), prior: deviation(posterior, 'prior', task.grid[task.prior]!) }
              : null,
        }));
      case 'cosnet':
        return cosnetNetwork(task.spec, task.data, task.kind, task.net);
    }
  }

  private posterior(s: number, j: number): PosteriorSummary {
    const { run, model } = this;
    const set = this.sets.get(s);
    if (!run || !model || !set) throw new Error(`brg: network ${j} of data set ${s} before its init or data set`);
    // Network j of data set s is network j of bag s of the stream brg.seed: the same whatever the numbers of networks and data sets.
    const net = model.draw(run.seed, s, j);
    const [train, test] = [net.features(set.train), net.features(set.test)];
    if (![...train, ...test].every((r) => r.every(Number.isFinite))) {
      throw new NumericalError(`brg: network ${j + 1} of data set ${s + 1} has non-finite features (its activations overflow double precision)`);
    }
    const posterior = networkPosterior(train, test, set.y, set.target, run.ridge, run.kind, run.scheme);
    this.kept.push({ s, j, posterior });
    return { s, j, P: net.P, fisher: posterior.fisher, zeros: posterior.zeros };
  }
}

function deviation(p: NetworkPosterior, which: 'trained' | 'prior', cutoff: number): Deviation {
  const direct = p.direct()[which];
  const coarse = p.pointValues(cutoff);
  let mean = 0;
  let variance = 0;
  direct.mean.forEach((v, x) => (mean = Math.max(mean, Math.abs(v - coarse.mean[x]!))));
  direct.variance.forEach((v, x) => (variance = Math.max(variance, Math.abs(v - coarse.variance[x]!))));
  return { mean, variance };
}
