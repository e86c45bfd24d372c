import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { regulated, regulatedChecks } from '../../src/regulated/index.js';
import { loadTheory } from '../../src/theory/index.js';
import { nnrg, nnrgInProcess, tempFile } from '../helpers/cli.js';

describe('regulated(): the documented behaviour of the truncations (exact vertices, P = 1, N = 10)', () => {
  test('erf: the truncations converge order by order down to k = 0 and up to k_UV', async () => {
    const doc = await regulated(loadTheory('theories/erf.yaml'), { sampling: false });
    expect(doc.stops).toEqual([]);
    for (const dir of ['down', 'up'] as const) {
      const v = doc.verdicts.filter((x) => x.direction === dir);
      expect(v.map((x) => x.status)).toEqual(['agrees', 'agrees', 'agrees', 'converges']);
      // Gamma2's largest relative deviation falls by more than an order of magnitude per order.
      const g2 = v.slice(0, 3).map((x) => x.maxDeviation['2']!);
      expect(g2[1]! / g2[0]!).toBeLessThan(0.1);
      expect(g2[2]! / g2[1]!).toBeLessThan(0.1);
    }
    // The flows start from the vertices they are compared with: exact at k_UV (down) and at k = 0 (up).
    const i0 = doc.k.indexOf(0);
    expect(doc.flows['4']!.up!['2']![i0]![0]!.value).toBeCloseTo(doc.measured['2'][i0]![0]!.value!, 12);
    expect(doc.flows['8']!.down!['8']![0]![0]!.value).toBe(doc.measured['8'][0]![0]!.value);
  });
  test('GaussNet: phi^6 and phi^8 blow up at finite k on the way down while phi^4 survives; no order converges', async () => {
    const doc = await regulated(loadTheory('theories/gaussnet.yaml'), { sampling: false, direction: 'down' });
    expect(doc.stops.map((s) => [s.order, s.reason])).toEqual([
      [6, 'blow-up'],
      [8, 'blow-up'],
    ]);
    expect(doc.stops.every((s) => s.k > 0.1 && s.k < doc.kUV)).toBe(true);
    expect(doc.verdicts.map((v) => v.status)).toEqual(['deviates', 'stopped', 'stopped', 'does not converge']);
    // Past the stop the flow has no values.
    const stop6 = doc.stops[0]!.k;
    doc.k.forEach((k, i) => {
      if (k < stop6) expect(doc.flows['6']!.down!['2']![i]![0]!.value).toBeNull();
    });
  });
});

describe('conditioning', () => {
  test('points 0.015 apart (erf, cond K ~ 5e4): Gamma8 is unresolved near k = 0 (null, said in conditioning), resolved at k_UV', async () => {
    const doc = await regulated(loadTheory('theories/erf.yaml'), { points: [[0.1], [0.115]], orders: [8], nets: 200, bags: 3, direction: 'up' });
    const i0 = doc.k.indexOf(0);
    expect(doc.conditioning[i0]!.unresolved).toEqual([8]);
    expect(doc.conditioning[i0]!.cond).toBeGreaterThan(1e4);
    expect(doc.measured['8'][i0]!.every((e) => e.value === null && e.stderr === null)).toBe(true);
    expect(doc.measured['2'][i0]!.every((e) => e.value !== null)).toBe(true);
    expect(doc.conditioning[0]!.unresolved).toEqual([]);
    expect(doc.measured['8'][0]!.every((e) => e.value !== null)).toBe(true);
  });
});

