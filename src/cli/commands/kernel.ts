import { networkKernel } from '../../kernel/index.js';
import { requireFinite } from '../../numeric/index.js';
import { InputError, LIMITS } from '../../theory/index.js';
import type { CliCommand } from '../command.js';
import { override, parsePoints, printJson, theoryWithOverrides } from '../common.js';

/** `nnrg kernel <theory> [--points ...] [--json]`: the GP kernel, its momentum form, and K(x_i, x_j). */
export const kernelCommand: CliCommand = {
  name: 'kernel',
  register(program, setExit) {
    program
      .command('kernel <theory>')
      .description('GP kernel of the network: formula, momentum-space form, and the kernel matrix on the points')
      .option('--points <list>', 'input points: 0.1,0.2 (d_in = 1) or "0.1 0.2; 0.3 0.4" (default: the theory\'s ensemble.points)')
      .option('--json', 'print one JSON document')
      .action((file: string, opts: { points?: string; json?: boolean }) =>
        setExit(() => {
          const theory = theoryWithOverrides(file, [override('--points', 'ensemble.points', opts.points, parsePoints)]);
          if (!theory.network) {
            throw new InputError(file, 'network', 'a network section (a pure field theory has no GP kernel)');
          }
          const points = theory.ensemble.points;
          const most = LIMITS.kernelPoints;
          if (points.length > most.max) {
            const [where, key] = opts.points === undefined ? [file, 'ensemble.points'] : ['command line', '--points'];
            throw new InputError(where, key, `at most ${most.max} points (${most.why})`, undefined, `${points.length} points`);
          }
          const kernel = networkKernel(theory.network);
          const matrix = kernel.matrix(points);
          const m = kernel.momentum;
          if (m)
            requireFinite(
              { K0: m.K0, m0sq: m.m0sq, Z0: m.Z0 },
              `the momentum-space kernel exceeds double precision at sigma_w = ${theory.network.sigma_w}, d_in = ${theory.network.d_in}`,
            );
          const shownPoints = points.map((p) => (theory.network!.d_in === 1 ? p[0]! : p));
          if (opts.json) {
            printJson({
              theory: theory.name,
              kernel: kernel.formula,
              momentum: m ? { text: m.text, latex: m.latex, m0sq: m.m0sq, Z0: m.Z0 } : null,
              points: shownPoints,
              matrix,
            });
            return 0;
          }
          const out: string[] = [];
          out.push(
            `${theory.name}: ${theory.network.activation} network, depth ${theory.network.depth}, d_in = ${theory.network.d_in}, sigma_w = ` +
              `${theory.network.sigma_w}, sigma_b = ${theory.network.sigma_b}`,
          );
          out.push('', kernel.formula.text);
          out.push('', m ? m.text : 'momentum space: none (the kernel is not translation invariant in closed form)');
          out.push('', `K(x_i, x_j) on ${points.length} points${kernel.closedForm ? '' : ' (Gaussian quadrature)'}:`);
          const cells = matrix.map((row) => row.map((v) => v.toPrecision(10)));
          const width = Math.max(...cells.flat().map((c) => c.length));
          shownPoints.forEach((p, i) => void out.push(`  ${JSON.stringify(p).padStart(10)}  ${cells[i]!.map((c) => c.padStart(width)).join('  ')}`));
          process.stdout.write(out.join('\n') + '\n');
          return 0;
        }),
      );
  },
};
