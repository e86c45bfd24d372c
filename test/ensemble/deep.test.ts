import { describe, expect, it } from 'vitest';
import { activation } from '../../src/activations/index.js';
import { multisets } from '../../src/correlators/index.js';
import { mergeDocuments, multisetTree, sample, WasmKernel } from '../../src/ensemble/index.js';
import { exactCorrelators, leadingOrder } from '../../src/exact/index.js';
import { layerCovariances, networkKernel } from '../../src/kernel/index.js';
import { parseTheory } from '../../src/theory/index.js';
import { nodeMeans, theory } from './helpers.js';

// The sampler at depth >= 2, with per-layer widths and d_out outputs (docs/sampler.md, "Deep and multi-output
// networks"). Expected values: the depth-1 paths (the same draws), a network recomputed from the documented stream,
// closed forms of deep linear and ReLU networks, src/exact (d_out = 3) and the 1/N recursion (depth 2).

const kernelOf = (act: string, net: Record<string, unknown>, points: number[][]) => {
  const t = parseTheory(JSON.stringify({ network: { activation: act, ...net }, ensemble: { points } }), act);
  return networkKernel(t.network!).matrix(points);
};

/** The factor F (F F^T = C) of pivoted Cholesky: largest remaining diagonal first, stop at or below 1e-13 max C_pp. */
function pivotedCholesky(C: number[][]): number[][] {
  const P = C.length;
  const A = C.map((r) => [...r]);
  const perm = A.map((_, i) => i);
  const stop = 1e-13 * Math.max(...C.map((r, p) => r[p]!));
  let r = 0;
  for (; r < P; r++) {
    let piv = r;
    for (let j = r + 1; j < P; j++) if (A[j]![j]! > A[piv]![piv]!) piv = j;
    if (!(A[piv]![piv]! > stop)) break;
    [A[r], A[piv]] = [A[piv]!, A[r]!];
    for (const row of A) [row[r], row[piv]] = [row[piv]!, row[r]!];
    [perm[r], perm[piv]] = [perm[piv]!, perm[r]!];
    const d = Math.sqrt(A[r]![r]!);
    A[r]![r] = d;
    for (let i = r + 1; i < P; i++) A[i]![r]! /= d;
    for (let i = r + 1; i < P; i++) for (let j = r + 1; j < P; j++) A[i]![j]! -= A[i]![r]! * A[j]![r]!;
  }
  const F = C.map(() => new Array<number>(P).fill(0));
  perm.forEach((p, i) => {
    for (let c = 0; c < Math.min(r, i + 1); c++) F[p]![c] = A[i]![c]!;
  });
  return F;
}

