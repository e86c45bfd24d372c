import { flowOfTheory } from '../../solve/index.js';
import type { Block } from '../document.js';
import { mathNum, num, plain } from '../document.js';
import type { ReportContext, ReportSection } from '../context.js';
import { attempt } from '../context.js';
import { linePlotSvg } from '../plot.js';
import { couplingLatex } from './betas.js';

/**
 * The RG flow of the theory (solve/): the field theory's own truncation, or for a network the passive
 * NN-QFT flow (Wetterich-Litim phi^6 from m^2 = m0^2 = 2 sigma_w^2/d_in), over flow.from..flow.to.
 */
async function build(ctx: ReportContext, blocks: Block[]): Promise<void> {
  ctx.progress('flow');
  await attempt(ctx, 'Flow integration', blocks, async () => {
    const r = flowOfTheory(ctx.theory);
    const f = r.flow;
    const what =
      r.mode === 'passive'
        ? `Passive RG (network fixed, data scale varied): the Wetterich LPA flow with the Litim regulator, truncated at $\\phi^{${r.order}}$, starting at the kernel's mass $m^2 = m_0^2 = 2\\sigma_w^2/d_{\\mathrm{in}}$.`
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

export const flowsSection: ReportSection = { id: 'flows', title: 'Flows', build };
