import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { nnrgAsync, nnrgInProcess, tempFile } from '../helpers/cli.js';
import { LITIM_2002, PHI4_ZERO_D3 } from '../helpers/lpa-reference.js';

// End to end through the built binary (run `npm run build` first).
describe.concurrent('nnrg fixed-points / flow (end to end, built binary)', () => {
  test('fixed-points --orders: the documented JSON shape and the convergence table', async () => {
    const r = await nnrgAsync(['fixed-points', 'theories/ising3d.yaml', '--orders', '4..12', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.fixedPoints[0]).toMatchObject({
      name: 'Wilson-Fisher',
      couplings: { kappa: expect.any(Number), l2: expect.any(Number) },
      nu: expect.any(Number),
      omega: expect.any(Number),
    });
    for (const e of doc.fixedPoints[0].eigenvalues) expect(e).toEqual({ re: expect.any(Number), im: expect.any(Number) });
    expect(doc.table.map((t: { order: number }) => t.order)).toEqual([4, 6, 8, 10, 12]);
    // plumbing: order 12 around the minimum is within 5e-4 of the converged value (checked in lpa-full.test.ts)
    expect(Math.abs(doc.table[4].nu - LITIM_2002.nu[1]!)).toBeLessThan(5e-4);
    expect(doc.convergence.verdict).toMatch(/converged/);
  });

  test('fixed-points --method full: the converged LPA exponents', async () => {
    const r = await nnrgAsync(['fixed-points', 'theories/ising3d.yaml', '--method', 'full', '--json']);
    expect(r.code).toBe(0);
    const fp = JSON.parse(r.stdout).fixedPoints[0];
    // plumbing: the library's value is checked against the table in lpa-full.test.ts
    expect(Math.abs(fp.nu - LITIM_2002.nu[1]!)).toBeLessThanOrEqual(LITIM_2002.rounding);
    expect(Math.abs(fp.omega - LITIM_2002.omega[1]!)).toBeLessThanOrEqual(LITIM_2002.rounding);
  });

  test('fixed-points --expand zero --order 4: the phi^4 closed form in the text output', async () => {
    const r = await nnrgAsync(['fixed-points', 'theories/ising3d.yaml', '--expand', 'zero', '--order', '4']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Gaussian');
    expect(r.stdout).toContain('Wilson-Fisher');
    expect(r.stdout).toContain(`nu = ${PHI4_ZERO_D3.nu.toFixed(6)}`);
    expect(r.stdout).toContain(`m2 = ${PHI4_ZERO_D3.m2.toFixed(9)}`);
  });

  test('flow into the pole: stops, says why and where, exit 0, trajectory up to there', async () => {
    const svg = tempFile('flow.svg', '');
    const r = await nnrgAsync(['flow', 'theories/ising3d.yaml', '--expand', 'zero', '--order', '4', '--couplings', 'm2=-0.6,u4=50', '--json', '--plot', svg]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.stop.reason).toBe('pole');
    expect(doc.stop.t).toBeLessThan(0);
    const m2 = doc.trajectory.values.m2;
    expect(1 + m2[m2.length - 1]).toBeCloseTo(1e-4, 8);
    expect(doc.trajectory.t[doc.trajectory.t.length - 1]).toBe(doc.stop.t);
    expect(r.stderr).toMatch(/flow stopped \(pole\)/);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg/);
  });

  test('bad input: exit 2 with one line naming the option (in-process)', async () => {
    // the real binary's exit code on bad input: test/theory/bad-input.test.ts
    const cases: [string[], RegExp][] = [
      [['flow', 'theories/ising3d.yaml', '--couplings', 'x9=1'], /--couplings/],
      [['fixed-points', 'theories/ising3d.yaml', '--orders', '8..4'], /--orders/],
      [['flow', 'theories/ising3d.yaml', '--active'], /network/],
    ];
    for (const [args, pattern] of cases) {
      const r = await nnrgInProcess(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
    }
  });
});
