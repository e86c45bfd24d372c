import { PRECISION_TARGETS, TARGETS, type EstimatorName, type PrecisionTarget, type SampledDocument } from '../../correlators/index.js';
import { DEFAULT_MAX_NETS, DEFAULT_MAX_TIME, MIN_PRECISION_BAGS, sample, sampleUntil, type PrecisionState } from '../../ensemble/index.js';
import { describeDocument } from '../../ensemble/format.js';
import { MAX_VARIANCE_POINTS, netsNeeded, targetVariances } from '../../exact/index.js';
import { withCouplings } from '../../fit/index.js';
import { NumericalError } from '../../numeric/index.js';
import { ESTIMATORS, InputError, NORMALIZATIONS, alternatives, type Theory } from '../../theory/index.js';
import type { CliCommand } from '../command.js';
import {
  bagProgress,
  duration,
  interruptible,
  override,
  parseInteger,
  parseNumber,
  parseString,
  parseWidths,
  printJson,
  theoryWithOverrides,
  warn,
} from '../common.js';
import { claimOutputs } from '../outputs.js';

interface SampleCliOptions {
  width?: string;
  nets?: string;
  bags?: string;
  seed?: string;
  threads?: string;
  shard?: string;
  out?: string;
  resume?: boolean;
  json?: boolean;
  normalization?: string;
  force?: boolean;
  estimator?: string;
  precision?: string;
  target?: string;
  maxNets?: string;
  maxTime?: string;
}

/** The precision options, checked (exit 2 on a bad value); undefined without --precision. */
export function parsePrecision(o: SampleCliOptions): { precision: number; target: PrecisionTarget; maxNets: number; maxTime: number } | undefined {
  if (o.precision === undefined) {
    const stray = (['target', 'maxNets', 'maxTime'] as const).find((k) => o[k] !== undefined);
    if (stray) throw new InputError('command line', `--${stray.replace('N', '-n').replace('T', '-t')}`, '--precision as well (it belongs to a precision run)');
    return undefined;
  }
  const precision = parseNumber(o.precision, '--precision');
  if (!(precision > 0 && precision < 1))
    throw new InputError('command line', '--precision', 'a relative standard error in (0, 1), e.g. 0.01', undefined, o.precision);
  const target = o.target ?? 'delta4';
  if (!(PRECISION_TARGETS as readonly string[]).includes(target))
    throw new InputError('command line', '--target', `one of ${alternatives(PRECISION_TARGETS)}`, undefined, JSON.stringify(target));
  const maxNets = o.maxNets === undefined ? DEFAULT_MAX_NETS : parseNumber(o.maxNets, '--max-nets');
  if (!(maxNets >= 1)) throw new InputError('command line', '--max-nets', 'a number of networks >= 1, e.g. 1e9', undefined, o.maxNets);
  const maxTime = o.maxTime === undefined ? DEFAULT_MAX_TIME : parseSeconds(o.maxTime, '--max-time');
  return { precision, target: target as PrecisionTarget, maxNets: Math.floor(maxNets), maxTime };
}

/** Seconds: "90", "90s", "30m", "2h". */
export function parseSeconds(s: string, option: string): number {
  const m = /^\s*([0-9.eE+-]+)\s*([smh]?)\s*$/.exec(s);
  const v = m ? Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600 }[m[2] as '' | 's' | 'm' | 'h'] : Number.NaN;
  if (!(v > 0) || !Number.isFinite(v))
    throw new InputError('command line', option, 'a time > 0 in seconds, or with s, m or h, e.g. 600 or 2h', undefined, JSON.stringify(s));
  return v;
}

/**
 * Networks the exact plan predicts (one hidden layer, at most MAX_VARIANCE_POINTS points), else undefined
 * (the precision run then estimates from its pilot round).
 */
function exactPlanNets(theory: Theory, width: number, estimator: EstimatorName, target: PrecisionTarget, precision: number): number | undefined {
  if (theory.network?.depth !== 1 || theory.ensemble.points.length > MAX_VARIANCE_POINTS) return undefined;
  return netsNeeded(targetVariances(theory, width)[estimator][target], precision).nets;
}

