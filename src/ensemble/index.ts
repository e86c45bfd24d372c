/**
 * The ensemble stage: samples finite-width networks (any depth, d_out outputs) with the WebAssembly kernel on all
 * cores and measures their 2-, 4- and 6-point functions (`nnrg sample`), checkpoints and resumes runs,
 * and merges partial runs exactly (`nnrg merge`). See docs/sampler.md.
 */
import type { BagStat, SampledDocument, SamplerMeta } from '../correlators/index.js';
import { layerCovariances } from '../kernel/index.js';
import { InputError, LIMITS, MAX_TEXT_CHARS, parseTheory, type Estimator, type Limit, type Theory } from '../theory/index.js';
import { checkpointExists, checkpointSchema, checkWritable, documentText, readSampleDocument, writeAtomic } from './checkpoint.js';
import { assemble, identityDifferences, type EnsembleIdentity } from './document.js';
import { runBags } from './pool.js';
import { checkSamplerRun, documentChars } from './resources.js';
import { multisetTree, type MultisetTree } from './tree.js';
import type { KernelSpec } from './wasm-kernel.js';
import { NumericalError } from '../numeric/index.js';
import { activation, isSampled, SAMPLED_ACTIVATIONS, uniformPhase } from '../activations/index.js';
import { sampleToPrecision, type PrecisionOptions, type PrecisionResult } from './precision.js';

export type { BagStat, HeavyTail, OrderSummary, SampledDocument, SampledEntry, SamplerMeta } from '../correlators/index.js';
export { COVARIANCE_BATCH, WasmKernel, type KernelSpec, type RawBag } from './wasm-kernel.js';
export { multisetTree, type MultisetTree } from './tree.js';
export { FeatureSampler, referenceFeatures, type DrawnNetwork, type FeatureNetSpec } from './features.js';
export { hill, TopK } from './tails.js';
export { runBags, type BagJob } from './pool.js';
export { monomialTree, regulatedBagLayout, type RegulatedBagSpec } from './regulated-bag.js';
export { checkSamplerRun, correlatorEntries, documentChars, machineBytes, type SamplerNeeds, type SamplerRun } from './resources.js';
export {
  DEFAULT_MAX_NETS,
  DEFAULT_MAX_TIME,
  MIN_PRECISION_BAGS,
  relativeErrors,
  targetEstimates,
  type PrecisionOptions,
  type PrecisionResult,
  type PrecisionState,
  type TargetEstimate,
} from './precision.js';

export interface SampleOptions {
  /** The hidden width (of every layer, unless `widths`). */
  width: number;
  /** Per-layer hidden widths n_1..n_L (network.depth of them); the document's `width` is then n_L. */
  widths?: number[];
  nets: number;
  bags: number;
  seed: number;
  /** What the bags average (docs/sampler.md); default the theory's ensemble.estimator ('marginalized'). */
  estimator?: Estimator;
  /** Worker threads (default: all cores). Results do not depend on it. */
  threads?: number;
  /** Run only bags b with b mod count = index (0-based index; the CLI's --shard i/m has i = index + 1). */
  shard?: { index: number; count: number };
  /** Checkpoint file, rewritten atomically after every finished bag; holds the final document at the end. */
  out?: string;
  /** Continue from the bags already in `out`. */
  resume?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** Where the width came from (shown in the output), e.g. "--width" or "network.widths[0]". */
  widthSource?: string;
  /** Applied to the finished document before it is written and returned (the CLI attaches the couplings). */
  finish?: (doc: SampledDocument) => SampledDocument;
  /** Overwrite `out` even when it holds something else than this run's checkpoint (another run's bags, another file). */
  force?: boolean;
  /** Aborting it stops the workers; `sample` then rejects with the signal's reason (the checkpoint keeps the finished bags). */
  signal?: AbortSignal;
  /** Where nets, bags and threads came from, for messages (default: the theory file's ensemble keys). */
  sources?: { nets?: string; bags?: string; threads?: string };
  /**
   * Bags already run, in memory: a document of the same ensemble except for `bags` (an earlier round of a
   * precision run, or its checkpoint). Its bags are kept and the missing ones run.
   */
  from?: SampledDocument;
  /** Asked before each bag starts: true ends the run early (the document then has the bags done). */
  stop?: () => boolean;
}

