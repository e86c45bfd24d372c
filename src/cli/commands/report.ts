import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildReport, REPORT_ENSEMBLE } from '../../report/index.js';
import { InputError } from '../../theory/index.js';
import type { CliCommand } from '../command.js';
import { parseInteger, theoryWithOverrides, warn } from '../common.js';

interface ReportCliOptions {
  out?: string;
  tex?: string;
  samples?: string[];
  nets?: string;
  bags?: string;
}

/** `--samples a.json,b.json` and repeated `--samples` both add files. */
const collect = (value: string, previous: string[] = []) =>
  previous.concat(
    value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );

/** Fails before the (long) computation when an output file could not be written. */
function checkWritable(file: string, option: string): void {
  const dir = dirname(resolve(file));
  try {
    if (!statSync(dir).isDirectory()) throw new Error('ENOTDIR');
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new InputError(
      'command line',
      option,
      `a writable file (${(e as NodeJS.ErrnoException).code ?? 'ENOTDIR'}: ${dir})`,
      undefined,
      JSON.stringify(file),
    );
  }
}

function write(file: string, text: string, option: string): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new InputError('command line', option, `a writable file (${(e as NodeJS.ErrnoException).code ?? 'cannot write'})`, undefined, JSON.stringify(file));
  }
}

/** `nnrg report <theory> --out report.html [--tex report.tex] [--samples file.json] [--nets n] [--bags b]`. */
export const reportCommand: CliCommand = {
  name: 'report',
  register(program, setExit) {
    program
      .command('report <theory>')
      .description('equation report: one self-contained HTML page (KaTeX, SVG plots) and optionally a LaTeX document')
      .option('--out <file.html>', 'the HTML report to write (required)')
      .option('--tex <file.tex>', 'also write a standalone LaTeX (amsmath) document')
      .option('--samples <files>', 'correlator files from nnrg sample/merge/exact to show instead of resampling (comma-separated or repeated)', collect)
      .option('--nets <n>', `networks per bag when the report samples itself, without --samples (default ${REPORT_ENSEMBLE.nets})`)
      .option('--bags <b>', `bags when the report samples itself (default ${REPORT_ENSEMBLE.bags}); both also size the sampled validation check`)
      .action((file: string, opts: ReportCliOptions) =>
        setExit(async () => {
          if (!opts.out) throw new InputError('command line', '--out', 'the HTML file to write, e.g. --out report.html');
          const nets = opts.nets === undefined ? undefined : parseInteger(opts.nets, '--nets');
          const bags = opts.bags === undefined ? undefined : parseInteger(opts.bags, '--bags');
          if (nets !== undefined && nets < 1) throw new InputError('command line', '--nets', 'an integer >= 1', undefined, String(nets));
          if (bags !== undefined && bags < 1) throw new InputError('command line', '--bags', 'an integer >= 1', undefined, String(bags));
          checkWritable(opts.out, '--out');
          if (opts.tex) checkWritable(opts.tex, '--tex');
          const theory = theoryWithOverrides(file, []);
          const started = Date.now();
          const report = await buildReport(theory, {
            samples: opts.samples,
            nets,
            bags,
            progress: (m) => process.stderr.write(`nnrg report: ${m} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`),
          });
          write(opts.out, report.html, '--out');
          if (opts.tex) write(opts.tex, report.tex, '--tex');
          for (const p of report.problems) warn(p);
          process.stderr.write(`nnrg report: wrote ${opts.out}${opts.tex ? ` and ${opts.tex}` : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
          return 0;
        }),
      );
  },
};
