import { describe, expect, it } from 'vitest';
import { multisets } from '../../src/correlators/index.js';
import { multisetTree, WasmKernel } from '../../src/ensemble/index.js';
import { jackknife, kStatistics, marginalNodes, pairings } from '../../src/ensemble/marginal.js';
import { activation } from '../../src/activations/index.js';
import { networkKernel } from '../../src/kernel/index.js';
import { nodeMeans } from './helpers.js';
import { parseTheory } from '../../src/theory/index.js';

/** The power sums of the vectors xs (each of length M) laid out as the marginalized tree: orders 1, 2, 3, each lexicographic. */
function powerSums(xs: number[][], M: number): Float64Array {
  const sets = [1, 2, 3].flatMap((o) => multisets(M, o));
  return Float64Array.from(sets.map((m) => xs.reduce((s, x) => s + m.reduce((p, a) => p * x[a]!, 1), 0)));
}

describe('k-statistics and the jackknife', () => {
  // P = 2 points have M = 3 entries: the k-statistics of 3 variables.
  const P = 2;
  const M = 3;

  it('the tree layout: 3 + 6 + 10 sums for 3 entries, 2023 for the 21 entries of 6 points; 3 and 15 pairings', () => {
    expect(marginalNodes(2)).toBe(19);
    expect(marginalNodes(6)).toBe(21 + 231 + 1771);
    expect(multisetTree(21, 3).nodes).toBe(2023);
    expect(pairings(4)).toHaveLength(3);
    expect(pairings(6)).toHaveLength(15); // 5!! = 15
    expect(new Set(pairings(6).map((m) => JSON.stringify(m))).size).toBe(15);
  });

  it('equal the two-pass sample cumulants: k2 = sum (x-xbar)(y-ybar)/(n-1), k3 = n sum (x-xbar)(y-ybar)(z-zbar)/((n-1)(n-2))', () => {
    let s = 7;
    const u = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) + 0.5) / 4294967296;
    const n = 57;
    const xs = Array.from({ length: n }, () => {
      const a = u() ** 2;
      return [a, a * u() - 0.3, Math.exp(u())]; // correlated, skewed
    });
    const { k1, k2, k3 } = kStatistics(P, powerSums(xs, M), n);
    const mean = [0, 1, 2].map((a) => xs.reduce((t, x) => t + x[a]!, 0) / n);
    const c = (idx: number[]) => xs.reduce((t, x) => t + idx.reduce((p, a) => p * (x[a]! - mean[a]!), 1), 0);
    multisets(M, 1).forEach(([a], i) => expect(k1[i]).toBeCloseTo(mean[a!]!, 14));
    multisets(M, 2).forEach((idx, i) => expect(Math.abs(k2[i]! - c(idx) / (n - 1))).toBeLessThan(1e-13));
    multisets(M, 3).forEach((idx, i) => expect(Math.abs(k3[i]! - (n * c(idx)) / ((n - 1) * (n - 2)))).toBeLessThan(1e-13));
  });

  it('are unbiased: their exact expectation over all samples of size 4 from a 3-atom distribution is the joint cumulant', () => {
    const atoms = [
      [1, -2, 0.5],
      [0, 1, 3],
      [2.5, 0.5, -1],
    ];
    const w = [0.2, 0.5, 0.3];
    // population cumulants by definition: kappa_ab = E[(x_a - mu_a)(x_b - mu_b)], kappa_abc likewise
    const mu = [0, 1, 2].map((a) => atoms.reduce((t, x, i) => t + w[i]! * x[a]!, 0));
    const kappa = (idx: number[]) => atoms.reduce((t, x, i) => t + w[i]! * idx.reduce((p, a) => p * (x[a]! - mu[a]!), 1), 0);
    const n = 4;
    const E2 = new Float64Array(6);
    const E3 = new Float64Array(10);
    for (let code = 0; code < 3 ** n; code++) {
      const pick = Array.from({ length: n }, (_, k) => Math.floor(code / 3 ** k) % 3);
      const prob = pick.reduce((p, i) => p * w[i]!, 1);
      const { k2, k3 } = kStatistics(
        P,
        powerSums(
          pick.map((i) => atoms[i]!),
          M,
        ),
        n,
      );
      k2.forEach((v, i) => (E2[i]! += prob * v));
      k3.forEach((v, i) => (E3[i]! += prob * v));
    }
    multisets(M, 2).forEach((idx, i) => expect(Math.abs(E2[i]! - kappa(idx))).toBeLessThan(1e-12));
    multisets(M, 3).forEach((idx, i) => expect(Math.abs(E3[i]! - kappa(idx))).toBeLessThan(1e-12));
  });

  it('the delete-one-bag jackknife of a mean is the standard deviation of the bag means / sqrt(bags)', () => {
    const bags = [[3], [5], [4.5], [9], [1]].map((s) => [s[0]! * 10]); // sums over 10 networks
    const jk = jackknife(bags, 10, (S, n) => Float64Array.of(S[0]! / n));
    const means = bags.map((b) => b[0]! / 10);
    const m = means.reduce((a, b) => a + b, 0) / 5;
    const sd = Math.sqrt(means.reduce((a, b) => a + (b - m) ** 2, 0) / 4);
    expect(jk.value[0]).toBeCloseTo(m, 14);
    expect(jk.stderr[0]).toBeCloseTo(sd / Math.sqrt(5), 14);
    expect(Number.isNaN(jackknife([[1]], 10, (S) => S).stderr[0])).toBe(true);
  });
});

