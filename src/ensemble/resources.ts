import { availableParallelism, totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { InputError, LIMITS, MAX_TEXT_CHARS } from '../theory/index.js';
import { KERNEL_MAX_BYTES, kernelBytes } from './wasm-kernel.js';

/**
 * What a sampling run needs, estimated before it starts (docs/guide.md, "Limits"), and the checks that
 * refuse a run the machine cannot finish: exit 2 with the estimate, the limit and what lowers it.
 */
export interface SamplerNeeds {
  /** Correlator entries (multisets of orders 2, 4, 6 of the points). */
  entries: number;
  /** Bytes of one WebAssembly kernel instance (one per worker). */
  kernelBytes: number;
  workers: number;
  /** Characters of the document's JSON, an upper bound (every number at its longest). */
  documentChars: number;
  /** Bytes of memory for the workers and for the document while it is assembled and written. */
  memoryBytes: number;
}

/** Correlator entries on P points: C(P+1, 2) + C(P+3, 4) + C(P+5, 6). */
export function correlatorEntries(P: number): number {
  return [2, 4, 6].reduce((s, n) => s + binomial(P + n - 1, n), 0);
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/**
 * Characters of a sampled document's JSON: per entry at most ~640 (its entry, coupling value and summary
 * shares, with every number at its longest 24 characters; measured: ~525), per bag and entry 34 (one
 * indented sum; measured: ~25), per bag its top values. `bagSums`: the sums a bag keeps when they are not one
 * per entry (the marginalized estimator keeps every node of its tree).
 */
export function documentChars(points: number, bags: number, topK: number, bagSums?: number): number {
  const entries = correlatorEntries(points);
  return 20_000 + entries * 640 + bags * ((bagSums ?? entries) * 34 + topK * 34 + 200);
}

/** Memory of a worker besides its kernel (a V8 isolate and its code; measured ~10 MB). */
const WORKER_BYTES = 32 * 2 ** 20;
/** Heap per character of the document while it is assembled and written (measured ~7.5: 709 MB for 94 MB). */
const HEAP_PER_CHAR = 8;

/** The memory this process may use: the machine's (or its container's) memory. */
export function machineBytes(): number {
  const constrained = (process as { constrainedMemory?: () => number | undefined }).constrainedMemory?.();
  return Math.min(totalmem(), constrained && constrained > 0 ? constrained : Number.POSITIVE_INFINITY);
}

const gb = (b: number) => `${(b / 2 ** 30).toPrecision(3)} GB`;

export interface SamplerRun {
  points: number;
  dIn: number;
  /** The largest hidden width. */
  width: number;
  /** Hidden layers (default 1). */
  depth?: number;
  nets: number;
  bags: number;
  threads?: number;
  topK: number;
  /** Nodes of the kernel's multiset tree. */
  nodes: number;
  /** Sums a bag keeps, when not one per correlator entry (marginalized: every node). */
  bagSums?: number;
  /** Where width, bags and threads were set (messages name them): "--width", "ensemble.width", ... */
  where: { file: string; width: string; bags: string; threads: string };
}

/** The needs of a run, or an InputError naming the value to lower when the machine cannot hold it. */
export function checkSamplerRun(r: SamplerRun): SamplerNeeds {
  const input = (key: string, expected: string, got: string) =>
    new InputError(key.startsWith('--') ? 'command line' : r.where.file, key, expected, undefined, got);
  if (r.points > LIMITS.correlatorPoints.max)
    throw input('ensemble.points', `at most ${LIMITS.correlatorPoints.max} points (${LIMITS.correlatorPoints.why})`, `${r.points} points`);
  const entries = correlatorEntries(r.points);
  const kb = kernelBytes({ dIn: r.dIn, points: r.points, width: r.width, nodes: r.nodes, topK: r.topK, depth: r.depth });
  if (kb >= KERNEL_MAX_BYTES)
    throw input(
      r.where.width,
      `a width whose sampler fits in 2 GiB (the kernel addresses its memory with signed 32-bit integers; ~${8 * (r.dIn + 2)} bytes per neuron)`,
      `${r.width} (needs ${gb(kb)})`,
    );
  const workers = Math.max(1, Math.min(r.threads ?? availableParallelism(), r.bags));
  const chars = documentChars(r.points, r.bags, r.topK, r.bagSums);
  if (chars > MAX_TEXT_CHARS) {
    const fixed = documentChars(r.points, 0, r.topK, r.bagSums);
    const most = Math.max(0, Math.floor((MAX_TEXT_CHARS - fixed) / (documentChars(r.points, 1, r.topK, r.bagSums) - fixed)));
    throw input(
      r.where.bags,
      `at most ${most} bags on ${r.points} points (the document is written as one string of at most ${MAX_TEXT_CHARS} characters): fewer ` +
        `bags of more networks each`,
      `${r.bags} (~${(chars / 1e6).toFixed(0)} million characters)`,
    );
  }
  const memory = workers * (kb + WORKER_BYTES) + chars * HEAP_PER_CHAR;
  const machine = machineBytes();
  if (memory > 0.8 * machine)
    throw input(
      workers * kb > chars * HEAP_PER_CHAR ? r.where.width : r.where.bags,
      `a run that fits in 80% of this machine's ${gb(machine)} of memory (${workers} workers x ${gb(kb + WORKER_BYTES)}, and ` +
        `${gb(chars * HEAP_PER_CHAR)} for the document); lower --threads, --width or --bags`,
      `${gb(memory)} needed`,
    );
  const heap = getHeapStatistics().heap_size_limit;
  if (chars * HEAP_PER_CHAR > heap)
    throw input(
      r.where.bags,
      `a document whose assembly fits in the JavaScript heap of ${gb(heap)} (raise it with NODE_OPTIONS=--max-old-space-size=<MB>, or use fewer bags)`,
      `${r.bags} bags (~${gb(chars * HEAP_PER_CHAR)})`,
    );
  return { entries, kernelBytes: kb, workers, documentChars: chars, memoryBytes: memory };
}
