import type { ExactDocument } from '../../correlators/index.js';
import { exactCorrelators, plan } from '../../exact/index.js';
import { UNDEFINED } from '../../ensemble/format.js';
import { withCouplings } from '../../fit/index.js';
import { InputError, NORMALIZATIONS, alternatives } from '../../theory/index.js';
import type { CliCommand } from '../command.js';
import { override, parseInteger, parseNumber, parseString, printJson, theoryWithOverrides } from '../common.js';

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
  out.push(`points: ${JSON.stringify(doc.points)}`);
  for (const order of ['2', '4', '6'] as const) {
    const entries = doc.correlators[order];
    const meanM = entries.reduce((s, e) => s + Math.abs(e.m), 0) / entries.length;
    out.push('', `G${order}: ${entries.length} multisets, <|m${order}|> = ${g(meanM)}`);
    out.push(`  ${'idx'.padEnd(14)} ${'value'.padStart(16)} ${'gp'.padStart(16)} ${'m'.padStart(16)}`);
    const shown = entries.length <= 21 ? entries : [...entries.slice(0, 4), ...entries.slice(-2)];
    for (const e of shown) out.push(`  ${e.idx.join(',').padEnd(14)} ${g(e.value).padStart(16)} ${g(e.gp).padStart(16)} ${g(e.m).padStart(16)}`);
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

/** `nnrg exact <theory> [--width N] [--json] [--plan p]`: finite-width correlators computed exactly. */
export const exactCommand: CliCommand = {
  name: 'exact',
  register(program, setExit) {
    program
      .command('exact <theory>')
      .description('exact finite-width 2-, 4-, 6-point functions (one hidden layer), couplings u4, u6, and sampling plans')
      .option('--width <N>', 'hidden width (default: ensemble.width, else network.widths[0])')
      .option('--normalization <n>', `coupling normalization: ${alternatives(NORMALIZATIONS)} (ensemble.normalization)`)
      .option('--cutoff <L>', 'box [-L, L]^d for the coupling integrals of non-Gaussian kernels (ensemble.cutoff, default 1)')
      .option('--plan <p>', 'also print how many networks a relative standard error p needs per correlator order')
      .option('--json', 'print one JSON document')
      .action((file: string, o: ExactCliOptions) =>
        setExit(() => {
          const theory = theoryWithOverrides(file, [
            override('--width', 'ensemble.width', o.width, parseInteger),
            override('--cutoff', 'ensemble.cutoff', o.cutoff, parseNumber),
            override('--normalization', 'ensemble.normalization', o.normalization, parseString),
          ]);
          if (!theory.network) throw new InputError(file, 'network', 'a network section (exact correlators are those of a network)');
          const precision = o.plan === undefined ? undefined : parseNumber(o.plan, '--plan');
          const width = theory.ensemble.width ?? theory.network.widths[0]!;
          const doc = withCouplings(exactCorrelators(theory, width), theory);
          const rows = precision === undefined ? undefined : plan(theory, width, precision);
          if (precision !== undefined && rows) doc.plan = { precision, rows };
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
              text += `  ${r.order.padEnd(7)} ${n(r.netsForG).padEnd(17)} ${n(r.netsForDelta).padEnd(18)} ${r.tailRatio.toExponential(2)}${r.heavyTails ? '  HEAVY TAILS: bag error bars underestimate; plain Monte Carlo is impractical' : ''}\n`;
            }
          }
          process.stdout.write(text);
          return 0;
        }),
      );
  },
};
