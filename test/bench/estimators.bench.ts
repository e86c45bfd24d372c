/**
 * Time to precision of the two estimators of `nnrg sample` (docs/sampler.md, "The marginalized
 * estimator"): networks per second (1 thread and all threads, the estimators interleaved round by round,
 * best of the rounds), the networks needed for a relative standard error of 1% on Delta G4 (the worst of
 * the 126 multisets of the default six points) and the seconds that takes on one thread, for ReLU and erf
 * (sigma_w = sigma_b = 1) at N = 10, 100, 1000. Plain: the exact per-network variance of f1 f2 f3 f4
 * (src/exact); marginalized: the per-network variance its jackknife error shows in a run of 20 bags.
 * The table is printed to stderr.
 */
import { availableParallelism } from 'node:os';
import { bench, describe } from 'vitest';
import { sample } from '../../src/ensemble/index.js';
import { runBags, type BagJob } from '../../src/ensemble/pool.js';
import { multisetTree } from '../../src/ensemble/tree.js';
import { estimatorVarianceDetail, exactCorrelators } from '../../src/exact/index.js';
import { networkKernel } from '../../src/kernel/index.js';
import { parseTheory, type Estimator, type Theory } from '../../src/theory/index.js';

const ALL = availableParallelism();
const WIDTHS = [10, 100, 1000];
const ROUNDS = 3;
/** Networks per bag for the rates: ~0.3 s of one core. */
const NETS: Record<number, number> = { 10: 60000, 100: 10000, 1000: 1000 };

function theoryOf(act: 'relu' | 'erf'): Theory {
  return parseTheory(JSON.stringify({ name: act, network: { activation: act, sigma_w: 1, sigma_b: 1 } }), act);
}

function job(t: Theory, width: number, estimator: Estimator, nets: number): BagJob {
  const points = t.ensemble.points;
  const M = (points.length * (points.length + 1)) / 2;
  const tree = estimator === 'plain' ? multisetTree(points.length, 6) : multisetTree(M, 3);
  const kernel = networkKernel(t.network!).matrix(points);
  return {
    spec: { activation: t.network!.activation as 'relu' | 'erf', dIn: 1, points, width, sigmaW: 1, sigmaB: 1, tree, topK: 100, estimator, kernel },
    seed: 1,
    nets,
  };
}

async function rate(t: Theory, width: number, estimator: Estimator, threads: number): Promise<number> {
  const nets = NETS[width]!;
  const bags = Array.from({ length: 3 * threads }, (_, b) => b);
  const t0 = performance.now();
  await runBags(job(t, width, estimator, nets), bags, threads, () => {});
  return (nets * bags.length) / ((performance.now() - t0) / 1000);
}

/** Networks for 1% relative standard error on Delta G4, worst multiset. */
async function netsFor1Percent(t: Theory, width: number, estimator: Estimator): Promise<number> {
  const exact = exactCorrelators(t, width);
  const delta = exact.connected['4']; // Delta G4 = kappa4 at one hidden layer
  if (estimator === 'plain') {
    const v = estimatorVarianceDetail(t, width).variance['4'];
    return Math.max(...v.map((varN, k) => varN / (0.01 * delta[k]!) ** 2));
  }
  // 20 bags: the variance from the jackknife is good to ~30%, enough for a count of networks
  const nets = width >= 1000 ? 1000 : 4000;
  const doc = await sample(t, { width, nets, bags: 20, seed: 3, threads: ALL, estimator });
  return Math.max(...doc.connected!['4'].map((c, k) => (c.stderr ** 2 * nets * 20) / (0.01 * delta[k]!) ** 2));
}

describe('estimators: time to 1% on Delta G4 (the table is printed to stderr)', () => {
  bench(
    'plain vs marginalized, ReLU and erf, widths 10, 100, 1000',
    async () => {
      const f = (x: number) => Math.round(x).toLocaleString('en-US').padStart(10);
      const e = (x: number) => x.toExponential(1).padStart(9);
      const rows = [
        `networks/s (best of ${ROUNDS} interleaved rounds; all threads = ${ALL}), networks and seconds (1 thread) to 1% on Delta G4, worst of 126 multisets`,
        'act   width  plain 1thr   marg 1thr  plain all   marg all   nets plain  nets marg   s plain    s marg    gain',
      ];
      for (const act of ['relu', 'erf'] as const) {
        const t = theoryOf(act);
        for (const width of WIDTHS) {
          await rate(t, width, 'marginalized', 1); // warm up
          const best = { p1: 0, m1: 0, pa: 0, ma: 0 };
          for (let r = 0; r < ROUNDS; r++) {
            best.p1 = Math.max(best.p1, await rate(t, width, 'plain', 1));
            best.m1 = Math.max(best.m1, await rate(t, width, 'marginalized', 1));
            if (width < 1000) {
              best.pa = Math.max(best.pa, await rate(t, width, 'plain', ALL));
              best.ma = Math.max(best.ma, await rate(t, width, 'marginalized', ALL));
            }
          }
          const np = await netsFor1Percent(t, width, 'plain');
          const nm = await netsFor1Percent(t, width, 'marginalized');
          const sp = np / best.p1;
          const sm = nm / best.m1;
          rows.push(
            `${act.padEnd(5)} ${String(width).padStart(5)} ${f(best.p1)} ${f(best.m1)} ${best.pa ? f(best.pa) : '         -'} ${best.ma ? f(best.ma) : '         -'}` +
              ` ${e(np)} ${e(nm)} ${e(sp)} ${e(sm)} ${e(sp / sm)}`,
          );
        }
      }
      process.stderr.write('\n' + rows.join('\n') + '\n\n');
    },
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});
