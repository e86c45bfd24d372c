/**
 * Deep networks (docs/sampler.md, "Speed: deep networks"), in one run on one thread:
 * (a) the f64x2 multiply-add peak of this core: WasmKernel.peakMulAdd, 8 independent f64x2 mul+add chains;
 * (b) the deep kernel's multiply-adds per second at width 100, depth 3, the six default points (L N^2 P per network,
 *     the first layer's d_in N P included), ReLU and erf, marginalized and plain: the whole bag (Gaussians, hidden
 *     layers, Gram sums, the product tree) and, separately, the layer matrix-vector products alone (matvecRepeat);
 *     each as a fraction of (a), counting 2 scalar multiply-adds per f64x2 one;
 * (c) end to end against bench/deep_numpy.py (the same deep ReLU network, marginalized, vectorized over networks,
 *     one core), when python3 with numpy is there: networks per second of both.
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

/** Multiply-adds of one network's hidden layers at the P points. */
const madds = (P: number) => P * (WIDTH + (DEPTH - 1) * WIDTH * WIDTH);

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
          const nets = 2000;
          kk.runBag(1, 0, 10);
          cases.push({ name: `${act} ${estimator}, whole bag`, run: () => (nets * madds(POINTS.length)) / time(() => kk.runBag(1, 1, nets)) });
        }
        const km = new WasmKernel();
        km.configure(spec(act, 'marginalized'));
        const reps = 20000;
        km.matvecRepeat(1, 10);
        cases.push({ name: `${act} layer matvec alone`, run: () => (reps * WIDTH * WIDTH * POINTS.length) / time(() => km.matvecRepeat(1, reps)) });
      }
      let peak = 0;
      const best = new Array<number>(cases.length).fill(0);
      for (let r = 0; r < ROUNDS; r++) {
        peak = Math.max(peak, (2 * 8 * ITERS) / time(() => k.peakMulAdd(ITERS)));
        cases.forEach((c, i) => (best[i] = Math.max(best[i]!, c.run())));
      }
      const rows = [
        `deep kernel, width ${WIDTH}, depth ${DEPTH}, ${POINTS.length} points, one thread (best of ${ROUNDS}, interleaved)`,
        `peak: ${(peak / 1e9).toFixed(2)} G scalar multiply-adds/s (8 chains of f64x2 mul+add)`,
        ...cases.map((c, i) => `${c.name.padEnd(32)} ${(best[i]! / 1e9).toFixed(2)} G multiply-adds/s   ${((100 * best[i]!) / peak).toFixed(0)}% of peak`),
      ];
      const py = spawnSync('python3', ['bench/deep_numpy.py', String(WIDTH), String(DEPTH), '4000'], {
        encoding: 'utf8',
        env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
      });
      if (py.status === 0) {
        const m = /([0-9.]+) networks\/s/.exec(py.stdout);
        const np = m ? Number(m[1]) : Number.NaN;
        const wasm = best[0]! / madds(POINTS.length);
        rows.push(`end to end, relu marginalized: wasm ${wasm.toFixed(0)} networks/s, numpy ${np.toFixed(0)} networks/s, ratio ${(wasm / np).toFixed(1)}`);
      } else rows.push('numpy: not run (python3 with numpy not found)');
      process.stderr.write('\n' + rows.join('\n') + '\n\n');
    },
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});
