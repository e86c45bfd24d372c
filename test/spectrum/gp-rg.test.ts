import { describe, expect, test } from 'vitest';
import { exactSeries } from '../../src/exact/index.js';
import { choleskyInPlace, choleskySolve, solveLinear } from '../../src/numeric/index.js';
import {
  cosineKernel,
  gpRg,
  integratedCumulants,
  invariance,
  ridgeFlow,
  runRegression,
  solveKappa,
  sphereProblem,
  sphereSpectrum,
  type Spectrum,
} from '../../src/spectrum/index.js';
import { parseTheory, type NetworkSpec } from '../../src/theory/index.js';
import { nnrgAsync, nnrgInProcess, tempFile } from '../helpers/cli.js';
import { meanAndStderr, TestRng } from '../helpers/rng.js';
import type { Block } from '../../src/report/index.js';

/** A made-up spectrum with numbers easy to follow by hand. */
const toy: Spectrum = {
  measure: 'sphere',
  d: 3,
  shells: [
    { l: 0, multiplicity: 1, lambda: 1 },
    { l: 1, multiplicity: 10, lambda: 0.1 },
    { l: 2, multiplicity: 100, lambda: 1e-3 },
    { l: 3, multiplicity: 1000, lambda: 1e-5 },
  ],
  trace: 1 + 1 + 0.1 + 0.01 + 0.001,
  tail: 0.001,
  tailMax: 1e-7,
  nextMultiplicity: 10000,
  accuracy: { lambda: 0, trace: 0 },
  method: 'toy',
};

describe('the ridge flow and eigenlearning', () => {
  test('toy spectrum, n = 50, sigma^2 = 0.01: c(L), sigma_c^2(L), the ratios and the cutoff by hand', () => {
    const f = ridgeFlow(toy, 50, 0.01, 1);
    // c(3) = tail = 0.001; c(2) = 0.001 + 1000e-5 = 0.011; c(1) = 0.011 + 0.1 = 0.111; c(0) = 0.111 + 1 = 1.111
    expect(f.steps.map((s) => s.L)).toEqual([3, 2, 1, 0]);
    [0.001, 0.011, 0.111, 1.111].forEach((c, i) => {
      expect(f.steps[i]!.c).toBeCloseTo(c, 14);
      expect(f.steps[i]!.sigma2).toBeCloseTo(c + 0.01, 14);
    });
    // n lambda_L / sigma_c^2(L-1): 50e-5/0.021, 0.05/0.121, 5/1.121, 50/2.121
    [50e-5 / 0.021, 0.05 / 0.121, 5 / 1.121, 50 / 2.121].forEach((r, i) => expect(f.steps[i]!.ratio).toBeCloseTo(r, 13));
    expect(f.cutoff).toBe(1);
    expect(f.sigma2).toBeCloseTo(0.121, 14);
    // beyond: n tailMax / (sigma^2 + N_next tailMax) = 50e-7 / (0.01 + 1e-3)
    expect(f.beyond).toBeCloseTo(5e-6 / 0.011, 14);
    expect(ridgeFlow(toy, 50, 0.01, 0.3).cutoff).toBe(2); // 0.413 > 0.3 keeps shell 2
    expect(ridgeFlow(toy, 50, 0.01, 100).cutoff).toBe(-1);
  });
  test('kappa: the root of the quadratic for one mode; the equation holds to 1e-12 on the toy spectrum', () => {
    const one: Spectrum = { ...toy, shells: [{ l: 0, multiplicity: 1, lambda: 0.3 }], tail: 0, trace: 0.3 };
    const n = 7;
    const rho = 0.02;
    // lambda/(lambda + k) + rho/k = n  <=>  n k^2 + (n lambda - lambda - rho) k - rho lambda = 0
    const b = n * 0.3 - 0.3 - rho;
    const exact = (-b + Math.sqrt(b * b + 4 * n * rho * 0.3)) / (2 * n);
    expect(Math.abs(solveKappa(one, n, rho) / exact - 1)).toBeLessThan(1e-14);
    const k = solveKappa(toy, 50, 0.011);
    const lhs = toy.shells.reduce((a, s) => a + (s.multiplicity * s.lambda) / (s.lambda + k), 0.011 / k);
    expect(Math.abs(lhs - 50)).toBeLessThan(1e-12);
  });
  test('RG invariance: integrating out a shell with lambda << kappa moves kappa by at most sum N lambda^2/(kappa rho); a learnable one moves it a lot', () => {
    const n = 50;
    const f = ridgeFlow(toy, n, 0.01, 0.1); // threshold 0.1: the flow stops at L* = 2
    expect(f.cutoff).toBe(2);
    const rows = invariance(toy, f, n);
    const full = rows[0]!.kappa;
    for (const row of rows.filter((r) => r.L >= f.cutoff)) {
      // first-order bound from replacing lambda/(lambda + kappa) by lambda/kappa for the integrated shells
      let bound = 0;
      for (const s of toy.shells.filter((s) => s.l > row.L)) bound += (s.multiplicity * s.lambda ** 2) / (full * (0.01 + toy.tail));
      expect(Math.abs(row.kappa / full - 1)).toBeLessThanOrEqual(bound + 1e-14);
    }
    const broken = rows.find((r) => r.L === 0)!; // shell 1 (lambda/kappa ~ 40) integrated out
    expect(broken.kappa / full - 1).toBeGreaterThan(1);
  });
});

