import { SingleBar } from 'cli-progress';
import { gpRg, type GpRgDocument } from '../../spectrum/index.js';
import type { CliCommand } from '../command.js';
import { override, parseInteger, parseNumber, printJson, theoryWithOverrides } from '../common.js';

interface GpRgCliOptions {
  json?: boolean;
  n?: string;
  ridge?: string;
  datasets?: string;
  threshold?: string;
}

const g = (v: number | null, p = 5) => (v === null ? '-' : Number.isFinite(v) ? v.toPrecision(p) : String(v));
const pm = (v: number | null, e: number | null) => (v === null ? '-' : `${v.toFixed(4)} ± ${e === null ? '?' : e.toFixed(4)}`);

/** The text view of `nnrg gp-rg`: spectrum, trace, flow, learnabilities, test errors, invariance. */
export function describeGpRg(doc: GpRgDocument): string {
  const out: string[] = [];
  const where = doc.measure === 'sphere' ? `inputs uniform on the sphere of radius sqrt(${doc.d_in})` : 'inputs x ~ N(0, 1)';
  out.push(`${doc.theory}: Wilsonian RG of GP regression, ${where}, n = ${doc.n}, ridge sigma^2 = ${doc.ridge}`);
  out.push('', `kernel spectrum (${doc.spectrum_method}; eigenvalues to ${g(doc.spectrum_accuracy, 2)}):`);
  out.push(`  ${'l'.padStart(3)}  ${'N(d,l)'.padStart(14)}  ${'lambda_l'.padStart(12)}  ${'N lambda'.padStart(12)}`);
  const shown = doc.spectrum.length <= 16 ? doc.spectrum : [...doc.spectrum.slice(0, 12), ...doc.spectrum.slice(-2)];
  for (const s of shown)
    out.push(`  ${String(s.l).padStart(3)}  ${String(s.multiplicity).padStart(14)}  ${g(s.lambda).padStart(12)}  ${g(s.multiplicity * s.lambda).padStart(12)}`);
  if (shown.length < doc.spectrum.length) out.push(`  ... (${doc.spectrum.length - shown.length} more degrees; --json for all)`);
  const t = doc.trace;
  out.push(
    `trace: K(x,x) = ${g(t.kernel, 8)}; degrees 0..${doc.spectrum.length - 1} hold ${(100 * t.captured).toFixed(4)}% of it (tail ` +
      `${g(t.tail, 3)}, accuracy ${g(t.accuracy, 2)})`,
  );
  out.push('', `ridge flow (shell L is integrated out while n lambda_L / sigma_c^2(L-1) < ${doc.threshold}):`);
  out.push(`  ${'L'.padStart(3)}  ${'c(L)'.padStart(12)}  ${'sigma_c^2(L)'.padStart(12)}  ${'n lam_L/sc^2(L-1)'.padStart(18)}`);
  const steps = doc.flow.filter((s) => s.L <= doc.cutoff + 6);
  if (steps.length < doc.flow.length) out.push(`  (degrees ${doc.cutoff + 7}..${doc.spectrum.length - 1}: all unlearnable; --json for all)`);
  for (const s of steps)
    out.push(
      `  ${String(s.L).padStart(3)}  ${g(s.c).padStart(12)}  ${g(s.sigma2).padStart(12)}  ` +
        `${g(s.ratio).padStart(18)}${s.L === doc.cutoff ? '   <- cutoff' : ''}`,
    );
  out.push(
    doc.cutoff >= 0
      ? `cutoff L* = ${doc.cutoff}: renormalized ridge sigma_c^2 = ${g(doc.sigma2)} (bare ${doc.ridge}); eigenlearning n kappa = ${g(doc.n * doc.kappa)}`
      : `every shell is integrated out: nothing is learnable (sigma_c^2 = ${g(doc.sigma2)})`,
  );
  out.push('', 'learnabilities (flow: n lambda/(sigma_c^2 + n lambda); eigenlearning: lambda/(lambda + kappa); bare: n lambda/(sigma^2 + n lambda)):');
  out.push(`  ${'l'.padStart(3)}  ${'flow'.padStart(8)}  ${'eigenl.'.padStart(8)}  ${'bare'.padStart(8)}  ${'measured'.padStart(17)}`);
  for (const r of doc.learnability) {
    out.push(
      `  ${String(r.l).padStart(3)}  ${r.flow.toFixed(4).padStart(8)}  ${r.eigenlearning.toFixed(4).padStart(8)}  ` +
        `${r.bare.toFixed(4).padStart(8)}  ${pm(r.measured, r.stderr).padStart(17)}`,
    );
  }
  const e = doc.test_error;
  out.push('', `test error of the target ${doc.target.map((x) => `(degree ${x.degree}, weight ${x.weight})`).join(' + ')}:`);
  out.push(`  flow ${g(e.flow)}   eigenlearning ${g(e.eigenlearning)}   bare ${g(e.bare)}   measured ${pm(e.measured, e.stderr)}`);
  const inv = doc.invariance;
  const full = inv.rows[0]!.kappa;
  const moves = inv.rows.filter((row) => row.L <= doc.cutoff + 6).map((row) => `L=${row.L}: ${g(row.kappa / full - 1, 2)}`);
  out.push('', `kappa of the theory truncated at L (ridge sigma_c^2(L)), relative to the full theory's: ${moves.join(', ')}`);
  if (inv.kept_change !== null) {
    out.push(
      `RG invariance: kappa of the truncated theory moves by ${g(inv.kept_change, 2)} (relative) while the cutoff stays at or above L* = ${doc.cutoff}` +
        (inv.broken_change !== null ? `, by ${g(inv.broken_change, 2)} once shell ${doc.cutoff} is integrated out too` : ''),
    );
  }
  const r = doc.regression;
  if (r) {
    out.push('', `GP regression: ${r.datasets} data sets, ${r.test_points} test points each, seed ${r.seed} (${r.seconds.toFixed(1)} s)`);
    if (r.wilsonian) {
      const noise = doc.measure === 'sphere' ? `ridge ${g(r.wilsonian.sigma2)}` : `noise sigma^2 + c(x), mean ${g(r.wilsonian.sigma2)}`;
      out.push(`  the Wilsonian theory (kernel truncated to l <= ${r.wilsonian.cutoff}, ${noise}) on the same data sets:`);
      for (const w of r.wilsonian.learnability)
        out.push(`    l = ${w.l}: learnability ${pm(w.measured, w.stderr)}, minus the full GP's: ${pm(w.difference, w.difference_stderr)}`);
      out.push(`    test error ${pm(r.wilsonian.test_error.measured, r.wilsonian.test_error.stderr)}`);
    }
  }
  const ng = doc.non_gaussian;
  if (ng) {
    out.push(
      '',
      `finite width (one hidden layer): the integrated modes have N kappa_4 = ${g(ng.width_times_kappa4)} at every input (variance ${g(ng.variance)}, ` +
        `the spectrum's ${g(doc.sigma2 - doc.ridge)}); to first order in 1/N the ridge sigma_c^2 - kappa_4/(2 sigma_c^2):`,
    );
    out.push(
      `  ${ng.widths.map((w) => `N = ${w.width}: ${g(w.ridge_shift, 3)} (${g(100 * w.relative, 2)}%${w.first_order ? '' : ', too large for first order'})`).join(', ')}`,
    );
  }
  for (const note of doc.notes) out.push(`note: ${note}`);
  return out.join('\n') + '\n';
}

