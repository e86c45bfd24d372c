import { describe, expect, test } from 'vitest';
import { nnrgAsync, nnrgInProcess as nnrg, tempFile } from '../helpers/cli.js';

/**
 * Every class of bad theory file must end with exit code 2 and one line naming the file, the key
 * (with its line where YAML gives one) and what was expected — never a stack trace. The cases run
 * main() in-process; two run the built binary, for its exit code and clean stderr.
 */
const GOOD = `name: ok
network:
  activation: gauss
  d_in: 1
  sigma_w: 1.0
  sigma_b: 1.0
  widths: [2, 10]
field_theory:
  truncation: 6
ensemble:
  points: [0.1, 0.2]
`;

interface Case {
  why: string;
  yaml: string;
  /** The message must contain all of these. */
  expect: (string | RegExp)[];
}

const cases: Case[] = [
  { why: 'unknown top-level key', yaml: GOOD + 'nework: {}\n', expect: [':12: nework: expected no such key', 'network'] },
  { why: 'unknown key in network', yaml: GOOD.replace('  d_in: 1', '  d_inn: 1'), expect: [':4: network.d_inn: expected no such key', 'd_in'] },
  {
    why: 'misspelled activation',
    yaml: GOOD.replace('activation: gauss', 'activation: gaus'),
    expect: [':3: network.activation: expected one of gauss, relu', 'got "gaus"'],
  },
  { why: 'negative sigma_w', yaml: GOOD.replace('sigma_w: 1.0', 'sigma_w: -1.0'), expect: [':5: network.sigma_w: expected a number > 0', 'got -1'] },
  { why: 'negative sigma_b', yaml: GOOD.replace('sigma_b: 1.0', 'sigma_b: -0.5'), expect: [':6: network.sigma_b: expected a number >= 0', 'got -0.5'] },
  { why: 'sigma_w as a string', yaml: GOOD.replace('sigma_w: 1.0', 'sigma_w: one'), expect: [':5: network.sigma_w: expected a number', 'got "one"'] },
  { why: 'odd truncation', yaml: GOOD.replace('truncation: 6', 'truncation: 7'), expect: [':9: field_theory.truncation: expected an even integer >= 4'] },
  {
    why: 'too small truncation',
    yaml: GOOD.replace('truncation: 6', 'truncation: 2'),
    expect: [':9: field_theory.truncation: expected a number >= 4', 'got 2'],
  },
  { why: 'fractional truncation', yaml: GOOD.replace('truncation: 6', 'truncation: 6.5'), expect: ['field_theory.truncation: expected an integer', 'got 6.5'] },
  { why: 'width < 1', yaml: GOOD.replace('widths: [2, 10]', 'widths: [2, 0]'), expect: [':7: network.widths[1]: expected a number >= 1', 'got 0'] },
  { why: 'widths empty', yaml: GOOD.replace('widths: [2, 10]', 'widths: []'), expect: [':7: network.widths: expected a list with at least 1 entry'] },
  { why: 'widths not a list', yaml: GOOD.replace('widths: [2, 10]', 'widths: 10'), expect: [':7: network.widths: expected a list', 'got 10'] },
  { why: 'empty point list', yaml: GOOD.replace('points: [0.1, 0.2]', 'points: []'), expect: [':11: ensemble.points: expected a list with at least 1 entry'] },
  {
    why: 'point of the wrong dimension',
    yaml: GOOD.replace('points: [0.1, 0.2]', 'points: [0.1, [0.2, 0.3]]'),
    expect: [':11: ensemble.points[1]: expected a point with d_in = 1 coordinates'],
  },
  {
    why: 'point not a number',
    yaml: GOOD.replace('points: [0.1, 0.2]', 'points: [0.1, abc]'),
    expect: ['ensemble.points[1]: expected a number, or an array of numbers', 'got "abc"'],
  },
  {
    why: 'unknown scheme',
    yaml: GOOD.replace('truncation: 6', 'truncation: 6\n  scheme: wilson'),
    expect: [':10: field_theory.scheme: expected one of wetterich, polchinski'],
  },
  {
    why: 'unknown regulator',
    yaml: GOOD.replace('truncation: 6', 'truncation: 6\n  regulator: sharp'),
    expect: [':10: field_theory.regulator: expected one of litim, exponential, kernel'],
  },
  {
    why: 'kernel regulator without a network',
    yaml: 'field_theory:\n  dimension: 3\n  regulator: kernel\n',
    expect: [':3: field_theory.regulator: expected litim, exponential or mass'],
  },
  { why: 'depth 0', yaml: GOOD.replace('  d_in: 1', '  d_in: 1\n  depth: 0'), expect: [':5: network.depth: expected a number >= 1'] },
  { why: 'd_out 0', yaml: GOOD.replace('  d_in: 1', '  d_in: 1\n  d_out: 0'), expect: [':5: network.d_out: expected a number >= 1', 'got 0'] },
  {
    why: 'a widths list of the wrong length',
    yaml: GOOD.replace('  d_in: 1', '  d_in: 1\n  depth: 3') + '  width: [100, 50]\n',
    expect: [':13: ensemble.width: expected a list of network.depth = 3 widths (one per hidden layer), or one width for all layers', 'got a list [100, 50]'],
  },
  {
    why: 'a zero in the widths list',
    yaml: GOOD.replace('  d_in: 1', '  d_in: 1\n  depth: 2') + '  width: [100, 0]\n',
    expect: [':13: ensemble.width[1]: expected a number >= 1', 'got 0'],
  },
  { why: 'network not a mapping', yaml: 'network: gauss\n', expect: [':1: network: expected a mapping (key: value)', 'got "gauss"'] },
  { why: 'invalid YAML (bad indentation)', yaml: 'network:\n  activation: gauss\n d_in: 1\n', expect: ['expected valid YAML'] },
  { why: 'invalid YAML (unclosed bracket)', yaml: 'network:\n  widths: [1, 2\n', expect: ['expected valid YAML'] },
  { why: 'duplicate key', yaml: 'network:\n  d_in: 1\n  d_in: 2\n', expect: [':3:', 'expected valid YAML', 'unique'] },
  { why: 'file is a list, not a mapping', yaml: '- 1\n- 2\n', expect: [':1: expected a YAML mapping of theory keys'] },
  { why: 'negative seed', yaml: GOOD + '  seed: -3\n', expect: [':12: ensemble.seed: expected a number >= 0', 'got -3'] },
  { why: 'bad fixed_points.orders', yaml: GOOD + 'fixed_points:\n  orders: 4-24\n', expect: [':13: fixed_points.orders: expected a range like 4..24'] },
];

