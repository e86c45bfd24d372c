import { runBrg, shellPropagator, type BrgResult, type Estimate } from '../../brg/index.js';
import type { Block } from '../document.js';
import { mathNum, num, plain } from '../document.js';
import type { ReportContext, ReportSection } from '../context.js';
import { attempt } from '../context.js';
import { linePlotSvg, type PlotSeries } from '../plot.js';

const pm = (e: Estimate | null | undefined, digits = 4) =>
  e && Number.isFinite(e.mean) ? `$${num(e.mean, digits)}${e.stderr === null ? '' : ` \\pm ${num(e.stderr, 2)}`}$` : '--';

function settings(r: BrgResult): Block[] {
  const d = r.data;
  return [
    {
      kind: 'paragraph',
      text:
        `Bayesian RG (Howard, Klinger, Maiti, Stapleton, arXiv:2405.17538) coarse-grains in parameter space: the Fisher metric of the data ` +
        `sets which parameter directions the data can distinguish, and directions below an information cutoff $\\Lambda$ are forgotten. ` +
        plain(`Here: ${r.model}; ${d.datasets} data set(s) of n = ${d.n} points (${d.measure}, d = ${d.d}), target ${d.target}, `) +
        `$\\sigma^2 = ${d.ridge}$, ${d.test} test points; ${r.brg.nets} networks per data set; Fisher metric ${r.brg.fisher}, ` +
        `scheme ${r.brg.scheme}. In prior-whitened coordinates $\\theta \\sim \\mathcal{N}(0, 1)$, $f(x) = \\Phi(x)\\cdot\\theta$ and`,
    },
    {
      kind: 'equation',
      latex:
        'I = \\frac{\\Phi(X)^{\\top}\\Phi(X)}{\\sigma^2},\\qquad \\theta_\\alpha \\,|\\, y \\sim \\mathcal{N}\\Big(\\frac{\\sqrt{g_\\alpha}\\, u_\\alpha\\cdot y}' +
        '{\\sigma^2 + g_\\alpha},\\, \\frac{1}{1 + I_\\alpha}\\Big),\\qquad L_\\alpha = \\frac{I_\\alpha}{1 + I_\\alpha}',
    },
    {
      kind: 'paragraph',
      text:
        'with $g_\\alpha = \\sigma^2 I_\\alpha$ the eigenvalues of the feature Gram matrix $\\Phi(X)\\Phi(X)^\\top$ and $u_\\alpha$ its eigenvectors. ' +
        'At infinite width the Gram matrix is the GP kernel matrix, whose eigenvalues approach $n\\lambda_l$ for the kernel spectrum ' +
        '$\\lambda_l$: $L_\\alpha \\to n\\lambda_l/(n\\lambda_l + \\sigma^2)$, the GP learnability.' +
        (r.brg.fisher === 'diagonal'
          ? ' With the diagonal metric each last-layer weight is a direction of its own, with information $I_{jj}$; the kept weights keep their ' +
            'joint posterior marginal.'
          : ''),
    },
  ];
}