describe('Cholesky', () => {
  test('solves a random SPD system like Gaussian elimination (to 1e-12)', () => {
    const n = 60;
    const rng = new TestRng(3);
    const B = Array.from({ length: n }, () => Array.from({ length: n }, () => rng.normal()));
    const A = B.map((r, i) => B.map((s, j) => r.reduce((a, v, k) => a + v * s[k]!, 0) + (i === j ? 0.5 : 0)));
    const b = Array.from({ length: n }, () => rng.normal());
    const flat = Float64Array.from(A.flat());
    const x = choleskySolve(choleskyInPlace(flat, n), n, b);
    const y = solveLinear(A, b)!;
    for (let i = 0; i < n; i++) expect(Math.abs(x[i]! - y[i]!)).toBeLessThan(1e-12 * Math.max(1, Math.abs(y[i]!)));
  });
});

describe('GP regression against the predictions', () => {
  test('the measurement agrees with an independent one (exact Funk–Hecke projection <f_hat, f_1> = lambda_1 sum_i alpha_i f_1(x_i))', () => {
    const net: NetworkSpec = { activation: 'cos', d_in: 3, d_out: 1, sigma_w: 2, sigma_b: 0, widths: [1], depth: 1 };
    const s = sphereSpectrum(net, 20);
    const setup = { n: 80, ridge: 0.01, testPoints: 1000, datasets: 16, seed: 2, target: [{ degree: 1, weight: 1 }] };
    const measured = runRegression(sphereProblem(net, s), setup).degrees[0]!.learnability;
    // Independent: own points (TestRng), own target sqrt(3) x.u/3 (unit norm), own kernel matrix, exact projection.
    const k = cosineKernel(net).value;
    const values: number[] = [];
    const rng = new TestRng(9);
    const point = () => {
      const v = [rng.normal(), rng.normal(), rng.normal()];
      const r = Math.hypot(...v) / Math.sqrt(3);
      return v.map((x) => x / r);
    };
    for (let rep = 0; rep < 16; rep++) {
      const X = Array.from({ length: setup.n }, point);
      const u = point();
      const f1 = (x: number[]) => (x[0]! * u[0]! + x[1]! * u[1]! + x[2]! * u[2]!) / Math.sqrt(3); // sqrt(3) t: E f1^2 = 3 E t^2 = 1
      const A = X.map((x, i) => X.map((y, j) => k((x[0]! * y[0]! + x[1]! * y[1]! + x[2]! * y[2]!) / 3) + (i === j ? setup.ridge : 0)));
      const alpha = solveLinear(A, X.map(f1))!;
      values.push(s.shells[1]!.lambda * alpha.reduce((a, v, i) => a + v * f1(X[i]!), 0));
    }
    const ref = meanAndStderr(values);
    expect(Math.abs(measured.mean - ref.mean)).toBeLessThan(3 * Math.hypot(measured.stderr, ref.stderr));
  });

  test('erf, d_in = 10, n = 200, sigma^2 = 0.5 (kept modes 11 << n, integrated lambda/kappa < 0.05): the flow within the error bars; the Wilsonian theory reproduces the full GP', () => {
    const doc = gpRg(
      parseTheory(
        'network: {activation: erf, d_in: 10, sigma_w: 1, sigma_b: 0}\nensemble: {points: [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0.1]]}\n' +
          'data: {n: 200, ridge: 0.5, target: [{degree: 1, weight: 1}, {degree: 3, weight: 0.1}], test_points: 500, datasets: 20, seed: 3}',
        'erf10.yaml',
      ),
    );
    expect(doc.cutoff).toBe(1);
    const l1 = doc.learnability[1]!;
    expect(Math.abs(l1.flow - l1.measured!)).toBeLessThan(3 * l1.stderr!);
    expect(Math.abs(l1.eigenlearning - l1.measured!)).toBeLessThan(3 * l1.stderr!);
    // GP regression with the kernel truncated to l <= 1 and the ridge sigma_c^2 on the same data sets: the paired
    // difference is eigenlearning's kappa shift L(1 - L) dkappa/kappa (0.2% here), within its error bar.
    const w = doc.regression!.wilsonian!.learnability.find((x) => x.l === 1)!;
    const row = doc.invariance.rows.find((r) => r.L === doc.cutoff)!;
    const predicted = row.learnability[1]! - doc.invariance.rows[0]!.learnability[1]!;
    expect(Math.abs(w.difference - predicted)).toBeLessThan(3 * w.difference_stderr);
    expect(Math.abs(w.difference)).toBeLessThan(0.003);
  });

  test('ReLU, d_in = 30, n = 200, sigma^2 = 0.01: the bare ridge fails, flow and eigenlearning hold; integrating out the partly learnable shell 2 shifts kappa', () => {
    const doc = gpRg(
      parseTheory(
        `network: {activation: relu, d_in: 30, sigma_w: 1, sigma_b: 0}\nensemble: {points: [[${new Array(30).fill(0.1).join(', ')}]]}\n` +
          'data: {n: 200, ridge: 0.01, target: [{degree: 1, weight: 1}, {degree: 2, weight: 0.1}], test_points: 500, datasets: 12, seed: 3}',
        'relu30.yaml',
      ),
    );
    expect(doc.cutoff).toBe(1);
    const [, l1, l2] = doc.learnability;
    // shell 2 (464 modes > n) is noise: sigma_c^2 = 0.098 vs the bare 0.01, and the bare ridge overestimates L_1
    expect(doc.sigma2).toBeGreaterThan(9 * doc.ridge);
    expect(l1!.bare - l1!.measured!).toBeGreaterThan(5 * l1!.stderr!);
    expect(Math.abs(l1!.flow - l1!.measured!)).toBeLessThan(3 * l1!.stderr!);
    expect(Math.abs(l1!.eigenlearning - l1!.measured!)).toBeLessThan(3 * l1!.stderr!);
    expect(Math.abs(l2!.eigenlearning - l2!.measured!)).toBeLessThan(3 * l2!.stderr!);
    expect(l2!.bare - l2!.measured!).toBeGreaterThan(20 * l2!.stderr!);
    // Shell 2 has n lambda/sigma_c^2 = 0.34: integrating it out moves kappa by 27%, and the truncated GP's
    // learnability of l = 1 differs from the full one's by eigenlearning's shift, visible above its error bar.
    expect(doc.invariance.kept_change!).toBeGreaterThan(0.2);
    const w = doc.regression!.wilsonian!.learnability.find((x) => x.l === 1)!;
    const predicted = doc.invariance.rows.find((r) => r.L === 1)!.learnability[1]! - doc.invariance.rows[0]!.learnability[1]!;
    expect(Math.abs(w.difference - predicted)).toBeLessThan(3 * w.difference_stderr);
    expect(-w.difference).toBeGreaterThan(2 * w.difference_stderr);
    expect(doc.test_error.bare).toBeNull(); // sum N L_bare^2 > n: the bare ridge claims more learned modes than data
  });
});