const NO_STACK = /\n\s+at |Error:|node:internal/;

describe('the built binary on bad input: exit 2, one line, no stack trace', () => {
  test('a bad theory file (an input error)', async () => {
    const file = tempFile('theory.yaml', GOOD.replace('activation: gauss', 'activation: gaus'));
    const r = await nnrgAsync(['kernel', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`nnrg: ${file}:3: network.activation: expected one of gauss, relu`);
    expect(r.stderr).not.toMatch(NO_STACK);
  });
  test('an unknown option (a command-line parser error)', async () => {
    const r = await nnrgAsync(['kernel', 'theories/gaussnet.yaml', '--pionts', '1']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("unknown option '--pionts'");
    expect(r.stderr).not.toMatch(NO_STACK);
  });
});

describe('bad theory files: exit 2, one clear line, no stack trace', () => {
  for (const c of cases) {
    test(c.why, async () => {
      const file = tempFile('theory.yaml', c.yaml);
      const r = await nnrg(['kernel', file]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const msg = r.stderr.trim();
      expect(msg.split('\n')).toHaveLength(1);
      expect(msg).toContain(file);
      for (const e of c.expect) {
        if (typeof e === 'string') expect(msg).toContain(e);
        else expect(msg).toMatch(e);
      }
      expect(msg).not.toMatch(NO_STACK);
    });
  }
  test('missing file', async () => {
    const r = await nnrg(['kernel', '/nonexistent/theory.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('nnrg: /nonexistent/theory.yaml: expected a readable theory file (YAML), got no such file');
  });
  test('a directory instead of a file', async () => {
    const r = await nnrg(['kernel', '/tmp']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/tmp: expected a readable theory file (YAML), got a directory');
  });
});

describe('bad options: exit 2 naming the option', () => {
  const file = tempFile('theory.yaml', GOOD);
  test('--points with a non-number', async () => {
    const r = await nnrg(['kernel', file, '--points', '0.1,x']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('nnrg: command line: --points: expected a number, got "x"');
  });
  test('--points of the wrong dimension names the option, not the file', async () => {
    const r = await nnrg(['kernel', file, '--points', '0.1 0.2; 0.3 0.4']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('command line: --points (ensemble.points[0]): expected a point with d_in = 1 coordinates');
  });
  test('--width list of the wrong length names the option', async () => {
    const deep = tempFile('deep.yaml', GOOD.replace('  d_in: 1', '  d_in: 1\n  depth: 2'));
    const r = await nnrg(['exact', deep, '--width', '10,20,30']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      'nnrg: command line: --width (ensemble.width): expected a list of network.depth = 2 widths (one per hidden layer), or one width for all layers, got a list [10, 20, 30]',
    );
  });
  test('--plan for a deep network', async () => {
    const deep = tempFile('deep.yaml', GOOD.replace('  d_in: 1', '  d_in: 1\n  depth: 2'));
    const r = await nnrg(['exact', deep, '--plan', '0.01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--plan: expected a network of depth 1');
  });
  test('unknown command', async () => {
    const r = await nnrg(['kernal', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'kernal'");
  });
  test('missing theory argument', async () => {
    const r = await nnrg(['kernel']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("missing required argument 'theory'");
  });
});
