import { runBrg, type BrgResult, type Estimate } from '../../brg/index.js';
import { alternatives, BRG_SCHEMES, FISHER_KINDS } from '../../theory/index.js';
import type { CliCommand } from '../command.js';
import { override, parseInteger, parseString, printJson, theoryWithOverrides } from '../common.js';

interface BrgCliOptions {
  json?: boolean;
  fisher?: string;
  scheme?: string;
  width?: string;
  nets?: string;
  threads?: string;
}

const g = (v: number | null | undefined, digits = 5) =>
  v === null || v === undefined || !Number.isFinite(v) ? '--' : Number(v.toPrecision(digits)).toString();
const pm = (e: Estimate | null | undefined, digits = 5) => (e ? `${g(e.mean, digits)} ± ${g(e.stderr, 2)}` : '--');

/** The text view of `nnrg brg`: the spectrum's head, the cutoff table, Lambda_C, the limits, the cos-net comparison. */
export function describeBrg(r: BrgResult): string {
  const out: string[] = [];
  const d = r.data;
  out.push(`${r.theory}: Bayesian RG of the ${r.model}`);
  out.push(
    `data: ${d.datasets} data set(s) of n = ${d.n} points (${d.measure}, d = ${d.d}), ${d.test} test points, target ${d.target}, ` +
      `sigma^2 = ${d.ridge}${d.defaults ? ' (defaults: no data section)' : ''}`,
  );
  out.push(
    `Fisher metric: ${r.brg.fisher}, prior-whitened, ${r.parameters} parameters per network; scheme ${r.brg.scheme}; ${r.brg.nets} networks per data set`,
  );
  out.push('', `Fisher spectrum (mean over networks; gp: infinite-width kernel on the same data / sigma^2), ${g(r.zero_modes, 4)} zero modes:`);
  out.push(`  ${'rank'.padStart(4)}  ${'I'.padStart(24)}  ${'gp'.padStart(12)}  ${'L = I/(1+I)'.padStart(24)}  ${'gp L'.padStart(10)}`);
  const shown = r.fisher.length <= 16 ? r.fisher : [...r.fisher.slice(0, 12), ...r.fisher.slice(-2)];
  for (const f of shown) {
    out.push(
      `  ${String(f.rank).padStart(4)}  ${pm(f.information).padStart(24)}  ${g(f.gp).padStart(12)}  ${pm(f.learnability).padStart(24)}  ` +
        `${g(f.gp_learnability).padStart(10)}`,
    );
  }
  if (shown.length < r.fisher.length) out.push(`  ... (${r.fisher.length - shown.length} more ranks; --json for all)`);
  out.push('', 'information-shell coarse graining (means over data sets and networks, ± standard errors):');
  out.push(
    `  ${'Lambda'.padStart(11)}  ${'kept'.padStart(8)}  ${'mse'.padStart(22)}  ${'pred. variance'.padStart(22)}  ${'<f(x)^2>'.padStart(22)}  ` +
      `${'<f(x)f(y)>'.padStart(22)}`,
  );
  for (const c of r.cutoffs) {
    const mark = c.Lambda === r.lambda_c ? '  <- Lambda_C' : '';
    out.push(
      `  ${g(c.Lambda, 4).padStart(11)}  ${g(c.kept, 4).padStart(8)}  ${pm({ mean: c.mse, stderr: c.mse_stderr }).padStart(22)}  ` +
        `${pm({ mean: c.predictive_variance, stderr: c.predictive_variance_stderr }).padStart(22)}  ${pm(c.two_point.coincident).padStart(22)}  ` +
        `${pm(c.two_point.distinct).padStart(22)}${mark}`,
    );
  }
  out.push(
    '',
    r.lambda_c === null
      ? `Lambda_C: none (the error stays within ${r.brg.rise} (relative) or 2 standard errors of the trained one at every cutoff)`
      : `Lambda_C = ${g(r.lambda_c)}: the first cutoff whose error exceeds the trained one by ${r.brg.rise} (relative) and 2 standard errors`,
  );
  const lim = r.limits;
  out.push(
    `limits: Lambda = 0 gives the trained posterior (mse ${pm(lim.trained.mse)}; max |difference| from the direct solve: mean ` +
      `${g(lim.trained.max_deviation.mean, 2)}, variance ${g(lim.trained.max_deviation.variance, 2)}); Lambda = infinity gives the ` +
      `${r.brg.scheme === 'resample' ? 'prior' : 'zero field (everything integrated out)'} (mse ${pm(lim.prior.mse)}, predictive variance ` +
      `${pm(lim.prior.predictive_variance)}; max |difference| ${g(Math.max(lim.prior.max_deviation.mean, lim.prior.max_deviation.variance), 2)})`,
  );
  const c = r.cosnet;
  if (c) {
    out.push(
      '',
      `cos-net as a free scalar: d = ${c.d}, m = ${c.m}, R = ${c.R}, width ${c.width}, ${c.nets} networks, Fisher metric (${c.fisher}) on n = ${c.n} ` +
        `points (${c.measure}); Lambda(k) = ${g(c.information_scale)}/(k^2 + m^2)`,
    );
    out.push(`  ${'k'.padStart(6)}  ${'Lambda'.padStart(10)}  ${'agreement'.padStart(20)}  ${'<p^2> at Lambda'.padStart(20)}  ${'k^2'.padStart(8)}`);
    for (const s of c.shells)
      out.push(
        `  ${g(s.k, 4).padStart(6)}  ${g(s.Lambda, 4).padStart(10)}  ${pm(s.agreement, 4).padStart(20)}  ${pm(s.p2, 4).padStart(20)}  ` +
          `${g(s.k * s.k, 4).padStart(8)}`,
      );
    out.push('', '  coarse-grained 2-point function E[f(0) f(r e_1)] against the momentum-shell propagator G_k(r):');
    out.push(`  ${'k'.padStart(6)}  ${'r'.padStart(5)}  ${'sampled'.padStart(22)}  ${'G_k(r)'.padStart(12)}  ${'(s - G)/err'.padStart(11)}  method`);
    for (const p of c.points) {
      const z = p.stderr ? (p.sampled - p.closed) / p.stderr : Number.NaN;
      out.push(
        `  ${g(p.k, 4).padStart(6)}  ${g(p.r, 3).padStart(5)}  ${pm({ mean: p.sampled, stderr: p.stderr }).padStart(22)}  ` +
          `${g(p.closed, 6).padStart(12)}  ${g(z, 2).padStart(11)}  ${p.method}`,
      );
    }
    if (c.mass_flow.some((m) => m.m2)) {
      out.push('', '  dimensionless mass m^2/k^2 as the cutoff is lowered (m^2 from the sampled G_k(0)):');
      out.push(`  ${'k'.padStart(6)}  ${'m^2'.padStart(20)}  ${'m^2/k^2'.padStart(22)}  ${'predicted'.padStart(10)}`);
      for (const m of c.mass_flow)
        out.push(`  ${g(m.k, 4).padStart(6)}  ${pm(m.m2, 4).padStart(20)}  ${pm(m.m2_over_k2, 4).padStart(22)}  ${g(m.predicted, 4).padStart(10)}`);
      out.push(`  eigenvalue d ln(m^2/k^2)/d ln(1/k) = ${pm(c.eigenvalue, 4)} (free scalar: 2, relevant)`);
    }
  }
  return out.join('\n') + '\n';
}

