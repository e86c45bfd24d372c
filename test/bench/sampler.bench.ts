/**
 * Sampler throughput (networks per second): the WebAssembly SIMD kernel against the plain TypeScript
 * loop of the same computation (src/ensemble/reference.ts), GaussNet with 6 points and all multisets
 * (orders 1..6), widths 10, 100, 1000, on 1 thread and on all threads, measured in the same run.
 * The table with the ratios is printed after the vitest bench rows. numpy and C figures: docs/sampler.md.
 */
import { availableParallelism } from 'node:os';
import { bench, describe } from 'vitest';
import { BagRunner, runBags, type BagJob } from '../../src/ensemble/pool.js';
import { multisetTree } from '../../src/ensemble/tree.js';

const points = [-0.01, -0.006, -0.002, 0.002, 0.006, 0.01].map((x) => [x]);
const tree = multisetTree(points.length, 6);
const WIDTHS = [10, 100, 1000];
const ALL = availableParallelism();
/** Networks per bag: about a quarter second of the WebAssembly kernel on one core. */
const NETS: Record<number, number> = { 10: 80000, 100: 20000, 1000: 2000 };

function job(width: number, engine: 'wasm' | 'typescript', nets: number): BagJob {
  return { spec: { activation: 'gauss', dIn: 1, points, width, sigmaW: 1, sigmaB: 1, tree, topK: 100 }, seed: 1, nets, engine };
}

async function rate(width: number, engine: 'wasm' | 'typescript', threads: number): Promise<number> {
  const nets = engine === 'wasm' ? NETS[width]! : Math.ceil(NETS[width]! / 4);
  // ~1.5 s of work per thread, so that starting the workers (and compiling the module in each) is a
  // small part of what the all-threads figure measures.
  const bags = Array.from({ length: 6 * threads }, (_, b) => b);
  await runBags(job(width, engine, Math.ceil(nets / 10)), [0], 1, () => {}); // warm up
  const t0 = performance.now();
  await runBags(job(width, engine, nets), bags, threads, () => {});
  return (nets * bags.length) / ((performance.now() - t0) / 1000);
}

describe('sampler, one bag on one thread', () => {
  for (const width of WIDTHS) {
    const wasm = new BagRunner(job(width, 'wasm', NETS[width]! / 20));
    const ts = new BagRunner(job(width, 'typescript', NETS[width]! / 20));
    let bag = 0;
    bench(`wasm, width ${width}, ${NETS[width]! / 20} networks`, () => void wasm.run(bag++), { time: 500 });
    bench(`typescript, width ${width}, ${NETS[width]! / 20} networks`, () => void ts.run(bag++), { time: 500 });
  }
});

describe('sampler, networks per second and ratios (the table is printed to stderr)', () => {
  bench(
    'wasm vs typescript, 1 thread and all threads, widths 10, 100, 1000',
    async () => {
      const rows: string[] = [];
      const f = (x: number) => Math.round(x).toLocaleString('en-US').padStart(11);
      rows.push(`networks/s, GaussNet, 6 points, 923 multiset products per network; all threads = ${ALL}`);
      rows.push('width   wasm 1 thr    ts 1 thr  ratio   wasm all    ts all  ratio   wasm all/1');
      for (const width of WIDTHS) {
        const w1 = await rate(width, 'wasm', 1);
        const t1 = await rate(width, 'typescript', 1);
        const wa = await rate(width, 'wasm', ALL);
        const ta = await rate(width, 'typescript', ALL);
        rows.push(
          `${String(width).padStart(5)} ${f(w1)} ${f(t1)} ${(w1 / t1).toFixed(1).padStart(6)} ${f(wa)} ${f(ta)} ${(wa / ta).toFixed(1).padStart(6)} ${(wa / w1).toFixed(2).padStart(9)}`,
        );
      }
      process.stderr.write('\n' + rows.join('\n') + '\n\n');
    },
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});
