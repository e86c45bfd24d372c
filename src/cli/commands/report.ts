import { buildReport, REPORT_ENSEMBLE } from '../../report/index.js';
import { InputError } from '../../theory/index.js';
import type { CliCommand } from '../command.js';
import { LIMITS } from '../../theory/index.js';
import { parseCount, theoryWithOverrides, warn } from '../common.js';
import { claimOutputs, writeOutput } from '../outputs.js';

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
          const nets = opts.nets === undefined ? undefined : parseCount(opts.nets, '--nets', 1, LIMITS.nets);
          const bags = opts.bags === undefined ? undefined : parseCount(opts.bags, '--bags', 2, LIMITS.bags);
          const theory = theoryWithOverrides(file, []);
          const html = { file: opts.out, option: '--out' };
          const tex = opts.tex ? { file: opts.tex, option: '--tex' } : undefined;
          const release = claimOutputs([html, tex], [file, ...(opts.samples ?? [])]);
          try {
            const started = Date.now();
            const report = await buildReport(theory, {
              samples: opts.samples,
              nets,
              bags,
              progress: (m) => process.stderr.write(`nnrg report: ${m} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`),
            });
            writeOutput(html, report.html);
            if (tex) writeOutput(tex, report.tex);
            for (const p of report.problems) warn(p);
            process.stderr.write(`nnrg report: wrote ${opts.out}${opts.tex ? ` and ${opts.tex}` : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
            return 0;
          } finally {
            release();
          }
        }),
      );
  },
};
