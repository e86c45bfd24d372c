import { describe, expect, it } from 'vitest';
import { activation, type SampledActivationName } from '../../src/activations/index.js';
import { COVARIANCE_BATCH, type KernelSpec, multisetTree, WasmKernel } from '../../src/ensemble/index.js';
import { networkKernel } from '../../src/kernel/index.js';
import type { NetworkSpec } from '../../src/theory/index.js';

// The kernel's per-network covariance stream (WasmKernel.covariances), which the regulated estimator consumes.

const spec = (act: SampledActivationName, points: number[][], width: number, sigmaB = 1): KernelSpec => ({
  activation: act,
  dIn: points[0]!.length,
  points,
  width,
  sigmaW: 1.3,
  sigmaB,
  tree: multisetTree(1, 1),
  topK: 0,
});

const stream = (s: KernelSpec, seed: number, bag: number, nets: number): Float64Array[] => {
  const k = new WasmKernel();
  k.configure(s);
  const out: Float64Array[] = [];
  k.covariances(seed, bag, nets, (C, count) => {
    const M = C.length / count;
    for (let n = 0; n < count; n++) out.push(C.slice(n * M, (n + 1) * M));
  });
  return out;
};

describe('the per-network covariance stream', () => {
  it.each([
    ['erf', [[0.3], [-1.2]]],
    ['gauss', [[0.1], [0.5], [0.9]]], // equally spaced: the kernel's exp recurrence
    [
      'tanh',
      [
        [0.3, -0.4],
        [1.0, 0.2],
      ],
    ],
    ['relu', [[0.7]]],
  ] as const)('%s: C = sigma_b^2 + sigma_w^2/N sum_j h_j h_j^T from the same (seed, bag) Gaussians, recomputed in TypeScript (1e-12)', (act, pts) => {
    const points = pts.map((p) => [...p]);
    const N = 10; // even: the kernel draws W0 and b0 in fills of N, which then equal one long fill
    const nets = COVARIANCE_BATCH + 7; // across a batch boundary
    const s = spec(act, points, N);
    const got = stream(s, 5, 2, nets);
    const D = points[0]!.length;
    const g = new WasmKernel().gaussians(5, 2, nets * (D + 1) * N);
    const a = activation(act);
    const V = points.map((x) => s.sigmaB ** 2 + (s.sigmaW ** 2 * x.reduce((t, v) => t + v * v, 0)) / D);
    let at = 0;
    for (let n = 0; n < nets; n++) {
      // draw order: W0 component by component (N each, scale sigma_w/sqrt(d_in)), then b0 (N, scale sigma_b)
      const W = Array.from({ length: D }, () => Array.from({ length: N }, () => (s.sigmaW / Math.sqrt(D)) * g[at++]!));
      const b = Array.from({ length: N }, () => s.sigmaB * g[at++]!);
      const h = points.map((x, p) => Array.from({ length: N }, (_, j) => a.g(b[j]! + x.reduce((z, v, k) => z + W[k]![j]! * v, 0), V[p]!)));
      let e = 0;
      for (let p = 0; p < points.length; p++)
        for (let q = p; q < points.length; q++, e++) {
          const want = s.sigmaB ** 2 + (s.sigmaW ** 2 / N) * h[p]!.reduce((t, v, j) => t + v * h[q]![j]!, 0);
          expect(Math.abs(got[n]![e]! - want), `${act} net ${n} entry ${e}`).toBeLessThanOrEqual(1e-12 * Math.abs(want));
        }
    }
  });

  it.each([
    ['cos', [[0.2], [1.4]], 7], // uniform phase, odd width (padding lane)
    ['relu', [[0.1], [0.4], [0.9], [1.3], [-0.5], [2.0]], 9], // six points: the kernel's register Gram path
    ['gauss', [[0.1], [0.5], [0.9]], 10],
  ] as const)("%s: the networks are the marginalized mode's (its sums of products of D = C - K, orders 1..3, 1e-12)", (act, pts, N) => {
    const points = pts.map((p) => [...p]);
    const nets = 301;
    const net = { activation: act, d_in: 1, d_out: 1, sigma_w: 1.3, sigma_b: 1, widths: [N], depth: 1 } as NetworkSpec;
    const K = networkKernel(net).matrix(points);
    const Kent = K.flatMap((row, p) => row.slice(p));
    const M = Kent.length;
    const marg = new WasmKernel();
    marg.configure({ ...spec(act, points, N), tree: multisetTree(M, 3), estimator: 'marginalized', kernel: K });
    const sums = marg.runBag(9, 4, nets).sums;
    const Cs = stream(spec(act, points, N), 9, 4, nets);
    const tree = multisetTree(M, 3);
    const want = new Float64Array(tree.nodes);
    for (const C of Cs) {
      const d = Kent.map((k, e) => C[e]! - k);
      const prod = [1];
      for (let i = 0; i < tree.nodes; i++) {
        prod[i + 1] = prod[tree.parent[i]!]! * d[tree.pt[i]!]!;
        want[i]! += prod[i + 1]!;
      }
    }
    const scale = Math.max(...Array.from(want, Math.abs));
    want.forEach((w, i) => expect(Math.abs(sums[i]! - w), `node ${i}`).toBeLessThanOrEqual(1e-12 * scale));
  });

  it("depends only on (seed, bag); the marginalized configuration's kernel is left as it was", () => {
    const s = spec('erf', [[0.2], [0.8]], 6);
    const a = stream(s, 3, 1, 50);
    expect(stream(s, 3, 1, 50)).toEqual(a);
    expect(stream(s, 3, 2, 50)[0]).not.toEqual(a[0]);
    // streaming from a marginalized instance does not disturb its own bags
    const K = [
      [1, 0.5],
      [0.5, 1],
    ];
    const k = new WasmKernel();
    k.configure({ ...s, tree: multisetTree(3, 3), estimator: 'marginalized', kernel: K });
    const before = k.runBag(3, 1, 20).sums;
    k.covariances(3, 1, 20, () => {});
    expect(k.runBag(3, 1, 20).sums).toEqual(before);
  });
});