describe('the deep path of the WebAssembly kernel', () => {
  it('at depth 1 draws the networks of the depth-1 paths: equal sums (marginalized bit for bit, plain to rounding)', () => {
    for (const act of ['erf', 'cos', 'relu', 'gauss', 'tanh'] as const) {
      for (const P of [3, 6]) {
        for (const N of [4, 5]) {
          // unequally spaced: GaussNet's exp recurrence (a depth-1 speed-up) stays off
          const pts = Array.from({ length: P }, (_, i) => [-0.8 + 0.37 * i + 0.01 * i * i]);
          const K = kernelOf(act, { sigma_w: 1.3, sigma_b: 0.6 }, pts);
          const M = (P * (P + 1)) / 2;
          for (const estimator of ['marginalized', 'plain'] as const) {
            const tree = estimator === 'marginalized' ? multisetTree(M, 3) : multisetTree(P, 6);
            const spec = { activation: act, dIn: 1, points: pts, width: N, sigmaW: 1.3, sigmaB: 0.6, tree, topK: 5, estimator, kernel: K };
            const a = new WasmKernel();
            a.configure(spec);
            const b = new WasmKernel();
            b.configure({ ...spec, deep: true });
            const ra = a.runBag(3, 2, 7);
            const rb = b.runBag(3, 2, 7);
            if (estimator === 'plain') {
              // the same networks, but the plain depth-1 path adds the products of 8 networks per step (and GaussNet's
              // forms (w x + b) - V, the deep path (b - V) + w x): the sums agree to rounding
              ra.sums.forEach((v, i) => expect(Math.abs(rb.sums[i]! - v)).toBeLessThan(1e-13 * Math.max(1, Math.abs(v))));
              if (act !== 'gauss') expect(Array.from(rb.top)).toEqual(Array.from(ra.top));
              continue;
            }
            expect(Array.from(rb.sums), `${act} P = ${P} N = ${N} ${estimator}`).toEqual(Array.from(ra.sums));
            expect(Array.from(rb.top)).toEqual(Array.from(ra.top));
          }
        }
      }
    }
  });

  it('depth 2 and 3: D = C - K of one network recomputed from the documented stream (layer 1: W, then b; layer l >= 2: P Gaussians per neuron mapped by the pivoted Cholesky factor of its C), to 1e-12', () => {
    // even widths: the fills read the same words as one fill of all the bag's Gaussians
    for (const [act, dIn, widths, points] of [
      ['tanh', 1, [4, 6], [[-0.7], [0.2], [0.9]]],
      [
        'relu',
        2,
        [6, 2, 4],
        [
          [0.3, -0.5],
          [1, 0.4],
        ],
      ],
      ['sigmoid', 1, [2, 2, 6], [[-3], [-1.6], [-0.2], [0.9], [2.2], [3.5]]], // six points
    ] as const) {
      const sw = 1.3;
      const sb = 0.4;
      const pts = points.map((p) => [...p]);
      const K = kernelOf(act, { d_in: dIn, sigma_w: sw, sigma_b: sb, depth: widths.length }, pts);
      const M = (pts.length * (pts.length + 1)) / 2;
      const L = widths.length;
      const k = new WasmKernel();
      const N = widths[L - 1]!;
      k.configure({
        activation: act,
        dIn,
        points: pts,
        width: N,
        widths: [...widths],
        sigmaW: sw,
        sigmaB: sb,
        tree: multisetTree(M, 3),
        topK: 1,
        estimator: 'marginalized',
        kernel: K,
      });
      const got = k.runBag(5, 1, 1);
      const P = pts.length;
      const total = widths[0]! * (dIn + 1) + widths.slice(1).reduce((t, n) => t + n * P, 0);
      const g = new WasmKernel().gaussians(5, 1, total);
      const g1 = activation(act).g;
      // h[p][j] layer by layer. Layer 1: W component by component (W[k][j] at k n1 + j), then b. Layer l >= 2: the
      // Gaussians xi of neuron i = 2k + lane for column c at 2 (k P + c) + lane, z_i(x_p) = sum_c F_pc xi_ic with F the
      // documented pivoted Cholesky factor of C = sb^2 + sw^2/n_{l-1} h h^T (the Gram sums over even and odd neurons
      // apart, as the kernel's two lanes, so that pivots are chosen alike)
      let h: number[][] = pts.map((x) => x);
      let at = 0;
      widths.forEach((n, l) => {
        if (l === 0) {
          const s = sw / Math.sqrt(dIn);
          h = h.map((x) => Array.from({ length: n }, (_, i) => g1(sb * g[at + n * dIn + i]! + x.reduce((t, xk, k) => t + s * g[at + k * n + i]! * xk, 0), 0)));
          at += n * (dIn + 1);
          return;
        }
        const fan = h[0]!.length;
        const lane = (hp: number[], hq: number[], odd: number) => hp.reduce((t, v, j) => (j % 2 === odd ? t + v * hq[j]! : t), 0);
        const C = h.map((hp) => h.map((hq) => sb * sb + ((sw * sw) / fan) * (lane(hp, hq, 0) + lane(hp, hq, 1))));
        const F = pivotedCholesky(C);
        const xi = (i: number, c: number) => g[at + 2 * ((i >> 1) * P + c) + (i & 1)]!;
        const z = (p: number, i: number) => F[p]!.reduce((t, v, c) => t + v * xi(i, c), 0);
        h = h.map((_, p) => Array.from({ length: n }, (_, i) => g1(z(p, i), 0)));
        at += n * P;
      });
      const D = multisets(pts.length, 2).map(([p, q]) => sb * sb + ((sw * sw) / N) * h[p!]!.reduce((t, v, j) => t + v * h[q!]![j]!, 0) - K[p!]![q!]!);
      const expected = [1, 2, 3].flatMap((o) => multisets(M, o).map((m) => m.reduce((prod, a) => prod * D[a]!, 1)));
      expected.forEach((e, i) => expect(Math.abs(got.sums[i]! - e), `${act} node ${i}`).toBeLessThan(1e-12 * Math.max(1, Math.abs(e))));
    }
  });
});

