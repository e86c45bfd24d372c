import { sample } from '../../ensemble/index.js';
import { runValidation, type Check } from '../../fit/index.js';
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
  const checks = await attempt(ctx, 'Validation', blocks, () =>
    runValidation(ctx.theory, {
      sample,
      nets,
      bags,
      seed: ctx.theory.ensemble.seed,
      threads: samplingThreads(ctx.theory, nets, bags, ctx.theory.ensemble.width ?? 10),
      regulatedChecks,
    }),
  );
  if (!checks) return;
  const count = (s: Check['status']) => checks.filter((c) => c.status === s).length;
  blocks.push({
    kind: 'paragraph',
    text:
      `${checks.length} checks: ${count('pass')} pass, ${count('fail')} fail, ${count('info')} inform, ${count('n/a')} could not run here. The sampled check uses $${nets} ` +
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
}

export const validationSection: ReportSection = { id: 'validation', title: 'Validation', build };
