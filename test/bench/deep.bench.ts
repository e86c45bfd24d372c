/**
 * Deep networks (docs/sampler.md, "Speed: deep networks"), in one run on one thread:
 * (a) the f64x2 multiply-add peak of this core: WasmKernel.peakMulAdd, 8 independent f64x2 mul+add chains;
 * (b) the deep kernel at width 100, depth 3, the six default points, ReLU and erf, marginalized and plain, the whole
 *     bag (Gaussians, hidden layers, Gram sums, the product tree): networks per second, and as multiply-adds per
 *     second in the weight-space count (L N^2 P per network, the first layer's d_in N P included: what a network
 *     drawn as weights costs) against (a), counting 2 scalar multiply-adds per f64x2 one. The kernel draws layers
 *     >= 2 in the space of the points (docs/sampler.md), so it does ~1/8 of those multiply-adds: the fraction can
 *     pass 100%; the multiply-adds it does run are printed too;
 * (c) end to end against bench/deep_numpy.py (the same deep ReLU network, marginalized, vectorized over networks,
 *     one core), drawn as weights and drawn as nnrg draws it, when python3 with numpy is there.
 * Interleaved rounds, best of ROUNDS each. The table is printed to stderr.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { bench, describe } from 'vitest';
import { WasmKernel, type KernelSpec } from '../../src/ensemble/wasm-kernel.js';
import { multisetTree } from '../../src/ensemble/tree.js';
import { layerCovariances } from '../../src/kernel/index.js';
import { parseTheory, type Estimator } from '../../src/theory/index.js';

const ROUNDS = 3;
const WIDTH = 100;
const DEPTH = 3;
const POINTS = [-1, -0.6, -0.2, 0.2, 0.6, 1];

function spec(act: 'relu' | 'erf', estimator: Estimator): KernelSpec {
  const points = POINTS.map((x) => [x]);
  const t = parseTheory(JSON.stringify({ network: { activation: act, sigma_w: 1, sigma_b: 1, depth: DEPTH }, ensemble: { points: POINTS } }), act);
  const layers = layerCovariances(t.network!, points);
  const M = (points.length * (points.length + 1)) / 2;
  return {
    activation: act,
    dIn: 1,
    points,
    width: WIDTH,
    widths: new Array<number>(DEPTH).fill(WIDTH),
    sigmaW: 1,
    sigmaB: 1,
    tree: estimator === 'plain' ? multisetTree(points.length, 6) : multisetTree(M, 3),
    topK: 100,
    estimator,
    kernel: layers.output,
  };
}

/** Multiply-adds of one network's hidden layers at the P points, drawn as weights. */
const madds = (P: number) => P * (WIDTH + (DEPTH - 1) * WIDTH * WIDTH);
/** The multiply-adds the kernel runs (at most): layer 1, then per layer >= 2 its input's Gram sums and P^2 per neuron, then the last layer's Gram sums. */
const kernelMadds = (P: number) => P * WIDTH + (DEPTH - 1) * ((WIDTH * P * (P + 1)) / 2 + WIDTH * P * P) + (WIDTH * P * (P + 1)) / 2;

const time = (f: () => void) => {
  const t0 = performance.now();
  f();
  return (performance.now() - t0) / 1000;
};

describe('deep kernel: multiply-adds against the f64x2 peak (the table is printed to stderr)', () => {
  bench(
    'deep',
    () => {
      const k = new WasmKernel();
      const ITERS = 2e8;
      k.peakMulAdd(1e6); // compiled before timing
      const cases: { name: string; run: () => number }[] = [];
      for (const act of ['relu', 'erf'] as const) {
        for (const estimator of ['marginalized', 'plain'] as const) {
          const kk = new WasmKernel();
          kk.configure(spec(act, estimator));
          const nets = 20000;
          kk.runBag(1, 0, 10);
          cases.push({ name: `${act} ${estimator}, whole bag`, run: () => (nets * madds(POINTS.length)) / time(() => kk.runBag(1, 1, nets)) });
        }
      }
      let peak = 0;
      const best = new Array<number>(cases.length).fill(0);
      for (let r = 0; r < ROUNDS; r++) {
        peak = Math.max(peak, (2 * 8 * ITERS) / time(() => k.peakMulAdd(ITERS)));
        cases.forEach((c, i) => (best[i] = Math.max(best[i]!, c.run())));
      }
      const P = POINTS.length;
      const rows = [
        `deep kernel, width ${WIDTH}, depth ${DEPTH}, ${P} points, one thread (best of ${ROUNDS}, interleaved)`,
        `peak: ${(peak / 1e9).toFixed(2)} G scalar multiply-adds/s (8 chains of f64x2 mul+add)`,
        `multiply-adds per network: ${madds(P)} drawn as weights (L N^2 P), at most ${kernelMadds(P)} run by the kernel`,
        ...cases.map(
          (c, i) =>
            `${c.name.padEnd(28)} ${(best[i]! / madds(P)).toFixed(0).padStart(7)} networks/s   weight-space count ${(best[i]! / 1e9).toFixed(2)} G/s = ` +
            `${((100 * best[i]!) / peak).toFixed(0)}% of peak   (run: ${((best[i]! * kernelMadds(P)) / madds(P) / 1e9).toFixed(2)} G/s = ` +
            `${((100 * best[i]! * kernelMadds(P)) / madds(P) / peak).toFixed(0)}%)`,
        ),
      ];
      const wasm = best[0]! / madds(P);
      for (const mode of ['weights', 'points'] as const) {
        const nets = mode === 'weights' ? 4000 : 40000;
        const py = spawnSync('python3', ['bench/deep_numpy.py', String(WIDTH), String(DEPTH), String(nets), mode], {
          encoding: 'utf8',
          env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
        });
        const m = py.status === 0 ? /([0-9.]+) networks\/s/.exec(py.stdout) : null;
        if (!m) {
          rows.push('numpy: not run (python3 with numpy not found)');
          break;
        }
        const np = Number(m[1]);
        rows.push(
          `end to end, relu marginalized: wasm ${wasm.toFixed(0)} networks/s, numpy (${mode}) ${np.toFixed(0)} networks/s, ratio ${(wasm / np).toFixed(1)}`,
        );
      }
      process.stderr.write('\n' + rows.join('\n') + '\n\n');
    },
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});
