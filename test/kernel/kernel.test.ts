import katex from 'katex';
import { eigs } from 'mathjs';
import { describe, expect, test } from 'vitest';
import { activation, ACTIVATIONS } from '../../src/activations/index.js';
import { layerCovariances, networkKernel, pairExpectation } from '../../src/kernel/index.js';
import type { NetworkSpec } from '../../src/theory/index.js';
import { meanAndStderr, TestRng } from '../helpers/rng.js';
import { erf, gaussHermite, gaussLegendre } from '../../src/numeric/index.js';

const net = (over: Partial<NetworkSpec>): NetworkSpec => ({
  activation: 'gauss',
  d_in: 1,
  d_out: 1,
  sigma_w: 1,
  sigma_b: 1,
  widths: [10],
  depth: 1,
  ...over,
});

describe('quadrature rules', () => {
  test('Gauss–Legendre integrates x^k on [-1,1] exactly up to degree 2n-1', () => {
    const { x, w } = gaussLegendre(20);
    for (let k = 0; k < 40; k++) {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += w[i]! * x[i]! ** k;
      const exact = k % 2 ? 0 : 2 / (k + 1);
      expect(Math.abs(s - exact)).toBeLessThan(1e-14);
    }
  });
  test('Gauss–Hermite gives the normal moments (k-1)!! up to degree 2n-1', () => {
    const { x, w } = gaussHermite(30);
    let dfact = 1; // (k-1)!!
    for (let k = 0; k < 24; k += 2) {
      if (k > 0) dfact *= k - 1;
      let s = 0;
      for (let i = 0; i < x.length; i++) s += w[i]! * x[i]! ** k;
      expect(Math.abs(s - dfact) / dfact).toBeLessThan(1e-12);
    }
  });
  test('erf against tabulated values (Abramowitz & Stegun 7.1) to 1e-15', () => {
    const table: [number, number][] = [
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [2, 0.9953222650189527],
      [3, 0.9999779095030014],
    ];
    for (const [x, v] of table) {
      expect(Math.abs(erf(x) - v)).toBeLessThan(1e-15);
      expect(Math.abs(erf(-x) + v)).toBeLessThan(1e-15);
    }
  });
});

describe('closed-form kernels against formulas written out here', () => {
  // Each expected value below is the published closed form, typed independently of src/kernel.
  const pts = [[-0.7], [0.1], [0.4], [1.3]];
  test('GaussNet: K = sb^2 + sw^2 exp(-sw^2 (x-y)^2 / (2 d_in)), for d_in = 1 and 3', () => {
    for (const [sw, sb] of [
      [1, 1],
      [2.5, 0.3],
      [0.4, 0],
    ]) {
      const K = networkKernel(net({ sigma_w: sw!, sigma_b: sb! })).matrix(pts);
      pts.forEach((x, i) =>
        pts.forEach((y, j) => {
          const exact = sb! ** 2 + sw! ** 2 * Math.exp((-(sw! ** 2) * (x[0]! - y[0]!) ** 2) / 2);
          expect(Math.abs(K[i]![j]! - exact)).toBeLessThan(1e-14 * exact);
        }),
      );
    }
    const x = [0.3, -0.2, 0.5];
    const y = [-0.1, 0.4, 0.2];
    const r2 = x.reduce((s, xi, i) => s + (xi - y[i]!) ** 2, 0);
    const k3 = networkKernel(net({ d_in: 3, sigma_w: 1.7, sigma_b: 0.5 })).value(x, y);
    expect(k3).toBeCloseTo(0.25 + 1.7 ** 2 * Math.exp((-(1.7 ** 2) * r2) / 6), 13);
  });
  test('ReLU at x = y is sb^2 + sw^2 Sigma/2 (half of a Gaussian second moment)', () => {
    const sw = 1.3,
      sb = 0.6,
      x = 0.8;
    const sigma = sb ** 2 + sw ** 2 * x * x;
    expect(networkKernel(net({ activation: 'relu', sigma_w: sw, sigma_b: sb })).value([x], [x])).toBeCloseTo(sb ** 2 + (sw ** 2 * sigma) / 2, 14);
  });
  test('ReLU at antipodal inputs with sigma_b = 0 gives theta = pi, so E = 0', () => {
    expect(networkKernel(net({ activation: 'relu', sigma_b: 0 })).value([0.5], [-2])).toBeCloseTo(0, 15);
  });
  test('Erf at x = y is sb^2 + sw^2 (2/pi) arcsin(2S/(1+2S))', () => {
    const sw = 0.9,
      sb = 1.1,
      x = -0.4;
    const S = sb ** 2 + sw ** 2 * x * x;
    expect(networkKernel(net({ activation: 'erf', sigma_w: sw, sigma_b: sb })).value([x], [x])).toBeCloseTo(
      sb ** 2 + sw ** 2 * (2 / Math.PI) * Math.asin((2 * S) / (1 + 2 * S)),
      14,
    );
  });
  test('cos-net: K = sb^2 + (sw^2/2) exp(-sw^2 (x-y)^2/(2 d_in))', () => {
    const sw = 1.4,
      sb = 0.2;
    const k = networkKernel(net({ activation: 'cos', sigma_w: sw, sigma_b: sb }));
    expect(k.value([0.3], [-0.5])).toBeCloseTo(sb ** 2 + (sw ** 2 / 2) * Math.exp((-(sw ** 2) * 0.64) / 2), 14);
    expect(k.translationInvariant).toBe(true);
  });
});

