import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentText, mergeDocuments, sample } from '../../src/ensemble/index.js';
import { withCouplings } from '../../src/fit/index.js';
import { nnrgInProcess } from '../helpers/cli.js';
import { theory, tmp } from './helpers.js';

// These checks compare nnrg with itself on purpose: determinism (thread count, resume, shards) is the
// property under test, and exact equality of the JSON is the only acceptable tolerance.

const CLI = join(process.cwd(), 'bin', 'nnrg.js');
const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

const gauss = theory('runs-gauss', { activation: 'gauss', sigma_w: 1, sigma_b: 1, widths: [7] }, [-0.5, 0, 0.3, 1]);

describe('determinism, checkpoints, shards', () => {
  it.each(['marginalized', 'plain'] as const)('%s: 1 thread and 2 threads give identical JSON', async (estimator) => {
    const opts = { width: 7, nets: 3001, bags: 5, seed: 3, estimator };
    const one = await sample(gauss.theory, { ...opts, threads: 1 });
    const two = await sample(gauss.theory, { ...opts, threads: 2 });
    expect(one.sampler.estimator).toBe(estimator);
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
  });

  it('plain: merging shards gives the unsharded run exactly; parts of the other estimator are refused, naming it', async () => {
    const opts = { width: 5, nets: 1000, bags: 4, seed: 9, threads: 1, estimator: 'plain' as const };
    const whole = await sample(gauss.theory, opts);
    const parts = await Promise.all([0, 1].map((index) => sample(gauss.theory, { ...opts, shard: { index, count: 2 } })));
    expect(JSON.stringify(mergeDocuments(parts))).toBe(JSON.stringify(whole));
    const other = await sample(gauss.theory, { ...opts, estimator: 'marginalized', shard: { index: 1, count: 2 } });
    expect(() => mergeDocuments([parts[0]!, other])).toThrow(/sampler\.estimator: "plain" vs "marginalized"/);
  });

  it('merging the shards of a run gives the unsharded run exactly (API and CLI)', async () => {
    const opts = { width: 5, nets: 2000, bags: 7, seed: 9, threads: 1 };
    const whole = await sample(gauss.theory, { ...opts, out: join(tmp, 'whole.json') });
    const parts = [];
    for (let i = 0; i < 3; i++) parts.push(await sample(gauss.theory, { ...opts, shard: { index: i, count: 3 }, out: join(tmp, `part${i + 1}.json`) }));
    expect(parts.map((p) => p.bagStats.length)).toEqual([3, 2, 2]);
    expect(JSON.stringify(mergeDocuments([parts[2]!, parts[0]!, parts[1]!]))).toBe(JSON.stringify(whole));
    const r = cli(['merge', join(tmp, 'part1.json'), join(tmp, 'part2.json'), join(tmp, 'part3.json'), '--out', join(tmp, 'merged.json'), '--json']);
    expect(r.status, r.stderr).toBe(0);
    // the API leaves the couplings to fit/; the CLI attaches them (merge from the sampler's record of the network)
    expect(readFileSync(join(tmp, 'whole.json'), 'utf8')).toBe(documentText(whole));
    const finished = documentText(withCouplings(whole, gauss.theory));
    expect(finished).toMatch(/"couplings"/);
    expect(readFileSync(join(tmp, 'merged.json'), 'utf8')).toBe(finished);
    expect(r.stdout).toBe(finished);
    // overlapping or incompatible parts are refused, naming what differs (in-process: input errors)
    const dup = await nnrgInProcess(['merge', join(tmp, 'part1.json'), join(tmp, 'part1.json'), '--out', join(tmp, 'bad.json')]);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/disjoint.*bag 0/);
    await sample(gauss.theory, { ...opts, seed: 10, shard: { index: 1, count: 3 }, out: join(tmp, 'other.json') });
    const other = await nnrgInProcess(['merge', join(tmp, 'part1.json'), join(tmp, 'other.json'), '--out', join(tmp, 'bad.json')]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/seed: 9 vs 10/);
    expect(other.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    // a part written by an older kernel (another stream) is another ensemble
    const old = JSON.parse(readFileSync(join(tmp, 'part2.json'), 'utf8'));
    old.sampler.version = 1;
    writeFileSync(join(tmp, 'old.json'), JSON.stringify(old));
    const mixed = await nnrgInProcess(['merge', join(tmp, 'part1.json'), join(tmp, 'old.json'), '--out', join(tmp, 'bad.json')]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/sampler\.version: 3 vs 1/);
  });

  it('SIGTERM, then kill -9, then --resume ends with exactly the uninterrupted result', async () => {
    const args = ['sample', gauss.file, '--width', '60', '--nets', '8000', '--bags', '8', '--seed', '4', '--threads', '1', '--json'];
    const full = join(tmp, 'full.json');
    const r = cli([...args, '--out', full]);
    expect(r.status, r.stderr).toBe(0);
    const ck = join(tmp, 'ck.json');
    const bagsIn = () => (existsSync(ck) ? (JSON.parse(readFileSync(ck, 'utf8')) as { bagsDone: number }).bagsDone : 0);
    const interrupt = (extra: string[], atLeast: number, signal: NodeJS.Signals) =>
      new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => {
        const p = spawn(process.execPath, [CLI, ...args, '--out', ck, ...extra]);
        let stderr = '';
        p.stderr.on('data', (d) => (stderr += d));
        const poll = setInterval(() => {
          if (bagsIn() >= atLeast) {
            clearInterval(poll);
            p.kill(signal);
          }
        }, 20);
        p.on('exit', (code, sig) => {
          clearInterval(poll);
          resolve({ code, signal: sig, stderr });
        });
      });
    const a = await interrupt([], 2, 'SIGTERM');
    expect(a.code).toBe(143);
    expect(a.stderr).toMatch(/SIGTERM: \d of 8 bags finished and saved .*--resume/);
    const done1 = bagsIn();
    expect(done1).toBeGreaterThanOrEqual(2);
    expect(done1).toBeLessThan(8);
    const b = await interrupt(['--resume'], done1 + 2, 'SIGKILL');
    expect(b.signal).toBe('SIGKILL');
    expect(bagsIn()).toBeLessThan(8);
    const c = cli([...args, '--out', ck, '--resume']);
    expect(c.status, c.stderr).toBe(0);
    expect(readFileSync(ck, 'utf8')).toBe(readFileSync(full, 'utf8'));
    expect(c.stdout).toBe(r.stdout);
  });

  it('bad input exits 2 with one line naming the key or option', async () => {
    // bad theory files (written directly: parsing them is what fails)
    const bad = (name: string, network: Record<string, unknown>, ensemble: Record<string, unknown> = {}) => {
      const file = join(tmp, `${name}.yaml`);
      writeFileSync(file, JSON.stringify({ name, network, ensemble: { points: [0.1, 0.2], ...ensemble } }));
      return file;
    };
    // one real process (exit code, nothing on stdout), the other cases through the same main() in-process
    const r = cli(['sample', bad('depth0', { activation: 'relu', depth: 0 })]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/network\.depth: expected/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    for (const [args, pattern] of [
      [['sample', bad('dout0', { activation: 'relu', d_out: 0 })], /network\.d_out: expected/],
      [['sample', bad('widths', { activation: 'relu', depth: 3 }, { width: [4, 5] })], /ensemble\.width: expected a list of network\.depth = 3 widths/],
      [['sample', gauss.file, '--width', '4,5'], /--width \(ensemble\.width\): expected a list of network\.depth = 1 widths/],
      [['sample', gauss.file, '--shard', '4/3'], /--shard/],
      [['sample', gauss.file, '--resume'], /--resume: expected --out/],
      [['sample', gauss.file, '--nets', '0'], /--nets/],
      [
        ['sample', gauss.file, '--nets', '2'],
        /--nets: expected an integer >= 3 \(the marginalized estimator: third k-statistics need 3 networks per bag\), got 2/,
      ],
      [['sample', gauss.file, '--estimator', 'fancy'], /--estimator \(ensemble\.estimator\): expected one of marginalized, plain, got "fancy"/],
      [['sample', gauss.file, '--bags', '1'], /command line: --bags \(ensemble\.bags\): expected an integer >= 2/],
      [['sample', gauss.file, '--out', join(tmp, 'no-such-dir', 'x.json')], /--out: expected a file in an existing, writable directory/],
      [
        ['merge', join(tmp, 'nonexistent.json'), '--out', join(tmp, 'x.json')],
        /nonexistent\.json: expected a JSON document written by nnrg sample, got no such file/,
      ],
    ] as [string[], RegExp][]) {
      const { code, stderr } = await nnrgInProcess(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(pattern);
      expect(stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('the width defaults to network.widths[0] and says so', () => {
    const r = cli(['sample', gauss.file, '--nets', '200', '--bags', '2', '--threads', '1']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/width N = 7 \(from network\.widths\[0\]\)/);
    expect(r.stderr).not.toMatch(/sampling \|/); // the progress bar only when stderr is a terminal
  });
});
