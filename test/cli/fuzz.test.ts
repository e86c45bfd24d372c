import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { beforeAll, expect, test } from 'vitest';
import { nnrgInProcess as nnrg } from '../helpers/cli.js';

/**
 * Hostile input, generated: theory files (valid, out of range, of the wrong type, corrupted YAML) and
 * option sets (counts far beyond what the code holds, outputs that are directories, inputs or other
 * runs' files) for the cheap commands (and the cheap paths of regulated, gp-rg and brg), run in-process. Every run must end with exit 0, 1 or 2; on
 * error print one `nnrg:` line besides warnings and no stack trace; leave no file changed when it
 * fails, and never a temporary file or a lock behind; and finish within a time and memory bound.
 * FUZZ_RUNS=500 runs more cases and FUZZ_SEED=random (or a number) other ones (fast-check prints the seed and the
 * shrunk counterexample of a failure);
 * FUZZ_LOG=1 prints how many runs ended with each exit code.
 */

/** Theory files: every key in range, then at most one changed to a hostile value (out of range, huge, of the wrong type). */
const coordinate = fc.double({ min: -1, max: 1, noNaN: true });
const network = fc.record(
  {
    activation: fc.constantFrom('gauss', 'relu', 'erf', 'cos', 'linear'),
    sigma_w: fc.double({ min: 0.1, max: 3, noNaN: true }),
    sigma_b: fc.double({ min: 0, max: 2, noNaN: true }),
    widths: fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: [] },
);
const fieldTheory = fc.record(
  {
    truncation: fc.constantFrom(4, 6),
    dimension: fc.constantFrom(1, 2, 3, 4),
    components: fc.constantFrom(1, 2),
    scheme: fc.constantFrom('wetterich', 'polchinski'),
    expand: fc.constantFrom('zero', 'minimum'),
  },
  { requiredKeys: [] },
);
const ensemble = fc.record(
  {
    points: fc.array(coordinate, { minLength: 1, maxLength: 4 }),
    nets: fc.integer({ min: 1, max: 20 }),
    bags: fc.integer({ min: 2, max: 3 }),
    seed: fc.nat(100),
  },
  { requiredKeys: [] },
);
const HOSTILE: Record<string, unknown[]> = {
  'network.activation': ['gaus', 7],
  'network.d_in': [0, 2, 2.5, 1e9, 'two'],
  'network.d_out': [0, 3, 1e9],
  'network.sigma_w': [0, -1, 30, 1e3, 1e150, 1e155, 1e308, '.inf', '.nan', 'big'],
  'network.sigma_b': [-1, 1e3, 1e200, '.inf'],
  'network.widths': [[], 10, [0], [1e20], [3e9]],
  'network.depth': [0, 2, 3, 1e9],
  'field_theory.truncation': [5, 2, 50, 1000, 'six'],
  'field_theory.dimension': [0, -1, 0.5, 1e6, 1e308],
  'field_theory.components': [0, 1e6, 1e300],
  'field_theory.scheme': ['wilson'],
  'ensemble.points': [[], 'all', [1e300, -1e300], [1e3, 0], [[0.1, 0.2]], Array.from({ length: 30 }, (_, i) => i / 100)],
  'ensemble.nets': [0, -1, 1.5, 2 ** 31, 3e9, 1e20, 'x'],
  'ensemble.bags': [0, 1, 2 ** 31, 1e6, 'x'],
  'ensemble.seed': [-1, 2 ** 60],
  'ensemble.width': [0, 1e8, 1e20],
  extra_key: [1],
};
const hostile = fc.constantFrom(...Object.keys(HOSTILE)).chain((key) => fc.constantFrom(...HOSTILE[key]!).map((value) => ({ key, value })));
const theory = fc.tuple(fc.record({ network, field_theory: fieldTheory, ensemble }, { requiredKeys: [] }), fc.option(hostile, { freq: 3 })).map(([t, h]) => {
  if (!h) return t;
  const [section, key] = h.key.split('.') as [string, string | undefined];
  const out = structuredClone(t) as Record<string, Record<string, unknown> | unknown>;
  if (key === undefined) out[section] = h.value;
  else out[section] = { ...((out[section] as Record<string, unknown>) ?? {}), [key]: h.value };
  return out;
});

