import { flowOfTheory, type FlowReport } from '../../solve/index.js';
import { InputError, LIMITS } from '../../theory/index.js';
import type { CliCommand } from '../command.js';
import { override, parseCount, parseInteger, parseNumber, parseString, printJson, theoryWithOverrides, warn } from '../common.js';
import { claimOutputs, writeOutput } from '../outputs.js';

interface FlowCliOptions {
  from?: string;
  to?: string;
  couplings?: string;
  active?: boolean;
  order?: string;
  expand?: string;
  rtol?: string;
  atol?: string;
  samples?: string;
  json?: boolean;
  plot?: string;
}

/** `--couplings "m2=-0.1,u4=2"` as a name -> value map. */
export function parseCouplings(s: string, option: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of s
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+)$/.exec(part);
    if (!m) throw new InputError('command line', option, 'name=value pairs separated by commas, e.g. "m2=-0.1,u4=2"', undefined, JSON.stringify(part));
    out[m[1]!] = parseNumber(m[2]!, option);
  }
  return out;
}

/** `nnrg flow <theory>`: integrates the beta functions in t = ln k (or ln sigma_w with --active). */
export const flowCommand: CliCommand = {
  name: 'flow',
  register(program, setExit) {
    program
      .command('flow <theory>')
      .description('integrate the RG flow (odex): field-theory truncation, or the NN-QFT passive flow in k / active flow in sigma_w')
      .option('--from <t0>', "start: t0 = ln k (flow.from); with --active a sigma_w value (default: the network's sigma_w)")
      .option('--to <t1>', 'end: t1 = ln k (flow.to); with --active a sigma_w value (default: the largest scan.sigma_w)')
      .option('--couplings <list>', 'initial couplings, e.g. "m2=-0.1,u4=2" (override flow.couplings; unnamed ones are 0)')
      .option('--active', 'NN-QFT: the active flow sigma_w du/dsigma_w = e u of u4, u6 (needs a network section)')
      .option('--order <2n>', 'truncation order (field_theory.truncation; field theories only)')
      .option('--expand <e>', 'zero | minimum (field_theory.expand; field theories only)')
      .option('--rtol <x>', 'relative tolerance of the integrator (flow.rtol)')
      .option('--atol <x>', 'absolute tolerance of the integrator (flow.atol)')
      .option('--samples <n>', "output points, uniform in t (default 201; 0 = the integrator's own steps)")
      .option('--json', 'print one JSON document')
      .option('--plot <file.svg>', 'draw the couplings against t into an SVG file')
      .action((file: string, opts: FlowCliOptions) =>
        setExit(async () => {
          const theory = theoryWithOverrides(file, [
            opts.active ? undefined : override('--from', 'flow.from', opts.from, parseNumber),
            opts.active ? undefined : override('--to', 'flow.to', opts.to, parseNumber),
            override('--order', 'field_theory.truncation', opts.order, parseInteger),
            override('--expand', 'field_theory.expand', opts.expand, parseString),
            override('--rtol', 'flow.rtol', opts.rtol, parseNumber),
            override('--atol', 'flow.atol', opts.atol, parseNumber),
          ]);
          const samples = opts.samples === undefined ? undefined : parseCount(opts.samples, '--samples', 0, LIMITS.flowSamples);
          if (samples === 1) throw new InputError('command line', '--samples', '0 or an integer >= 2', undefined, opts.samples);
          const plot = opts.plot ? { file: opts.plot, option: '--plot' } : undefined;
          const release = claimOutputs([plot], [file]);
          try {
            const report = flowOfTheory(theory, {
              active: !!opts.active,
              from: opts.active && opts.from !== undefined ? parseNumber(opts.from, '--from') : undefined,
              to: opts.active && opts.to !== undefined ? parseNumber(opts.to, '--to') : undefined,
              couplings: opts.couplings === undefined ? undefined : parseCouplings(opts.couplings, '--couplings'),
              samples,
            });
            for (const w of report.warnings) warn(w);
            const s = report.flow.stop;
            // A pole or a blow-up is where the flow ends physically; NaN or max steps is numerical trouble.
            const failed = s.reason === 'nan' || s.reason === 'max-steps';
            if (plot && !failed) {
              // vega loads only when a plot is asked for (it is slow to import).
              const { linePlotSvg } = await import('../../report/plot.js');
              writeOutput(plot, await linePlotSvg(plotSpec(report)));
            }
            if (opts.json) printJson(jsonDocument(report));
            else process.stdout.write(textDocument(report) + '\n');
            if (s.reason !== 'completed')
              process.stderr.write(`nnrg: flow stopped (${s.reason}): ${s.message}${failed && plot ? ` (${plot.file} not written)` : ''}\n`);
            return failed ? 1 : 0;
          } finally {
            release();
          }
        }),
      );
  },
};

