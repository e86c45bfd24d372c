/**
 * `nnrg brg`: bad data/brg/cosnet sections exit 2 naming the key (in-process), and one run of the built
 * binary on a small theory whose JSON carries what the issue lists, with values checked against closed forms.
 */
import { describe, expect, test } from 'vitest';
import { nnrg, nnrgInProcess, tempFile } from '../helpers/cli.js';

const RELU = `name: small
network: {activation: relu, d_in: 2, sigma_w: 1.5, sigma_b: 0.1}
ensemble: {points: [[1, 0]]}
brg: {width: 24, nets: 3, cutoffs: [0.01, 1, 100], data: {measure: sphere, n: 12, ridge: 0.01, target: gp, test: 4, datasets: 2, seed: 0}}
`;
const COS = `name: cos
brg: {fisher: diagonal, scheme: marginalize, width: 16, nets: 2, cutoffs: [1, 10], data: {measure: gaussian, n: 8, ridge: 0.01, target: linear, test: 3, datasets: 2, seed: 0}}
cosnet: {m: 1, R: 4, d: 3, width: 128, nets: 8, n: 256, k: [2, 3], r: [0, 1]}
`;

describe('nnrg brg: bad sections', () => {
  const cases: { why: string; yaml: string; expect: string[] }[] = [
    {
      why: 'unknown Fisher kind',
      yaml: RELU.replace('brg: {', 'brg: {fisher: empirical, '),
      expect: [':4: brg.fisher: expected one of last-layer, diagonal, full'],
    },
    { why: 'unknown scheme', yaml: RELU.replace('brg: {', 'brg: {scheme: reset, '), expect: [':4: brg.scheme: expected one of resample, marginalize'] },
    {
      why: 'negative cutoff',
      yaml: RELU.replace('cutoffs: [0.01, 1, 100]', 'cutoffs: [0.01, -1]'),
      expect: ['brg.cutoffs[1]: expected a number >= 0', 'got -1'],
    },
    { why: 'unknown key in brg', yaml: RELU.replace('brg: {', 'brg: {cutof: 1, '), expect: ['brg.cutof: expected no such key', 'cutoffs'] },
    { why: 'unknown measure', yaml: RELU.replace('measure: sphere', 'measure: cube'), expect: [':4: brg.data.measure: expected one of sphere, gaussian'] },
    { why: 'data.n = 0', yaml: RELU.replace('n: 12', 'n: 0'), expect: ['brg.data.n: expected a number >= 1', 'got 0'] },
    { why: 'negative ridge', yaml: RELU.replace('ridge: 0.01', 'ridge: -0.01'), expect: ['brg.data.ridge: expected a number > 0'] },
    { why: 'unknown target', yaml: RELU.replace('target: gp', 'target: sine'), expect: ['brg.data.target: expected one of gp, linear'] },
    {
      why: 'sphere in one dimension',
      yaml: RELU.replace('d_in: 2', 'd_in: 1').replace('[[1, 0]]', '[1]'),
      expect: ['brg.data.measure: expected gaussian for one input dimension'],
    },
    { why: 'no brg section', yaml: RELU.replace(/brg: .*\n/, ''), expect: ['brg: expected a brg section'] },
    { why: 'deep network', yaml: RELU.replace('sigma_b: 0.1}', 'sigma_b: 0.1, depth: 2}'), expect: ['network.depth: expected 1'] },
    { why: 'no network and no cosnet', yaml: 'brg: {data: {n: 4}}\n', expect: ['network: expected a network or a cosnet section'] },
    {
      why: 'cos-net momentum cutoff above R',
      yaml: COS.replace('k: [2, 3]', 'k: [2, 5]'),
      expect: ['cosnet.k[1]: expected a momentum cutoff <= R = 4', 'got 5'],
    },
    {
      why: 'cos-net with the full metric',
      yaml: COS.replace('fisher: diagonal', 'fisher: full'),
      expect: ['brg.fisher: expected last-layer or diagonal with a cosnet section'],
    },
    { why: 'cos-net mass 0', yaml: COS.replace('m: 1', 'm: 0'), expect: [':3: cosnet.m: expected a number > 0', 'got 0'] },
    { why: 'cos-net negative distance', yaml: COS.replace('r: [0, 1]', 'r: [0, -1]'), expect: ['cosnet.r[1]: expected a number >= 0'] },
  ];
  for (const c of cases) {
    test(c.why, async () => {
      const r = await nnrgInProcess(['brg', tempFile('bad.yaml', c.yaml)]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      for (const s of c.expect) expect(r.stderr).toContain(s);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    });
  }
  test('an option value is checked too', async () => {
    const r = await nnrgInProcess(['brg', tempFile('ok.yaml', RELU), '--scheme', 'wipe']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--scheme (brg.scheme): expected one of resample, marginalize');
  });
});

describe('nnrg brg --json (built binary)', () => {
  test('the JSON document: Fisher spectrum, cutoffs, Lambda_C, limits, and the cos-net points against G_k(r)', () => {
    const r = nnrg(['brg', tempFile('cos.yaml', COS), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.fisher.length).toBe(16); // diagonal metric: one entry per neuron
    for (const f of doc.fisher) expect(f.information.mean).toBeGreaterThanOrEqual(0);
    expect(doc.cutoffs.map((c: { Lambda: number }) => c.Lambda)).toEqual([1, 10]);
    for (const c of doc.cutoffs) for (const key of ['kept', 'mse', 'predictive_variance']) expect(Number.isFinite(c[key])).toBe(true);
    expect('lambda_c' in doc).toBe(true);
    // Lambda = 0 is the trained posterior (direct solve), Lambda = infinity the zero field (marginalize).
    expect(doc.limits.trained.max_deviation.mean).toBeLessThan(1e-10);
    expect(doc.limits.prior.predictive_variance.mean).toBe(0);
    const c = doc.cosnet;
    expect([c.m, c.R, c.d]).toEqual([1, 4, 3]);
    expect(c.points.length).toBe(4);
    for (const p of c.points) {
      expect(Object.keys(p)).toEqual(expect.arrayContaining(['k', 'r', 'sampled', 'stderr', 'closed']));
      // closed: G_k(0) = (k - m arctan(k/m))/(2 pi^2) in d = 3.
      if (p.r === 0) expect(p.closed).toBeCloseTo((p.k - Math.atan(p.k)) / (2 * Math.PI ** 2), 14);
    }
    // Lambda(k) = n A^2/(2 sigma^2 (k^2 + m^2)), A^2 = 2 Vol(B_R)/((2 pi)^3 N), Vol(B_4) = 256 pi/3.
    const A2 = (2 * ((4 * Math.PI * 64) / 3)) / ((2 * Math.PI) ** 3 * 128);
    expect(c.points[0].Lambda).toBeCloseTo((256 * A2) / (2 * 0.01 * 5), 10);
  });

  test('text output on the bundled ReLU theory with fewer networks', () => {
    const r = nnrg(['brg', 'theories/relu-brg.yaml', '--nets', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Fisher spectrum');
    expect(r.stdout).toContain('Lambda_C');
    expect(r.stdout).not.toMatch(/NaN/);
  });
});