/** Largest values of max_p |f(x_p)| kept per bag for the tail-index estimate. */
const TOP_K = 100;

interface Plan {
  id: EnsembleIdentity;
  tree: MultisetTree;
  K: number[][];
  spec: KernelSpec;
  workers: number;
}

function plan(theory: Theory, opts: SampleOptions): Plan {
  const net = theory.network;
  if (!net) throw new InputError(theory.file, 'network', 'a network section (nnrg sample draws networks)');
  const sampled = net.activation;
  if (!isSampled(sampled)) {
    throw new InputError(theory.file, 'network.activation', `one of ${SAMPLED_ACTIVATIONS.join(', ')} for sampling`, undefined, sampled);
  }
  const src = { width: opts.widthSource ?? 'ensemble.width', nets: 'ensemble.nets', bags: 'ensemble.bags', threads: 'ensemble.threads', ...opts.sources };
  const posInt = (v: number, key: string, min: number, limit?: Limit, why = '') => {
    const where = key.startsWith('--') ? 'command line' : theory.file;
    if (!Number.isInteger(v) || v < min) throw new InputError(where, key, `an integer >= ${min}${why}`, undefined, String(v));
    if (limit && v > limit.max) throw new InputError(where, key, `an integer <= ${limit.max} (${limit.why})`, undefined, String(v));
  };
  const estimator = opts.estimator ?? theory.ensemble.estimator;
  posInt(opts.width, src.width, 1);
  // a checkpoint of one bag is a document too
  if (estimator === 'marginalized') posInt(opts.nets, src.nets, 3, LIMITS.nets, ' (the marginalized estimator: third k-statistics need 3 networks per bag)');
  else posInt(opts.nets, src.nets, 1, LIMITS.nets);
  posInt(opts.bags, src.bags, 2, LIMITS.bags);
  if (!Number.isSafeInteger(opts.seed) || opts.seed < 0)
    throw new InputError(theory.file, 'ensemble.seed', 'an integer in [0, 2^53)', undefined, String(opts.seed));
  if (opts.threads !== undefined) posInt(opts.threads, src.threads, 1);
  if (opts.shard) {
    const { index, count } = opts.shard;
    if (!Number.isInteger(count) || count < 1 || count > opts.bags || !Number.isInteger(index) || index < 0 || index >= count) {
      throw new InputError('command line', '--shard', `i/m with 1 <= i <= m <= bags (${opts.bags})`, undefined, `${index + 1}/${count}`);
    }
  }
  const widths = opts.widths ?? new Array<number>(net.depth).fill(opts.width);
  if (widths.length !== net.depth)
    throw new InputError(
      src.width.startsWith('--') ? 'command line' : theory.file,
      src.width,
      `one width, or network.depth = ${net.depth} widths (one per hidden layer)`,
      undefined,
      widths.join(','),
    );
  for (const w of widths) posInt(w, src.width, 1);
  const width = widths[widths.length - 1]!;
  const points = theory.ensemble.points;
  const topK = Math.min(TOP_K, opts.nets);
  const shape = treeShape(estimator, points.length, net.d_out);
  const needs = checkSamplerRun({
    // with d_out outputs the document's entries are the multisets of the P d_out (point, component) items
    points: points.length * net.d_out,
    dIn: net.d_in,
    width: Math.max(...widths),
    depth: net.depth,
    nets: opts.nets,
    bags: opts.bags,
    threads: opts.threads,
    topK,
    nodes: treeNodes(shape),
    bagSums: estimator === 'marginalized' ? treeNodes(shape) : undefined,
    where: { file: theory.file, width: src.width, bags: src.bags, threads: src.threads },
  });
  const tree = multisetTree(shape.points, shape.maxOrder); // after the checks: it grows as P^6
  const layers = layerCovariances(net, points);
  const K = layers.output;
  const sampler: SamplerMeta = {
    version: 3,
    rng: 'splitmix64-counter(seed, bag)',
    gaussian: 'ziggurat-256',
    activation: net.activation,
    d_in: net.d_in,
    d_out: net.d_out,
    depth: net.depth,
    ...(net.depth > 1 ? { widths } : {}),
    sigma_w: net.sigma_w,
    sigma_b: net.sigma_b,
    ...(net.d_out === 1 ? { output: 0 as const } : {}),
    topK,
    normalization: theory.ensemble.normalization,
    estimator,
  };
  const id: EnsembleIdentity = {
    theory: theory.name,
    width,
    nets: opts.nets,
    bags: opts.bags,
    seed: opts.seed,
    points: points.map((p) => (net.d_in === 1 ? p[0]! : p)),
    sampler,
    widthSource: opts.widthSource ?? 'width option',
  };
  const spec: KernelSpec = {
    activation: sampled,
    dIn: net.d_in,
    points,
    width,
    sigmaW: net.sigma_w,
    sigmaB: net.sigma_b,
    tree,
    topK: sampler.topK,
    estimator,
    kernel: K,
    widths,
    dOut: net.d_out,
    // GaussNet's V^(l)(x_p): the layer's pre-activation variance (the uniform phase adds pi^2/3)
    layerV: layers.preactivations.map((S) => S.map((row, p) => row[p]! + (uniformPhase(activation(sampled).hiddenBias) ? Math.PI ** 2 / 3 : 0))),
  };
  return { id, tree, K, spec, workers: needs.workers };
}