/** A progress bar of data sets on stderr, only when stderr is a terminal. */
function progressBar(): { update(done: number, total: number): void; stop(): void } {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new SingleBar({ stream: process.stderr, format: 'GP regression |{bar}| {value}/{total} data sets', hideCursor: true });
  let started = false;
  return {
    update(done, total) {
      if (!started) bar.start(total, done);
      else bar.update(done);
      started = true;
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

/** `nnrg gp-rg <theory>`: kernel spectrum, Wilsonian ridge flow, eigenlearning, and GP regression against them. */
export const gpRgCommand: CliCommand = {
  name: 'gp-rg',
  register(program, setExit) {
    program
      .command('gp-rg <theory>')
      .description('Wilsonian RG of GP regression: kernel spectrum, renormalized ridge, learnabilities, test errors, and GP regression on sampled data')
      .option('--n <n>', 'training points per data set (data.n)')
      .option('--ridge <sigma2>', 'ridge sigma^2 (data.ridge)')
      .option('--datasets <k>', 'data sets for the measurement; 0 for predictions only (data.datasets)')
      .option('--threshold <r>', 'integrate shell L out while n lambda_L / sigma_c^2(L-1) is below this (data.threshold)')
      .option('--json', 'print one JSON document')
      .action((file: string, o: GpRgCliOptions) =>
        setExit(() => {
          const theory = theoryWithOverrides(file, [
            override('--n', 'data.n', o.n, parseInteger),
            override('--ridge', 'data.ridge', o.ridge, parseNumber),
            override('--datasets', 'data.datasets', o.datasets, parseInteger),
            override('--threshold', 'data.threshold', o.threshold, parseNumber),
          ]);
          const bar = progressBar();
          let doc: GpRgDocument;
          try {
            doc = gpRg(theory, { progress: (done, total) => bar.update(done, total) });
          } finally {
            bar.stop();
          }
          if (o.json) printJson(doc);
          else process.stdout.write(describeGpRg(doc));
          return 0;
        }),
      );
  },
};
