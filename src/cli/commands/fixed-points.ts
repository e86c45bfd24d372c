import { fixedPointsOfTheory, type FixedPointsReport } from '../../solve/index.js';
import { REGULATOR_NAMES } from '../../regulators/index.js';
import { SCHEME_NAMES } from '../../schemes/index.js';
import { InputError } from '../../theory/index.js';
import type { CliCommand } from '../command.js';
import { override, parseInteger, parseNumber, parseString, printJson, theoryWithOverrides, warn } from '../common.js';

interface FixedPointsCliOptions {
  order?: string;
  orders?: string;
  expand?: string;
  method?: string;
  scheme?: string;
  regulator?: string;
  dimension?: string;
  components?: string;
  json?: boolean;
}

const parseRange = (s: string, option: string): string => {
  if (!/^\d+\.\.\d+$/.test(s.trim())) throw new InputError('command line', option, 'a range of even orders like 4..24', undefined, JSON.stringify(s));
  return s.trim();
};

/** `nnrg fixed-points <theory>`: fixed points, stability-matrix eigenvalues, nu and omega (per order). */
export const fixedPointsCommand: CliCommand = {
  name: 'fixed-points',
  register(program, setExit) {
    program
      .command('fixed-points <theory>')
      .description('fixed points (Newton, continuation in order), eigenvalues, nu and omega; convergence table with --orders')
      .option('--order <2n>', 'one truncation order (field_theory.truncation); found by continuation from phi^4')
      .option('--orders <lo..hi>', 'a range of orders, e.g. 4..24: the convergence table of nu and omega (fixed_points.orders)')
      .option('--expand <e>', 'zero | minimum (field_theory.expand)')
      .option('--method <m>', 'polynomial | full: truncations, or the LPA potential as a full function (fixed_points.method)')
      .option('--scheme <s>', `${SCHEME_NAMES.join(' | ')} (field_theory.scheme)`)
      .option('--regulator <r>', `${REGULATOR_NAMES.join(' | ')} (field_theory.regulator)`)
      .option('--dimension <d>', 'spacetime dimension d (field_theory.dimension)')
      .option('--components <N>', 'N of the O(N) theory (field_theory.components)')
      .option('--json', 'print one JSON document')
      .action((file: string, opts: FixedPointsCliOptions) =>
        setExit(() => {
          const theory = theoryWithOverrides(file, [
            override('--order', 'field_theory.truncation', opts.order, parseInteger),
            override('--orders', 'fixed_points.orders', opts.orders, parseRange),
            override('--expand', 'field_theory.expand', opts.expand, parseString),
            override('--method', 'fixed_points.method', opts.method, parseString),
            override('--scheme', 'field_theory.scheme', opts.scheme, parseString),
            override('--regulator', 'field_theory.regulator', opts.regulator, parseString),
            override('--dimension', 'field_theory.dimension', opts.dimension, parseNumber),
            override('--components', 'field_theory.components', opts.components, parseInteger),
          ]);
          // --order alone means that order, even if the file sets a range.
          // progress on a terminal: the continuation derives every order up to the highest (phi^40: minutes)
          const t0 = Date.now();
          const onOrder = process.stderr.isTTY
            ? (order: number, of: number[]) =>
                process.stderr.write(`nnrg fixed-points: phi^${order} (${of.indexOf(order) + 1} of ${of.length}; ${((Date.now() - t0) / 1000).toFixed(1)} s)\n`)
            : undefined;
          const req = opts.order !== undefined && opts.orders === undefined ? { order: theory.field_theory.truncation } : {};
          const report = fixedPointsOfTheory(theory, { ...req, onOrder });
          for (const w of report.warnings) warn(w);
          if (opts.json) printJson(jsonDocument(report));
          else process.stdout.write(textDocument(report) + '\n');
          return 0;
        }),
      );
  },
};

function jsonDocument(r: FixedPointsReport) {
  return {
    theory: r.theory,
    method: r.method,
    scheme: r.scheme,
    regulator: r.regulator,
    expand: r.expand,
    d: r.d,
    N: r.N,
    order: r.order,
    couplings: r.couplings,
    fixedPoints: r.fixedPoints.map((f) => ({
      name: f.name,
      couplings: f.couplings,
      eigenvalues: f.eigenvalues,
      nu: f.nu,
      omega: f.omega,
      relevant: f.relevant,
      spurious: f.spurious,
      notes: f.notes,
    })),
    table: r.table,
    convergence: r.convergence,
    ...(r.full ? { full: { sigma: r.full.sigma, rhoEnd: r.full.rhoEnd, amplitude: r.full.amplitude, units: r.full.units, potential: r.full.potential } } : {}),
    normalization: r.normalization,
    warnings: r.warnings,
  };
}

const num = (v: number | null, digits = 6) => (v === null ? '—' : v.toFixed(digits));

function textDocument(r: FixedPointsReport): string {
  const what =
    r.method === 'full'
      ? `full-function LPA (${r.scheme}, ${r.regulator} regulator), d = ${r.d}, N = ${r.N}`
      : `${r.scheme} LPA, ${r.regulator} regulator, expansion around ${r.expand === 'zero' ? 'phi = 0' : 'the minimum'}, d = ${r.d}, N = ${r.N}`;
  const out = [`${r.theory}: ${what}`];
  if (r.table.length > 1) {
    out.push('', 'Wilson-Fisher exponents per order:', `${'order'.padStart(6)} ${'nu'.padStart(10)} ${'omega'.padStart(10)}  roots`);
    for (const row of r.table) out.push(`${String(row.order).padStart(6)} ${num(row.nu).padStart(10)} ${num(row.omega).padStart(10)}  ${row.fixedPoints}`);
    if (r.convergence) out.push('', r.convergence.verdict);
  }
  out.push('', r.method === 'full' ? 'scaling solution:' : `fixed points at order ${r.order} (stability-matrix eigenvalues; t = ln k, negative = relevant):`);
  for (const f of r.fixedPoints) {
    out.push('', `${f.name}${f.spurious ? '  [spurious]' : ''}`);
    out.push(
      `  couplings: ${Object.entries(f.couplings)
        .map(([k, v]) => `${k} = ${v.toPrecision(8)}`)
        .join(', ')}`,
    );
    out.push(
      `  eigenvalues: ${f.eigenvalues.map((e) => (e.im === 0 ? e.re.toFixed(6) : `${e.re.toFixed(6)}${e.im < 0 ? '-' : '+'}${Math.abs(e.im).toFixed(6)}i`)).join(', ')}`,
    );
    out.push(`  nu = ${num(f.nu)}, omega = ${num(f.omega)}`);
    if (f.notes.length) out.push(`  notes: ${f.notes.join('; ')}`);
  }
  if (r.full) out.push('', `(${r.full.units}; w = u' integrated to rho~ = ${r.full.rhoEnd.toPrecision(4)})`);
  return out.join('\n');
}
