/**
 * The LaTeX report: balanced environments, braces and math shifts; every derived beta function
 * present; and, where pdflatex is installed, it compiles (a missing pdflatex is reported, not hidden).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { derive, deriveOptions } from '../../src/flow/index.js';
import { buildReport } from '../../src/report/index.js';
import { LINE_BREAK } from '../../src/report/latex-lines.js';
import { loadTheory, type Override } from '../../src/theory/index.js';
import { ROOT } from '../helpers/cli.js';

/** Problems with the nesting of \begin/\end, {/} and $ (an empty list when the document is balanced). */
function texBalanceProblems(tex: string): string[] {
  const problems: string[] = [];
  const body = tex.replace(/\\[\\{}$%&#_]/g, 'X').replace(/%.*$/gm, ''); // escaped characters and comments do not nest
  const envs: string[] = [];
  for (const m of body.matchAll(/\\(begin|end)\{([^}]*)\}/g)) {
    if (m[1] === 'begin') envs.push(m[2]!);
    else if (envs.pop() !== m[2]) problems.push(`\\end{${m[2]}} does not close the open environment`);
  }
  if (envs.length) problems.push(`unclosed environments: ${envs.join(', ')}`);
  let depth = 0;
  for (const c of body) {
    if (c === '{') depth++;
    else if (c === '}' && --depth < 0) { problems.push('a } closes nothing'); depth = 0; }
  }
  if (depth !== 0) problems.push(`${depth} unclosed {`);
  if ((body.match(/\$/g) ?? []).length % 2) problems.push('odd number of $');
  return problems;
}

// Fixed points up to phi^12 only (the bundled 3d Ising file scans to phi^24, 10 s): the .tex checks are about the document.
const short: Override = { key: 'fixed_points.orders', option: '--orders', value: '4..12' };
const THEORIES: { file: string; overrides?: Override[] }[] = [
  { file: 'theories/gaussnet.yaml' },
  { file: 'theories/ising3d.yaml', overrides: [short] },
  { file: 'theories/ising3d.yaml', overrides: [short, { key: 'field_theory.scheme', option: '--scheme', value: 'polchinski' }, { key: 'field_theory.expand', option: '--expand', value: 'zero' }] },
];

const hasPdflatex = spawnSync('pdflatex', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasPdflatex) process.stderr.write('\n*** test/report/tex.test.ts: pdflatex is not on PATH, so the .tex files are checked but not compiled ***\n\n');

describe.each(THEORIES)('LaTeX report of $file $overrides', ({ file, overrides }) => {
  const theory = loadTheory(join(ROOT, file), overrides ?? []);
  // A tiny ensemble: the .tex checks do not look at the sampled numbers.
  const reportP = buildReport(theory, { now: new Date('2026-01-01T00:00:00Z'), nets: 100, bags: 2 });

  test('balanced environments, braces and math shifts; a complete document', async () => {
    const { tex } = await reportP;
    expect(texBalanceProblems(tex)).toEqual([]);
    expect(tex.startsWith('\\documentclass')).toBe(true);
    expect(tex.trimEnd().endsWith('\\end{document}')).toBe(true);
    expect(tex).toContain('\\usepackage{amsmath}');
    for (const title of ['Theory', 'Action and truncation', 'Beta functions', 'Fixed points', 'Correlators', 'Validation']) {
      expect(tex).toMatch(new RegExp(`\\\\section\\{${title}`));
    }
  });

  test('contains every derived beta function (as derived by flow/, line breaks aside)', async () => {
    const { tex } = await reportP;
    const d = derive(deriveOptions(theory));
    const flat = tex.split(LINE_BREAK).join(' ').replace(/\s+/g, '');
    expect(d.couplings.length).toBeGreaterThan(1);
    for (const c of d.couplings) {
      const latex = d.betas[c]!.latex.replace(/\s+/g, '');
      expect(flat.includes(`=${latex}`) || flat.includes(`&=${latex}`), `beta of ${c}`).toBe(true);
    }
  });

  test.runIf(hasPdflatex)('compiles with pdflatex', async () => {
    const { tex } = await reportP;
    const dir = mkdtempSync(join(tmpdir(), 'nnrg-tex-'));
    try {
      writeFileSync(join(dir, 'report.tex'), tex);
      const r = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', '-no-shell-escape', 'report.tex'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
      const errors = r.stdout.split('\n').filter((l) => l.startsWith('!'));
      expect(errors).toEqual([]);
      expect(r.status).toBe(0);
      expect(existsSync(join(dir, 'report.pdf'))).toBe(true);
      expect(readFileSync(join(dir, 'report.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('the balance check catches unbalanced documents (control)', () => {
  expect(texBalanceProblems('\\begin{equation*} a \\end{equation*}')).toEqual([]);
  expect(texBalanceProblems('\\begin{equation*} a \\end{align*}')).not.toEqual([]);
  expect(texBalanceProblems('\\frac{a}{b')).not.toEqual([]);
  expect(texBalanceProblems('$a$ and $b')).not.toEqual([]);
  expect(texBalanceProblems('100\\% of \\{x\\} costs \\$5')).toEqual([]);
});