/** The theory as YAML, or that YAML cut short or with a stray line (invalid YAML, or a valid prefix). */
const theoryText = fc.tuple(theory, fc.constantFrom(...Array<string>(10).fill('as is'), 'cut', 'junk')).map(([t, how]) => {
  const text = stringify(t);
  if (how === 'cut') return text.slice(0, Math.floor(text.length / 2));
  if (how === 'junk') return `${text}\n\t- : [\n`;
  return text;
});

/** Mostly a usable value, sometimes a hostile one. */
const mostly = <T>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 3 }, { arbitrary: hostile, weight: 1 });

/** Output paths, by what is there: nothing, another run's document, another file, an input, a directory, no directory. */
const output = mostly(fc.constant('new.json'), fc.constantFrom('old.json', 'note.txt', 'theory.yaml', '.', 'missing/x.json'));

/** A command and its options (values as strings, some hostile); `{dir}` is the run's folder, `{theory}` its theory file. */
const command = fc.oneof(
  fc
    .tuple(fc.constant('kernel'), fc.option(mostly(fc.constant('0.1,0.2'), fc.constantFrom('1e300', 'x', '', '0.1 0.2; 0.3 0.4')), { nil: undefined }))
    .map(([c, p]) => [c, '{theory}', ...(p === undefined ? [] : ['--points', p])]),
  fc
    .tuple(fc.constant('derive'), mostly(fc.constantFrom('4', '6', '8'), fc.constantFrom('7', '1000', '-2', 'x')))
    .map(([c, o]) => [c, '{theory}', '--order', o]),
  fc
    .tuple(fc.constant('fixed-points'), mostly(fc.constantFrom('4', '6'), fc.constantFrom('1000', '4..1000', 'x')))
    .map(([c, o]) => [c, '{theory}', o.includes('..') ? '--orders' : '--order', o]),
  fc
    .tuple(
      fc.constant('flow'),
      mostly(fc.constant('m2=0.1,u4=0.2'), fc.constantFrom('m2=1e308', 'u4=x')),
      fc.option(output, { nil: undefined }),
      mostly(fc.constant('11'), fc.constantFrom('1', '1e9')),
    )
    .map(([c, k, plot, n]) => [c, '{theory}', '--couplings', k, '--samples', n, ...(plot ? ['--plot', `{dir}/${plot}`] : [])]),
  fc
    .tuple(fc.constant('exact'), mostly(fc.constantFrom('1', '3'), fc.constantFrom('0', '1e20', 'x')), fc.boolean())
    .map(([c, w, json]) => [c, '{theory}', '--width', w, ...(json ? ['--json'] : [])]),
  fc
    .tuple(
      fc.constant('sample'),
      fc.constantFrom('2', '3'),
      mostly(fc.constant('10'), fc.constantFrom('3000000000', '0', 'x')),
      mostly(fc.constant('2'), fc.constantFrom('1', '1e9')),
      output,
      fc.boolean(),
    )
    .map(([c, w, n, b, out, force]) => [
      c,
      '{theory}',
      '--width',
      w,
      '--nets',
      n,
      '--bags',
      b,
      '--threads',
      '1',
      '--out',
      `{dir}/${out}`,
      ...(force ? ['--force'] : []),
    ]),
  fc
    .tuple(fc.constant('merge'), mostly(fc.constant('old.json'), fc.constantFrom('bad.json', 'note.txt', 'theory.yaml')), output)
    .map(([c, part, out]) => [c, `{dir}/${part}`, '--out', `{dir}/${out}`]),
  fc
    .tuple(
      fc.constant('regulated'),
      mostly(fc.constant('1,0.3'), fc.constantFrom('-1', 'x', '', '1e400')),
      mostly(fc.constant('4'), fc.constantFrom('5', '3', '4,1000')),
      mostly(fc.constant('5'), fc.constantFrom('0', '1e20')),
    )
    .map(([c, k, o, w]) => [c, '{theory}', '--no-sampling', '--points', '0.3', '--k', k, '--orders', o, '--width', w]),
  // the generated theories have no data section (gp-rg) and brg only with bad thread counts: the cheap paths
  fc.constantFrom(['gp-rg', '{theory}'], ['brg', '{theory}', '--threads', '0'], ['brg', '{theory}', '--threads', 'x']),
  fc.constantFrom(['kernel', '{theory}', '--pionts', '1'], ['sample'], ['nosuch', '{theory}'], ['derive', '{theory}', '--order']),
);