/**
 * The kernel's multiset tree: plain, the points' multisets of orders 1..6; marginalized, the multisets
 * of orders 1..3 of the P(P+1)/2 entries of C (2023 nodes for 6 points).
 */
function treeShape(estimator: Estimator, points: number, dOut: number): { points: number; maxOrder: number } {
  switch (estimator) {
    case 'plain':
      return { points: points * dOut, maxOrder: 6 };
    case 'marginalized':
      return { points: (points * (points + 1)) / 2, maxOrder: 3 };
  }
}

/** Nodes of the tree of `shape`: sum over k = 1..maxOrder of C(points + k - 1, k). */
function treeNodes(shape: { points: number; maxOrder: number }): number {
  let nodes = 0;
  let count = 1;
  for (let k = 1; k <= shape.maxOrder; k++) nodes += count = (count * (shape.points + k - 1)) / k;
  return Math.round(nodes);
}

/** A bag's sufficient statistics out of the kernel's per-node sums: the measured entries' (plain) or all (marginalized). */
function bagStat(estimator: Estimator, tree: MultisetTree, bag: number, sums: Float64Array, top: Float64Array): BagStat {
  const out: number[] = [];
  if (estimator === 'marginalized') out.push(...sums);
  else for (const m of tree.measured) for (const n of m.nodes) out.push(sums[n]!);
  const bad = out.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new NumericalError(`bag ${bag}: a sum of products overflowed (${out[bad]}); the network's outputs are too large for double precision`);
  return { bag, sums: out, top: Array.from(top).sort((a, b) => b - a) };
}

/**
 * Samples `opts.bags` bags of `opts.nets` networks of width `opts.width` (or the shard's slice of
 * them), on `opts.threads` threads, and returns the sampled document (docs/sampler.md) with the per-bag sums
 * (`bagStats`) that make merging and resuming exact. The couplings u4, u6 are fit/'s to attach.
 */
