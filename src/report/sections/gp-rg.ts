import { gpRg } from '../../spectrum/index.js';
import type { Block } from '../document.js';
import { mathNum, num, plain } from '../document.js';
import type { ReportContext, ReportSection } from '../context.js';
import { attempt } from '../context.js';
import { linePlotSvg } from '../plot.js';

const pm = (v: number | null, e: number | null) => (v === null ? '–' : `$${num(v, 4)} \\pm ${e === null ? '?' : num(e, 2)}$`);
const opt = (v: number | null) => (v === null ? '–' : mathNum(v, 4));

/** The Wilsonian RG of GP regression (spectrum/, `nnrg gp-rg`): spectrum, ridge flow, learnabilities, GP regression. */
async function build(ctx: ReportContext, blocks: Block[]): Promise<void> {
  ctx.progress('GP-regression RG');
  await attempt(ctx, 'GP-regression RG', blocks, async () => {
    const doc = gpRg(ctx.theory, { progress: (done, total) => ctx.progress(`GP regression: data set ${done}/${total}`) });
    const sphere = doc.measure === 'sphere';
    blocks.push({
      kind: 'paragraph',
      text: sphere
        ? `GP regression with the network kernel on $n = ${doc.n}$ inputs uniform on the sphere of radius $\\sqrt{d_{\\mathrm{in}}} = ` +
          `\\sqrt{${doc.d_in}}$, ridge $\\sigma^2 = ${num(doc.ridge)}$. The kernel depends on $t = x\\cdot y/d_{\\mathrm{in}}$ only; its eigenfunctions are the spherical harmonics of degree $l$ (multiplicity $N(d,l)$) with the Funk–Hecke eigenvalues`
        : `GP regression with the network kernel on $n = ${doc.n}$ inputs $x \\sim \\mathcal{N}(0,1)$, ridge $\\sigma^2 = ` +
          `${num(doc.ridge)}$. The Gaussian kernel is diagonal in Hermite functions (Mehler's formula), one mode per degree $k$:`,
    });
    blocks.push({
      kind: 'equation',
      latex: sphere
        ? '\\lambda_l = c_d \\int_{-1}^{1} K(t)\\, P_l(t)\\, (1-t^2)^{\\frac{d-3}{2}}\\, dt,\\qquad \\sum_l N(d,l)\\, \\lambda_l = K(1)'
        : '\\lambda_k = A\\sqrt{2a/(a+b+c)}\\; \\Big(\\frac{b}{a+b+c}\\Big)^{k},\\quad a = \\tfrac14,\\; b = \\tfrac{\\sigma_w^2}{2},\\; c = \\sqrt{a^2 + 2ab}',
    });
    const shown = doc.spectrum.filter((s) => s.lambda > 0);
    blocks.push({
      kind: 'figure',
      svg: await linePlotSvg({
        title: 'Kernel spectrum',
        xLabel: sphere ? 'degree l' : 'degree k',
        yLabel: 'eigenvalue',
        yLog: true,
        xIntegerTicks: true,
        series: [
          { name: 'lambda_l', x: shown.map((s) => s.l), y: shown.map((s) => s.lambda), style: 'both' },
          { name: 'N(d,l) lambda_l', x: shown.map((s) => s.l), y: shown.map((s) => s.multiplicity * s.lambda), style: 'both' },
          { name: 'sigma^2/n', x: [0, doc.spectrum.length - 1], y: [doc.ridge / doc.n, doc.ridge / doc.n] },
        ],
      }),
      caption:
        `The eigenvalues (${plain(doc.spectrum_method)}; accurate to $${num(doc.spectrum_accuracy, 2)}$) and the weight $N\\lambda$ ` +
        `of each degree. Degrees $0..${doc.spectrum.length - 1}$ hold $${num(100 * doc.trace.captured, 6)}\\%$ of the trace $K(x,x) = ${num(doc.trace.kernel, 8)}$; the rest, $${num(doc.trace.tail, 3)}$, enters the flow through the trace identity.`,
      data: { header: ['$l$', '$N$', '$\\lambda$'], rows: doc.spectrum.slice(0, 12).map((s) => [`$${s.l}$`, `$${s.multiplicity}$`, mathNum(s.lambda, 6)]) },
    });
    blocks.push(
      {
        kind: 'paragraph',
        text:
          `Integrating out the shells $l > L$ leaves the kept modes with the renormalized ridge (the integrated modes act as noise of ` +
          `variance $\\sum_{l>L} N\\lambda_l$, ${sphere ? 'constant on the sphere by the addition theorem' : 'averaged over the inputs'}); shell $L$ is integrated out while $n\\lambda_L/\\sigma_c^2(L-1) < ${num(doc.threshold)}$:`,
      },
      {
        kind: 'equation',
        latex: '\\sigma_c^2(L) = \\sigma^2 + \\sum_{l > L} N(d,l)\\, \\lambda_l,\\qquad \\mathcal{L}_l = \\frac{n\\lambda_l}{\\sigma_c^2(L^*) + n\\lambda_l}',
      },
    );
    const steps = [...doc.flow].reverse();
    blocks.push({
      kind: 'figure',
      svg: await linePlotSvg({
        title: 'Ridge flow',
        xLabel: 'highest kept degree L',
        yLabel: 'renormalized ridge',
        yLog: true,
        xIntegerTicks: true,
        series: [
          { name: 'sigma_c^2(L)', x: steps.map((s) => s.L), y: steps.map((s) => s.sigma2), style: 'both' },
          { name: 'bare sigma^2', x: [0, steps.length - 1], y: [doc.ridge, doc.ridge] },
          ...(doc.cutoff >= 0 ? [{ name: `cutoff L* = ${doc.cutoff}`, x: [doc.cutoff], y: [doc.sigma2], style: 'points' as const }] : []),
        ],
      }),
      caption:
        doc.cutoff >= 0
          ? `The flow stops at $L^* = ${doc.cutoff}$ with $\\sigma_c^2 = ${num(doc.sigma2)}$ (bare $${num(doc.ridge)}$); eigenlearning's ` +
            `$n\\kappa = ${num(doc.n * doc.kappa)}$ (self-consistent: $\\sum_k \\lambda_k/(\\lambda_k+\\kappa) + \\sigma^2/\\kappa = n$).`
          : `Every shell is integrated out: nothing is learnable.`,
    });
    const rows = doc.learnability;
    const measured = rows.filter((r) => r.measured !== null);
    blocks.push({
      kind: 'figure',
      svg: await linePlotSvg({
        title: 'Learnabilities',
        xLabel: sphere ? 'degree l' : 'degree k',
        yLabel: 'learnability',
        xIntegerTicks: true,
        series: [
          { name: 'flow', x: rows.map((r) => r.l), y: rows.map((r) => r.flow), style: 'both' },
          { name: 'eigenlearning', x: rows.map((r) => r.l), y: rows.map((r) => r.eigenlearning), style: 'both' },
          { name: 'bare ridge', x: rows.map((r) => r.l), y: rows.map((r) => r.bare), style: 'both' },
          ...(measured.length
            ? [{ name: 'GP regression', x: measured.map((r) => r.l), y: measured.map((r) => r.measured!), yErr: measured.map((r) => r.stderr!) }]
            : []),
        ],
      }),
      caption:
        'Learnabilities predicted by the flow, by eigenlearning and by the bare ridge, and measured by GP regression (mean and standard ' +
        'error over the data sets).',
    });
    blocks.push({
      kind: 'table',
      caption: `Learnabilities of the degrees (target: ${doc.target.map((t) => `degree ${t.degree} with weight ${num(t.weight)}`).join(', ')}) and the test error`,
      header: ['$l$', '$N$', 'flow', 'eigenlearning', 'bare', 'measured'],
      align: ['r', 'r', 'r', 'r', 'r', 'r'],
      rows: [
        ...rows.map((r) => [`$${r.l}$`, `$${r.multiplicity}$`, mathNum(r.flow, 4), mathNum(r.eigenlearning, 4), mathNum(r.bare, 4), pm(r.measured, r.stderr)]),
        [
          'test error',
          '',
          opt(doc.test_error.flow),
          opt(doc.test_error.eigenlearning),
          opt(doc.test_error.bare),
          pm(doc.test_error.measured, doc.test_error.stderr),
        ],
      ],
    });
    const inv = doc.invariance;
    if (inv.kept_change !== null) {
      blocks.push({
        kind: 'paragraph',
        text: `RG invariance: solving the theory truncated at $L$ (ridge $\\sigma_c^2(L)$) by eigenlearning, $\\kappa$ moves by at most $${num(100 * inv.kept_change, 3)}\\%$ for $L \\ge L^*$${inv.broken_change !== null ? ` and by $${num(100 * inv.broken_change, 3)}\\%$ once the learnable shell $${doc.cutoff}$ is integrated out too` : ''}.`,
      });
    }
    const w = doc.regression?.wilsonian;
    if (doc.regression && w) {
      blocks.push({
        kind: 'paragraph',
        text: `GP regression on ${doc.regression.datasets} data sets (${doc.regression.test_points} test points each). The Wilsonian theory itself, GP regression with the kernel truncated to $l \\le ${w.cutoff}$ and the ${sphere ? `ridge $\\sigma_c^2 = ${num(w.sigma2)}$` : `input-dependent noise $\\sigma^2 + c(x)$ (mean $${num(w.sigma2)}$)`} on the same data sets, gives ${w.learnability.map((x) => `$\\mathcal{L}_{${x.l}} = ${num(x.measured, 4)} \\pm ${num(x.stderr, 2)}$ (minus the full GP's: $${num(x.difference, 3)} \\pm ${num(x.difference_stderr, 2)}$)`).join(', ')}.`,
      });
    }
    for (const note of doc.notes) blocks.push({ kind: 'notice', level: 'warning', text: plain(note) });
  });
}

export const gpRgSection: ReportSection = { id: 'gp-rg', title: 'Wilsonian RG of GP regression', shown: (theory) => theory.data !== null, build };
