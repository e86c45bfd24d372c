import { type RegulatedDocument, regulated } from '../../regulated/index.js';
import { flowOfTheory } from '../../solve/index.js';
import type { Block } from '../document.js';
import { mathNum, num, plain } from '../document.js';
import type { ReportContext, ReportSection } from '../context.js';
import { attempt } from '../context.js';
import { linePlotSvg } from '../plot.js';
import { deviationPlotSpec, vertexPlotSpec } from '../regulated-plots.js';
import { couplingLatex } from './betas.js';

/**
 * For a network (one hidden layer): the Wetterich flow on its regulated ensemble (regulated/): the exact vertices
 * of the ensemble weighted by exp(-k^2 f^2/2) at the theory's first point and moderate width, against the phi^4,
 * phi^6, phi^8 truncations flowed down from k_UV and up from k = 0. Otherwise the RG flow of the field theory's own
 * truncation (solve/), over flow.from..flow.to.
 */
async function build(ctx: ReportContext, blocks: Block[]): Promise<void> {
  if (ctx.theory.network?.depth === 1) return regulatedFlows(ctx, blocks);
  ctx.progress('flow');
  await attempt(ctx, 'Flow integration', blocks, async () => {
    const r = flowOfTheory(ctx.theory);
    const f = r.flow;
    const what =
      r.mode === 'passive'
        ? `Passive RG (network fixed, data scale varied): the Wetterich LPA flow with the Litim regulator, truncated at ` +
          `$\\phi^{${r.order}}$, starting at the kernel's mass $m^2 = m_0^2 = 2\\sigma_w^2/d_{\\mathrm{in}}$.`
        : `The flow of the theory's truncation ($\\phi^{${r.order}}$, ${r.scheme}, regulator ${r.regulator}).`;
    const start = Object.entries(r.initial)
      .filter(([, v]) => v !== 0)
      .map(([k, v]) => `$${couplingLatex(k)} = ${num(v, 6)}$`);
    blocks.push({
      kind: 'paragraph',
      text: `${what} $\\partial_t g_i = \\beta_i(g)$ with $t = ${r.variable === 'ln k' ? '\\ln k' : '\\ln \\sigma_w'}$ from $${num(f.from)}$ to $${num(f.to)}$; initial couplings ${start.length ? `${start.join(', ')}, the others 0` : 'all 0 (set flow.couplings in the theory file)'}. ${r.normalization ? `Normalization: ${plain(r.normalization)}.` : ''}`,
    });
    for (const w of r.warnings) blocks.push({ kind: 'notice', level: 'warning', text: plain(w) });
    if (f.stop.reason !== 'completed')
      blocks.push({ kind: 'notice', level: 'warning', text: `The flow stopped at $t = ${num(f.stop.t)}$ (${f.stop.reason}): ${plain(f.stop.message)}.` });
    const end = f.g[f.g.length - 1]!;
    blocks.push({
      kind: 'table',
      caption: `Couplings at the start and at the end ($t = ${num(f.t[f.t.length - 1]!)}$) of the flow`,
      header: ['coupling', `$t = ${num(f.from)}$`, 'end'],
      align: ['l', 'r', 'r'],
      rows: f.couplings.map((c, i) => [`$${couplingLatex(c)}$`, mathNum(f.g[0]![i]!, 6), mathNum(end[i]!, 6)]),
    });
    blocks.push({
      kind: 'figure',
      svg: await linePlotSvg({
        title: 'RG flow of the couplings',
        xLabel: `t = ${r.variable}`,
        yLabel: 'coupling (symmetric log scale)',
        ySymlog: true,
        series: f.couplings.map((c, i) => ({ name: c, x: f.t, y: f.g.map((g) => g[i]!) })),
      }),
      caption: `The couplings along the flow (${f.stats.accepted} accepted steps, ${f.stats.rejected} rejected).`,
    });
  });
}