async function general(r: BrgResult, blocks: Block[]): Promise<void> {
  const shown = r.fisher.filter((f) => f.information.mean > 0);
  const series: PlotSeries[] = [
    {
      name: `width ${r.brg.width}`,
      x: shown.map((f) => f.rank),
      y: shown.map((f) => f.information.mean),
      yErr: shown.map((f) => f.information.stderr ?? 0),
      style: 'points',
    },
  ];
  if (shown.some((f) => f.gp !== null))
    series.push({ name: 'infinite width (GP)', x: shown.map((f) => f.rank), y: shown.map((f) => f.gp ?? Number.NaN), style: 'line' });
  blocks.push({
    kind: 'figure',
    svg: await linePlotSvg({ title: 'Fisher spectrum', xLabel: 'rank', yLabel: 'Fisher information I', yLog: true, series }),
    caption:
      `Whitened Fisher eigenvalues (${r.brg.fisher} metric) by rank, mean over networks and data sets with standard errors` +
      `${series.length > 1 ? ', and the eigenvalues of the infinite-width kernel matrix on the same data over $\\sigma^2$' : ''}; ` +
      `${num(r.zero_modes, 4)} directions per network carry no information.`,
  });
  const cut = r.cutoffs;
  const mse = cut.map((c) => c.mse);
  const top = Math.max(...mse.map((v, i) => v + (cut[i]!.mse_stderr ?? 0)), ...cut.map((c) => c.predictive_variance));
  const lines: PlotSeries[] = [
    { name: 'test error', x: cut.map((c) => c.Lambda), y: mse, yErr: cut.map((c) => c.mse_stderr ?? 0), style: 'both' },
    {
      name: 'predictive variance',
      x: cut.map((c) => c.Lambda),
      y: cut.map((c) => c.predictive_variance),
      yErr: cut.map((c) => c.predictive_variance_stderr ?? 0),
      style: 'both',
    },
  ];
  const bottom = Math.min(...[...mse, ...cut.map((c) => c.predictive_variance)].filter((v) => v > 0));
  if (r.lambda_c !== null) lines.push({ name: 'Lambda_C', x: [r.lambda_c, r.lambda_c], y: [bottom / 2, 2 * top], style: 'line' });
  blocks.push({
    kind: 'figure',
    svg: await linePlotSvg({
      title: 'Information-shell coarse graining',
      xLabel: 'cutoff Lambda',
      yLabel: 'mean over test points',
      xLog: true,
      yLog: true,
      series: lines,
    }),
    caption:
      `Error of the coarse-grained mean predictor and its predictive variance against $\\Lambda$ (scheme ${r.brg.scheme}; log-log axes). ` +
      (r.lambda_c === null
        ? 'The error never rises significantly: no $\\Lambda_C$ on these cutoffs.'
        : `$\\Lambda_C = ${num(r.lambda_c, 4)}$ (vertical line): the first cutoff whose error exceeds the trained one by ${r.brg.rise} ` +
          `(relative) and by two standard errors.`),
    data: {
      header: ['$\\Lambda$', 'kept', 'error', 'pred. variance', '$\\langle f(x)^2\\rangle$', '$\\langle f(x) f(y)\\rangle$'],
      rows: cut.map((c) => [
        mathNum(c.Lambda, 4),
        mathNum(c.kept, 4),
        pm({ mean: c.mse, stderr: c.mse_stderr }),
        pm({ mean: c.predictive_variance, stderr: c.predictive_variance_stderr }),
        pm(c.two_point.coincident),
        pm(c.two_point.distinct),
      ]),
    },
  });
  const lim = r.limits;
  blocks.push({
    kind: 'table',
    caption: 'The two limits of the coarse graining against the direct computation (largest difference over test points)',
    header: ['limit', 'error', 'pred. variance', 'max diff. (mean)', 'max diff. (variance)'],
    align: ['l', 'r', 'r', 'r', 'r'],
    rows: [
      [
        '$\\Lambda = 0$: trained posterior',
        pm(lim.trained.mse),
        pm(lim.trained.predictive_variance),
        mathNum(lim.trained.max_deviation.mean, 2),
        mathNum(lim.trained.max_deviation.variance, 2),
      ],
      [
        `$\\Lambda = \\infty$: ${r.brg.scheme === 'resample' ? 'prior' : 'zero field'}`,
        pm(lim.prior.mse),
        pm(lim.prior.predictive_variance),
        mathNum(lim.prior.max_deviation.mean, 2),
        mathNum(lim.prior.max_deviation.variance, 2),
      ],
    ],
  });
}

