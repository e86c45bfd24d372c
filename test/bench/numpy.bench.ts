/**
 * `nnrg sample --estimator plain` end to end (a new process: start-up, all cores, the document) against
 * bench/numpy_sampler.py, the vectorized numpy script a user would write for the same job (GaussNet,
 * d_in = 1, sigma_w = sigma_b = 1, the six points of theories/gaussnet.yaml, every 2-, 4- and 6-point
 * multiset; one core, large batches), at widths 10 and 100, in the same run and on millions of networks
 * so that start-up is a small part. The table (networks per second and the ratio) is printed to stderr.
 * numpy's thread variables are pinned to one thread; without python3 and numpy the row says so.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { bench, describe } from 'vitest';

const WIDTHS = [10, 100];
/** Networks per run: nnrg ~6-18 s, numpy ~15-30 s on this 2-core machine. */
const NNRG_NETS: Record<number, number> = { 10: 8_000_000, 100: 8_000_000 };
const NUMPY_NETS: Record<number, number> = { 10: 2_000_000, 100: 1_000_000 };
const BAGS = 20;

function numpyEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  // machine-specific OpenBLAS settings of some images make numpy fail or mis-tune: numpy's defaults
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

function numpyRate(width: number): number | string {
  const r = spawnSync('python3', ['bench/numpy_sampler.py', String(width), String(NUMPY_NETS[width])], { env: numpyEnv(), encoding: 'utf8' });
  const m = /nets_per_s=([\d.]+)/.exec(r.stdout ?? '');
  return m ? Number(m[1]) : `numpy baseline not run (${r.error?.message ?? (r.stderr.trim().split('\n').pop() || 'no python3/numpy')})`;
}

function nnrgRate(width: number): number {
  const nets = NNRG_NETS[width]! / BAGS;
  const args = ['bin/nnrg.js', 'sample', 'theories/gaussnet.yaml', '--estimator', 'plain', '--width', String(width)];
  args.push('--nets', String(nets), '--bags', String(BAGS), '--seed', '1', '--json');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`nnrg sample failed: ${r.stderr}`);
  return (nets * BAGS) / seconds;
}

describe('nnrg sample against the numpy script a user would write (table on stderr)', () => {
  bench(
    `plain estimator, GaussNet, 6 points, widths ${WIDTHS.join(', ')}, end to end`,
    () => {
      const f = (x: number) => Math.round(x).toLocaleString('en-US').padStart(11);
      const rows = [
        `networks/s end to end; nnrg on ${availableParallelism()} cores (${BAGS} bags), numpy on one core; 923 multiset products per network`,
        'width   numpy (1 core)   nnrg sample   ratio',
      ];
      for (const width of WIDTHS) {
        const numpy = numpyRate(width);
        const nnrg = nnrgRate(width);
        if (typeof numpy === 'string') rows.push(`${String(width).padStart(5)}   ${numpy}   ${f(nnrg)}`);
        else rows.push(`${String(width).padStart(5)}   ${f(numpy)}      ${f(nnrg)}   ${(nnrg / numpy).toFixed(1).padStart(5)}`);
      }
      process.stderr.write(`\n${rows.join('\n')}\n\n`);
    },
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});