async function regulatedFlows(ctx: ReportContext, blocks: Block[]): Promise<void> {
  const width = ctx.theory.ensemble.width ?? 10;
  ctx.progress(`regulated flows (width ${width}, exact vertices)`);
  const doc = await attempt(ctx, 'Regulated flows', blocks, () => regulated(ctx.theory, { width, sampling: false }));
  if (!doc) return;
  blocks.push({
    kind: 'paragraph',
    text:
      `The flow the Wetterich equation predicts is that of the regulated ensemble: the networks weighted by $e^{-k^2 f^2/2}$ (a mass ` +
      `regulator $R_k = k^2$) at the input point $x = ${num(Number(doc.points[0]))}$, width $N = ${width}$. ` +
      `For it $\\partial_t \\Gamma_k = \\tfrac12 \\mathrm{Tr}\\,[\\partial_t R_k (\\Gamma_k^{(2)} + R_k)^{-1}]$ holds exactly: the ` +
      `zero-dimensional LPA $\\partial_t U_k = k^2/(k^2 + U_k'')$, whose Taylor coefficients at $\\phi = 0$ are the 1PI vertices $\\Gamma^{(2n)}$. ` +
      `The measured vertices are exact (${plain(doc.method.accuracy)}). The truncations at $\\phi^4$, $\\phi^6$, $\\phi^8$ (the next vertex ` +
      `set to 0) are flowed down from $k_{\\mathrm{UV}} = ${num(doc.kUV)}$ ($k_{\\mathrm{UV}}^2 = 100/K(x,x)$) with the exact vertices there, and up from $k = 0$ with the exact finite-width vertices of the unregulated network ($\\Gamma^{(2)} = K^{-1}$, $\\Gamma^{(4)}$, ... from its connected functions).`,
  });
  for (const s of doc.stops)
    blocks.push({
      kind: 'notice',
      level: 'warning',
      text: plain(`The phi^${s.order} truncation flowing ${s.direction} stopped: ${s.message}.`),
    });
  blocks.push({
    kind: 'table',
    caption: 'Verdicts: the largest deviation of the flowed vertices from the exact ones over the $k$ grid (relative)',
    header: ['truncation', 'direction', 'verdict', 'detail'],
    align: ['l', 'l', 'l', 'l'],
    rows: doc.verdicts.map((v) => [v.order === 'all' ? 'all orders' : `$\\phi^{${v.order}}$`, v.direction, v.status, plain(v.detail)]),
  });
  for (const n of ['2', '4', '6'] as const) {
    if (!doc.measured[n]) continue;
    blocks.push({
      kind: 'figure',
      svg: await linePlotSvg(vertexPlotSpec(doc, n)),
      caption: `$\\Gamma^{(${n})}$ against $k$: exact (points) and the truncated flows (lines; $k = 0$ is off the log axis, the flows up start there).`,
      data: vertexTable(doc, n),
    });
  }
  blocks.push({
    kind: 'figure',
    svg: await linePlotSvg(deviationPlotSpec(doc)),
    caption:
      'Relative deviation of the flowed $\\Gamma^{(2)}$ and $\\Gamma^{(4)}$ from the exact ones: the truncations converge where the curves fall with the order.',
  });
}

/** The vertex's values at each k (for the LaTeX version, which has no SVG). */
function vertexTable(doc: RegulatedDocument, n: '2' | '4' | '6'): { header: string[]; rows: string[][] } {
  const flows = doc.orders.flatMap((o) => (['down', 'up'] as const).map((d) => ({ o, d, s: doc.flows[o]?.[d]?.[n] })));
  const cell = (v: number | null | undefined) => (v === null || v === undefined ? '--' : mathNum(v, 6));
  return {
    header: ['$k$', 'exact', ...flows.map((f) => `$\\phi^{${f.o}}$ ${f.d}`)],
    rows: doc.k.map((k, i) => [mathNum(k, 4), cell(doc.measured[n][i]![0]!.value), ...flows.map((f) => (f.s ? cell(f.s[i]![0]!.value) : '--'))]),
  };
}

export const flowsSection: ReportSection = { id: 'flows', title: 'Flows', build };