describe('a singular layer covariance: repeated points', () => {
  it('depth 3, a point given twice: f(x1) = f(x2) in every network (the pivoted factor gives both points one row), to 1e-13', () => {
    // with the weights drawn, f(x1) = f(x2) exactly; drawn in the space of the points, C of every layer >= 2 has two
    // equal rows, the factorization stops at rank 2 and both points get the same factor row up to rounding
    const pts = [[0.3], [0.3], [-0.9]];
    for (const act of ['tanh', 'relu'] as const) {
      const k = new WasmKernel();
      const tree = multisetTree(3, 6);
      k.configure({
        activation: act,
        dIn: 1,
        points: pts,
        width: 6,
        widths: [5, 7, 6],
        sigmaW: 1.2,
        sigmaB: 0.3,
        tree,
        topK: 4,
        estimator: 'plain',
        kernel: kernelOf(act, { sigma_w: 1.2, sigma_b: 0.3, depth: 3 }, pts),
      });
      const { sums } = k.runBag(9, 0, 1);
      // order-2 nodes follow the three order-1 nodes: [0, 0], [0, 1], [0, 2], [1, 1], ...: f1^2, f1 f2, f2^2 of one network
      const [f11, f12, f22] = [sums[3]!, sums[4]!, sums[6]!];
      expect(f11).toBeGreaterThan(0);
      expect(Math.abs(f12 - f11), act).toBeLessThan(1e-13 * f11);
      expect(Math.abs(f22 - f11), act).toBeLessThan(1e-13 * f11);
    }
  });
});

describe('the TypeScript reference at depth', () => {
  it.each(['marginalized', 'plain'] as const)(
    '%s, depth 2, widths [3, 4], d_out 2, cos (a phase per layer): the reference samples the same sums within errors',
    (estimator) => {
      const pts = [[-0.4], [0.7]];
      const net = { activation: 'cos', sigma_w: 1.5, sigma_b: 0.5, depth: 2, d_out: 2 };
      const t = parseTheory(JSON.stringify({ network: net, ensemble: { points: pts } }), 'ref');
      const M = 3;
      const spec = {
        activation: 'cos' as const,
        dIn: 1,
        points: pts,
        width: 4,
        widths: [3, 4],
        dOut: 2,
        sigmaW: 1.5,
        sigmaB: 0.5,
        tree: estimator === 'marginalized' ? multisetTree(M, 3) : multisetTree(4, 6),
        topK: 10,
        estimator,
        kernel: networkKernel(t.network!).matrix(pts),
      };
      const nets = 3000;
      const stats = (engine: 'wasm' | 'typescript') => nodeMeans(spec, nets, engine);
      const w = stats('wasm');
      const r = stats('typescript');
      // two independent estimates per node (t with 7 dof per side): 5 combined sd; plain odd orders are not summed (0 = 0)
      w.forEach((a, i) => {
        if (a.se === 0 && r[i]!.se === 0) return;
        expect(Math.abs(a.mean - r[i]!.mean), `node ${i}`).toBeLessThan(5 * Math.hypot(a.se, r[i]!.se));
      });
    },
  );
});

