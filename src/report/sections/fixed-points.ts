import { fixedPointsOfTheory, type FixedPoint } from '../../solve/index.js';
import type { Block } from '../document.js';
import { mathNum, num, plain } from '../document.js';
import type { ReportContext, ReportSection } from '../context.js';
import { attempt } from '../context.js';
import { linePlotSvg } from '../plot.js';
import { couplingLatex } from './betas.js';

const orNone = (x: number | null | undefined, digits = 6) => (x === null || x === undefined ? '--' : mathNum(x, digits));

function eigenList(fp: FixedPoint): string {
  const shown = fp.eigenvalues.slice(0, 4).map((e) => (e.im === 0 ? mathNum(e.re, 4) : `$${num(e.re, 4)} ${e.im < 0 ? '-' : '+'} ${num(Math.abs(e.im), 4)}i$`));
  return shown.join(', ') + (fp.eigenvalues.length > 4 ? ', ...' : '');
}

/**
 * Fixed points of the truncated flows for the orders fixed_points.orders (default 4..truncation), each
 * order continued from the previous one (solve/), and the convergence of nu and omega at Wilson-Fisher.
 */
async function build(ctx: ReportContext, blocks: Block[]): Promise<void> {
  const t = ctx.theory;
  const orders: [number, number] = t.fixed_points.orders ?? [4, t.field_theory.truncation];
  const full = t.fixed_points.method === 'full';
  blocks.push({
    kind: 'paragraph',
    text: full
      ? 'The Wilson-Fisher fixed point of the full (untruncated) LPA potential, found by shooting, and its eigenvalues.'
      : `Fixed points $\\beta_i(g^*) = 0$ of the truncations $\\phi^{${orders[0]}}, \\dots, \\phi^{${orders[1]}}$, each order seeded by the fixed ` +
        `points of the previous one. Stability matrix $M_{ij} = \\partial\\beta_i/\\partial g_j$ at $g^*$; $\\nu = -1/\\theta_1$ with $\\theta_1$ its ` +
        `most negative eigenvalue, $\\omega$ its smallest positive eigenvalue.`,
  });
  ctx.progress(full ? 'fixed point (full LPA)' : `fixed points, orders ${orders[0]}..${orders[1]}`);
  const r = await attempt(ctx, 'Fixed-point search', blocks, () => fixedPointsOfTheory(t, full ? {} : { orders }));
  if (!r) return;
  for (const w of r.warnings) blocks.push({ kind: 'notice', level: 'warning', text: plain(w) });
  const shown = r.couplings.slice(0, 5);
  blocks.push({
    kind: 'table',
    caption: r.order !== null ? `Fixed points at order $\\phi^{${r.order}}$` : 'Fixed point of the full LPA',
    header: ['fixed point', ...shown.map((c) => `$\\left.${couplingLatex(c)}\\right.^*$`), 'relevant', '$\\nu$', '$\\omega$', 'eigenvalues', 'notes'],
    align: ['l', ...shown.map(() => 'r' as const), 'r', 'r', 'r', 'l', 'l'],
    rows: r.fixedPoints.map((fp) => [
      fp.name,
      ...shown.map((c) => (fp.couplings[c] === undefined ? '--' : mathNum(fp.couplings[c]!, 6))),
      `$${fp.relevant}$`,
      orNone(fp.nu),
      orNone(fp.omega),
      eigenList(fp),
      plain([fp.spurious ? 'spurious' : '', ...fp.notes].filter((s) => s !== '').join('; ')),
    ]),
  });
  if (r.table.length > 0) {
    blocks.push({
      kind: 'table',
      caption: 'Exponent convergence at the Wilson-Fisher fixed point',
      header: ['order', '$\\nu$', '$\\omega$', 'change of $\\nu$', 'fixed points found'],
      align: ['r', 'r', 'r', 'r', 'r'],
      rows: r.table.map((row, i) => {
        const prev = r.table[i - 1]?.nu;
        return [
          `$\\phi^{${row.order}}$`,
          orNone(row.nu, 7),
          orNone(row.omega, 6),
          row.nu !== null && prev !== null && prev !== undefined ? mathNum(row.nu - prev, 2) : '--',
          `$${row.fixedPoints}$`,
        ];
      }),
    });
  }
  if (r.convergence) {
    blocks.push(
      r.convergence.converged
        ? { kind: 'paragraph', text: plain(`Verdict: ${r.convergence.verdict}.`) }
        : { kind: 'notice', level: 'warning', text: plain(`Verdict: ${r.convergence.verdict}.`) },
    );
  }
  const ft = t.field_theory;
  if (ft.scheme === 'wetterich' && ft.regulator === 'litim' && ft.dimension === 3 && ft.components === 1) {
    blocks.push({
      kind: 'paragraph',
      text:
        'Reference: the LPA with the Litim regulator gives $\\nu = 0.6496$ for the 3d Ising class in the limit of high order (Litim, Nucl. Phys. ' +
        'B 631 (2002) 128).',
    });
  }
  const nus = r.table.filter((row) => row.nu !== null);
  const omegas = r.table.filter((row) => row.omega !== null);
  if (nus.length >= 2) {
    blocks.push({
      kind: 'figure',
      svg: await linePlotSvg({
        title: 'Critical exponents against the truncation order',
        xLabel: 'order 2n',
        yLabel: 'exponent',
        xIntegerTicks: true,
        series: [
          { name: 'nu', x: nus.map((row) => row.order), y: nus.map((row) => row.nu!), style: 'both' },
          { name: 'omega', x: omegas.map((row) => row.order), y: omegas.map((row) => row.omega!), style: 'both' },
        ],
      }),
      caption: '$\\nu$ and $\\omega$ of the Wilson-Fisher fixed point for each truncation order (the table above).',
    });
  }
}

export const fixedPointsSection: ReportSection = { id: 'fixed-points', title: 'Fixed points and critical exponents', build };
