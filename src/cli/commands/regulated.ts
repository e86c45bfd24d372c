import { type Direction, MAX_POINTS, type RegulatedDocument, regulated } from '../../regulated/index.js';
import { InputError, LIMITS } from '../../theory/index.js';
import type { CliCommand } from '../command.js';
import { bagProgress, interruptible, override, parseCount, parseInteger, parseNumber, parsePoints, printJson, theoryWithOverrides } from '../common.js';
import { claimOutputs, writeOutput } from '../outputs.js';

interface RegulatedCliOptions {
  width?: string;
  points?: string;
  k?: string;
  orders?: string;
  direction?: string;
  nets?: string;
  bags?: string;
  seed?: string;
  threads?: string;
  sampling?: boolean;
  json?: boolean;
  plot?: string;
}

const g = (v: number | null, p = 6) => (v === null ? 'n/a' : Number.isFinite(v) ? v.toPrecision(p) : String(v));

/** The text view: the measured vertices per k (the all-zero entry), the verdicts, stops and warnings. */
export function describeRegulated(doc: RegulatedDocument): string {
  const P = doc.points.length;
  const out = [
    `${doc.theory}: regulated ensemble (weight exp(-k^2 f.f/2)) at width ${doc.width} on ${P} point${P > 1 ? 's' : ''} ${JSON.stringify(doc.points)}`,
    `measured: ${doc.method.measured}; ${doc.method.accuracy}`,
    `k_UV = ${g(doc.kUV)}; truncations phi^${doc.orders.join(', phi^')}`,
    '',
    `vertices at phi = 0${P > 1 ? ' (entry 0,...,0; --json for all)' : ''}:`,
  ];
  const orders = Object.keys(doc.measured) as (keyof RegulatedDocument['measured'])[];
  out.push(`  ${'k'.padEnd(12)} ${orders.map((n) => `Gamma${n}`.padStart(26)).join(' ')}`);
  doc.k.forEach((k, i) => {
    const cells = orders.map((n) => {
      const e = doc.measured[n][i]![0]!;
      const err = e.stderr ? ` ± ${e.stderr.toPrecision(2)}` : '';
      return `${g(e.value)}${err}`.padStart(26);
    });
    out.push(`  ${g(k, 4).padEnd(12)} ${cells.join(' ')}`);
  });
  out.push('', 'truncated flows against the measured vertices:');
  for (const v of doc.verdicts)
    out.push(`  ${String(v.status).toUpperCase().padEnd(17)} ${v.order === 'all' ? 'all orders' : `phi^${v.order}`} ${v.direction}: ${v.detail}`);
  const unresolved = doc.conditioning.filter((c) => c.unresolved.length);
  if (unresolved.length)
    out.push(
      '',
      ...unresolved.map(
        (c) =>
          `  conditioning: at k = ${g(c.k, 4)} cond = ${c.cond.toExponential(1)} leaves Gamma${c.unresolved.join(', Gamma')} unresolved ` +
          `(null: their digits would be noise)`,
      ),
    );
  if (doc.errorBars) {
    const bad = doc.errorBars.filter((e) => Object.values(e.holds).some((h) => !h));
    if (bad.length)
      out.push(
        '',
        ...bad.map(
          (e) =>
            `  error bars: at k = ${g(e.k, 4)} not trustworthy for Gamma${Object.entries(e.holds)
              .filter(([, h]) => !h)
              .map(([n]) => n)
              .join(', Gamma')} (${e.detail})`,
        ),
      );
  }
  return out.join('\n') + '\n';
}

function parseList(s: string, option: string, parse: (x: string, o: string) => number): number[] {
  const parts = s.split(',').map((x) => x.trim());
  if (parts.some((x) => x === '')) throw new InputError('command line', option, 'a comma-separated list of numbers', undefined, JSON.stringify(s));
  return parts.map((x) => parse(x, option));
}