describe('quadrature kernels against closed forms', () => {
  // 1e-10 is the bar; Gauss–Hermite (96 nodes) for smooth g and split Gauss–Legendre panels
  // at ReLU's kink reach it with margin.
  const covs: [number, number, number][] = [
    [1, 1, 0.3],
    [2.2, 0.5, -0.9],
    [1.3, 1.3, 1.3],
    [0.7, 3, 1.2],
    [4, 4, -3.9],
  ];
  for (const name of ['relu', 'erf', 'gauss', 'linear'] as const) {
    test(`${name}: quadrature = closed form to 1e-10`, () => {
      const act = activation(name);
      for (const [a, b, c] of covs) {
        const closed = pairExpectation(act, a, b, c);
        const quad = pairExpectation(act, a, b, c, true);
        expect(Math.abs(quad - closed)).toBeLessThan(1e-10 * Math.max(1, Math.abs(closed)));
      }
    });
  }
  test('sin: quadrature = e^{-(a+b)/2} sinh(c) (derived: E sin u sin v = [E cos(u-v) - E cos(u+v)]/2)', () => {
    for (const [a, b, c] of covs) {
      const exact = Math.exp(-(a + b) / 2) * Math.sinh(c);
      expect(Math.abs(pairExpectation(activation('sin'), a, b, c) - exact)).toBeLessThan(1e-10);
    }
  });
  test('depth-2 quadrature recursion equals the depth-2 closed-form recursion (relu, erf)', () => {
    for (const activationName of ['relu', 'erf'] as const) {
      const spec = net({ activation: activationName, depth: 2, sigma_w: 1.2, sigma_b: 0.7 });
      const pts = [[-1], [0.2], [0.9]];
      const closed = layerCovariances(spec, pts).output;
      const quad = layerCovariances(spec, pts, true).output;
      closed.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(quad[i]![j]! - v)).toBeLessThan(1e-10)));
    }
  });
});

/** Monte Carlo of networks: E[f(x) f(y)] over n samples of an L-layer network of the given hidden width. */
function monteCarloKernel(spec: NetworkSpec, x: number[], y: number[], samples: number, hidden: number, seed: number) {
  const rng = new TestRng(seed);
  const act = activation(spec.activation);
  const sw = spec.sigma_w,
    sb = spec.sigma_b;
  const uniform = act.hiddenBias === 'uniform-phase';
  const hiddenBias = () => (uniform ? Math.PI * (2 * rng.uniform() - 1) : sb * rng.normal());
  // Variances of the pre-activations, needed by GaussNet's normalization (exact, layer by layer).
  const cov = layerCovariances(spec, [x, y]).preactivations;
  const prod = new Float64Array(samples);
  for (let s = 0; s < samples; s++) {
    // Layer 1 pre-activations at x and y: width `hidden` neurons (or 1 for depth 1: the expectation is per neuron).
    const n1 = spec.depth === 1 ? 1 : hidden;
    let hx = new Float64Array(n1),
      hy = new Float64Array(n1);
    for (let j = 0; j < n1; j++) {
      const b = hiddenBias();
      let zx = b,
        zy = b;
      for (let k = 0; k < spec.d_in; k++) {
        const w = (sw / Math.sqrt(spec.d_in)) * rng.normal();
        zx += w * x[k]!;
        zy += w * y[k]!;
      }
      hx[j] = act.g(zx, cov[0]![0]![0]!);
      hy[j] = act.g(zy, cov[0]![1]![1]!);
    }
    for (let layer = 2; layer <= spec.depth; layer++) {
      const nl = layer === spec.depth ? 1 : hidden;
      const nx = new Float64Array(nl),
        ny = new Float64Array(nl);
      for (let j = 0; j < nl; j++) {
        const b = hiddenBias();
        let zx = b,
          zy = b;
        for (let k = 0; k < hx.length; k++) {
          const w = (sw / Math.sqrt(hx.length)) * rng.normal();
          zx += w * hx[k]!;
          zy += w * hy[k]!;
        }
        nx[j] = act.g(zx, cov[layer - 1]![0]![0]!);
        ny[j] = act.g(zy, cov[layer - 1]![1]![1]!);
      }
      hx = nx;
      hy = ny;
    }
    prod[s] = sb * sb + sw * sw * hx[0]! * hy[0]!;
  }
  return meanAndStderr(prod);
}