describe('deep networks: closed forms and the 1/N recursion', () => {
  // One input x, sigma_b = 0. Given layer l-1, |h^(l)|^2 = (sigma_w^2/n_{l-1}) |h^(l-1)|^2 sum_i s(g_i)^2, g_i iid N(0, 1):
  // linear s(g)^2 = g^2 (chi^2_n: E X^2/(E X)^2 = 1 + 2/n, E X^3/(E X)^3 = (1 + 2/n)(1 + 4/n)); ReLU relu(g)^2 (E = 1/2,
  // E relu^4 = 3/2: 1 + 5/n). C = sigma_w^2 |h^(L)|^2 / n_L, f ~ N(0, C) given h, so G4 = 3 E C^2 = 3 K^2 prod_l (1 + 2/n_l)
  // (linear) or 3 K^2 prod_l (1 + 5/n_l) (ReLU), G6 = 15 E C^3 = 15 K^3 prod_l (1 + 2/n_l)(1 + 4/n_l) (linear), exactly
  // at every width; and for two outputs <f_0 f_0 f_1 f_1> = E C^2.
  const Z = 5; // 20 bags: |t_19| > 5 has p = 8e-5
  it.each([
    ['linear', 'marginalized', [3, 4, 5], 1, (n: number) => 1 + 2 / n, (n: number) => (1 + 2 / n) * (1 + 4 / n)],
    ['relu', 'marginalized', [4, 6, 5], 1, (n: number) => 1 + 5 / n, undefined],
    ['linear', 'plain', [6, 8], 2, (n: number) => 1 + 2 / n, undefined],
  ] as const)('%s, %s, widths %j, d_out %i: G4 (and G6) against the closed form', async (act, estimator, widths, dOut, r4, r6) => {
    const { theory: t } = theory(`deep-${act}-${estimator}`, { activation: act, sigma_w: 1.2, sigma_b: 0, depth: widths.length, d_out: dOut }, [0.9], {
      width: [...widths],
    });
    const doc = await sample(t, {
      width: widths[widths.length - 1]!,
      widths: [...widths],
      nets: estimator === 'plain' ? 20000 : act === 'relu' ? 10000 : 5000, // ReLU's tails are heavier: 3% needs more
      bags: 20,
      seed: 3,
      estimator,
      threads: 1,
    });
    // K = sigma_w^(2(L+1)) x^2, halved per ReLU layer (E relu(z)^2 = Var z / 2)
    const K = (1.2 ** (2 * (widths.length + 1)) * 0.81) / (act === 'relu' ? 2 ** widths.length : 1);
    const prod = (f: (n: number) => number) => widths.reduce((p, n) => p * f(n), 1);
    const g4 = doc.correlators['4'].find((e) => (e.components ?? [0, 0, 0, 0]).every((a) => a === 0))!;
    expect(Math.abs(g4.value - 3 * K * K * prod(r4)), `G4 ${g4.value} +- ${g4.stderr}`).toBeLessThan(Z * g4.stderr);
    expect(g4.stderr / g4.value).toBeLessThan(0.03); // resolves the finite-width part (40-150% of G4 here)
    if (r6) {
      const g6 = doc.correlators['6'][0]!;
      expect(Math.abs(g6.value - 15 * K ** 3 * prod(r6)), `G6 ${g6.value} +- ${g6.stderr}`).toBeLessThan(Z * g6.stderr);
    }
    if (dOut === 2) {
      const mixed = doc.correlators['4'].find((e) => e.components!.join(',') === '0,0,1,1')!;
      expect(Math.abs(mixed.value - K * K * prod(r4)), `mixed ${mixed.value} +- ${mixed.stderr}`).toBeLessThan(Z * mixed.stderr);
      const c = doc.connected!['4'].find((e) => e.components!.join(',') === '0,0,1,1')!;
      expect(Math.abs(c.value - K * K * (prod(r4) - 1))).toBeLessThan(Z * c.stderr);
      expect(c.value).toBeGreaterThan(Z * c.stderr); // uncorrelated components, not independent
    }
  });

  it('depth 2, erf: N kappa4 extrapolated from N = 12 and 24 equals the recursion (leadingOrder) within errors', async () => {
    // N kappa4(N) = a + b/N + O(1/N^2): a = 2 X(24) - X(12) removes b; leadingOrder gives a (its delta x N).
    const net = { activation: 'erf', sigma_w: 1.6, sigma_b: 0.5, depth: 2 };
    const pts = [-0.6, 0.4];
    const X: { v: number[]; s: number[] }[] = [];
    for (const N of [12, 24]) {
      const { theory: t } = theory(`deep-erf-${N}`, net, pts);
      const doc = await sample(t, { width: N, nets: 8000, bags: 20, seed: 11, threads: 1 });
      X.push({ v: doc.connected!['4'].map((e) => N * e.value), s: doc.connected!['4'].map((e) => N * e.stderr) });
    }
    const { theory: t } = theory('deep-erf-lo', net, pts);
    const lo = leadingOrder(t, 100);
    lo.connected['4'].forEach((c, i) => {
      const a = 2 * X[1]!.v[i]! - X[0]!.v[i]!;
      const s = Math.hypot(2 * X[1]!.s[i]!, X[0]!.s[i]!);
      expect(Math.abs(a - 100 * c), `entry ${i}: ${a} +- ${s} vs ${100 * c}`).toBeLessThan(Z * s);
      expect(s).toBeLessThan(0.1 * Math.abs(100 * c));
    });
  });
});

