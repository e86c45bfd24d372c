// A sampler worker thread: one WebAssembly instance, bags on request (see pool.ts).
import { parentPort } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './pool.js';
import { BagRunner } from './runner.js';

const port = parentPort!;
let runner: BagRunner | undefined;
port.on('message', (m: ToWorker) => {
  try {
    if (m.type === 'init') {
      runner = new BagRunner(m.job);
    } else if (m.type === 'bag') {
      const r = runner!.run(m.bag);
      const msg: FromWorker = { type: 'done', bag: m.bag, sums: r.sums, top: r.top };
      port.postMessage(msg, [r.sums.buffer as ArrayBuffer, r.top.buffer as ArrayBuffer]);
    } else {
      port.close();
    }
  } catch (e) {
    port.postMessage({ type: 'error', message: (e as Error).message } satisfies FromWorker);
  }
});
