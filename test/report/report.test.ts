import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { splitInline } from '../../src/report/document.js';
import { breakEquation, gatherLong, LINE_BREAK, printedWidth, splitTopLevel } from '../../src/report/latex-lines.js';
import { buildReport, katexCss, loadSamples, renderMath } from '../../src/report/index.js';
import { escapeTex } from '../../src/report/tex.js';
import { exactCorrelators } from '../../src/exact/index.js';
import { InputError, loadTheory } from '../../src/theory/index.js';
import { nnrgInProcess, ROOT, tempFile } from '../helpers/cli.js';
import { sampleGaussNet } from './fixtures.js';

describe('KaTeX', () => {
  test('CSS inlines every woff2 font of the katex package as a real woff2 data: URI, and nothing else', () => {
    const css = katexCss();
    const fontsDir = join(dirname(createRequire(import.meta.url).resolve('katex')), 'fonts');
    const woff2 = readdirSync(fontsDir).filter((f) => f.endsWith('.woff2'));
    const uris = [...css.matchAll(/url\(data:font\/woff2;base64,([A-Za-z0-9+/=]+)\)/g)];
    expect(uris.length).toBe(woff2.length);
    expect((css.match(/@font-face/g) ?? []).length).toBe(woff2.length);
    // woff2 files start with the signature "wOF2" (W3C WOFF2 spec, section 3).
    for (const u of uris) expect(Buffer.from(u[1]!, 'base64').subarray(0, 4).toString('latin1')).toBe('wOF2');
    expect(css).not.toMatch(/url\((?!data:)/);
  });

  test('renders display and inline math; a bad formula throws with the formula in the message', () => {
    expect(renderMath('\\frac{a}{b}', true)).toContain('katex-display');
    expect(renderMath('x^2', false)).not.toContain('katex-display');
    expect(() => renderMath('\\frac{a}{', true)).toThrow(/\\\\frac\{a\}\{/);
    expect(() => renderMath('\\notacommand', false)).toThrow(/KaTeX cannot render/);
  });
});

describe('text markup and escaping', () => {
  test('splitInline separates $math$ from text; \\$ is a literal dollar; an unclosed $ is an error', () => {
    expect(splitInline('a $x^2$ b')).toEqual([
      { math: false, text: 'a ' },
      { math: true, text: 'x^2' },
      { math: false, text: ' b' },
    ]);
    expect(splitInline('costs \\$5')).toEqual([{ math: false, text: 'costs $5' }]);
    expect(() => splitInline('a $x')).toThrow(/unclosed/);
  });

  test('escapeTex escapes every LaTeX special character', () => {
    expect(escapeTex('a_b^c & 50% #1 {x} ~ $ \\')).toBe('a\\_b\\textasciicircum{}c \\& 50\\% \\#1 \\{x\\} \\textasciitilde{} \\$ \\textbackslash{}');
    expect(escapeTex('N–1 ≈ 2')).toBe('N--1 $\\approx$ 2');
  });
});

describe('breakEquation', () => {
  const terms = Array.from({ length: 40 }, (_, i) => `\\frac{${i + 1}\\,c_d\\,\\lambda_{${i % 7}}}{(1+2\\kappa\\lambda_{2})^{${(i % 4) + 1}}}`);
  const rhs = terms.map((t, i) => (i === 0 ? t : `${i % 3 ? '+' : '-'} ${t}`)).join(' ');

  test('short equations stay on one line', () => {
    expect(breakEquation('\\partial_t m^2', '-2 m^2 + c_d')).toBe('\\partial_t m^2 = -2 m^2 + c_d');
  });

  test('long sums are cut only at top-level + and -, each line within the budget, nothing lost', () => {
    const out = breakEquation('\\partial_t \\lambda_4', `\\left(a + b\\right)^{2} + ${rhs}`, 60);
    expect(out.startsWith('\\begin{aligned}\\partial_t \\lambda_4 &= ')).toBe(true);
    const body = out.slice('\\begin{aligned}\\partial_t \\lambda_4 &= '.length, -'\\end{aligned}'.length);
    const lines = body.split(LINE_BREAK);
    expect(lines.length).toBeGreaterThan(5);
    expect(lines[0]!.startsWith('\\left(a + b\\right)^{2}')).toBe(true); // not cut inside \left...\right
    for (const l of lines.slice(1)) expect(l).toMatch(/^[+-] \\frac/);
    for (const l of lines) expect(printedWidth(l)).toBeLessThanOrEqual(60);
    expect(lines.join(' ').replace(/\s+/g, '')).toBe(`\\left(a + b\\right)^{2} + ${rhs}`.replace(/\s+/g, ''));
    expect(() => renderMath(out, true)).not.toThrow();
  });
});

describe('splitTopLevel / gatherLong', () => {
  test('splits only outside braces and \\left...\\right; short formulas stay', () => {
    expect(splitTopLevel('a = 1,\\quad b = \\frac{1,\\quad 2}{3},\\quad \\left(c,\\quad d\\right)', /,\s*\\quad\s*/)).toEqual([
      'a = 1',
      'b = \\frac{1,\\quad 2}{3}',
      '\\left(c,\\quad d\\right)',
    ]);
    expect(gatherLong('a,\\quad b')).toBe('a,\\quad b');
    const long = `${'x_1 + '.repeat(20)}y,\\quad ${'z_2 + '.repeat(20)}w`;
    const g = gatherLong(long);
    expect(g).toMatch(/^\\begin\{gathered\}.*,\\\\ .*\\end\{gathered\}$/);
    expect(() => renderMath(g, true)).not.toThrow();
  });
});

describe('loadSamples', () => {
  test('bad files are input errors that name the file and the key', () => {
    const notJson = tempFile('a.json', '{');
    expect(() => loadSamples(notJson)).toThrow(InputError);
    expect(() => loadSamples(notJson)).toThrow(notJson);
    const noKind = tempFile('b.json', JSON.stringify({ width: 3, points: [1], correlators: {} }));
    expect(() => loadSamples(noKind)).toThrow(/b\.json: kind: expected "sampled" or "exact", got nothing$/);
    expect(() => loadSamples('/nonexistent/x.json')).toThrow(
      /--samples: expected a JSON document written by nnrg sample, merge or exact, got \/nonexistent\/x\.json \(no such file\)/,
    );
  });

  test('a sampled or exact document with a wrong field is refused, naming the file and the field', () => {
    const sampled = sampleGaussNet(3, 20, 3, 1);
    const exact = exactCorrelators(loadTheory(join(ROOT, 'theories/gaussnet.yaml')), 3);
    // written as the CLI writes them (NaN as null), read back: accepted, the same numbers
    const file = tempFile('good.json', JSON.stringify(sampled));
    expect(loadSamples(file)).toEqual(sampled);
    expect(loadSamples(tempFile('exact.json', JSON.stringify(exact)))).toEqual(exact);
    const { kind: _, ...old } = exact; // written before documents had `kind`
    expect(loadSamples(tempFile('old.json', JSON.stringify(old))).kind).toBe('exact');
    // biome-ignore lint/suspicious/noExplicitAny: the cases corrupt documents field by field, as a hand edit would
    const cases: [unknown, (d: any) => void, RegExp][] = [
      [sampled, (d) => (d.width = 'three'), /: width: expected a finite number, got "three"$/],
      [sampled, (d) => delete d.correlators['4'][3].gp, /: correlators\.4\[3\]\.gp: expected a finite number, got nothing$/],
      [sampled, (d) => delete d.summary, /: summary: expected an object, got nothing$/],
      [sampled, (d) => (d.correlators['2'][0].value = null), /: correlators\.2\[0\]\.value: expected a finite number, got null \(NaN or Infinity\)$/],
      [sampled, (d) => d.correlators['4'].pop(), /: correlators\.4: expected 126 entries \(the 4-multisets of 6 points\), got 125 entries$/],
      [sampled, (d) => (d.correlators['6'][7].idx = [0, 1]), /: correlators\.6\[7\]\.idx: expected \[0, 0, 0, 0, 1, 2\]/],
      [exact, (d) => (d.connected['6'][0] = null), /: connected\.6\[0\]: expected a finite number, got null \(NaN or Infinity\)$/],
      [exact, (d) => d.connected['4'].pop(), /: connected\.4: expected 126 values \(one per entry of correlators\.4\), got 125 values$/],
      [exact, (d) => (d.exact.method = 7), /: exact\.method: expected a string, got 7$/],
      [exact, (d) => (d.kind = 'gp'), /: kind: expected "sampled" or "exact", got "gp"$/],
    ];
    cases.forEach(([good, edit, message], i) => {
      const d = structuredClone(good);
      edit(d);
      const bad = tempFile(`bad${i}.json`, JSON.stringify(d));
      expect(() => loadSamples(bad), String(i)).toThrow(InputError);
      expect(() => loadSamples(bad), String(i)).toThrow(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
      expect(() => loadSamples(bad), String(i)).toThrow(message);
    });
  });
});

describe('buildReport', () => {
  test('a stage that fails or does not apply is shown as a notice, and listed in the problems', async () => {
    // A depth-2 network: the sampler draws it, but the exact correlators are for one hidden layer only.
    const theory = loadTheory(join(ROOT, 'theories/gaussnet.yaml'), [{ key: 'network.depth', option: '--depth', value: 2 }]);
    const r = await buildReport(theory, { now: new Date('2026-01-01T00:00:00Z'), nets: 100, bags: 2 });
    expect(r.problems.some((p) => /Exact correlators at width 2: not applicable/.test(p))).toBe(true);
    expect(r.problems.some((p) => /Sampling/.test(p))).toBe(false);
    expect(r.html).toMatch(/class="notice warning"><strong>Warning:<\/strong> Exact correlators at width 2 \(not applicable\)/);
    expect(r.html).toContain('Generated 2026-01-01T00:00:00Z');
    expect(r.tex).toContain('\\textbf{Warning:} Exact correlators at width 2 (not applicable)');
  });
});

describe('nnrg report (CLI, in-process)', () => {
  test('bad input exits 2 with one line naming the option', async () => {
    const noOut = await nnrgInProcess(['report', 'theories/gaussnet.yaml']);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr.trim().split('\n')).toEqual(['nnrg: command line: --out: expected the HTML file to write, e.g. --out report.html']);
    const badSamples = await nnrgInProcess(['report', 'theories/gaussnet.yaml', '--out', '/tmp/x.html', '--samples', '/nonexistent.json']);
    expect(badSamples.code).toBe(2);
    expect(badSamples.stderr).toMatch(/--samples: expected a JSON document written by nnrg sample, merge or exact, got \/nonexistent\.json \(no such file\)/);
    expect(badSamples.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    const badOut = await nnrgInProcess(['report', 'theories/gaussnet.yaml', '--out', '/nonexistent-dir/x.html']);
    expect(badOut.code).toBe(2);
    expect(badOut.stderr).toMatch(/--out: expected a file in an existing, writable directory, got \/nonexistent-dir\/x\.html \(ENOENT\)/);
  });
});
