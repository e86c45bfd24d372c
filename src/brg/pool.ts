/**
 * brg's worker threads: each holds a BrgWork (tasks.ts) and answers tasks in order. The tasks of `map` go to
 * whichever thread is free; each network's result depends only on the task, so the results (gathered by task
 * index) are the same for any number of threads. With one thread the tasks run here.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { NumericalError } from '../numeric/index.js';
import { BrgWork, type Replies, type Task } from './tasks.js';

export type FromBrgWorker = { ok: true; value: unknown } | { ok: false; message: string; numerical: boolean };

function workerUrl(): URL {
  const here = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  // running from src/ (tests): the built worker
  const built = new URL('../../dist/brg/worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  throw new NumericalError('the brg worker (dist/brg/worker.js) is missing: run `npm run build`');
}

type Reply<T extends Task> = Replies[T['type']];

export class BrgPool {
  private readonly local: BrgWork | null;
  private readonly workers: Worker[] = [];
  /** Per worker, the callbacks of its tasks under way, in order. */
  private readonly pending: { resolve: (v: unknown) => void; reject: (e: Error) => void }[][] = [];

  constructor(threads: number) {
    if (threads <= 1) {
      this.local = new BrgWork();
      return;
    }
    this.local = null;
    const url = workerUrl();
    for (let w = 0; w < threads; w++) {
      const worker = new Worker(url);
      const queue: (typeof this.pending)[number] = [];
      worker.on('message', (m: FromBrgWorker) => {
        const next = queue.shift()!;
        if (m.ok) next.resolve(m.value);
        else next.reject(m.numerical ? new NumericalError(m.message) : new Error(m.message));
      });
      const fail = (e: Error) => queue.splice(0).forEach((q) => q.reject(new NumericalError(`brg worker failed: ${e.message}`)));
      worker.on('error', fail);
      worker.on('exit', (code) => code !== 0 && fail(new Error(`exit code ${code}`)));
      this.workers.push(worker);
      this.pending.push(queue);
    }
  }

  get threads(): number {
    return this.local ? 1 : this.workers.length;
  }

  private call<T extends Task>(w: number, task: T): Promise<Reply<T>> {
    if (this.local) {
      try {
        return Promise.resolve(this.local.handle(task) as Reply<T>);
      } catch (e) {
        return Promise.reject(e);
      }
    }
    return new Promise((resolve, reject) => {
      this.pending[w]!.push({ resolve: resolve as (v: unknown) => void, reject });
      this.workers[w]!.postMessage(task);
    });
  }

  /** The task on every thread; the replies by thread. */
  broadcast<T extends Task>(task: T): Promise<Reply<T>[]> {
    return Promise.all(Array.from({ length: this.threads }, (_, w) => this.call(w, task)));
  }

  /** Each task on the next free thread; the replies in the order of `tasks`. `onDone(count)` after each. */
  async map<T extends Task>(tasks: T[], onDone?: (count: number) => void): Promise<Reply<T>[]> {
    const out = new Array<Reply<T>>(tasks.length);
    let next = 0;
    let done = 0;
    const lane = async (w: number) => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await this.call(w, tasks[i]!);
        onDone?.(++done);
        if (this.local) await new Promise<void>((r) => setImmediate(r)); // let progress and signals through
      }
    };
    await Promise.all(Array.from({ length: this.threads }, (_, w) => lane(w)));
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
