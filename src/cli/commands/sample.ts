import { sample } from '../../ensemble/index.js';
import { describeDocument } from '../../ensemble/format.js';
import { withCouplings } from '../../fit/index.js';
import { InputError, NORMALIZATIONS, alternatives } from '../../theory/index.js';
import type { CliCommand } from '../command.js';
import { bagProgress, interruptible, override, parseInteger, parseString, printJson, theoryWithOverrides, warn } from '../common.js';
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
      .option('--force', "write --out even if it holds another run's checkpoint or another file")
      .option('--normalization <n>', `couplings u4, u6 in the ${alternatives(NORMALIZATIONS)} field normalization (ensemble.normalization)`)
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
          const release = claimOutputs([o.out ? { file: o.out, option: '--out' } : undefined], [file]);
          const bar = bagProgress();
          let last = { done: 0, total: 0 };
          const t0 = Date.now();
          const run = async (signal: AbortSignal) => {
            const doc = await sample(theory, {
              width,
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
              finish: (d) => withCouplings(d, theory),
              onProgress: (done, total) => {
                last = { done, total };
                bar.update(done, total);
              },
            });
            bar.stop();
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
