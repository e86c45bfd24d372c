import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { netsNeeded, targetVariances } from '../../src/exact/index.js';
import { nnrgAsync, nnrgInProcess } from '../helpers/cli.js';
import { theory, tmp } from './helpers.js';

// An erf net at width 2 on two distant points: plain sampling reaches 5% on kappa4 with ~6e5 networks
// (the exact plan), a second or two on 2 cores; the readout-marginalized estimator 1% with ~3.3e4.
const erf = theory('precision-erf', { activation: 'erf', sigma_w: 1.5, sigma_b: 0.6, widths: [2] }, [-1.0, 0.9], {
  nets: 5000,
  bags: 10,
  seed: 7,
  estimator: 'plain',
});
const base = ['sample', erf.file, '--threads', '2'];
// 7 points: beyond the exact module's variances (at most 6), so no exact plan; the pilot round estimates.
const seven = theory('precision-seven', { activation: 'erf', sigma_w: 1.5, sigma_b: 0.6, widths: [2] }, [-1.5, -1, -0.5, 0, 0.5, 1, 1.5], {
  nets: 2000,
  bags: 10,
  estimator: 'plain',
});

/** kappa4 = Delta G4 per multiset of a plain document, and its worst relative standard error (computed here, from the entries). */
function worstKappa4(doc: { correlators: { '4': { value: number; gp: number; stderr: number }[] } }): number {
  return Math.max(...doc.correlators['4'].map((e) => e.stderr / Math.abs(e.value - e.gp)));
}

describe('nnrg sample --precision', () => {
  it('stops within the target; the result is the fixed-bag run with as many bags, also when resumed from a checkpoint', async () => {
    const precise = [...base, '--precision', '0.05', '--target', 'kappa4', '--json'];
    const ckpt = join(tmp, 'precision-resume.json');
    const [run, first] = await Promise.all([nnrgAsync(precise), nnrgAsync([...base, '--bags', '10', '--out', ckpt])]);
    expect(run.code, run.stderr).toBe(0);
    expect(first.code, first.stderr).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(worstKappa4(doc)).toBeLessThanOrEqual(0.05);
    expect(doc.complete).toBe(true);
    expect(doc.bags).toBeGreaterThanOrEqual(10);
    expect(run.stderr).toMatch(/precision reached: relative standard error 0\.0\d+ <= 0\.05 on kappa4/);
    // Not far beyond what is needed: the exact plan (its variance is checked against brute force in test/exact).
    // Seeds 1-8 stop at 1.05-1.4x the plan except seed 7 (this one): 3.7x, because its 10-bag pilot holds a rare
    // large network and overestimates the variance; the rounds then overshoot. 5x bounds that, not more.
    const plan = netsNeeded(targetVariances(erf.theory, 2).plain.kappa4, 0.05).nets;
    expect(doc.bags * doc.nets).toBeLessThan(5 * plan);
    const [fixed, resumed] = await Promise.all([
      nnrgAsync([...base, '--bags', String(doc.bags), '--json']),
      nnrgAsync([...base, '--precision', '0.05', '--target', 'kappa4', '--out', ckpt, '--resume', '--json']),
    ]);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(fixed.stdout).toBe(run.stdout);
    expect(resumed.stdout).toBe(run.stdout);
    expect(readFileSync(ckpt, 'utf8')).toBe(run.stdout);
  });

  it('with the readout-marginalized estimator: 1% on kappa4 (its connected entries) within twice its exact plan', async () => {
    const r = await nnrgAsync([...base, '--estimator', 'marginalized', '--nets', '1000', '--precision', '0.01', '--target', 'kappa4', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.sampler.estimator).toBe('marginalized');
    const worst = Math.max(...doc.connected['4'].map((e: { value: number; stderr: number }) => e.stderr / Math.abs(e.value)));
    expect(worst).toBeLessThanOrEqual(0.01);
    const plan = netsNeeded(targetVariances(erf.theory, 2).marginalized.kappa4, 0.01).nets;
    expect(doc.bags * doc.nets).toBeLessThan(2 * plan);
  });

  it('a cap hit before the target ends with exit 1, the precision reached and the estimate; the bags done are saved', async () => {
    // A pilot of 2000 bags x 2000 networks cannot finish in 0.5 s, nor reach 1% (erf, 7 points, width 2): the clock stops the run.
    const out = join(tmp, 'precision-capped.json');
    const r = await nnrgAsync(['sample', seven.file, '--threads', '2', '--precision', '0.01', '--bags', '2000', '--max-time', '0.5', '--out', out]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(
      /numerical trouble: target not reached: --max-time = 0\.5 s hit after \d+ bags .* relative standard error [\d.e+-]+ on Delta G4 .* the estimate is [\d.]+e\+\d+ networks/,
    );
    expect(r.stderr).toMatch(/--resume and a larger cap/);
    const saved = JSON.parse(readFileSync(out, 'utf8'));
    expect(saved.complete).toBe(true);
    expect(saved.bags).toBe(saved.bagsDone);
    expect(saved.bags).toBeGreaterThan(0);
  });

  it('refuses, exit 2, a target beyond the caps: up front from the exact plan, after the pilot without one', async () => {
    const planned = await nnrgInProcess([...base, '--precision', '0.001', '--target', 'kappa4']);
    expect(planned.code).toBe(2);
    expect(planned.stderr).toMatch(
      /--precision: expected a precision reachable within the caps: 0\.001 on kappa4 needs [\d.]+e\+9 networks, beyond --max-nets = 1\.00e\+9 \(exact plan\); raise --max-nets/,
    );
    // Without a plan, a pilot round of 10 x 2000 networks estimates.
    const piloted = await nnrgAsync(['sample', seven.file, '--threads', '2', '--precision', '0.001']);
    expect(piloted.code, piloted.stderr).toBe(2);
    expect(piloted.stderr).toMatch(
      /needs [\d.]+e\+\d+ networks, beyond --max-nets = 1\.00e\+9 \(estimate from the pilot round's error [\d.]+ after 2\.00e\+4 networks\)/,
    );
  });

  it.each([
    [['--precision', '0'], /--precision: expected a relative standard error in \(0, 1\)/],
    [['--precision', '1'], /--precision: expected a relative standard error in \(0, 1\)/],
    [['--precision', 'tight'], /--precision: expected a number/],
    [['--precision', '0.1', '--target', 'u6'], /--target: expected one of delta4, kappa4, delta6, kappa6 or u4, got "u6"/],
    [['--target', 'kappa4'], /--target: expected --precision as well/],
    [['--max-time', '60'], /--max-time: expected --precision as well/],
    [['--precision', '0.1', '--max-nets', '0'], /--max-nets: expected a number of networks >= 1/],
    [['--precision', '0.1', '--max-nets', '1000'], /--max-nets: expected room for at least 10 bags of 5000 networks/],
    [['--precision', '0.1', '--max-time', '-5'], /--max-time: expected a time > 0/],
    [['--precision', '0.1', '--shard', '1/2'], /--shard: expected no --shard with --precision/],
  ])('bad options %j exit 2', async (args, message) => {
    const r = await nnrgInProcess([...base, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });
});