const sci = (v: number) => (Number.isFinite(v) ? v.toExponential(2) : 'inf');

/** The progress bar's status in a precision run: the error now and what remains by the estimate. */
function precisionNote(s: PrecisionState, precision: number, label: string): string {
  const left = Math.max(0, s.netsNeeded - s.nets);
  return (
    `${label} error ${s.worst.relative.toPrecision(2)} -> ${precision} | ~${sci(left)} nets, ` +
    `${s.rate > 0 && Number.isFinite(left) ? duration(left / s.rate) : '?'} to go`
  );
}

/** `--shard i/m` (1-based i) -> the API's 0-based index. */
export function parseShard(s: string): { index: number; count: number } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(s);
  const i = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || i < 1 || n < 1 || i > n) throw new InputError('command line', '--shard', 'i/m with 1 <= i <= m, e.g. 3/10', undefined, JSON.stringify(s));
  return { index: i - 1, count: n };
}

/** `nnrg sample <theory> ...`: finite-width ensembles on all cores, checkpointed and resumable. */
export const sampleCommand: CliCommand = {
  name: 'sample',
  register(program, setExit) {
    program
      .command('sample <theory>')
      .description('sample finite-width network ensembles (WebAssembly, all cores) and measure their 2-, 4-, 6-point functions')
      .option('--width <N>', 'hidden width, or N1,N2,... one per hidden layer (default: ensemble.width, else network.widths[0])')
      .option('--nets <n>', 'networks per bag (ensemble.nets)')
      .option('--bags <b>', 'bags (ensemble.bags); error bars come from the spread over bags')
      .option('--seed <s>', 'random seed (ensemble.seed); bag b uses the stream of (seed, b)')
      .option('--threads <k>', 'worker threads (ensemble.threads; default all cores); results do not depend on it')
      .option('--shard <i/m>', 'run only bags b with b mod m = i-1 (combine the parts with nnrg merge)')
      .option('--out <file.json>', 'checkpoint file: rewritten atomically after every bag, final document at the end')
      .option('--resume', 'continue the run checkpointed in --out')
      .option('--force', "write --out even if it holds another run's checkpoint or another file")
      .option('--normalization <n>', `couplings u4, u6 in the ${alternatives(NORMALIZATIONS)} field normalization (ensemble.normalization)`)
      .option(
        '--estimator <e>',
        `${alternatives(ESTIMATORS)}: cumulants of the output covariance given the hidden layer, or products of outputs (ensemble.estimator)`,
      )
      .option(
        '--precision <p>',
        `run bags in rounds until the worst multiset's relative standard error on --target is below p (0 < p < 1); --bags is the first round ` +
          `(at least ${MIN_PRECISION_BAGS})`,
      )
      .option('--target <q>', `with --precision: ${alternatives(PRECISION_TARGETS)} (default delta4)`)
      .option('--max-nets <n>', `with --precision: cap on networks (default ${DEFAULT_MAX_NETS.toExponential(0)})`)
      .option('--max-time <t>', `with --precision: cap on wall time, seconds or 30m, 2h (default ${DEFAULT_MAX_TIME} s)`)
      .option('--json', 'print one JSON document')
      .action((file: string, o: SampleCliOptions) =>
        setExit(async () => {
          const theory = theoryWithOverrides(file, [
            override('--width', 'ensemble.width', o.width, parseWidths),
            override('--nets', 'ensemble.nets', o.nets, parseInteger),
            override('--bags', 'ensemble.bags', o.bags, parseInteger),
            override('--seed', 'ensemble.seed', o.seed, parseInteger),
            override('--threads', 'ensemble.threads', o.threads, parseInteger),
            override('--normalization', 'ensemble.normalization', o.normalization, parseString),
            override('--estimator', 'ensemble.estimator', o.estimator, parseString),
          ]);
          if (!theory.network) throw new InputError(file, 'network', 'a network section (nnrg sample draws networks)');
          if (o.resume && !o.out) throw new InputError('command line', '--resume', '--out <file.json> as well (the checkpoint to continue)');
          const shard = o.shard === undefined ? undefined : parseShard(o.shard);
          const precise = parsePrecision(o);
          if (precise && shard) throw new InputError('command line', '--shard', 'no --shard with --precision (a precision run decides its bags as it goes)');
          const e = theory.ensemble;
          if (e.bags < 2) {
            const given = o.bags !== undefined;
            throw new InputError(
              given ? 'command line' : file,
              given ? '--bags (ensemble.bags)' : 'ensemble.bags',
              'an integer >= 2 (error bars come from the spread over bags)',
              undefined,
              String(e.bags),
            );
          }
          const layerWidths = e.layerWidths;
          const width = e.width ?? layerWidths?.[layerWidths.length - 1] ?? theory.network.widths[0]!;
          const widthSource = o.width !== undefined ? '--width' : e.width !== undefined ? 'ensemble.width' : 'network.widths[0]';
          const release = claimOutputs([o.out ? { file: o.out, option: '--out' } : undefined], [file]);
          const bar = bagProgress();
          let last = { done: 0, total: 0 };
          const t0 = Date.now();
          const run = async (signal: AbortSignal) => {
            const options = {
              width,
              widths: layerWidths,
              nets: e.nets,
              bags: e.bags,
              seed: e.seed,
              threads: e.threads,
              shard,
              out: o.out,
              resume: o.resume,
              force: o.force,
              signal,
              widthSource,
              sources: {
                nets: o.nets ? '--nets' : 'ensemble.nets',
                bags: o.bags ? '--bags' : 'ensemble.bags',
                threads: o.threads ? '--threads' : 'ensemble.threads',
              },
              finish: (d: SampledDocument) => withCouplings(d, theory),
              onProgress: (done: number, total: number) => {
                last = { done, total };
                bar.update(done, total);
              },
            };
            let doc: SampledDocument;
            let reached: PrecisionState | undefined;
            if (!precise) doc = await sample(theory, options);
            else {
              // The plan's column and the document's estimates follow the estimator sampled.
              const estimator: EstimatorName = e.estimator;
              const label = TARGETS[precise.target].label;
              const plannedNets = exactPlanNets(theory, width, estimator, precise.target, precise.precision);
              try {
                const r = await sampleUntil(theory, options, {
                  ...precise,
                  plannedNets,
                  names: { maxNets: '--max-nets', maxTime: '--max-time', precision: '--precision' },
                  onRound: (s) => bar.note(precisionNote(s, precise.precision, label)),
                });
                doc = r.doc;
                reached = r.state;
              } catch (err) {
                if (err instanceof NumericalError && o.out)
                  throw new NumericalError(`${err.message}; the bags done are saved in ${o.out}: continue with --resume and a larger cap`);
                throw err;
              }
            }
            bar.stop();
            if (reached) {
              const w = reached.worst;
              // On stdout with the text summary; on stderr beside --json (stdout holds only the document).
              (o.json ? process.stderr : process.stdout).write(
                `${o.json ? 'nnrg: ' : ''}precision reached: relative standard error ${w.relative.toPrecision(3)} <= ${precise!.precision} ` +
                  `on ${TARGETS[precise!.target].label} ` +
                  `(worst multiset ${w.idx.join(',')}) after ${doc.bagsDone} bags (${sci(reached.nets)} networks)\n`,
              );
            }
            if (doc.heavyTail?.heavy) warn(doc.heavyTail.note);
            if (doc.bagsDone < 2) warn('fewer than 2 bags: no standard errors (they come from the spread over bags)');
            if (o.json) printJson(doc);
            else {
              process.stdout.write(describeDocument(doc));
              process.stdout.write(`${((Date.now() - t0) / 1000).toFixed(1)} s${o.out ? `; written to ${o.out}` : ''}\n`);
            }
            return 0;
          };
          const stopped = () => {
            bar.stop();
            if (last.done === 0) return 'stopped before a bag finished: nothing saved';
            return `${last.done} of ${last.total} bags finished${o.out ? ` and saved in ${o.out}; continue with --resume` : ' (no --out: nothing saved)'}`;
          };
          try {
            return await interruptible(run, stopped);
          } finally {
            bar.stop();
            release();
          }
        }),
      );
  },
};
