import { networkKernel } from '../../kernel/index.js';
import type { CorrelatorDocument, CorrelatorEntry } from '../../correlators/index.js';
import type { Section } from '../document.js';
import { mathNum } from '../document.js';
import type { ReportContext } from '../context.js';
import { attempt, unavailable } from '../context.js';
import { linePlotSvg, type PlotSeries } from '../plot.js';

const idxLabel = (e: CorrelatorEntry) => e.idx.join('');
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** m_n = (G - G0)/G0 per entry with its error bar, as one plot series. */
function mSeries(name: string, entries: CorrelatorEntry[], withErrors: boolean): PlotSeries {
  return {
    name,
    x: entries.map((_, i) => i),
    y: entries.map((e) => (e.value - e.gp) / e.gp),
    ...(withErrors ? { yErr: entries.map((e) => e.stderr / Math.abs(e.gp)), style: 'points' as const } : { style: 'line' as const }),
  };
}

/** Sampled correlators (from --samples files) against the exact finite-width ones and the GP. */
export async function correlatorsSection(ctx: ReportContext): Promise<Section> {
  const blocks: Section['blocks'] = [];
  const section: Section = { id: 'correlators', title: 'Correlators: sampled and exact', blocks };
  const net = ctx.theory.network;
  if (!net) {
    blocks.push({ kind: 'paragraph', text: 'This theory has no network: there is no ensemble to sample.' });
    return section;
  }
  blocks.push({ kind: 'equation', latex: 'G^{(n)}(x_1,\\dots,x_n) = \\mathbb{E}\\big[f(x_1)\\cdots f(x_n)\\big],\\qquad G_0^{(n)} = \\sum_{\\text{pairings}} \\prod K(x_i,x_j),\\qquad m_n = \\frac{G^{(n)} - G_0^{(n)}}{G_0^{(n)}}' });
  const docs: { file: string; doc: CorrelatorDocument }[] = [...ctx.samples].sort((a, b) => a.doc.width - b.doc.width);
  if (docs.length === 0) {
    blocks.push(unavailable(ctx, 'Sampling the ensemble from the report (no --samples file was given)'));
  }
  blocks.push(unavailable(ctx, 'Exact finite-width correlators (nnrg exact)'));
  if (docs.length === 0) return section;
  ctx.progress('correlators');
  blocks.push({
    kind: 'table', caption: 'Correlator files', header: ['file', 'width $N$', 'networks', '$\\langle m_4 \\rangle$', '$\\langle m_6 \\rangle$'],
    align: ['l', 'r', 'r', 'r', 'r'],
    rows: docs.map(({ file, doc }) => [
      file, `$${doc.width}$`, `$${doc.nets}\\times ${doc.bags}$`,
      mathNum(mean(doc.correlators['4'].map((e) => (e.value - e.gp) / e.gp)), 4),
      mathNum(mean(doc.correlators['6'].map((e) => (e.value - e.gp) / e.gp)), 4),
    ]),
  });
  // G^(2) = K exactly at every width: the sampled 2-point function against the kernel is a check of the samples.
  await attempt(ctx, 'Two-point check against the GP kernel', blocks, async () => {
    const kernel = networkKernel(net);
    const series: PlotSeries[] = docs.map(({ doc }) => {
      const pts = doc.points.map((p) => (Array.isArray(p) ? p : [p]));
      const K = kernel.matrix(pts);
      const two = doc.correlators['2'];
      return {
        name: `N = ${doc.width}`, x: two.map((_, i) => i), style: 'points',
        y: two.map((e) => (e.value - K[e.idx[0]!]![e.idx[1]!]!) / K[e.idx[0]!]![e.idx[1]!]!),
        yErr: two.map((e) => e.stderr / Math.abs(K[e.idx[0]!]![e.idx[1]!]!)),
      };
    });
    const n2 = docs[0]!.doc.correlators['2'].length;
    series.push({ name: 'exact (G2 = K at every N)', x: [0, n2 - 1], y: [0, 0], style: 'line' });
    blocks.push({
      kind: 'figure',
      svg: await linePlotSvg({ title: 'Two-point function: sampled vs GP kernel', xLabel: `entry (multiset of point indices: ${docs[0]!.doc.correlators['2'].map(idxLabel).slice(0, 3).join(', ')}, ...)`, yLabel: '(G2 - K)/K', series }),
      caption: '$(G^{(2)} - K)/K$ for each pair of points, with one-standard-error bars. The exact value is $0$ at every width.',
    });
  });
  for (const order of ['4', '6'] as const) {
    const series = docs.map(({ doc }) => mSeries(`N = ${doc.width}`, doc.correlators[order], true));
    blocks.push({
      kind: 'figure',
      svg: await linePlotSvg({ title: `${order}-point deviation from the GP`, xLabel: `entry (multiset of ${order} point indices, lexicographic)`, yLabel: `m${order}`, series }),
      caption: `$m_{${order}} = \\Delta G^{(${order})}/G_0^{(${order})}$ per multiset of points, sampled, with one-standard-error bars.`,
    });
  }
  return section;
}
