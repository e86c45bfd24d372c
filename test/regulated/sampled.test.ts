import { describe, expect, test } from 'vitest';
import { type ActivationName, activation } from '../../src/activations/index.js';
import { defaultGrid, exactRegulated, multisetTable, sampleRegulated, vertices } from '../../src/regulated/index.js';
import type { SymTensor } from '../../src/regulated/index.js';
import type { NetworkSpec } from '../../src/theory/index.js';
import { TestRng } from '../helpers/rng.js';

const net = (activation: ActivationName, sigma_b = 1): NetworkSpec =>
  ({ activation, d_in: 1, d_out: 1, sigma_w: 1, sigma_b, widths: [10], depth: 1 }) as NetworkSpec;

describe('the sampled regulated vertices (hidden layers sampled, readout in closed form)', () => {
  test('P = 1: agree with the exact ones within the bag errors wherever the error bars are said to hold (N = 10; |z| < 4.5)', async () => {
    const x = [0.3];
    for (const act of ['gauss', 'relu', 'erf'] as const) {
      const n = net(act);
      const K = exactRegulated(n, x, 10, [0], 1).K;
      const ks = defaultGrid(Math.sqrt(100 / K)).filter((_, i) => i % 2 === 0 || i === 13);
      const exact = exactRegulated(n, x, 10, ks, 4);
      const s = await sampleRegulated(n, [x], 10, ks, 4, { nets: 4000, bags: 20, seed: 11 });
      let held = 0;
      ks.forEach((k, i) => {
        for (let o = 0; o < 4; o++) {
          if (!s.errorBars[i]!.holds[String(2 * o + 2) as '2']) continue;
          held++;
          const z = (s.values[i]![o]!.values[0]! - exact.points[i]!.vertices[o]!) / s.stderr[i]![o]!.values[0]!;
          expect(Math.abs(z), `${act} k = ${k} Gamma${2 * o + 2}: z = ${z}`).toBeLessThan(4.5);
        }
      });
      // Gamma2 and Gamma4 hold at every k for these sizes except GaussNet near k = 0.
      expect(held).toBeGreaterThan(act === 'gauss' ? 14 : 20);
    }
  });
  test('GaussNet near k = 0: the lognormal tails make Gamma6, Gamma8 wrong by many errors, and nnrg says their error bars do not hold', async () => {
    const n = net('gauss');
    const ks = [0.02, 0];
    const exact = exactRegulated(n, [0.3], 10, ks, 4);
    const s = await sampleRegulated(n, [[0.3]], 10, ks, 4, { nets: 4000, bags: 20, seed: 11 });
    ks.forEach((_, i) => {
      expect(s.errorBars[i]!.holds['6']).toBe(false);
      expect(s.errorBars[i]!.holds['8']).toBe(false);
    });
    // At k = 0 Gamma8's estimate is off by far more than its jackknife error: the error bar would lie.
    const z8 = (s.values[1]![3]!.values[0]! - exact.points[1]!.vertices[3]!) / s.stderr[1]![3]!.values[0]!;
    expect(Math.abs(z8)).toBeGreaterThan(10);
  });
  test('the same for 1 and 2 threads, bit for bit; another seed gives other networks', async () => {
    const run = (threads: number, seed = 4) =>
      sampleRegulated(net('erf'), [[0.1], [0.9]], 5, [3, 0.5, 0], 3, { nets: 300, bags: 5, seed, threads }).then((s) =>
        JSON.stringify(s, (_, v) => (v instanceof Float64Array ? Array.from(v) : v)),
      );
    const one = await run(1);
    expect(await run(2)).toBe(one);
    expect(await run(1, 5)).not.toBe(one);
  });
  test('every activation has a WebAssembly kernel now (gelu, once refused here, samples)', async () => {
    // the refusal (network.activation, exit 2) stays in the code for a record without a sampler view; none is left to test it with
    await expect(sampleRegulated(net('gelu'), [[0.3]], 10, [1], 2, { nets: 10, bags: 2, seed: 1 })).resolves.toBeDefined();
  });
  test('P = 2: against plain reweighting of whole networks (independent sampler, weights exp(-k^2 |f|^2/2)), Gamma2 and Gamma4', async () => {
    const n = net('erf');
    const pts = [[0.2], [1.1]];
    const ks = [2, 0.7];
    const N = 10;
    const s = await sampleRegulated(n, pts, N, ks, 2, { nets: 4000, bags: 20, seed: 5 });
    // Plain: f = b1 + sum_j W1_j g(w x + b), weighted moments of f up to order 4, jackknife over 20 bags.
    const rng = new TestRng(77);
    const g = activation('erf');
    const bags = 20;
    const per = 4000;
    const mono = [...multisetTable(2, 2).sets, ...multisetTable(2, 4).sets];
    const sums = ks.map(() => Array.from({ length: bags }, () => new Float64Array(1 + mono.length)));
    const f = [0, 0];
    for (let b = 0; b < bags; b++)
      for (let i = 0; i < per; i++) {
        const b1 = rng.normal();
        f[0] = b1;
        f[1] = b1;
        for (let j = 0; j < N; j++) {
          const w = rng.normal();
          const b0 = rng.normal();
          const w1 = rng.normal() / Math.sqrt(N);
          for (let p = 0; p < 2; p++) f[p]! += w1 * g.g(w * pts[p]![0]! + b0, 0);
        }
        ks.forEach((k, ik) => {
          const wgt = Math.exp(-0.5 * k * k * (f[0]! ** 2 + f[1]! ** 2));
          const t = sums[ik]![b]!;
          t[0]! += wgt;
          mono.forEach((idx, m) => {
            t[1 + m]! += wgt * idx.reduce((p, a) => p * f[a]!, 1);
          });
        });
      }
    const estimate = (ik: number, skip: number): SymTensor[] => {
      const tot = new Float64Array(1 + mono.length);
      sums[ik]!.forEach((t, b) => {
        if (b !== skip) t.forEach((v, j) => (tot[j]! += v));
      });
      const m = (idx: number[]) => tot[1 + mono.findIndex((x) => x.join() === idx.slice().sort().join())]! / tot[0]!;
      const k2 = { P: 2, n: 2, values: Float64Array.from(multisetTable(2, 2).sets, (idx) => m(idx)) };
      const k4 = {
        P: 2,
        n: 4,
        values: Float64Array.from(
          multisetTable(2, 4).sets,
          ([a, b, c, d]) => m([a!, b!, c!, d!]) - m([a!, b!]) * m([c!, d!]) - m([a!, c!]) * m([b!, d!]) - m([a!, d!]) * m([b!, c!]),
        ),
      };
      return vertices([k2, k4], ks[ik]! ** 2);
    };
    ks.forEach((_, ik) => {
      const all = estimate(ik, -1);
      const jack = Array.from({ length: bags }, (__, b) => estimate(ik, b));
      for (let o = 0; o < 2; o++)
        all[o]!.values.forEach((v, e) => {
          const xs = jack.map((j) => j[o]!.values[e]!);
          const mean = xs.reduce((a, c) => a + c, 0) / bags;
          const se = Math.sqrt(((bags - 1) / bags) * xs.reduce((a, c) => a + (c - mean) ** 2, 0));
          const z = (s.values[ik]![o]!.values[e]! - v) / Math.hypot(se, s.stderr[ik]![o]!.values[e]!);
          expect(Math.abs(z), `k = ${ks[ik]} Gamma${2 * o + 2}[${e}]: z = ${z}`).toBeLessThan(4.5);
          // The marginalized estimator is the more precise one at equal networks (the readout is averaged exactly).
          if (o === 1) expect(s.stderr[ik]![o]!.values[e]!).toBeLessThan(se);
        });
    });
  });
});
