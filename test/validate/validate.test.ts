import { describe, expect, test } from 'vitest';
import { sample } from '../../src/ensemble/index.js';
import { runValidation } from '../../src/fit/index.js';
import { loadTheory, parseTheory } from '../../src/theory/index.js';
import { nnrg, nnrgInProcess } from '../helpers/cli.js';

describe('runValidation (exact correlators; the sampler is exercised end to end below)', () => {
  test.each(['relu', 'erf'])('bundled %s theory passes every check that runs (no sampling)', async (name) => {
    const checks = await runValidation(loadTheory(`theories/${name}.yaml`), { noSampling: true });
    const failed = checks.filter((c) => !c.pass);
    expect(failed, JSON.stringify(failed, null, 1)).toEqual([]);
    // 1/N of <|m4|> and u4 is exact at first order (kappa4 ~ 1/N): the fitted exponent is -1 to rounding.
    expect(Math.abs(Number(checks.find((c) => c.name === '1/N scaling of <|m4|>')!.measured) + 1)).toBeLessThan(1e-9);
  });

  test('GaussNet with sampling (in process, small ensemble): passes, and the heavy tails are reported, not hidden', async () => {
    const checks = await runValidation(loadTheory('theories/gaussnet.yaml'), { sample, nets: 2000, bags: 4, threads: 1 });
    expect(checks.filter((c) => !c.pass)).toEqual([]);
    const sampled = checks.filter((c) => c.name.startsWith('sampled vs exact'));
    expect(sampled).toHaveLength(3);
    expect(sampled[2]!.detail).toContain('heavy finite-width tails');
  });

  test('GaussNet active RG in the kk normalization: exponents 4 - d = 3 and 6 - 2d = 4', async () => {
    const checks = await runValidation(loadTheory('theories/gaussnet.yaml'), { noSampling: true, normalization: 'kk' });
    const rg = checks.filter((c) => c.name.startsWith('active RG'));
    expect(rg.map((c) => c.expected)).toEqual([3, 4]);
    expect(rg.every((c) => c.pass && Math.abs(Number(c.measured) - Number(c.expected)) < 0.01)).toBe(true);
  });

  test('the broken theory (inputs of order 1) fails the active-RG check, with the reason', async () => {
    const checks = await runValidation(loadTheory('theories/broken-check.yaml'), { noSampling: true });
    const failed = checks.filter((c) => !c.pass);
    expect(failed.map((c) => c.name)).toEqual(['active RG: u4 ~ sigma_w^e (physical)', 'active RG: u6 ~ sigma_w^e (physical)']);
    // the couplings grow far faster than sigma_w^(d-4), sigma_w^(d-6); at sigma_w = 10 they exceed double precision
    for (const [c, e] of [
      [failed[0]!, -3],
      [failed[1]!, -5],
    ] as const)
      expect(Math.abs(Number(c.measured) - e)).toBeGreaterThan(10);
    expect(failed[1]!.detail).toMatch(/not computable at sigma_w = 10 \(G6\[0\]\[0\] is Infinity/);
  });
});

describe('nnrg validate / nnrg exact (end to end, built binary)', () => {
  test('validate erf --json: sampled vs exact and all other checks pass, one JSON document', () => {
    const r = nnrg(['validate', 'theories/erf.yaml', '--json', '--nets', '4000', '--bags', '5', '--threads', '1']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.pass).toBe(true);
    const sampled = doc.checks.filter((c: { name: string }) => c.name.startsWith('sampled vs exact'));
    expect(sampled).toHaveLength(3);
    for (const c of doc.checks) expect(Object.keys(c)).toEqual(expect.arrayContaining(['name', 'expected', 'measured', 'tolerance', 'pass']));
  });

  test('validate on the broken theory exits 1 and names the failing check', () => {
    const r = nnrg(['validate', 'theories/broken-check.yaml', '--no-sampling']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('validation failed: active RG: u4');
    expect(r.stdout).toContain('FAIL');
  });

  test('exact --json: the documented JSON shape, stderr 0, couplings; bad options exit 2 with one line', async () => {
    const r = nnrg(['exact', 'theories/gaussnet.yaml', '--width', '5', '--json', '--plan', '0.05']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.width).toBe(5);
    expect(doc.correlators['2']).toHaveLength(21);
    expect(doc.correlators['4']).toHaveLength(126);
    expect(doc.correlators['6']).toHaveLength(462);
    expect(doc.correlators['4'].every((e: { stderr: number }) => e.stderr === 0)).toBe(true);
    expect(doc.couplings.normalization).toBe('physical');
    expect(doc.couplings.u4.mean).toBeLessThan(0);
    expect(doc.plan.rows.find((row: { order: string }) => row.order === '6').heavyTails).toBe(true);
    const bad = await nnrgInProcess(['exact', 'theories/relu.yaml', '--normalization', 'kk']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('--normalization');
  });
});

describe('the sampled 1/N rows (any depth, d_out)', () => {
  // tanh, depth 2, d_out 2: N kappa4 sampled at N = 40, 80, 120, fitted as a + b/N, against the vertex recursion
  const net = { activation: 'tanh', sigma_w: 1.5, sigma_b: 0.5, depth: 2, d_out: 2, widths: [40, 80, 120] };
  const t = parseTheory(JSON.stringify({ name: 'deep-validate', network: net, ensemble: { points: [-0.5, 0.7] } }), 'deep-validate');
  test('pass against the recursion, and fail when the sampled networks are not those predicted (one layer too few)', async () => {
    const opts = { sample, nets: 3000, bags: 10, threads: 1 };
    const checks = await runValidation(t, opts);
    const rows = checks.filter((c) => /sampled excess kurtosis|tensor structure/.test(c.name));
    expect(rows.map((c) => c.name)).toEqual([
      '1/N coefficient of the sampled excess kurtosis',
      'sampled excess kurtosis across depths',
      'O(d_out) tensor structure of the sampled 4-point function',
    ]);
    for (const c of rows) expect(c.status, c.detail).toBe('pass');
    // control: a sampler that drops the last hidden layer (N x excess kurtosis ~half the prediction)
    const shallow: typeof sample = (th, o) => sample({ ...th, network: { ...th.network!, depth: 1 } }, { ...o, widths: undefined });
    const bad = await runValidation(t, { ...opts, sample: shallow });
    expect(bad.find((c) => c.name === '1/N coefficient of the sampled excess kurtosis')!.status).toBe('fail');
  });
});
