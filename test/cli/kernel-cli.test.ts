import { describe, expect, test } from 'vitest';
import { nnrg, nnrgInProcess, tempFile } from '../helpers/cli.js';

describe('nnrg kernel (end to end, built binary)', () => {
  test('--json on the bundled GaussNet: the documented JSON shape and values from the closed form', () => {
    const r = nnrg(['kernel', 'theories/gaussnet.yaml', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['kernel', 'momentum', 'points', 'matrix']));
    expect(doc.kernel).toEqual({ text: expect.any(String), latex: expect.any(String) });
    expect(doc.points).toEqual([-0.01, -0.006, -0.002, 0.002, 0.006, 0.01]);
    // sigma_w = sigma_b = 1, d_in = 1: K = 1 + exp(-(x-y)^2/2); momentum: m0^2 = 2, K(0) = 1/sqrt(2 pi), Z0 = 1/(K(0) m0^2).
    doc.points.forEach((x: number, i: number) =>
      doc.points.forEach((y: number, j: number) => {
        expect(doc.matrix[i][j]).toBeCloseTo(1 + Math.exp(-((x - y) ** 2) / 2), 14);
      }),
    );
    expect(doc.momentum.m0sq).toBeCloseTo(2, 14);
    expect(doc.momentum.Z0).toBeCloseTo(Math.sqrt(2 * Math.PI) / 2, 13);
    expect(r.stderr).toBe('');
  });
  test('--points overrides the file; text output shows formula, momentum form and matrix', () => {
    const r = nnrg(['kernel', 'theories/relu.yaml', '--points', '0.5,1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('K(x,y) = sigma_b^2 + sigma_w^2*');
    expect(r.stdout).toContain('momentum space: none');
    expect(r.stdout).toContain('K(x_i, x_j) on 2 points');
    // ReLU, sigma_w = sigma_b = 1, x = y = 1: Sigma = 2, K = 1 + Sigma/2 = 2.
    expect(r.stdout).toMatch(/\n\s+1\s+\S+\s+2\.000000000\n/);
  });
  test('points in d_in = 2 are arrays, in JSON and on the command line', () => {
    const file = tempFile('t.yaml', 'network:\n  activation: tanh\n  d_in: 2\nensemble:\n  points: [[0, 1], [1, 0]]\n');
    const fromFile = JSON.parse(nnrg(['kernel', file, '--json']).stdout);
    expect(fromFile.points).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(fromFile.momentum).toBeNull();
    const fromOption = JSON.parse(nnrg(['kernel', file, '--json', '--points', '0 1; 1 0; 0.5 0.5']).stdout);
    expect(fromOption.matrix).toHaveLength(3);
    expect(fromOption.matrix[0][0]).toBeCloseTo(fromFile.matrix[0][0], 15);
  });
  test('a pure field theory has no kernel: exit 2 with the reason', async () => {
    const r = await nnrgInProcess(['kernel', 'theories/ising3d.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('nnrg: theories/ising3d.yaml: network: expected a network section (a pure field theory has no GP kernel)');
  });
  test('--help lists every command', () => {
    const r = nnrg(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['kernel', 'derive', 'fixed-points', 'flow', 'sample', 'merge', 'exact', 'regulated', 'validate', 'report']) {
      expect(r.stdout).toMatch(new RegExp(`\\n  ${c}\\b`));
    }
  });
});
