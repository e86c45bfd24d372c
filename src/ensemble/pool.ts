import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BagRunner, type BagJob } from './runner.js';
import type { RawBag } from './wasm-kernel.js';
import { NumericalError } from '../numeric/index.js';

export { BagRunner, type BagJob };

/** Messages between the pool and its workers. */
export type ToWorker = { type: 'init'; job: BagJob } | { type: 'bag'; bag: number } | { type: 'stop' };
export type FromWorker = { type: 'done'; bag: number; sums: Float64Array; top: Float64Array } | { type: 'error'; message: string };

function workerUrl(): URL {
  const here = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  // running from src/ (tests): use the built worker
  const built = new URL('../../dist/ensemble/worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  throw new NumericalError('the sampler worker (dist/ensemble/worker.js) is missing: run `npm run build`');
}

/**
 * Samples `bags` over `threads` workers (in this thread when threads = 1 and nothing can abort), calling
 * `onBag` as each bag finishes (in completion order; callers order by bag index). A bag's result depends
 * only on (job, bag), never on the thread that ran it. `stop`, asked before each bag is handed out, ends the run
 * early: the bags already started finish, so the bags done are the first ones of `bags` in order. When
 * `signal` aborts, the workers are stopped (bags under way are dropped) and the promise rejects with the
 * signal's reason; with a signal the bags always run in workers, so that this thread stays free to see it.
 */
export async function runBags(
  job: BagJob,
  bags: number[],
  threads: number,
  onBag: (bag: number, raw: RawBag) => void,
  stop: () => boolean = () => false,
  signal?: AbortSignal,
): Promise<void> {
  signal?.throwIfAborted();
  if (bags.length === 0) return;
  if (!signal && (threads <= 1 || bags.length === 1)) {
    const runner = new BagRunner(job);
    for (const b of bags) {
      if (stop()) return;
      onBag(b, runner.run(b));
      await new Promise<void>((r) => setImmediate(r)); // let signals and progress through between bags
    }
    return;
  }
  const queue = [...bags];
  const url = workerUrl();
  const n = Math.max(1, Math.min(threads, bags.length));
  const workers: Worker[] = [];
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => {}); // handled by the race below
  try {
    const all = Promise.all(
      Array.from(
        { length: n },
        () =>
          new Promise<void>((resolve, reject) => {
            const w = new Worker(url);
            workers.push(w);
            const next = () => {
              const b = stop() ? undefined : queue.shift();
              w.postMessage(b === undefined ? ({ type: 'stop' } satisfies ToWorker) : ({ type: 'bag', bag: b } satisfies ToWorker));
              if (b === undefined) resolve();
            };
            w.on('message', (m: FromWorker) => {
              if (signal?.aborted) return;
              if (m.type === 'error') return reject(new NumericalError(`sampler worker failed: ${m.message}`));
              try {
                onBag(m.bag, { sums: m.sums, top: m.top });
              } catch (e) {
                return reject(e);
              }
              next();
            });
            w.on('error', (e) => reject(new NumericalError(`sampler worker failed: ${e.message}`)));
            w.on('exit', (code) => {
              if (code !== 0) reject(new NumericalError(`sampler worker exited with code ${code}`));
            });
            w.postMessage({ type: 'init', job } satisfies ToWorker);
            next();
          }),
      ),
    );
    all.catch(() => {}); // after an abort, the terminated workers' exits reject it: nobody waits for that
    await Promise.race([all, aborted]);
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