const GOOD = `network: {activation: relu, d_in: 3, sigma_w: 1, sigma_b: 0}
ensemble: {points: [[0.1, 0, 0]]}
data:
  n: 50
  ridge: 0.01
  target: [{degree: 1, weight: 1}]
  datasets: 0
`;

describe('nnrg gp-rg', () => {
  test.each([
    ['n < 1', GOOD.replace('n: 50', 'n: 0'), 'data.n: expected a number >= 1'],
    ['ridge = 0', GOOD.replace('ridge: 0.01', 'ridge: 0'), 'data.ridge: expected a number > 0'],
    ['ridge < 0', GOOD.replace('ridge: 0.01', 'ridge: -1'), 'data.ridge: expected a number > 0'],
    [
      'target beyond the computed degrees',
      GOOD.replace('datasets: 0', 'datasets: 0\n  degrees: 4').replace('degree: 1,', 'degree: 6,'),
      'data.target[0].degree: expected a degree <= data.degrees = 4',
    ],
    ['measure the activation cannot use', GOOD.replace('datasets: 0', 'datasets: 0\n  measure: gaussian'), 'data.measure: expected sphere for the relu kernel'],
    [
      'gaussian measure with a bias',
      GOOD.replace('relu, d_in: 3', 'cos, d_in: 1')
        .replace('sigma_b: 0', 'sigma_b: 1')
        .replace('[[0.1, 0, 0]]', '[0.1]')
        .replace('datasets: 0', 'datasets: 0\n  measure: gaussian'),
      'network.sigma_b: expected 0 for data.measure gaussian',
    ],
    ['sphere in d_in = 1', GOOD.replace('d_in: 3', 'd_in: 1').replace('[[0.1, 0, 0]]', '[0.1]'), 'data.measure: expected gaussian for d_in = 1'],
    ['one data set', GOOD.replace('datasets: 0', 'datasets: 1'), 'data.datasets: expected 0 (predictions only) or an integer >= 2'],
    ['unknown key', GOOD.replace('datasets: 0', 'datasets: 0\n  noise: 1'), 'data.noise: expected no such key'],
    ['target empty', GOOD.replace('[{degree: 1, weight: 1}]', '[]'), 'data.target: expected a list with at least 1 entry'],
    ['no data section', GOOD.slice(0, GOOD.indexOf('data:')), 'data: expected a data section'],
  ])('%s: exit 2 naming the key', async (_why, yaml, message) => {
    const r = await nnrgInProcess(['gp-rg', tempFile('bad.yaml', yaml)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  test('--json on the built CLI (predictions only): the documented fields', async () => {
    const r = await nnrgAsync(['gp-rg', tempFile('ok.yaml', GOOD), '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.spectrum[1]).toEqual({ l: 1, multiplicity: 3, lambda: expect.closeTo(1 / 12, 13) });
    expect(doc.trace.kernel).toBeCloseTo(0.5, 14);
    expect(doc.trace.captured).toBeGreaterThan(0.99);
    expect(doc.flow[0]).toEqual({ L: expect.any(Number), c: expect.any(Number), sigma2: expect.any(Number), ratio: expect.any(Number) });
    expect(doc.cutoff).toEqual(expect.any(Number));
    expect(Object.keys(doc.learnability[0]).sort()).toEqual(['bare', 'eigenlearning', 'flow', 'l', 'lambda', 'measured', 'multiplicity', 'stderr'].sort());
    expect(Object.keys(doc.test_error).sort()).toEqual(['bare', 'eigenlearning', 'flow', 'measured', 'stderr']);
    expect(doc.test_error.measured).toBeNull();
  });
});

describe('finite width: the integrated modes fourth cumulant (one hidden layer)', () => {
  const spec = (over: Partial<NetworkSpec>): NetworkSpec => ({
    activation: 'relu',
    d_in: 3,
    d_out: 1,
    sigma_w: 1,
    sigma_b: 0,
    widths: [10],
    depth: 1,
    ...over,
  });
  test('closed forms: ReLU d_in = 3 (L = -1: 3 * 5/4 v^2; L = 1: 3/128), linear (L = 0: 6 sw^8; L >= 1: 0)', () => {
    // L = -1: G = relu(z), z ~ N(0, 1): E G^4 - (E G^2)^2 = 3/2 - 1/4. L = 1: the odd part z/2 is degree 1, so
    // G = (rho/2)(|s| - 1/2) with s uniform on [-1, 1] (d = 3) and rho ~ chi_3: E rho^4 = 15, E rho^2 = 3,
    // E(|s| - 1/2)^4 = 1/80, E(|s| - 1/2)^2 = 1/12: 15/16/80 - (3/4/12)^2 = 1/128; times 3 sw^4.
    const [all, , one] = integratedCumulants(spec({}), [-1, 0, 1]);
    expect(all!.widthTimesKappa4).toBeCloseTo(3 * (3 / 2 - 1 / 4), 12);
    expect(one!.widthTimesKappa4).toBeCloseTo(3 / 128, 13);
    // linear: G = w.x + b minus its degree-0 part b: w.x ~ N(0, sw^2), E G^4 - (E G^2)^2 = 2 sw^4; times 3 sw^4
    const sw = 1.3;
    const lin = integratedCumulants(spec({ activation: 'linear', sigma_w: sw, sigma_b: 0.5 }), [0, 1, 2]);
    expect(lin[0]!.widthTimesKappa4 / (6 * sw ** 8) - 1).toBeCloseTo(0, 12);
    expect(Math.abs(lin[1]!.widthTimesKappa4)).toBeLessThan(1e-12);
    expect(Math.abs(lin[2]!.variance)).toBeLessThan(1e-12);
  });
  test('the variance of the integrated modes is the spectrum weight c(L) = K(1) - sum_{l <= L} N lambda (cos-net d_in = 3, ReLU with bias d_in = 5)', () => {
    for (const over of [
      { activation: 'cos', sigma_w: 2 },
      { activation: 'relu', d_in: 10, sigma_b: 0.5 },
    ] as Partial<NetworkSpec>[]) {
      const s = sphereSpectrum(spec(over), 16);
      for (const r of integratedCumulants(spec(over), [0, 3])) {
        const c = s.trace - s.shells.filter((x) => x.l <= r.L).reduce((a, x) => a + x.multiplicity * x.lambda, 0);
        expect(Math.abs(r.variance - c)).toBeLessThan(1e-12 * s.trace);
      }
    }
  });
  test('with nothing kept (L = -1) it is the exact module fourth cumulant of f(x) times N (tanh by quadrature, GaussNet)', () => {
    for (const over of [
      { activation: 'tanh', sigma_w: 1.2, sigma_b: 0.3 },
      { activation: 'gauss', sigma_w: 0.8, sigma_b: 0.4 },
    ] as Partial<NetworkSpec>[]) {
      const net = spec(over);
      const width = 7;
      const series = exactSeries(net, [[Math.sqrt(3), 0, 0]], width, 4);
      const kappa4 = series.cumulants[series.space.indexOf([4])!]!;
      const [ours] = integratedCumulants(net, [-1]);
      expect(Math.abs(ours!.widthTimesKappa4 / width / kappa4 - 1)).toBeLessThan(1e-9);
    }
  });
});

describe('report section', () => {
  test('shown only with a data section: the spectrum, ridge-flow and learnability figures and the table', async () => {
    const { gpRgSection } = await import('../../src/report/sections/gp-rg.js');
    const { REPORT_SECTIONS } = await import('../../src/report/index.js');
    const withData = parseTheory(GOOD.replace('datasets: 0', 'datasets: 2\n  test_points: 50'), 'ok.yaml');
    const without = parseTheory(GOOD.slice(0, GOOD.indexOf('data:')), 'plain.yaml');
    expect(gpRgSection.shown!(withData)).toBe(true);
    expect(gpRgSection.shown!(without)).toBe(false);
    expect(REPORT_SECTIONS).not.toContain('gp-rg');
    const blocks: Block[] = [];
    const ctx = { theory: withData, options: {}, samples: [], progress: () => {}, problems: [], correlatorData: async () => undefined };
    await gpRgSection.build(ctx, blocks);
    expect(ctx.problems).toEqual([]);
    const figures = blocks.filter((b) => b.kind === 'figure');
    expect(figures.map((f) => (f.kind === 'figure' ? /<svg/.test(f.svg) : false))).toEqual([true, true, true]);
    const table = blocks.find((b) => b.kind === 'table');
    expect(table && table.kind === 'table' ? table.rows.at(-1)![0] : '').toBe('test error');
  });
});
