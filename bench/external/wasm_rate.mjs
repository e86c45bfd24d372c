// networks/s of the built sampler (dist/): one thread by CPU time, and all threads by wall time.
// Usage: node bench/external/wasm_rate.mjs WIDTH NETS [typescript|direct]  (direct: no exp recurrence)
import { availableParallelism } from 'node:os';
import { BagRunner, runBags } from '../../dist/ensemble/pool.js';
import { multisetTree } from '../../dist/ensemble/tree.js';

const width = Number(process.argv[2] ?? 100);
const nets = Number(process.argv[3] ?? 20000);
const engine = process.argv[4] === 'typescript' ? 'typescript' : 'wasm';
const recurrence = process.argv[4] !== 'direct';
const points = [-0.01, -0.006, -0.002, 0.002, 0.006, 0.01].map((x) => [x]);
const job = (n) => ({ spec: { activation: 'gauss', dIn: 1, points, width, sigmaW: 1, sigmaB: 1, tree: multisetTree(6, 6), topK: 100, recurrence }, seed: 1, nets: n, engine });
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const r = new BagRunner(job(nets));
r.run(99);
const c0 = cpu();
r.run(0);
const one = nets / (cpu() - c0);
const all = availableParallelism();
const bags = Array.from({ length: 4 * all }, (_, b) => b); // includes starting the workers (~0.1-0.3 s)
const wall = async (threads) => {
  const t0 = performance.now();
  await runBags(job(nets), bags, threads, () => {});
  return (nets * bags.length) / ((performance.now() - t0) / 1000);
};
const w1 = await wall(1);
const many = await wall(all);
console.log(`${engine}${engine === 'wasm' ? (recurrence ? ' (recurrence)' : ' (direct exp)') : ''} width ${width}: ${one.toFixed(0)} networks/s on 1 thread (CPU time); wall: ${w1.toFixed(0)} on 1 thread, ${many.toFixed(0)} on ${all} threads (x${(many / w1).toFixed(2)})`);
