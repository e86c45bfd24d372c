// A sampler worker thread: one WebAssembly instance, bags on request (see pool.ts).
import { parentPort } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './pool.js';
import { WasmKernel } from './wasm-kernel.js';

const port = parentPort!;
let kernel: WasmKernel | undefined;
let seed = 0;
let nets = 0;
port.on('message', (m: ToWorker) => {
  try {
    if (m.type === 'init') {
      kernel = new WasmKernel();
      kernel.configure(m.job.spec);
      seed = m.job.seed;
      nets = m.job.nets;
    } else if (m.type === 'bag') {
      const r = kernel!.runBag(seed, m.bag, nets);
      const msg: FromWorker = { type: 'done', bag: m.bag, sums: r.sums, top: r.top };
      port.postMessage(msg, [r.sums.buffer as ArrayBuffer, r.top.buffer as ArrayBuffer]);
    } else {
      port.close();
    }
  } catch (e) {
    port.postMessage({ type: 'error', message: (e as Error).message } satisfies FromWorker);
  }
});