async function cosnet(r: BrgResult, blocks: Block[]): Promise<void> {
  const c = r.cosnet!;
  blocks.push(
    {
      kind: 'paragraph',
      text:
        `The generalized cos-net $f(x) = \\sum_i a_i A\\cos(p_i\\cdot x + c_i)/\\sqrt{p_i^2 + m^2}$, $|p_i| < R$, is a free scalar of mass $m = ${c.m}$ ` +
        `with cutoff $R = ${c.R}$ in $d = ${c.d}$ (width ${c.width}, ${c.nets} networks, sampled in TypeScript). On $n = ${c.n}$ points spread over many ` +
        `wavelengths a neuron's Fisher information is $I(p) = nA^2/(2\\sigma^2(p^2 + m^2))$, decreasing in $|p|$: the information cutoff is a momentum ` +
        'cutoff, and integrating out the directions below it leaves the momentum-shell propagator:',
    },
    {
      kind: 'equation',
      latex:
        `k(\\Lambda)^2 = \\frac{${num(c.information_scale, 6)}}{\\Lambda} - m^2,\\qquad G_k(r) = \\int_{|p|<k} ` +
        `\\frac{d^dp}{(2\\pi)^d}\\, \\frac{e^{ip\\cdot r}}{p^2 + m^2}`,
    },
    {
      kind: 'table',
      caption: 'Fisher order = momentum order: overlap of the information cut with the momentum cut, and the momentum of the directions at $\\Lambda(k)$',
      header: ['$k$', '$\\Lambda(k)$', 'overlap', '$\\langle p^2\\rangle$ at $\\Lambda$', '$k^2$'],
      align: ['r', 'r', 'r', 'r', 'r'],
      rows: c.shells.map((s) => [mathNum(s.k, 4), mathNum(s.Lambda, 4), pm(s.agreement), pm(s.p2), mathNum(s.k * s.k, 4)]),
    },
  );
  const rs = [...new Set(c.points.map((p) => p.r))];
  const kMax = Math.max(...c.points.map((p) => p.k));
  const fine = Array.from({ length: 60 }, (_, i) => (kMax * (i + 1)) / 60);
  const series: PlotSeries[] = rs.flatMap((r) => {
    const pts = c.points.filter((p) => p.r === r);
    return [
      { name: `sampled, r = ${r}`, x: pts.map((p) => p.k), y: pts.map((p) => p.sampled), yErr: pts.map((p) => p.stderr ?? 0), style: 'points' as const },
      { name: `G_k(r), r = ${r}`, x: fine, y: fine.map((k) => shellPropagator(c.d, c.m, k, r).value), style: 'line' as const },
    ];
  });
  blocks.push({
    kind: 'figure',
    svg: await linePlotSvg({ title: 'Coarse-grained cos-net against the momentum-shell propagator', xLabel: 'k', yLabel: 'E[f(0) f(r e1)]', series }),
    caption: "The coarse-grained ensemble's 2-point function (points, one standard error) and $G_k(r)$ (lines) against the momentum cutoff $k$.",
    data: {
      header: ['$k$', '$r$', 'sampled', '$G_k(r)$', '(sampled $-$ $G_k$)/error', 'method'],
      rows: c.points.map((p) => [
        mathNum(p.k, 4),
        mathNum(p.r, 3),
        pm({ mean: p.sampled, stderr: p.stderr }),
        mathNum(p.closed, 6),
        p.stderr ? mathNum((p.sampled - p.closed) / p.stderr, 2) : '--',
        p.method,
      ]),
    },
  });
  if (c.mass_flow.some((m) => m.m2)) {
    blocks.push({
      kind: 'table',
      caption:
        `The dimensionless mass as the cutoff is lowered (from the sampled $G_k(0)$): $d\\ln(m^2/k^2)/d\\ln(1/k) = $ ${pm(c.eigenvalue)} ` +
        '(free scalar: 2, relevant)',
      header: ['$k$', '$m^2$', '$m^2/k^2$', 'predicted'],
      align: ['r', 'r', 'r', 'r'],
      rows: c.mass_flow.map((m) => [mathNum(m.k, 4), pm(m.m2), pm(m.m2_over_k2), mathNum(m.predicted, 4)]),
    });
  }
}

/** Bayesian RG of the theory's ensemble (nnrg brg): shown only for theories with a brg section. */
async function build(ctx: ReportContext, blocks: Block[]): Promise<void> {
  ctx.progress('Bayesian RG');
  await attempt(ctx, 'Bayesian RG', blocks, async () => {
    const r = await runBrg(ctx.theory, { progress: ctx.progress });
    blocks.push(...settings(r));
    await general(r, blocks);
    if (r.cosnet) await cosnet(r, blocks);
  });
}

export const brgSection: ReportSection = { id: 'brg', title: 'Bayesian RG', build, shown: (theory) => theory.brg !== null };
