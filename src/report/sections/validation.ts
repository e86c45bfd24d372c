import { sample } from '../../ensemble/index.js';
import { runValidation, type Check, type ScalingPoint } from '../../fit/index.js';
import { linePlotSvg } from '../plot.js';
import { regulatedChecks } from '../../regulated/index.js';
import type { Block } from '../document.js';
import { plain } from '../document.js';
import type { ReportContext, ReportSection } from '../context.js';
import { attempt } from '../context.js';
import { REPORT_ENSEMBLE, samplingThreads } from '../data.js';

const show = (v: string | number) => plain(typeof v === 'number' ? String(Number(v.toPrecision(6))) : v);

/** The verdicts of `nnrg validate` (fit/), with the report's small ensemble for the sampled check. */
async function build(ctx: ReportContext, blocks: Block[]): Promise<void> {
  if (!ctx.theory.network) {
    blocks.push({
      kind: 'paragraph',
      text:
        'The validation checks compare network correlators with their predictions; this theory has no network. (The fixed-point exponents above ' +
        'are checked against the literature value where one is quoted.)',
    });
    return;
  }
  const nets = ctx.options.nets ?? REPORT_ENSEMBLE.nets;
  const bags = ctx.options.bags ?? REPORT_ENSEMBLE.bags;
  ctx.progress(`validation (sampled check with ${nets} x ${bags} networks)`);
  let scaling: ScalingPoint[] = [];
  const checks = await attempt(ctx, 'Validation', blocks, () =>
    runValidation(ctx.theory, {
      sample,
      nets,
      bags,
      seed: ctx.theory.ensemble.seed,
      threads: samplingThreads(ctx.theory, nets, bags, ctx.theory.ensemble.width ?? 10),
      regulatedChecks,
      onScaling: (p) => (scaling = p),
    }),
  );
  if (!checks) return;
  const count = (s: Check['status']) => checks.filter((c) => c.status === s).length;
  blocks.push({
    kind: 'paragraph',
    text:
      `${checks.length} checks: ${count('pass')} pass, ${count('fail')} fail, ${count('info')} inform, ${count('n/a')} could not run here. ` +
      `The sampled check uses $${nets} ` +
      `\\times ${bags}$ networks (nnrg validate uses larger ensembles by default).`,
  });
  blocks.push({
    kind: 'table',
    header: ['check', 'expected', 'measured', 'tolerance', 'verdict'],
    align: ['l', 'l', 'l', 'l', 'l'],
    rows: checks.map((c) => [plain(c.name), show(c.expected), show(c.measured), show(c.tolerance), c.status === 'fail' ? 'FAIL' : c.status]),
  });
  const details = checks.filter((c) => c.detail);
  if (details.length) blocks.push({ kind: 'list', items: details.map((c) => plain(`${c.name} (${c.status}): ${c.detail}`)) });
  for (const c of checks.filter((c) => c.status === 'fail')) ctx.problems.push(`validation check failed: ${c.name}`);
  const byDepth = scaling.filter((p) => p.label === 'N x excess kurtosis at x0');
  if (byDepth.length >= 2) {
    const x = byDepth.map((p) => p.depth);
    blocks.push({
      kind: 'figure',
      svg: await linePlotSvg({
        title: 'N x excess kurtosis against depth',
        xLabel: 'depth L',
        yLabel: 'N kappa4 / K^2 at x0',
        xIntegerTicks: true,
        series: [
          { name: 'sampled (fitted 1/N coefficient)', x, y: byDepth.map((p) => p.a), yErr: byDepth.map((p) => p.aStderr), style: 'points' },
          { name: 'predicted (exact at L = 1, recursion)', x, y: byDepth.map((p) => p.predicted), style: 'line' },
        ],
      }),
      caption:
        `$N$ times the excess kurtosis $\\kappa_4/K^2$ of the output at the first point for networks of depth $1..${x.length}$: the coefficient $a$ of ` +
        `$N\\kappa_4/K^2 = a + b/N$ fitted to sampled widths ${byDepth[0]!.widths.join(', ')} (one-standard-error bars), and its prediction.`,
    });
  }
}

export const validationSection: ReportSection = { id: 'validation', title: 'Validation', build };
