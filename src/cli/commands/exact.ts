import type { ExactDocument } from '../../correlators/index.js';
import { exactCorrelators, leadingOrder, plan, targetPlan, type LeadingOrder } from '../../exact/index.js';
import { UNDEFINED } from '../../ensemble/format.js';
import { withCouplings } from '../../fit/index.js';
import { InputError, NORMALIZATIONS, alternatives } from '../../theory/index.js';
import type { CliCommand } from '../command.js';
import { override, parseNumber, parseString, parseWidths, printJson, theoryWithOverrides } from '../common.js';

interface ExactCliOptions {
  width?: string;
  json?: boolean;
  plan?: string;
  normalization?: string;
  cutoff?: string;
}

/** Values are finite (exact/ checks them); m is undefined where gp = 0 and u6 without the exchange integral. */
const g = (v: number) => (Number.isFinite(v) ? v.toPrecision(8) : UNDEFINED);

/** A short text view of a correlator document: a few entries per order, the mean |m|, the couplings. */
export function describeExact(doc: ExactDocument): string {
  const out: string[] = [`${doc.theory}: exact finite-width correlators at width ${doc.width}`];
  out.push(`one-neuron moments: ${doc.exact.method}; accuracy ~${doc.exact.accuracy}`);
  const ca = doc.exact.connectedAccuracy;
  if (ca) {
    const worse = ca['6'] > 1e-9 || ca['4'] > 1e-9 ? ' (cancellation: the moments are close to those of a constant; fewer digits are meaningful)' : '';
    out.push(`connected functions: relative accuracy ~${ca['4'].toExponential(0)} (4-point), ~${ca['6'].toExponential(0)} (6-point)${worse}`);
  }
  out.push(`points: ${JSON.stringify(doc.points)}`);
  for (const order of ['2', '4', '6'] as const) {
    const all = doc.correlators[order];
    // with output components, the entries that vanish by O(d_out) symmetry (m undefined) are not shown
    const entries = all[0]?.components ? all.filter((e) => e.gp !== 0 || e.value !== 0) : all;
    const ms = entries.filter((e) => Number.isFinite(e.m));
    const meanM = ms.reduce((s, e) => s + Math.abs(e.m), 0) / ms.length;
    const label = (e: (typeof entries)[number]) => (e.components ? `${e.idx.join(',')} | ${e.components.join(',')}` : e.idx.join(','));
    const w = entries[0]?.components ? 26 : 14;
    const hidden = all.length - entries.length;
    const what = all[0]?.components ? ` of (point, output component)${hidden ? `, ${hidden} vanishing by O(d_out) symmetry (not shown)` : ''}` : '';
    out.push('', `G${order}: ${all.length} multisets${what}, <|m${order}|> = ${g(meanM)}`);
    out.push(`  ${(entries[0]?.components ? 'idx | components' : 'idx').padEnd(w)} ${'value'.padStart(16)} ${'gp'.padStart(16)} ${'m'.padStart(16)}`);
    const shown = entries.length <= 21 ? entries : [...entries.slice(0, 4), ...entries.slice(-2)];
    for (const e of shown) out.push(`  ${label(e).padEnd(w)} ${g(e.value).padStart(16)} ${g(e.gp).padStart(16)} ${g(e.m).padStart(16)}`);
    if (shown.length < entries.length) out.push(`  ... (${entries.length - shown.length} more; --json for all)`);
  }
  const c = doc.couplings;
  if (c) {
    out.push('', `couplings (${c.normalization} normalization${c.method ? `; integrals: ${c.method}` : ''}):`);
    out.push(
      `  u4 = ${g(c.u4.mean)} (spread over multisets ${g(Math.max(...c.u4.values.map((v) => v.value)) - Math.min(...c.u4.values.map((v) => v.value)))})`,
    );
    out.push(`  u6 = ${g(c.u6.mean)}`);
  }
  return out.join('\n') + '\n';
}

/** The text view of a deep network's leading-order prediction: the kurtosis by depth, then a few entries per order. */
export function describeLeadingOrder(lo: LeadingOrder): string {
  const equal = lo.widths.every((n) => n === lo.widths[0]);
  const out: string[] = [
    `${lo.theory}: finite-width correlators at LEADING ORDER in 1/N (O(1/N^2) dropped), depth ${lo.depth}, hidden widths ${lo.widths.join(', ')}`,
    `method: ${lo.method}`,
    `accuracy: ${lo.accuracy}`,
    `points: ${JSON.stringify(lo.points)}`,
    '',
    `excess kurtosis kappa4/K^2 of one output at each point, by depth${equal ? ` (and N x excess, N = ${lo.widths[0]})` : ''}:`,
  ];
  for (const k of lo.kurtosis) {
    const cells = k.excess.map((e) => (equal ? `${g(e)} (${g(e * lo.widths[0]!)})` : g(e)));
    out.push(`  depth ${String(k.depth).padEnd(3)} ${cells.join('  ')}`);
  }
  // an expansion in 1/N says nothing once its first term is of order one
  const largest = Math.max(
    ...lo.kurtosis[lo.kurtosis.length - 1]!.excess,
    ...Object.values(lo.correlators).flatMap((list) => list.filter((e) => Number.isFinite(e.m)).map((e) => Math.abs(e.m))),
  );
  if (largest > 0.3) {
    out.push(
      `WARNING: the O(1/N) terms are not small at these widths (largest |m| or excess kurtosis ${g(largest)}): higher orders matter, the ` +
        `leading order is not to be trusted here`,
    );
  }
  for (const order of ['2', '4', '6'] as const) {
    const entries = lo.correlators[order].filter((e) => e.gp !== 0 || e.delta !== 0);
    const vanishing = lo.correlators[order].length - entries.length;
    out.push('', `G${order}: ${lo.correlators[order].length} multisets${vanishing ? ` (${vanishing} vanish by O(d_out) symmetry, not shown)` : ''}`);
    const label = (e: (typeof entries)[number]) => (e.components ? `${e.idx.join(',')} | ${e.components.join(',')}` : e.idx.join(','));
    const w = entries[0]?.components ? 26 : 14;
    out.push(
      `  ${(entries[0]?.components ? 'idx | components' : 'idx').padEnd(w)} ${'value'.padStart(16)} ${'gp'.padStart(16)} ` +
        `${'delta (O(1/N))'.padStart(16)} ${'m'.padStart(16)}`,
    );
    const shown = entries.length <= 21 ? entries : [...entries.slice(0, 4), ...entries.slice(-2)];
    for (const e of shown)
      out.push(`  ${label(e).padEnd(w)} ${g(e.value).padStart(16)} ${g(e.gp).padStart(16)} ${g(e.delta).padStart(16)} ${g(e.m).padStart(16)}`);
    if (shown.length < entries.length) out.push(`  ... (${entries.length - shown.length} more; --json for all)`);
  }
  return out.join('\n') + '\n';
}