describe('the marginalized WebAssembly kernel', () => {
  const kernelOf = (act: string, net: Record<string, unknown>, points: number[][]) => {
    const t = parseTheory(JSON.stringify({ network: { activation: act, ...net }, ensemble: { points } }), act);
    return networkKernel(t.network!).matrix(points);
  };

  it('draws the documented stream: W0 component by component, then b0; D = C - K of network 0 from those Gaussians', () => {
    // a bag of one network: lane 1 adds zeros, so the order-1 sums are network 0's D and the higher
    // orders its products. Even width: the fills of W0 and b0 read the same words as one fill of (D+1) N.
    for (const [act, dIn, points] of [
      ['erf', 1, [[-0.4], [0.3], [1.1]]],
      [
        'relu',
        2,
        [
          [0.2, -0.5],
          [1, 0.4],
        ],
      ],
      ['tanh', 1, [[-1], [-0.6], [-0.1], [0.2], [0.7], [1.3]]], // six points: the register-blocked Gram sums
    ] as const) {
      const N = 4;
      const sw = 1.3;
      const sb = 0.6;
      const pts = points.map((p) => [...p]);
      const K = kernelOf(act, { d_in: dIn, sigma_w: sw, sigma_b: sb }, pts);
      const M = (pts.length * (pts.length + 1)) / 2;
      const tree = multisetTree(M, 3);
      const k = new WasmKernel();
      k.configure({ activation: act, dIn, points: pts, width: N, sigmaW: sw, sigmaB: sb, tree, topK: 1, estimator: 'marginalized', kernel: K });
      const got = k.runBag(9, 4, 1);
      const g = new WasmKernel().gaussians(9, 4, (dIn + 1) * N);
      const h = Array.from({ length: N }, (_, j) =>
        pts.map((x) =>
          activation(act).g(
            x.reduce((z, xk, c) => z + (sw / Math.sqrt(dIn)) * g[c * N + j]! * xk, sb * g[dIn * N + j]!),
            0,
          ),
        ),
      );
      const D = multisets(pts.length, 2).map(([p, q]) => sb * sb + ((sw * sw) / N) * h.reduce((s, hj) => s + hj[p!]! * hj[q!]!, 0) - K[p!]![q!]!);
      const expected = [1, 2, 3].flatMap((o) => multisets(M, o).map((m) => m.reduce((prod, a) => prod * D[a]!, 1)));
      expected.forEach((e, i) => expect(Math.abs(got.sums[i]! - e), `${act} node ${i}`).toBeLessThan(1e-13 * Math.max(1, Math.abs(e))));
      expect(Math.abs(got.top[0]! / Math.max(...D.map(Math.abs)) - 1)).toBeLessThan(1e-13);
    }
  });

  it.each([
    ['erf', 1, 3, [[-0.5], [0.8], [0.1]]],
    ['cos (uniform phase)', 1, 3, [[-0.5], [0.8], [0.1]]],
    ['gauss (exp recurrence)', 1, 5, [[-0.3], [0.1], [0.5]]],
    [
      'tanh, d_in = 2',
      2,
      3,
      [
        [0.3, -0.2],
        [1, 0.5],
      ],
    ],
    // cos(0) = 1 and GaussNet's exp(-V) make a padding neuron count if it were not masked (erf, tanh, relu vanish at 0)
    ['cos, six points (register-blocked Gram sums, a padding neuron)', 1, 3, [[-0.9], [-0.5], [0], [0.2], [0.6], [1.1]]],
  ] as const)('%s: the TypeScript reference samples the same sums (within errors)', (name, dIn, N, points) => {
    const act = name.split(/[ ,]/)[0] as 'erf' | 'cos' | 'gauss' | 'tanh';
    const nets = points.length === 6 ? 1500 : 3000;
    const pts = points.map((p) => [...p]);
    const net = { d_in: dIn, sigma_w: 1.5, sigma_b: 0.5 };
    const spec = {
      activation: act,
      dIn,
      points: pts,
      width: N,
      sigmaW: 1.5,
      sigmaB: 0.5,
      tree: multisetTree((pts.length * (pts.length + 1)) / 2, 3),
      topK: 10,
      estimator: 'marginalized' as const,
      kernel: kernelOf(act, net, pts),
    };
    const stats = (engine: 'wasm' | 'typescript') => nodeMeans(spec, nets, engine);
    const w = stats('wasm');
    const t = stats('typescript');
    // two independent estimates of each node's expectation (t with 7 dof per side): 5 combined sd; with
    // six points the nodes of orders 1 and 2 (E[C] and its second moments: 252 of the 2023)
    const M = spec.tree.points;
    const checked = pts.length === 6 ? M + (M * (M + 1)) / 2 : w.length;
    w.slice(0, checked).forEach((a, i) => expect(Math.abs(a.mean - t[i]!.mean), `node ${i}`).toBeLessThan(5 * Math.hypot(a.se, t[i]!.se)));
  });

  it('GaussNet on equally spaced points: the exp recurrence gives the direct sums to rounding', () => {
    const points = [[-0.5], [-0.2], [0.1], [0.4]];
    const K = kernelOf('gauss', { sigma_w: 1.7, sigma_b: 0.8 }, points);
    const spec = { activation: 'gauss' as const, dIn: 1, points, width: 31, sigmaW: 1.7, sigmaB: 0.8, tree: multisetTree(10, 3), topK: 10 };
    const a = new WasmKernel();
    a.configure({ ...spec, estimator: 'marginalized', kernel: K });
    const b = new WasmKernel();
    b.configure({ ...spec, estimator: 'marginalized', kernel: K, recurrence: false });
    const ra = a.runBag(3, 1, 501);
    const rb = b.runBag(3, 1, 501);
    // D = C - K: its rounding is that of C (~1e-15 of K), so compare against the scale K^order per network
    const scale = Math.max(...K.flat());
    const order = [1, 2, 3].flatMap((o) => multisets(10, o).map(() => o));
    order.forEach((o, n) => expect(Math.abs(ra.sums[n]! - rb.sums[n]!), `node ${n}`).toBeLessThan(1e-12 * 501 * scale ** o));
  });
});