describe('kernels against Monte Carlo over sampled neurons', () => {
  // Tolerance: 5 standard errors of the Monte Carlo mean (a false alarm once in ~2 million runs).
  for (const name of ACTIVATIONS) {
    test(`${name}, depth 1`, () => {
      const spec = net({ activation: name, sigma_w: 1.3, sigma_b: 0.8, d_in: 2 });
      const x = [0.4, -0.3],
        y = [-0.2, 0.5];
      const mc = monteCarloKernel(spec, x, y, 200_000, 1, 7);
      expect(Math.abs(mc.mean - networkKernel(spec).value(x, y))).toBeLessThan(5 * mc.stderr);
    });
  }
  for (const name of ['relu', 'erf', 'tanh', 'gauss'] as const) {
    test(`${name}, depth 2 networks of hidden width 500`, () => {
      // Finite hidden width biases E[f f] by O(1/500), well below 5 standard errors (~1.5%) here.
      const spec = net({ activation: name, depth: 2, sigma_w: 1.1, sigma_b: 0.5 });
      const mc = monteCarloKernel(spec, [0.6], [-0.3], 4000, 500, 11);
      expect(Math.abs(mc.mean - networkKernel(spec).value([0.6], [-0.3]))).toBeLessThan(5 * mc.stderr);
    });
  }
});

describe('kernel matrices are symmetric positive semi-definite', () => {
  const rng = new TestRng(3);
  const points = Array.from({ length: 6 }, () => [2 * rng.normal(), rng.normal()]);
  for (const name of ACTIVATIONS) {
    for (const depth of [1, 2]) {
      test(`${name}, depth ${depth}`, () => {
        const K = networkKernel(net({ activation: name, d_in: 2, depth, sigma_w: 1.5, sigma_b: 0.4 })).matrix(points);
        K.forEach((row, i) => row.forEach((v, j) => expect(v).toBe(K[j]![i]!)));
        const values = (eigs(K).values as unknown as number[]).map(Number);
        const scale = Math.max(...values.map(Math.abs));
        for (const v of values) expect(v).toBeGreaterThan(-1e-12 * scale);
      });
    }
  }
});

describe('momentum space', () => {
  /** 1-d Fourier transform int dx/(2 pi) e^{-ipx} f(x) of an even f, by Gauss–Legendre panels on [-L, L]. */
  function fourier1d(f: (x: number) => number, p: number, L = 40): number {
    const { x, w } = gaussLegendre(40);
    let s = 0;
    for (let a = -L; a < L; a += 0.5)
      for (let i = 0; i < x.length; i++) {
        const t = a + 0.25 * (x[i]! + 1);
        s += 0.25 * w[i]! * Math.cos(p * t) * f(t);
      }
    return s / (2 * Math.PI);
  }
  for (const [activationName, amp] of [
    ['gauss', 1],
    ['cos', 0.5],
  ] as const) {
    for (const d of [1, 2, 3]) {
      test(`${activationName}, d = ${d}: K(p) = numerical Fourier transform of K - sigma_b^2`, () => {
        const sw = 1.6;
        const m = networkKernel(net({ activation: activationName, d_in: d, sigma_w: sw })).momentum!;
        // K_W(x) = A sw^2 prod_k exp(-sw^2 x_k^2/(2d)) factorizes, so its d-dim transform is a product of 1-d ones.
        const oneDim = (p: number) => fourier1d((t) => Math.exp((-(sw ** 2) * t * t) / (2 * d)), p);
        for (const p of [0, 0.7, 2.1]) {
          const exact = amp * sw ** 2 * oneDim(p) * oneDim(0) ** (d - 1);
          expect(Math.abs(m.value(p) - exact) / exact).toBeLessThan(1e-10);
        }
        // IR expansion: 1/K(p) = Z0 (m0^2 + p^2) + O(p^4), read off by a finite difference in p^2.
        // Forward difference with h = 1e-6: truncation error ~ h d/(4 sw^2) relative, rounding ~ 1e-10.
        const h = 1e-6;
        const slope = (1 / m.value(Math.sqrt(h)) - 1 / m.value(0)) / h;
        expect(Math.abs(m.Z0 - slope) / m.Z0).toBeLessThan(1e-5);
        expect(Math.abs(m.m0sq - 1 / m.value(0) / slope) / m.m0sq).toBeLessThan(1e-5);
        expect(m.m0sq).toBeCloseTo((2 * sw ** 2) / d, 12);
      });
    }
  }
  test('no momentum form for kernels that are not translation invariant or deeper than 1', () => {
    expect(networkKernel(net({ activation: 'relu' })).momentum).toBeNull();
    expect(networkKernel(net({ activation: 'gauss', depth: 2 })).momentum).toBeNull();
  });
});

describe('kernel formulas', () => {
  for (const name of ACTIVATIONS) {
    for (const depth of [1, 2]) {
      test(`${name}, depth ${depth}: LaTeX renders in KaTeX and text names the kernel`, () => {
        const k = networkKernel(net({ activation: name, depth }));
        expect(() => katex.renderToString(k.formula.latex, { throwOnError: true, displayMode: true })).not.toThrow();
        if (k.momentum) expect(() => katex.renderToString(k.momentum!.latex, { throwOnError: true })).not.toThrow();
        expect(k.formula.text).toMatch(/^K\(x,y\) = sigma_b\^2 \+ sigma_w\^2\*/);
      });
    }
  }
});
