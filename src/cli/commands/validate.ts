import { sample } from '../../ensemble/index.js';
import { runValidation, type Check } from '../../fit/index.js';
import { regulatedChecks } from '../../regulated/index.js';
import { LIMITS, NORMALIZATIONS, alternatives } from '../../theory/index.js';
import type { CliCommand } from '../command.js';
import { bagProgress, override, parseCount, parseInteger, parseNumber, parseString, printJson, theoryWithOverrides } from '../common.js';

interface ValidateCliOptions {
  json?: boolean;
  nets?: string;
  bags?: string;
  seed?: string;
  threads?: string;
  width?: string;
  normalization?: string;
  cutoff?: string;
  sampling?: boolean;
}

function table(checks: Check[]): string {
  const rows = checks.map((c) => [c.status.toUpperCase(), c.name, String(c.expected), String(c.measured), String(c.tolerance)]);
  const head = ['verdict', 'check', 'expected', 'measured', 'tolerance'];
  const w = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (r: string[]) =>
    r
      .map((x, i) => x.padEnd(w[i]!))
      .join('  ')
      .trimEnd();
  const out = [line(head), ...rows.map(line)];
  out.push('');
  for (const c of checks) if (c.detail) out.push(`${c.status === 'fail' ? 'FAIL' : c.status === 'n/a' ? 'n/a ' : c.status} ${c.name}: ${c.detail}`);
  return out.join('\n') + '\n';
}

/** `nnrg validate <theory>`: the table of checks; exit 1 if any fails. */
export const validateCommand: CliCommand = {
  name: 'validate',
  register(program, setExit) {
    program
      .command('validate <theory>')
      .description(
        'checks with expected, measured, tolerance and verdict: sampled vs exact correlators, 1/N scaling, active RG, the Wetterich equation ' +
          'on regulated ensembles (exit 1 if any fails)',
      )
      .option('--nets <n>', 'networks per bag for the sampled-vs-exact check (default 5000)')
      .option('--bags <b>', 'bags for the sampled-vs-exact check (default 10)')
      .option('--seed <s>', 'random seed (ensemble.seed)')
      .option('--threads <k>', 'worker threads (ensemble.threads)')
      .option('--width <N>', 'width of the sampled-vs-exact check (ensemble.width, else 10)')
      .option('--normalization <n>', `coupling normalization of the active-RG check: ${alternatives(NORMALIZATIONS)} (ensemble.normalization)`)
      .option('--cutoff <L>', 'box [-L, L]^d for the coupling integrals of non-Gaussian kernels (ensemble.cutoff, default 1)')
      .option('--no-sampling', 'skip the sampled-vs-exact check')
      .option('--json', 'print one JSON document')
      .action((file: string, o: ValidateCliOptions) =>
        setExit(async () => {
          const theory = theoryWithOverrides(file, [
            override('--seed', 'ensemble.seed', o.seed, parseInteger),
            override('--threads', 'ensemble.threads', o.threads, parseInteger),
            override('--width', 'ensemble.width', o.width, parseInteger),
            override('--cutoff', 'ensemble.cutoff', o.cutoff, parseNumber),
            // the theory schema checks the value (physical | kk) and names the option when it is wrong
            override('--normalization', 'ensemble.normalization', o.normalization, parseString),
          ]);
          const nets = o.nets === undefined ? undefined : parseCount(o.nets, '--nets', 1, LIMITS.nets);
          const bags = o.bags === undefined ? undefined : parseCount(o.bags, '--bags', 2, LIMITS.bags);
          const cutoff = theory.ensemble.cutoff;
          const bar = bagProgress(!o.json);
          let checks: Check[];
          try {
            checks = await runValidation(theory, {
              sample,
              nets,
              bags,
              cutoff,
              seed: theory.ensemble.seed,
              threads: theory.ensemble.threads,
              width: theory.ensemble.width,
              normalization: theory.ensemble.normalization,
              noSampling: o.sampling === false,
              regulatedChecks,
              onProgress: (done, total) => bar.update(done, total),
            });
          } finally {
            bar.stop();
          }
          const failed = checks.filter((c) => !c.pass);
          if (o.json) printJson({ theory: theory.name, pass: failed.length === 0, checks });
          else {
            process.stdout.write(`${theory.name}: ${checks.length} checks, ${failed.length} failed\n\n${table(checks)}`);
            if (failed.length) process.stdout.write(`\nvalidation FAILED: ${failed.map((c) => c.name).join('; ')}\n`);
          }
          if (failed.length)
            process.stderr.write(`nnrg: validation failed: ${failed.map((c) => `${c.name} (measured ${c.measured}, expected ${c.expected})`).join('; ')}\n`);
          return failed.length ? 1 : 0;
        }),
      );
  },
};
