import type { SampledDocument } from '../../correlators/index.js';
import { sample } from '../../ensemble/index.js';
import { describeDocument } from '../../ensemble/format.js';
import { withCouplings } from '../../fit/index.js';
import { ESTIMATORS, InputError, NORMALIZATIONS, alternatives } from '../../theory/index.js';
import type { CliCommand } from '../command.js';
import { bagProgress, override, parseInteger, parseString, printJson, theoryWithOverrides, warn } from '../common.js';

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
  estimator?: string;
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
      .option('--width <N>', 'hidden width (default: ensemble.width, else network.widths[0])')
      .option('--nets <n>', 'networks per bag (ensemble.nets)')
      .option('--bags <b>', 'bags (ensemble.bags); error bars come from the spread over bags')
      .option('--seed <s>', 'random seed (ensemble.seed); bag b uses the stream of (seed, b)')
      .option('--threads <k>', 'worker threads (ensemble.threads; default all cores); results do not depend on it')
      .option('--shard <i/m>', 'run only bags b with b mod m = i-1 (combine the parts with nnrg merge)')
      .option('--out <file.json>', 'checkpoint file: rewritten atomically after every bag, final document at the end')
      .option('--resume', 'continue the run checkpointed in --out')
      .option('--normalization <n>', `couplings u4, u6 in the ${alternatives(NORMALIZATIONS)} field normalization (ensemble.normalization)`)
      .option(
        '--estimator <e>',
        `${alternatives(ESTIMATORS)}: cumulants of the output covariance given the hidden layer, or products of outputs (ensemble.estimator)`,
      )
      .option('--json', 'print one JSON document')
      .action((file: string, o: SampleCliOptions) =>
        setExit(async () => {
          const theory = theoryWithOverrides(file, [
            override('--width', 'ensemble.width', o.width, parseInteger),
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
          const width = e.width ?? theory.network.widths[0]!;
          const widthSource = o.width !== undefined ? '--width' : e.width !== undefined ? 'ensemble.width' : 'network.widths[0]';
          const bar = bagProgress();
          let last = { done: 0, total: 0 };
          const t0 = Date.now();
          const onSignal = (sig: NodeJS.Signals) => {
            bar.stop();
            process.stderr.write(
              `\nnrg: ${sig}: ${last.done} of ${last.total} bags finished${o.out ? ` and saved in ${o.out}; continue with --resume` : ' (no --out: nothing saved)'}\n`,
            );
            process.exit(sig === 'SIGINT' ? 130 : 143);
          };
          process.on('SIGINT', onSignal);
          process.on('SIGTERM', onSignal);
          let doc: SampledDocument;
          try {
            doc = await sample(theory, {
              width,
              nets: e.nets,
              bags: e.bags,
              seed: e.seed,
              threads: e.threads,
              shard,
              out: o.out,
              resume: o.resume,
              widthSource,
              finish: (d) => withCouplings(d, theory),
              onProgress: (done, total) => {
                last = { done, total };
                bar.update(done, total);
              },
            });
          } finally {
            bar.stop();
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
          }
          if (doc.heavyTail?.heavy) warn(doc.heavyTail.note);
          if (doc.bagsDone < 2) warn('fewer than 2 bags: no standard errors (they come from the spread over bags)');
          if (o.json) printJson(doc);
          else {
            process.stdout.write(describeDocument(doc));
            process.stdout.write(`${((Date.now() - t0) / 1000).toFixed(1)} s${o.out ? `; written to ${o.out}` : ''}\n`);
          }
          return 0;
        }),
      );
  },
};
