// networks/s of the built sampler (dist/): one thread by CPU time, and all threads by wall time.
// Usage: node bench/external/wasm_rate.mjs WIDTH NETS [typescript]
import { availableParallelism } from 'node:os';
import { BagRunner, runBags } from '../../dist/ensemble/pool.js';
import { multisetTree } from '../../dist/ensemble/tree.js';

const width = Number(process.argv[2] ?? 100);
const nets = Number(process.argv[3] ?? 20000);
const engine = process.argv[4] === 'typescript' ? 'typescript' : 'wasm';
const points = [-0.01, -0.006, -0.002, 0.002, 0.006, 0.01].map((x) => [x]);
const job = (n) => ({ spec: { activation: 'gauss', dIn: 1, points, width, sigmaW: 1, sigmaB: 1, tree: multisetTree(6, 6), topK: 100 }, seed: 1, nets: n, engine });
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const r = new BagRunner(job(nets));
r.run(99);
const c0 = cpu();
r.run(0);
const one = nets / (cpu() - c0);
const all = availableParallelism();
const bags = Array.from({ length: 2 * all }, (_, b) => b);
const t0 = performance.now();
await runBags(job(nets), bags, all, () => {});
const many = (nets * bags.length) / ((performance.now() - t0) / 1000);
console.log(`${engine} width ${width}: ${one.toFixed(0)} networks/s on 1 thread (CPU time), ${many.toFixed(0)} networks/s on ${all} threads (wall)`);