describe('nnrg regulated (CLI)', () => {
  test('--no-sampling --json: the documented shape (P = 1: one entry per order, idx [0, 0, ...], stderr 0 / null)', () => {
    const svg = join(mkdtempSync(join(tmpdir(), 'nnrg-regulated-')), 'dev.svg');
    const r = nnrg(['regulated', 'theories/relu.yaml', '--no-sampling', '--json', '--k', '4,1,0.25,0', '--orders', '4,6', '--plot', svg]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg/);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['theory', 'width', 'points', 'k', 'measured', 'exact', 'flows', 'stops', 'verdicts']));
    expect(doc.k).toEqual([4, 1, 0.25, 0]);
    expect(Object.keys(doc.measured)).toEqual(['2', '4', '6']);
    expect(doc.measured['4']).toHaveLength(4);
    expect(doc.measured['4'][0]).toEqual([{ idx: [0, 0, 0, 0], value: expect.any(Number), stderr: 0 }]);
    expect(doc.exact['2'][1][0].value).toBe(doc.measured['2'][1][0].value);
    expect(Object.keys(doc.flows)).toEqual(['4', '6']);
    expect(Object.keys(doc.flows['6'].down)).toEqual(['2', '4', '6']);
    expect(doc.flows['4'].up['2'][2][0].stderr).toBeNull();
  });
  test('sampled, P = 2: error bars, all multisets, exact null', () => {
    const r = nnrg(['regulated', 'theories/erf.yaml', '--points', '0.1,1.5', '--nets', '300', '--bags', '4', '--orders', '4', '--k', '2,0.5,0', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.exact).toBeNull();
    expect(doc.measured['2'][0].map((e: { idx: number[] }) => e.idx)).toEqual([
      [0, 0],
      [0, 1],
      [1, 1],
    ]);
    expect(doc.measured['4'][0]).toHaveLength(5);
    expect(doc.measured['2'][0].every((e: { stderr: number }) => e.stderr > 0)).toBe(true);
    expect(doc.errorBars).toHaveLength(3);
  });
  test('bad input exits 2 naming the option', async () => {
    const cases: [string[], string][] = [
      [['--k', '0,0'], '--k'],
      [['--k', '1,-2'], '--k'],
      [['--orders', '5'], '--orders'],
      [['--orders', '2,4'], '--orders'],
      [['--points', '0.1,0.2,0.3,0.4,0.5'], '--points'],
      [['--points', '0.1,0.1000001'], '--points'],
      [['--points', '0.1,0.5', '--no-sampling'], '--no-sampling'],
      [['--direction', 'sideways'], '--direction'],
      [['--bags', '1'], '--bags'],
      [['--threads', '0'], '--threads'],
    ];
    for (const [args, option] of cases) {
      const r = await nnrgInProcess(['regulated', 'theories/erf.yaml', ...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(option);
    }
  });
});

describe('GaussNet moments beyond what quadratures or doubles hold: numerical trouble, not numbers', () => {
  // GaussNet g = exp(z - V), z ~ N(0, V), V = sigma_b^2 + sigma_w^2 x^2: E g^2 = 1, E g^4 = exp(4V), so at k = 0 (one
  // point, width N) K = sigma_b^2 + sigma_w^2 and kappa4 = 3 Var(v) = 3 (sigma_w^4/N) (exp(4V) - 1): Gamma4 = -kappa4/K^4.
  // The moment of order n lives n sqrt(V) standard deviations out, where the one-dimensional quadratures do not look:
  // at sigma_b = 5 (V = 25.25) they still give kappa4 to 1e-9 for the phi^4 truncation alone, but not among the
  // moments to order 8 that the default truncations need.
  const theory = (sb: number) =>
    tempFile('g.yaml', `name: g\nnetwork: {activation: gauss, d_in: 1, d_out: 1, sigma_w: 1, sigma_b: ${sb}}\nensemble: {points: [0.5]}\n`);
  test('sigma_b = 2: the quadratures hold, Gamma4 at k = 0 is the closed form (1e-9 relative)', async () => {
    const r = await nnrgInProcess(['regulated', theory(2), '--no-sampling', '--orders', '4', '--k', '1,0', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const V = 4 + 0.25;
    const expected = -((3 / 10) * Math.expm1(4 * V)) / 5 ** 4;
    const got = JSON.parse(r.stdout).measured['4'].at(-1)[0].value;
    expect(Math.abs(got - expected)).toBeLessThan(1e-9 * Math.abs(expected));
  });
  test.each([
    [5, 'quadratures miss'],
    [1000, 'not finite'],
  ])('sigma_b = %d: exit 1, "%s"', async (sb, why) => {
    for (const extra of [['--no-sampling'], ['--nets', '200', '--bags', '2']]) {
      const r = await nnrgInProcess(['regulated', theory(sb), ...extra]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/numerical trouble/);
      expect(r.stderr).toContain(why);
      expect(r.stdout).toBe('');
    }
  });
});

describe('validate: the regulated-ensemble rows', () => {
  test('the Wetterich equation holds (P = 1 exact, P = 2 sampled) and the convergence row informs', async () => {
    const rows = await regulatedChecks(loadTheory('theories/cos.yaml'), { nets: 500, bags: 4 });
    expect(rows.map((r) => r.status)).toEqual(['pass', 'info']);
    expect(rows[0]!.measured).toMatch(/\(P = 1\), .* \(P = 2\)/);
    expect(rows[1]!.pass).toBe(true);
  });
});