/** `nnrg exact <theory> [--width N] [--json] [--plan p]`: finite-width correlators computed exactly (depth 1) or at leading order in 1/N. */
export const exactCommand: CliCommand = {
  name: 'exact',
  register(program, setExit) {
    program
      .command('exact <theory>')
      .description(
        'exact finite-width 2-, 4-, 6-point functions (one hidden layer), couplings u4, u6, and sampling plans; for depth >= 2 the leading order in 1/N',
      )
      .option('--width <N>', 'hidden width, or N1,N2,... one per hidden layer (default: ensemble.width, else network.widths[0])')
      .option('--normalization <n>', `coupling normalization: ${alternatives(NORMALIZATIONS)} (ensemble.normalization)`)
      .option('--cutoff <L>', 'box [-L, L]^d for the coupling integrals of non-Gaussian kernels (ensemble.cutoff, default 1)')
      .option('--plan <p>', 'also print how many networks a relative standard error p needs, per correlator order and per quantity for both estimators')
      .option('--json', 'print one JSON document')
      .action((file: string, o: ExactCliOptions) =>
        setExit(() => {
          const theory = theoryWithOverrides(file, [
            override('--width', 'ensemble.width', o.width, parseWidths),
            override('--cutoff', 'ensemble.cutoff', o.cutoff, parseNumber),
            override('--normalization', 'ensemble.normalization', o.normalization, parseString),
          ]);
          if (!theory.network) throw new InputError(file, 'network', 'a network section (exact correlators are those of a network)');
          const precision = o.plan === undefined ? undefined : parseNumber(o.plan, '--plan');
          if (theory.network.depth > 1) {
            if (precision !== undefined) {
              throw new InputError(
                'command line',
                '--plan',
                'a network of depth 1 (exact estimator variances are for one hidden layer)',
                undefined,
                `depth ${theory.network.depth}`,
              );
            }
            const lo = leadingOrder(theory);
            if (o.json) printJson(lo);
            else process.stdout.write(describeLeadingOrder(lo));
            return 0;
          }
          const width = theory.ensemble.width ?? theory.network.widths[0]!;
          const doc = withCouplings(exactCorrelators(theory, width), theory);
          const rows = precision === undefined ? undefined : plan(theory, width, precision);
          const quantities = precision === undefined ? undefined : targetPlan(theory, width, precision);
          if (precision !== undefined && rows) doc.plan = { precision, rows, quantities };
          if (o.json) {
            printJson(doc);
            return 0;
          }
          let text = describeExact(doc);
          if (rows) {
            const n = (v: number) => (Number.isFinite(v) ? v.toExponential(2) : 'unbounded');
            text += `\nsampling plan for relative standard error ${precision} (worst multiset; exact estimator variance):\n`;
            text += `  order   nets for G        nets for Delta G   Var/Var_GP\n`;
            for (const r of rows) {
              text +=
                `  ${r.order.padEnd(7)} ${n(r.netsForG).padEnd(17)} ${n(r.netsForDelta).padEnd(18)} ` +
                `${r.tailRatio.toExponential(2)}${r.heavyTails ? '  HEAVY TAILS: bag error bars underestimate; plain Monte Carlo is impractical' : ''}\n`;
            }
            text +=
              `\nnetworks for relative standard error ${precision} on the worst multiset, by estimator (nnrg sample --precision ` +
              `${precision} --target <quantity>):\n`;
            text += `  target   quantity   plain       marginalized   gain\n`;
            for (const q of quantities ?? []) {
              const gain = Number.isFinite(q.gain) ? q.gain.toExponential(1) : '-';
              text += `  ${q.target.padEnd(8)} ${q.label.padEnd(10)} ${n(q.plain).padEnd(11)} ${n(q.marginalized).padEnd(14)} ${gain}\n`;
            }
            text += '  (marginalized: the readout integrated out exactly, k-statistics of its covariance; variances to leading order in 1/networks)\n';
          }
          process.stdout.write(text);
          return 0;
        }),
      );
  },
};