export async function sample(theory: Theory, opts: SampleOptions): Promise<SampledDocument> {
  const p = plan(theory, opts);
  const shard = opts.shard ? { index: opts.shard.index + 1, count: opts.shard.count } : undefined;
  const mine = Array.from({ length: opts.bags }, (_, b) => b).filter((b) => !opts.shard || b % opts.shard.count === opts.shard.index);
  const done = new Map<number, BagStat>();
  if (opts.out) checkWritable(opts.out);
  if (opts.out && !opts.resume && !opts.force) refuseOther(opts.out, p.id, mine);
  if (opts.resume && opts.out && checkpointExists(opts.out)) {
    const prev = readSampleDocument(opts.out);
    const diffs = identityDifferences(p.id, prev);
    if (diffs.length > 0) throw new InputError(opts.out, '', `a checkpoint of the same ensemble to resume; it differs in ${diffs.join('; ')}`);
    const ours = new Set(mine);
    for (const s of prev.bagStats) {
      if (!ours.has(s.bag))
        throw new InputError(opts.out, 'bagStats', `bags of this run${shard ? ` (shard ${shard.index}/${shard.count})` : ''}`, undefined, `bag ${s.bag}`);
      done.set(s.bag, s);
    }
  }
  if (opts.from) {
    const diffs = identityDifferences({ ...p.id, bags: opts.from.bags }, opts.from);
    if (diffs.length > 0) throw new InputError(opts.from.theory, '', `bags of the same ensemble to continue; they differ in ${diffs.join('; ')}`);
    for (const s of opts.from.bagStats) {
      if (!mine.includes(s.bag)) throw new InputError(opts.from.theory, 'bagStats', `bags below ${opts.bags}`, undefined, `bag ${s.bag}`);
      done.set(s.bag, s);
    }
  }
  const todo = mine.filter((b) => !done.has(b));
  const docOf = () => assemble(p.id, p.tree, p.K, [...done.values()], shard);
  opts.onProgress?.(done.size, mine.length);
  await runBags(
    { spec: p.spec, seed: opts.seed, nets: opts.nets },
    todo,
    p.workers,
    (bag, raw) => {
      done.set(bag, bagStat(p.id.sampler.estimator, p.tree, bag, raw.sums, raw.top));
      if (opts.out) writeAtomic(opts.out, documentText(docOf()));
      opts.onProgress?.(done.size, mine.length);
    },
    opts.stop,
    opts.signal,
  );
  const doc = opts.finish ? opts.finish(docOf()) : docOf();
  if (opts.out) writeAtomic(opts.out, documentText(doc));
  return doc;
}

/** Refuses to write over `file` when it holds something else than this run's checkpoint (otherRun). */
function refuseOther(file: string, id: EnsembleIdentity, bags?: number[]): void {
  const other = otherRun(file, id, bags);
  if (other)
    throw new InputError(
      file,
      '',
      "no file, or this run's checkpoint, to write over",
      undefined,
      `${other}; choose another --out, or add --force to overwrite it`,
    );
}

/**
 * What `file` holds when it is not this run's checkpoint (so that writing over it would lose it), or
 * undefined when it does not exist or holds only bags of this run (rerunning them gives the same numbers).
 */
export function otherRun(file: string, id: EnsembleIdentity, bags?: number[]): string | undefined {
  if (!checkpointExists(file)) return undefined;
  let prev: SampledDocument;
  try {
    prev = readSampleDocument(file);
  } catch {
    return 'a file that is not a document of nnrg sample';
  }
  // without `bags` (a precision run, which decides its bags as it goes), any number of bags of this ensemble is its own
  const diffs = identityDifferences(bags ? id : { ...id, bags: prev.bags }, prev);
  if (diffs.length > 0) return `${prev.bagsDone} bags of another run (it differs in ${diffs.join('; ')}; continue it with its own options and --resume)`;
  const mine = new Set(bags ?? prev.bagStats.map((s) => s.bag));
  const foreign = prev.bagStats.filter((s) => !mine.has(s.bag));
  if (foreign.length > 0) return `bags of another shard of this ensemble (bag ${foreign[0]!.bag}; combine the shards with nnrg merge)`;
  return undefined;
}

/**
 * Samples until the worst multiset's relative standard error on `precision.target` is below
 * `precision.precision` (docs/sampler.md, "Precision runs"): bags in rounds, `opts.bags` the first round
 * (the pilot), `opts` otherwise as for `sample` (the estimator, threads, checkpoint, resume, progress). The
 * document returned, and written to `opts.out`, is that of a fixed run with its number of bags. A target
 * beyond the caps is refused (InputError); a cap reached first throws NumericalError, the bags done saved.
 */
