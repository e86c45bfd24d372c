// A brg worker thread (pool.ts): one BrgWork, tasks answered in the order they arrive.
import { parentPort } from 'node:worker_threads';
import { NumericalError } from '../numeric/index.js';
import type { FromBrgWorker } from './pool.js';
import { BrgWork, type Task } from './tasks.js';

const port = parentPort!;
const work = new BrgWork();
port.on('message', (task: Task) => {
  try {
    port.postMessage({ ok: true, value: work.handle(task) } satisfies FromBrgWorker);
  } catch (e) {
    port.postMessage({ ok: false, message: (e as Error).message, numerical: e instanceof NumericalError } satisfies FromBrgWorker);
  }
});