/** A sampled document of another run (old.json) and one whose sums were cut short (bad.json). */
let oldDoc = '';
let badDoc = '';
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nnrg-fuzz-'));
  const r = await nnrg([
    'sample',
    'theories/gaussnet.yaml',
    '--width',
    '2',
    '--nets',
    '10',
    '--bags',
    '2',
    '--threads',
    '1',
    '--seed',
    '7',
    '--out',
    join(dir, 'old.json'),
  ]);
  expect(r.code).toBe(0);
  oldDoc = readFileSync(join(dir, 'old.json'), 'utf8');
  const bad = JSON.parse(oldDoc);
  bad.bagStats[1].sums = bad.bagStats[1].sums.slice(0, 10);
  bad.correlators['4'][3].value = null;
  badDoc = JSON.stringify(bad);
});

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, prefix: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path, `${prefix}${name}/`);
      else out.set(`${prefix}${name}`, readFileSync(path, 'utf8'));
    }
  };
  walk(dir, '');
  return out;
}

const codes: Record<number, number> = {};
const STACK = /\n\s+at |node:internal|internal error/;
const RUN_SECONDS = 10;
const RSS_BYTES = 3 * 2 ** 30;

test('hostile theory files and options: exit 0/1/2, one nnrg: line, no stack, no file lost, bounded time and memory', async () => {
  await fc.assert(
    fc.asyncProperty(theoryText, command, async (text, args) => {
      const dir = mkdtempSync(join(tmpdir(), 'nnrg-fuzz-'));
      mkdirSync(join(dir, 'sub'));
      writeFileSync(join(dir, 'theory.yaml'), text);
      writeFileSync(join(dir, 'old.json'), oldDoc);
      writeFileSync(join(dir, 'bad.json'), badDoc);
      writeFileSync(join(dir, 'note.txt'), 'a file of the user\n');
      const argv = args.map((a) => a.replace('{dir}', dir).replace('{theory}', join(dir, 'theory.yaml')));
      const before = snapshot(dir);
      const t0 = Date.now();
      const r = await nnrg(argv);
      const seconds = (Date.now() - t0) / 1000;
      const after = snapshot(dir);
      const what = `nnrg ${argv.join(' ')} -> ${r.code}\n${r.stderr}`;
      expect([0, 1, 2], what).toContain(r.code);
      expect(r.stderr, what).not.toMatch(STACK);
      const lines = r.stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('nnrg: warning:'));
      if (r.code !== 0) {
        expect(lines, what).toHaveLength(1);
        expect(lines[0], what).toMatch(/^nnrg: /);
        expect([...after.entries()], what).toEqual([...before.entries()]);
      } else {
        // no wrong number: NaN or infinity is numerical trouble (exit 1), never a result
        // (a reason quoted in the output, "couplings: not available (u4 is Infinity: ...)", is not a result)
        // (nor is regulated's reason for a stopped flow, "stopped: a coupling became NaN or infinite between t = ...")
        const results = r.stdout.replace(/^couplings: not available \(.*$/gm, '').replace(/stopped: a coupling became NaN or infinite/g, '');
        expect(results, what).not.toMatch(/\bNaN\b|Infinity|\binf\b/);
        // only the named output may change; no temporary file or lock is left behind
        const flag = argv.findIndex((a) => a === '--out' || a === '--plot');
        const out = flag >= 0 ? argv[flag + 1] : undefined;
        for (const [name, content] of before) if (join(dir, name) !== out) expect(after.get(name), `${what}\n${name}`).toBe(content);
        for (const name of after.keys()) expect(name, what).not.toMatch(/\.tmp-\d+$|\.lock$/);
      }
      codes[r.code] = (codes[r.code] ?? 0) + 1;
      if (process.env.FUZZ_LOG)
        console.log(
          r.code,
          argv.slice(0, 1).join(' '),
          r.code === 1 ? JSON.stringify(text) : '',
          argv.slice(2).join(' '),
          r.stderr.split('\n').slice(-2).join(' | ').slice(0, 230),
        );
      expect(seconds, what).toBeLessThan(RUN_SECONDS);
      expect(process.memoryUsage().rss, what).toBeLessThan(RSS_BYTES);
    }),
    // a fixed seed by default, so that CI is reproducible; FUZZ_SEED=random (or a number) explores further
    { numRuns: Number(process.env.FUZZ_RUNS ?? 80), seed: process.env.FUZZ_SEED === 'random' ? undefined : Number(process.env.FUZZ_SEED ?? 20261130) },
  );
  if (process.env.FUZZ_LOG) console.log('exit codes', codes);
}, 120_000);
