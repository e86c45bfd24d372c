import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { checkSamplerRun, correlatorEntries, documentChars, writeAtomic } from '../../src/ensemble/index.js';
import { kernelIntegrals } from '../../src/fit/couplings.js';
import { InputError, LIMITS, MAX_TEXT_CHARS } from '../../src/theory/index.js';
import { BIN, nnrgAsync, nnrgInProcess as nnrg, ROOT } from '../helpers/cli.js';

/**
 * The classes of hostile input of issue 17, one test each: counts beyond what the code holds,
 * non-finite results, corrupted and mismatched documents, runs the machine cannot hold, output paths,
 * overwriting another run's file, concurrent writers, commander's errors, and signals. Every refusal is
 * exit 2 with one `nnrg:` line, before any work; numerical trouble is exit 1 naming the quantity.
 */

const dir = mkdtempSync(join(tmpdir(), 'nnrg-robust-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const GAUSS = file('gauss.yaml', 'name: g\nnetwork:\n  activation: gauss\n  widths: [3]\nensemble:\n  points: [0.1, 0.2, 0.3]\n');
const NO_STACK = /\n\s+at |node:internal|internal error/;

// biome-ignore lint/suspicious/noExplicitAny: the tests corrupt parsed documents field by field
type Json = any;

/** One error line (besides warnings) starting with `nnrg: `, nothing on stdout, no stack trace. */
function oneLine(r: { code: number; stdout: string; stderr: string }, code: number, pattern: RegExp): void {
  const what = `exit ${r.code}: ${r.stderr}`;
  expect(r.code, what).toBe(code);
  expect(r.stdout, what).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('nnrg: warning:'));
  expect(lines, what).toHaveLength(1);
  expect(lines[0], what).toMatch(/^nnrg: /);
  expect(lines[0], what).toMatch(pattern);
  expect(r.stderr, what).not.toMatch(NO_STACK);
}

/** The files of a folder and their contents (to show that a failed run changed nothing). */
function contents(d: string): Record<string, string> {
  return Object.fromEntries(readdirSync(d, { withFileTypes: true }).map((e) => [e.name, e.isFile() ? readFileSync(join(d, e.name), 'utf8') : '<dir>']));
}

/** A small sampled document (seed 1, 2 bags) to be another run's checkpoint. */
let other = '';
beforeAll(async () => {
  const out = join(dir, 'other.json');
  const r = await nnrg(['sample', GAUSS, '--nets', '20', '--bags', '2', '--seed', '1', '--threads', '1', '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  other = readFileSync(out, 'utf8');
});

describe('counts beyond what the code can hold are refused up front', () => {
  const many = Array.from({ length: LIMITS.kernelPoints.max + 1 }, (_, i) => String(i / 1e4)).join(',');
  const points25 = file('p25.yaml', `network: {}\nensemble:\n  points: [${Array.from({ length: 25 }, (_, i) => i / 100).join(', ')}]\n`);
  const deep = file('deep.yaml', 'network:\n  depth: 1001\n');
  const gprg = (data: string) =>
    `network: {activation: relu, d_in: 2, sigma_b: 0}\nensemble: {points: [[0.1, 0]]}\ndata: {measure: sphere, ridge: 0.01, target: [{degree: 1, weight: 1}], ${data}}\n`;
  const cases: [string[], RegExp][] = [
    // the sampler's 32-bit counters (3e9 used to wrap around to a negative count and give G2 = 0)
    [['sample', GAUSS, '--nets', '3000000000'], /--nets \(ensemble\.nets\): expected a number <= 2147483646 \(.*32-bit/],
    [['sample', GAUSS, '--bags', '2147483648'], /--bags \(ensemble\.bags\): expected a number <= 2147483647/],
    [['validate', GAUSS, '--nets', '3000000000'], /--nets: expected an integer <= 2147483646/],
    [['report', GAUSS, '--out', join(dir, 'r.html'), '--bags', '3000000000'], /--bags: expected an integer <= 2147483647/],
    // derivation order (measured growth), also as the upper end of a range
    [['derive', GAUSS, '--order', '1000'], /--order \(field_theory\.truncation\): expected a number <= 48/],
    [['fixed-points', GAUSS, '--orders', '4..1000'], /fixed_points\.orders\): expected even orders lo\.\.hi with 4 <= lo <= hi <= 48/],
    // points: the kernel matrix's P^2 entries; the correlators' C(P+5, 6) multisets
    [['kernel', GAUSS, '--points', many], /--points: expected at most 4096 points .*got 4097 points/],
    [['exact', points25], /ensemble\.points: expected at most 24 points .*got 25 points/],
    [['sample', points25], /ensemble\.points: expected at most 24 points/],
    [['kernel', deep], /network\.depth: expected a number <= 1000/],
    [['flow', GAUSS, '--samples', '1000000'], /--samples: expected an integer <= 500000/],
    // GP regression: an n x n factorization and n (n/2 + test_points) kernel values per data set
    [
      ['gp-rg', file('gp-n.yaml', gprg('n: 3000'))],
      /data\.n: expected a regression estimated to take at most 600 s .*n = 3000, test_points = 1000, datasets = 20: ~/,
    ],
    [['gp-rg', file('gp-m.yaml', gprg('n: 100, test_points: 1000000000'))], /data\.test_points: expected a regression estimated to take at most 600 s/],
    [['gp-rg', file('gp-deg.yaml', gprg('n: 100, degrees: 100000'))], /data\.degrees: expected a degree <= 400/],
  ];
  for (const [args, pattern] of cases) {
    test(args.slice(0, 3).join(' ').slice(0, 60), async () => {
      const t0 = Date.now();
      oneLine(await nnrg(args), 2, pattern);
      expect(Date.now() - t0).toBeLessThan(3000); // refused before any work
    });
  }
});

describe('non-finite results: exit 1 naming the quantity, or refused up front with the valid range', () => {
  test('sigma_w whose square overflows is refused with its range', async () => {
    oneLine(
      await nnrg(['kernel', file('s308.yaml', 'network:\n  sigma_w: 1e308\n')]),
      2,
      /network\.sigma_w: expected a number <= 1e\+150 \(sigma\^2 and 1\/sigma\^2/,
    );
  });
  test('a kernel that overflows (points at 1e300, depth 2) names the entry; nothing is printed', async () => {
    const r = await nnrg(['kernel', file('deep2.yaml', 'network:\n  depth: 2\n'), '--points', '1e300']);
    oneLine(r, 1, /^nnrg: numerical trouble: K\[0\]\[0\] is (NaN|Infinity): the kernel exceeds double precision/);
  });
  test('exact moments that overflow (GaussNet, sigma_b = 1000: exp(18 sigma_b^2)) name the correlator', async () => {
    const r = await nnrg(['exact', file('b1000.yaml', 'network:\n  sigma_b: 1000\nensemble:\n  points: [0.1]\n'), '--width', '2']);
    oneLine(r, 1, /numerical trouble: G\d\[0\]\[\d\] is (NaN|Infinity): the finite-width moments exceed double precision/);
  });
  test('a coupling that is 0/0 (sigma_b = 0, all points at 0: K_W vanishes) is named', async () => {
    const r = await nnrg(['exact', file('zero.yaml', 'network:\n  activation: linear\n  sigma_b: 0\nensemble:\n  points: [0]\n'), '--width', '2']);
    oneLine(r, 1, /numerical trouble: u4 is NaN: the kernel integrals or the finite-width correlators at these points vanish/);
  });
});

describe('corrupted and mismatched documents: exit 2 naming the file and the field', () => {
  const doc = () => JSON.parse(other);
  /** Each corruption changes the parsed document in place, or returns the text to write instead. */
  const cases: [string, (d: Json) => string | undefined, RegExp][] = [
    [
      'a sum cut short (written as null)',
      (d) => void (d.bagStats[1].sums[3] = null),
      /bagStats\[1\]\.sums\[3\]: expected a finite number, got null \(NaN or Infinity\)/,
    ],
    ['a correlator written as null', (d) => void (d.correlators['4'][0].value = null), /correlators\.4\[0\]\.value: expected a finite number/],
    ['a list of the wrong length', (d) => void d.bagStats[0].sums.pop(), /bagStats\[0\]\.sums: expected \d+ sums \(/],
    ['a truncated file', () => other.slice(0, 500), /expected a JSON document written by nnrg sample, got text that is not JSON/],
  ];
  for (const [why, corrupt, pattern] of cases) {
    test(`merge: ${why}`, async () => {
      const d = doc();
      const part = file(`bad-${why.length}.json`, corrupt(d) ?? JSON.stringify(d));
      const out = join(dir, `merged-${why.length}.json`);
      oneLine(await nnrg(['merge', part, '--out', out]), 2, pattern);
      expect(existsSync(out)).toBe(false);
    });
  }
  test('merge: a device or a directory is not a document (and is never read to its end)', async () => {
    oneLine(
      await nnrg(['merge', '/dev/zero', '--out', join(dir, 'm.json')]),
      2,
      /\/dev\/zero: expected a JSON document written by nnrg sample, got not a regular file/,
    );
    oneLine(await nnrg(['merge', dir, '--out', join(dir, 'm.json')]), 2, /expected a JSON document written by nnrg sample, got a directory/);
  });
  test('resume: a corrupted checkpoint', async () => {
    const ck = file('ck-bad.json', JSON.stringify({ ...doc(), bagsDone: 7 }));
    oneLine(
      await nnrg(['sample', GAUSS, '--nets', '20', '--bags', '2', '--seed', '1', '--out', ck, '--resume']),
      2,
      /ck-bad\.json: bagsDone: expected the number of bags in bagStats \(2\)/,
    );
  });
  test('report --samples of another ensemble under the same theory name (sigma_w, activation, points)', async () => {
    const html = join(dir, 'mismatch.html');
    for (const [change, pattern] of [
      [(d: Json) => (d.sampler.sigma_w = 2), /sampler\.sigma_w 2 \(the theory has 1\)/],
      [(d: Json) => (d.sampler.activation = 'relu'), /sampler\.activation "relu" \(the theory has "gauss"\)/],
      [(d: Json) => (d.points = [0.1, 0.2, 0.4]), /points \[0\.1,0\.2,0\.4\] \(the theory has \[0\.1,0\.2,0\.3\]\)/],
    ] as [(d: Json) => void, RegExp][]) {
      const d = doc();
      change(d);
      const samples = file('mismatch.json', JSON.stringify(d));
      oneLine(await nnrg(['report', GAUSS, '--out', html, '--samples', samples]), 2, pattern);
      expect(existsSync(html)).toBe(false);
    }
  });
});

describe('runs the machine cannot hold are refused with the estimate and the limit', () => {
  test('a width whose kernel instance exceeds 2 GiB (--width 1e8 used to fail deep in the worker)', async () => {
    oneLine(
      await nnrg(['sample', GAUSS, '--width', '100000000', '--nets', '3', '--bags', '2']),
      2,
      /--width: expected a width whose sampler fits in 2 GiB .*got 100000000 \(needs 2\.2\d GB\)/,
    );
  });
  test('more bags than one document string holds: the largest accepted count is the one the message gives', async () => {
    const r = await nnrg(['sample', GAUSS, '--bags', '1000000', '--nets', '2', '--estimator', 'plain']);
    oneLine(r, 2, /--bags: expected at most (\d+) bags on 3 points/);
    const most = Number(/at most (\d+) bags/.exec(r.stderr)![1]);
    const run = (bags: number) => ({
      points: 3,
      dIn: 1,
      width: 3,
      nets: 2,
      bags,
      threads: 1,
      topK: 2,
      nodes: 83, // the plain tree on 3 points: C(3,1) + C(4,2) + ... + C(8,6) multisets of orders 1..6
      where: { file: 'x', width: 'w', bags: 'b', threads: 't' },
    });
    expect(documentChars(3, most, 2)).toBeLessThanOrEqual(MAX_TEXT_CHARS);
    expect(documentChars(3, most + 1, 2)).toBeGreaterThan(MAX_TEXT_CHARS);
    expect(() => checkSamplerRun(run(most + 1))).toThrow(InputError);
    // C(P+1,2) + C(P+3,4) + C(P+5,6) entries: 6 + 15 + 28 on 3 points, 21 + 126 + 462 on 6
    expect([correlatorEntries(3), correlatorEntries(6)]).toEqual([49, 609]);
  });
  test("workers that together exceed the machine's memory", () => {
    const width = 60_000_000; // ~1.3 GB per worker
    const threads = Math.ceil((0.8 * totalmem()) / 1.3e9) + 1;
    const run = {
      points: 3,
      dIn: 1,
      width,
      nets: 2,
      bags: threads,
      threads,
      topK: 2,
      nodes: 83,
      where: { file: 'x', width: '--width', bags: '--bags', threads: '--threads' },
    };
    expect(() => checkSamplerRun(run)).toThrow(/fits in 80% of this machine's .* memory .*lower --threads, --width or --bags/);
    expect(checkSamplerRun({ ...run, threads: 1 }).workers).toBe(1);
  });
  test('coupling integrals of a kernel without a closed form are timed and refused before they start', () => {
    const net = { activation: 'gelu' as const, d_in: 1, d_out: 1, sigma_w: 1, sigma_b: 1, widths: [2], depth: 1 };
    const t0 = Date.now();
    expect(() => kernelIntegrals(net, [[0.1], [0.2]], { file: 'gelu.yaml' })).toThrow(
      /network\.activation: expected an activation whose coupling integrals take at most 600 s/,
    );
    expect(Date.now() - t0).toBeLessThan(5000);
  });
  test('a theory file larger than its YAML tree can hold', async () => {
    const big = file('big.yaml', `network: {}\nensemble:\n  points: [${'0.1,'.repeat(5_000_000)}0.1]\n`);
    oneLine(await nnrg(['kernel', big]), 2, /big\.yaml: expected a theory file of at most \d+ MB .*NODE_OPTIONS=--max-old-space-size/);
  });
});

describe('output paths are checked before the work: never a directory, an input, or a leftover temporary', () => {
  test('--out is a directory, in a missing directory, or under a file', async () => {
    const before = contents(dir);
    oneLine(await nnrg(['sample', GAUSS, '--out', dir]), 2, /--out: expected a file in an existing, writable directory, got .* \(a directory\)/);
    oneLine(await nnrg(['merge', join(dir, 'other.json'), '--out', join(dir, 'missing', 'x.json')]), 2, /--out: .*\(ENOENT\)/);
    oneLine(await nnrg(['flow', GAUSS, '--plot', join(GAUSS, 'x.svg')]), 2, /--plot: .*\(ENOTDIR\)/);
    oneLine(await nnrg(['report', GAUSS, '--out', join(dir, 'missing', 'r.html')]), 2, /--out: .*\(ENOENT\)/);
    expect(contents(dir)).toEqual(before);
  });
  test.skipIf(process.getuid?.() === 0)('--out in a directory without write permission', async () => {
    const ro = join(dir, 'ro');
    mkdirSync(ro, { mode: 0o555 });
    oneLine(await nnrg(['sample', GAUSS, '--out', join(ro, 'x.json')]), 2, /--out: .*\(EACCES\)/);
  });
  test('an output that is one of the inputs, or two outputs that are one file', async () => {
    const theory = readFileSync(GAUSS, 'utf8');
    oneLine(await nnrg(['sample', GAUSS, '--out', GAUSS]), 2, /--out: expected a file that is not one of the inputs/);
    oneLine(await nnrg(['merge', join(dir, 'other.json'), '--out', join(dir, 'other.json')]), 2, /not one of the inputs/);
    oneLine(await nnrg(['report', GAUSS, '--out', GAUSS]), 2, /not one of the inputs/);
    oneLine(await nnrg(['report', GAUSS, '--out', join(dir, 'a.html'), '--tex', join(dir, 'a.html')]), 2, /--tex: expected a file other than --out/);
    expect(readFileSync(GAUSS, 'utf8')).toBe(theory);
    expect(readFileSync(join(dir, 'other.json'), 'utf8')).toBe(other);
  });
  test('a failed atomic write leaves the old file and no temporary behind', () => {
    const sub = join(dir, 'atomic');
    mkdirSync(join(sub, 'target.json'), { recursive: true }); // rename onto a directory fails
    expect(() => writeAtomic(join(sub, 'target.json'), '{}')).toThrow(/target\.json: expected a file nnrg can write, got EISDIR/);
    expect(readdirSync(sub)).toEqual(['target.json']);
  });
});

describe("another run's file is never overwritten without --force", () => {
  const base = ['sample', GAUSS, '--nets', '20', '--bags', '2', '--threads', '1'];
  test('a checkpoint of another seed, a shard of another slice, a file that is not a document', async () => {
    const ck = file('ck-other.json', other);
    oneLine(
      await nnrg([...base, '--seed', '2', '--out', ck]),
      2,
      /ck-other\.json: expected no file, or this run's checkpoint, to write over, got 2 bags of another run \(it differs in seed: 2 vs 1.*--force/,
    );
    const shard = join(dir, 'shard.json');
    expect((await nnrg([...base, '--bags', '4', '--shard', '1/2', '--out', shard])).code).toBe(0);
    oneLine(
      await nnrg([...base, '--bags', '4', '--shard', '2/2', '--out', shard]),
      2,
      /bags of another shard of this ensemble \(bag 0; combine the shards with nnrg merge\)/,
    );
    const note = file('note.json', 'my notes\n');
    oneLine(await nnrg([...base, '--out', note]), 2, /got a file that is not a document of nnrg sample; choose another --out, or add --force/);
    oneLine(await nnrg(['merge', ck, '--out', note]), 2, /note\.json: expected no file, or a document of this ensemble, to write over/);
    expect(readFileSync(ck, 'utf8')).toBe(other);
    expect(readFileSync(note, 'utf8')).toBe('my notes\n');
  });
  test('the same run may be rerun (same bags, same numbers); --force overwrites another', async () => {
    const ck = file('ck-same.json', other);
    const same = await nnrg([...base, '--seed', '1', '--out', ck]);
    expect(same.code, same.stderr).toBe(0);
    expect(JSON.parse(readFileSync(ck, 'utf8')).bagStats).toEqual(JSON.parse(other).bagStats);
    const forced = await nnrg([...base, '--seed', '2', '--out', ck, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(readFileSync(ck, 'utf8')).seed).toBe(2);
  });
});

describe('concurrent writers: a lock file with the pid', () => {
  const base = ['sample', GAUSS, '--nets', '20', '--bags', '2', '--threads', '1'];
  test('a live lock refuses, a stale one is removed with a warning, and no lock is left behind', async () => {
    const out = join(dir, 'locked.json');
    writeFileSync(`${out}.lock`, `${process.pid} ${(await import('node:os')).hostname()}\n`);
    oneLine(await nnrg([...base, '--out', out]), 2, new RegExp(`nnrg process ${process.pid} holds .*locked\\.json\\.lock`));
    writeFileSync(`${out}.lock`, `${2 ** 22 + 12345} ${(await import('node:os')).hostname()}\n`); // above Linux's pid_max: not running
    const r = await nnrg([...base, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/nnrg: warning: removed the stale lock .*locked\.json\.lock of process \d+, which is not running/);
    expect(existsSync(`${out}.lock`)).toBe(false);
    writeFileSync(`${out}.lock`, '77 elsewhere.example\n'); // another host: cannot be checked
    oneLine(await nnrg([...base, '--out', out]), 2, /nnrg process 77 on elsewhere\.example holds .*remove the lock if that run is gone/);
  });
  test('two processes with different seeds and one --out: one writes, the other is refused', async () => {
    const out = join(dir, 'race.json');
    const args = (seed: string) => ['sample', GAUSS, '--nets', '200000', '--bags', '4', '--threads', '1', '--seed', seed, '--out', out];
    const [a, b] = await Promise.all([nnrgAsync(args('5')), nnrgAsync(args('6'))]);
    expect([a.code, b.code].sort()).toEqual([0, 2]);
    const [won, lost] = a.code === 0 ? [5, b] : [6, a];
    expect(lost.stderr).toMatch(/holds .*race\.json\.lock|another run/);
    expect(JSON.parse(readFileSync(out, 'utf8')).seed).toBe(won);
    expect(readdirSync(dir).filter((f) => f.startsWith('race.json.'))).toEqual([]);
  });
});

describe("commander's errors: one nnrg: line with the hint, exit 2", () => {
  const cases: [string[], string][] = [
    [['kernel', GAUSS, '--pionts', '1'], "nnrg: unknown option '--pionts'; did you mean --points? (see nnrg kernel --help)"],
    [['kernel'], "nnrg: missing required argument 'theory' (see nnrg kernel --help)"],
    [['kernal', GAUSS], "nnrg: unknown command 'kernal'; did you mean kernel? (see nnrg --help)"],
    [['kernel', GAUSS, 'extra'], "nnrg: too many arguments for 'kernel'; expected 1 argument but got 2 (see nnrg kernel --help)"],
    [['sample', GAUSS, '--nets'], "nnrg: option '--nets <n>' argument missing (see nnrg sample --help)"],
  ];
  for (const [args, line] of cases) {
    test(args.join(' ').replace(GAUSS, 't.yaml'), async () => {
      const r = await nnrg(args);
      oneLine(r, 2, /./);
      expect(r.stderr).toBe(`${line}\n`);
    });
  }
});

test('SIGINT stops a run on 2 worker threads at once and says what was saved', async () => {
  const out = join(dir, 'interrupted.json');
  const p = spawn(process.execPath, [BIN, 'sample', GAUSS, '--width', '40', '--nets', '300000', '--bags', '12', '--threads', '2', '--out', out], { cwd: ROOT });
  let stderr = '';
  p.stderr.on('data', (d) => (stderr += d));
  let running = true;
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    p.on('exit', (code) => {
      running = false;
      resolve({ code, at: Date.now() });
    }),
  );
  while (running && !existsSync(out)) await new Promise((r) => setTimeout(r, 20)); // the first bag is saved
  const sent = Date.now();
  p.kill('SIGINT');
  const { code, at } = await exited;
  expect(code, stderr).toBe(130);
  expect(at - sent).toBeLessThan(2000); // the workers stop with the run, not after their bags
  expect(stderr.trim().split('\n').pop()).toMatch(/^nnrg: SIGINT: \d+ of 12 bags finished and saved in .*interrupted\.json; continue with --resume$/);
  const saved = JSON.parse(readFileSync(out, 'utf8'));
  expect(saved.complete).toBe(false);
  expect(readdirSync(dir).filter((f) => f.startsWith('interrupted.json.'))).toEqual([]);
});
