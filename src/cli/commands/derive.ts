import { cd, couplingStyle, derive, deriveOptions, type Derivation } from '../../flow/index.js';
import { REGULATORS, REGULATOR_NAMES } from '../../regulators/index.js';
import { SCHEMES, SCHEME_NAMES } from '../../schemes/index.js';
import { InputError, alternatives } from '../../theory/index.js';
import type { CliCommand } from '../command.js';
import { override, parseInteger, parseNumber, parseString, printJson, theoryWithOverrides, warn } from '../common.js';

interface DeriveCliOptions {
  scheme?: string;
  regulator?: string;
  order?: string;
  expand?: string;
  components?: string;
  dimension?: string;
  dimensionful?: boolean;
  format?: string;
  json?: boolean;
}

/** `nnrg derive <theory>`: the truncated LPA beta functions, as text, LaTeX or JSON. */
export const deriveCommand: CliCommand = {
  name: 'derive',
  register(program, setExit) {
    program
      .command('derive <theory>')
      .description(`symbolic beta functions of the truncated local potential (${alternatives(Object.values(SCHEMES).map((s) => s.label))} LPA)`)
      .option('--scheme <s>', `${SCHEME_NAMES.join(' | ')} (field_theory.scheme)`)
      .option('--regulator <r>', `${REGULATOR_NAMES.join(' | ')} (field_theory.regulator)`)
      .option('--order <2n>', 'truncation order: highest power of phi, even (field_theory.truncation)')
      .option('--expand <e>', 'zero | minimum (field_theory.expand)')
      .option('--components <N>', 'N of the O(N) theory (field_theory.components)')
      .option('--dimension <d>', 'spacetime dimension d (field_theory.dimension)')
      .option('--dimensionful', 'dimensionful couplings (no canonical scaling terms; field_theory.dimensionful)')
      .option('--format <f>', 'text | latex | json', 'text')
      .option('--json', 'same as --format json')
      .action((file: string, opts: DeriveCliOptions) =>
        setExit(() => {
          const format = opts.json ? 'json' : (opts.format ?? 'text');
          if (!['text', 'latex', 'json'].includes(format)) {
            throw new InputError('command line', '--format', 'text, latex or json', undefined, JSON.stringify(format));
          }
          const theory = theoryWithOverrides(file, [
            override('--scheme', 'field_theory.scheme', opts.scheme, parseString),
            override('--regulator', 'field_theory.regulator', opts.regulator, parseString),
            override('--order', 'field_theory.truncation', opts.order, parseInteger),
            override('--expand', 'field_theory.expand', opts.expand, parseString),
            override('--components', 'field_theory.components', opts.components, parseInteger),
            override('--dimension', 'field_theory.dimension', opts.dimension, parseNumber),
            opts.dimensionful ? { key: 'field_theory.dimensionful', option: '--dimensionful', value: true } : undefined,
          ]);
          const r = derive(deriveOptions(theory));
          if (format === 'json') {
            printJson(jsonDocument(theory.name, r));
            return 0;
          }
          for (const w of r.warnings) warn(w);
          process.stdout.write((format === 'latex' ? latexDocument(r) : textDocument(theory.name, r)) + '\n');
          return 0;
        }),
      );
  },
};

function jsonDocument(name: string, r: Derivation) {
  const o = r.options;
  return {
    theory: name,
    scheme: o.scheme,
    regulator: o.regulator,
    expand: o.expand,
    d: o.d,
    N: o.N,
    order: o.order,
    dimensionless: o.dimensionless,
    couplings: r.couplings,
    betas: r.betas,
    thresholds: SCHEMES[o.scheme].thresholds ? { text: REGULATORS[o.regulator].text, latex: REGULATORS[o.regulator].latex, c_d: cd(o.d) } : null,
    normalization: r.normalization,
    warnings: r.warnings,
    ...(r.largeN ? { largeN: r.largeN } : {}),
  };
}

function header(r: Derivation): string {
  const o = r.options;
  const s = SCHEMES[o.scheme];
  const scheme = `${s.label} LPA${s.thresholds ? `, ${o.regulator} regulator` : ''}`;
  const around = o.expand === 'zero' ? 'around phi = 0' : 'around the running minimum kappa';
  return `${scheme}, phi^${o.order} ${around}, O(N) with N = ${o.N}, d = ${o.d}, ${o.dimensionless ? 'dimensionless' : 'dimensionful'} couplings, t = ln k`;
}

function textDocument(name: string, r: Derivation): string {
  const o = r.options;
  const out = [`${name}: ${header(r)}`, `normalization: ${r.normalization}`];
  const reg = REGULATORS[o.regulator];
  if (SCHEMES[o.scheme].thresholds) out.push(`threshold functions: ${reg.text}${reg.closedForm ? ` (c_d = ${cd(o.d).toPrecision(10)} at d = ${o.d})` : ''}`);
  out.push(`beta functions (${reg.zeroDimensional && SCHEMES[o.scheme].thresholds ? 'N symbolic, d = 0' : 'd and N symbolic'}):`, '');
  for (const c of r.couplings) out.push(`d_t ${c} = ${r.betas[c]!.text}`, '');
  if (r.largeN) out.push(r.largeN.text);
  return out.join('\n').trimEnd();
}

function latexDocument(r: Derivation): string {
  const o = r.options;
  const rows = r.couplings.map((c) => `\\partial_t ${couplingStyle(c).latex} &= ${r.betas[c]!.latex}`);
  const out = [`% ${header(r)}`, `% normalization: ${r.normalization}`];
  if (SCHEMES[o.scheme].thresholds) out.push(`% threshold functions: ${REGULATORS[o.regulator].latex}`);
  out.push(`\\begin{aligned}\n${rows.join(' \\\\\n')}\n\\end{aligned}`);
  if (r.largeN) out.push(`% large N (K_k normalization):`, r.largeN.latex);
  return out.join('\n');
}