export async function sampleUntil(theory: Theory, opts: SampleOptions, precision: PrecisionOptions): Promise<PrecisionResult> {
  if (opts.shard) throw new InputError('command line', '--shard', 'no shard with a precision run (it decides its bags as it goes)');
  if (opts.out) checkWritable(opts.out);
  const prior = opts.resume && opts.out && checkpointExists(opts.out) ? readSampleDocument(opts.out) : undefined;
  if (prior && opts.out) {
    // Of the same ensemble up to the number of bags, which a precision run decides as it goes.
    const id = plan(theory, opts).id;
    const diffs = identityDifferences({ ...id, bags: prior.bags }, prior);
    if (diffs.length > 0) throw new InputError(opts.out, '', `a checkpoint of the same ensemble to resume; it differs in ${diffs.join('; ')}`);
  }
  if (opts.out && !opts.resume && !opts.force) refuseOther(opts.out, plan(theory, opts).id);
  let seen = prior?.bagsDone ?? 0;
  return sampleToPrecision(
    (r) =>
      sample(theory, {
        ...opts,
        resume: false,
        force: true, // checked above: the rounds rewrite this run's own checkpoint
        bags: r.bags,
        from: r.from,
        stop: r.stop,
        finish: r.final ? opts.finish : undefined,
        onProgress: (done, total) => {
          if (done > seen) r.onBag?.(); // a bag finished (the first call of a round reports those kept)
          seen = Math.max(seen, done);
          opts.onProgress?.(done, total);
        },
      }),
    opts.nets,
    opts.bags,
    precision,
    prior,
  );
}

/** A theory with the network a document was sampled from (merge has no theory file). */
export function samplerTheory(doc: SampledDocument): Theory {
  const s = doc.sampler;
  const network = { activation: s.activation, d_in: s.d_in, d_out: s.d_out, sigma_w: s.sigma_w, sigma_b: s.sigma_b, depth: s.depth, widths: [doc.width] };
  return parseTheory(JSON.stringify({ name: doc.theory, network, ensemble: { points: doc.points } }), `${doc.theory} (from the merged documents)`);
}

/**
 * Combines documents of the same ensemble with disjoint bags (shards, or partial runs) exactly, from
 * their per-bag sums. `names` label the parts in error messages (file names in the CLI). Read the
 * parts from files with readSampleDocument; the couplings u4, u6 are fit/'s to attach.
 */
export function mergeDocuments(parts: SampledDocument[], names?: string[]): SampledDocument {
  if (parts.length === 0) throw new InputError('command line', 'merge', 'at least one document to merge');
  const name = (i: number) => names?.[i] ?? `document ${i + 1}`;
  const first = parts[0]!;
  const seen = new Map<number, number>();
  parts.forEach((d, i) => {
    const diffs = identityDifferences(first, d);
    if (diffs.length > 0) throw new InputError(name(i), '', `a part of the same ensemble as ${name(0)}; it differs in ${diffs.join('; ')}`);
    for (const s of d.bagStats) {
      const j = seen.get(s.bag);
      if (j !== undefined) throw new InputError(name(i), 'bagStats', `bags disjoint from the other parts`, undefined, `bag ${s.bag}, also in ${name(j)}`);
      seen.set(s.bag, i);
    }
  });
  const id = identityOf(first);
  const points = first.points.length;
  const bags = parts.reduce((n, d) => n + d.bagStats.length, 0);
  const shape = treeShape(first.sampler.estimator, points, first.sampler.d_out);
  const chars = documentChars(
    points * first.sampler.d_out,
    bags,
    first.sampler.topK,
    first.sampler.estimator === 'marginalized' ? treeNodes(shape) : undefined,
  );
  if (chars > MAX_TEXT_CHARS)
    throw new InputError(
      'command line',
      'merge',
      `parts whose merged document fits in one string of ${MAX_TEXT_CHARS} characters`,
      undefined,
      `${bags} bags on ${points} points (~${(chars / 1e6).toFixed(0)} million characters)`,
    );
  const K = kernelMatrixFrom(first);
  return assemble(
    id,
    multisetTree(shape.points, shape.maxOrder),
    K,
    parts.flatMap((d) => d.bagStats),
  );
}

/** The identity of the ensemble a document holds bags of. */
export function identityOf(doc: SampledDocument): EnsembleIdentity {
  const { theory, width, nets, bags, seed, points, sampler, widthSource } = doc;
  return { theory, width, nets, bags, seed, points, sampler, widthSource };
}

/** The Wick values need K; every document carries it implicitly in its order-2 gp entries. */
function kernelMatrixFrom(doc: SampledDocument): number[][] {
  const n = doc.points.length;
  const K = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const e of doc.correlators['2']) {
    if (e.components?.some((a) => a !== 0)) continue; // component 0 with itself: K
    const [i, j] = e.idx as [number, number];
    K[i]![j] = K[j]![i] = e.gp;
  }
  return K;
}

export { checkWritable, checkpointSchema, documentText, writeAtomic, readSampleDocument };