/** `nnrg regulated <theory>`: the Wetterich flow against the regulated ensemble's vertices. */
export const regulatedCommand: CliCommand = {
  name: 'regulated',
  register(program, setExit) {
    program
      .command('regulated <theory>')
      .description(
        'the Wetterich flow checked on regulated ensembles (weight exp(-k^2 f.f/2)): measured 1PI vertices, truncated flows down from k_UV ' +
          'and up from k = 0, verdicts',
      )
      .option('--width <N>', 'hidden width (ensemble.width, else 10)')
      .option('--points <list>', `1 to ${MAX_POINTS} input points, e.g. 0.3 or "0.1,1.5" (default: the theory's first point)`)
      .option(
        '--k <list>',
        'k values exactly as listed, e.g. 10,3,1,0.3,0 (default: a logarithmic grid from k_UV^2 = 100/max K(x,x) down three decades, and 0)',
      )
      .option('--orders <list>', 'truncation orders among 4, 6, 8 (default 4,6,8)')
      .option('--direction <d>', 'down | up | both (default both)')
      .option('--nets <n>', 'networks per bag (default 20000)')
      .option('--bags <b>', 'bags, for the error bars (default 10)')
      .option('--seed <s>', 'random seed (ensemble.seed)')
      .option('--threads <k>', 'worker threads (ensemble.threads; default all cores); results do not depend on it')
      .option('--no-sampling', 'exact vertices instead of sampled ones (P = 1 only)')
      .option('--json', 'print one JSON document')
      .option('--plot <file.svg>', "draw the flows' deviations from the measured vertices against k into an SVG file")
      .action((file: string, o: RegulatedCliOptions) =>
        setExit(async () => {
          const theory = theoryWithOverrides(file, [
            override('--width', 'ensemble.width', o.width, parseInteger),
            override('--seed', 'ensemble.seed', o.seed, parseInteger),
            override('--threads', 'ensemble.threads', o.threads, parseInteger),
          ]);
          let points: number[][] | undefined;
          if (o.points !== undefined) {
            const raw = parsePoints(o.points, '--points');
            points = raw.map((p) => (typeof p === 'number' ? [p] : p));
          }
          const direction = o.direction ?? 'both';
          if (!['down', 'up', 'both'].includes(direction))
            throw new InputError('command line', '--direction', 'down, up or both', undefined, JSON.stringify(direction));
          const nets = o.nets === undefined ? undefined : parseCount(o.nets, '--nets', 1, LIMITS.nets);
          const bags = o.bags === undefined ? undefined : parseCount(o.bags, '--bags', 2, LIMITS.bags);
          const plot = o.plot ? { file: o.plot, option: '--plot' } : undefined;
          const release = claimOutputs([plot], [file]);
          const bar = bagProgress(!o.json);
          const run = async (signal: AbortSignal) => {
            const doc = await regulated(theory, {
              width: theory.ensemble.width,
              points,
              k: o.k === undefined ? undefined : parseList(o.k, '--k', parseNumber),
              orders: o.orders === undefined ? undefined : parseList(o.orders, '--orders', parseInteger),
              direction: direction as Direction | 'both',
              sampling: o.sampling !== false,
              nets,
              bags,
              seed: theory.ensemble.seed,
              threads: theory.ensemble.threads,
              signal,
              onProgress: (done, total) => bar.update(done, total),
              names: {
                points: '--points',
                k: '--k',
                orders: '--orders',
                width: '--width',
                sampling: '--no-sampling',
                nets: '--nets',
                bags: '--bags',
                threads: '--threads',
              },
            });
            bar.stop();
            if (plot) {
              // vega loads only when a plot is asked for (it is slow to import).
              const [{ linePlotSvg }, { deviationPlotSpec }] = await Promise.all([import('../../report/plot.js'), import('../../report/regulated-plots.js')]);
              writeOutput(plot, await linePlotSvg(deviationPlotSpec(doc)));
            }
            if (o.json) printJson(doc);
            else process.stdout.write(describeRegulated(doc));
            return 0;
          };
          try {
            return await interruptible(run, () => 'stopped: nothing saved (nnrg regulated keeps no checkpoint)');
          } finally {
            bar.stop();
            release();
          }
        }),
      );
  },
};