/** `nnrg brg <theory> [--json]`: Bayesian RG of a network ensemble (docs/brg.md). */
export const brgCommand: CliCommand = {
  name: 'brg',
  register(program, setExit) {
    program
      .command('brg <theory>')
      .description('Bayesian RG: Fisher spectrum, exact last-layer posterior, information-shell coarse graining, cos-net = free scalar')
      .option('--fisher <kind>', `Fisher metric: ${alternatives(FISHER_KINDS)} (brg.fisher)`)
      .option('--scheme <s>', `coarse-graining scheme: ${alternatives(BRG_SCHEMES)} (brg.scheme)`)
      .option('--width <N>', 'hidden width (brg.width)')
      .option('--nets <n>', 'networks per data set (brg.nets)')
      .option('--threads <k>', 'worker threads (ensemble.threads; default all cores); results do not depend on it')
      .option('--json', 'print one JSON document')
      .action((file: string, o: BrgCliOptions) =>
        setExit(async () => {
          const theory = theoryWithOverrides(file, [
            override('--fisher', 'brg.fisher', o.fisher, parseString),
            override('--scheme', 'brg.scheme', o.scheme, parseString),
            override('--width', 'brg.width', o.width, parseInteger),
            override('--nets', 'brg.nets', o.nets, parseInteger),
            override('--threads', 'ensemble.threads', o.threads, parseInteger),
          ]);
          const result = await runBrg(theory, { progress: (m) => process.stderr.isTTY && process.stderr.write(`nnrg: ${m}\n`) });
          if (o.json) printJson(result);
          else process.stdout.write(describeBrg(result));
          return 0;
        }),
      );
  },
};