function jsonDocument(r: FlowReport) {
  const f = r.flow;
  return {
    theory: r.theory,
    mode: r.mode,
    variable: r.variable,
    ...(r.mode === 'active' ? {} : { scheme: r.scheme, regulator: r.regulator, expand: r.expand, d: r.d, N: r.N, order: r.order }),
    couplings: f.couplings,
    initial: r.initial,
    from: f.from,
    to: f.to,
    stop: f.stop,
    stats: f.stats,
    trajectory: { t: f.t, values: Object.fromEntries(f.couplings.map((c, i) => [c, f.g.map((g) => g[i]!)])) },
    ...(r.exact ? { exponents: r.exact.exponents } : {}),
    normalization: r.normalization,
    warnings: r.warnings,
  };
}

function textDocument(r: FlowReport): string {
  const f = r.flow;
  const what =
    r.mode === 'active'
      ? 'active NN-QFT flow: sigma_w du/dsigma_w = e u'
      : `${r.mode === 'passive' ? 'passive NN-QFT flow: ' : ''}${r.scheme} LPA, ${r.regulator} regulator, phi^${r.order} around ` +
        `${r.expand === 'zero' ? 'phi = 0' : 'the minimum'}, d = ${r.d}, N = ${r.N}`;
  const out = [`${r.theory}: ${what}`, `normalization: ${r.normalization}`];
  if (r.exact)
    out.push(
      `exponents: ${Object.entries(r.exact.exponents)
        .map(([k, v]) => `e(${k}) = ${v}`)
        .join(', ')}`,
    );
  const at = r.mode === 'active' ? `sigma_w = ${Math.exp(f.from).toPrecision(6)}` : `t = ${f.from}`;
  out.push(
    `initial (${at}): ${Object.entries(r.initial)
      .map(([k, v]) => `${k} = ${v}`)
      .join(', ')}`,
  );
  out.push(`stop: ${f.stop.reason} — ${f.stop.message}`);
  out.push(`steps: ${f.stats.accepted} accepted, ${f.stats.rejected} rejected, ${f.stats.evaluations} evaluations`, '');
  const col = r.mode === 'active' ? 'sigma_w' : 't';
  out.push([col.padStart(12), ...f.couplings.map((c) => c.padStart(16))].join(' '));
  const n = f.t.length;
  const pick = n <= 12 ? f.t.map((_, i) => i) : Array.from({ length: 11 }, (_, k) => Math.round((k * (n - 1)) / 10));
  for (const i of pick) {
    const x = r.mode === 'active' ? Math.exp(f.t[i]!) : f.t[i]!;
    out.push([x.toPrecision(6).padStart(12), ...f.g[i]!.map((v) => v.toPrecision(9).padStart(16))].join(' '));
  }
  return out.join('\n');
}

function plotSpec(r: FlowReport) {
  const f = r.flow;
  const active = r.mode === 'active';
  return {
    title: `${r.theory}: ${active ? 'active flow in sigma_w' : `${r.mode === 'passive' ? 'passive ' : ''}flow in t = ln k`} (stop: ${f.stop.reason})`,
    xLabel: active ? 'sigma_w' : 't = ln k',
    yLabel: 'coupling',
    xLog: active,
    series: f.couplings.map((c, i) => ({ name: c, x: f.t.map((t) => (active ? Math.exp(t) : t)), y: f.g.map((g) => g[i]!) })),
  };
}