describe('d_out = 3: mixed correlators against the exact module', () => {
  it.each(['marginalized', 'plain'] as const)('%s: every G4, G6 and connected entry within errors', async (estimator) => {
    const net = { activation: 'relu', sigma_w: 1.2, sigma_b: 0.5, d_out: 3 };
    const pts = [-0.5, 0.8];
    const { theory: t } = theory(`dout3-${estimator}`, net, pts);
    const N = 3;
    const doc = await sample(t, { width: N, nets: estimator === 'plain' ? 20000 : 5000, bags: 20, seed: 7, estimator, threads: 1 });
    const ex = exactCorrelators(t, N);
    for (const order of ['2', '4', '6'] as const) {
      doc.correlators[order].forEach((e, i) => {
        const x = ex.correlators[order][i]!;
        expect(e.components).toEqual(x.components);
        if (e.stderr === 0)
          expect(e.value).toBe(x.value); // mixed 2-point entries and odd components: 0 exactly
        else expect(Math.abs(e.value - x.value), `${order} ${e.idx}|${e.components}`).toBeLessThan(5 * e.stderr);
      });
    }
    doc.connected!['4'].forEach((c, i) => {
      if (c.stderr > 0) expect(Math.abs(c.value - ex.connected['4'][i]!)).toBeLessThan(5 * c.stderr);
    });
    // the mixed connected <f_0 f_0 f_1 f_1> at one point is resolved (a pairing-count error would show)
    const m = doc.connected!['4'].findIndex((c) => c.idx.join(',') === '0,0,0,0' && c.components!.join(',') === '0,0,1,1');
    expect(doc.connected!['4'][m]!.stderr).toBeLessThan(0.1 * ex.connected['4'][m]!);
  });
});

describe('deep runs: determinism, shards, merge', () => {
  it('1 and 2 threads, and three shards merged, give the same document (depth 3, widths [5, 4, 3], d_out 2, both estimators)', async () => {
    for (const estimator of ['marginalized', 'plain'] as const) {
      const { theory: t } = theory(`deep-runs-${estimator}`, { activation: 'gelu', depth: 3, d_out: 2 }, [-0.3, 0.5], { width: [5, 4, 3] });
      const opts = { width: 3, widths: [5, 4, 3], nets: 300, bags: 6, seed: 9, estimator };
      const one = await sample(t, { ...opts, threads: 1 });
      const two = await sample(t, { ...opts, threads: 2 });
      expect(JSON.stringify(two)).toBe(JSON.stringify(one));
      const parts = await Promise.all([0, 1, 2].map((index) => sample(t, { ...opts, threads: 1, shard: { index, count: 3 } })));
      expect(JSON.stringify(mergeDocuments(parts))).toBe(JSON.stringify(one));
      expect(one.sampler.widths).toEqual([5, 4, 3]);
      expect(one.width).toBe(3);
    }
  });
});

describe('the new activations: the GP 2-point function against the kernel module', () => {
  // one hidden layer: E[C] = K exactly at every width (the marginalized "2" entries); K by the kernel module's quadrature
  it.each(['sigmoid', 'gelu', 'softplus', 'sin', 'linear'] as const)('%s, N = 3: G2 = K within errors, to better than 1%%', async (act) => {
    const { theory: t } = theory(`new-${act}`, { activation: act, sigma_w: 1.4, sigma_b: 0.6 }, [-0.7, 0.1, 0.9]);
    const doc = await sample(t, { width: 3, nets: 4000, bags: 20, seed: 5, threads: 1 });
    const K = layerCovariances(t.network!, t.ensemble.points).output;
    for (const e of doc.correlators['2']) {
      const k = K[e.idx[0]!]![e.idx[1]!]!;
      expect(Math.abs(e.value - k), `${act} ${e.idx}`).toBeLessThan(5 * e.stderr);
      expect(e.stderr).toBeLessThan(0.01 * Math.sqrt(K[e.idx[0]!]![e.idx[0]!]! * K[e.idx[1]!]![e.idx[1]!]!));
    }
  });
});
