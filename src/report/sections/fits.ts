import { activeRgExponents } from '../../flow/index.js';
import type { Section } from '../document.js';
import { mathNum } from '../document.js';
import type { ReportContext } from '../context.js';
import { unavailable } from '../context.js';
import { linePlotSvg } from '../plot.js';

/** Couplings extracted from the correlators: u4 against the width N and against sigma_w. */
export async function fitsSection(ctx: ReportContext): Promise<Section> {
  const blocks: Section['blocks'] = [];
  const section: Section = { id: 'fits', title: 'Coupling fits', blocks };
  const net = ctx.theory.network;
  if (!net) {
    blocks.push({ kind: 'paragraph', text: 'This theory has no network: there are no couplings to extract from an ensemble.' });
    return section;
  }
  const e = activeRgExponents(net.d_in, ctx.theory.ensemble.normalization);
  blocks.push(
    { kind: 'paragraph', text: 'Predictions: the couplings vanish as the width grows, and under active RG ($\\sigma_w$ varied at fixed data) they scale with the exponents of the leading large-$N$ flow:' },
    { kind: 'equation', latex: `u_4 \\propto \\frac{1}{N},\\qquad u_4 \\propto \\sigma_w^{${e.u4}},\\quad u_6 \\propto \\sigma_w^{${e.u6}}\\quad \\text{(${ctx.theory.ensemble.normalization === 'kk' ? 'field normalized to $K_k$' : 'physical field normalization'})}` },
  );
  const withU4 = ctx.samples.filter((s) => s.doc.couplings?.u4 && Number.isFinite(s.doc.couplings.u4.mean)).sort((a, b) => a.doc.width - b.doc.width);
  if (withU4.length > 0) {
    blocks.push({
      kind: 'table', caption: '$u_4$ from the correlator files (mean over point multisets)', header: ['width $N$', 'normalization', '$u_4$', 'std. error', '$N\\,u_4$'],
      align: ['r', 'l', 'r', 'r', 'r'],
      rows: withU4.map(({ doc }) => [
        `$${doc.width}$`, doc.couplings!.normalization, mathNum(doc.couplings!.u4.mean), mathNum(doc.couplings!.u4.stderr, 2), mathNum(doc.width * doc.couplings!.u4.mean),
      ]),
    });
    if (withU4.length >= 2) {
      const N = withU4.map((s) => s.doc.width);
      const u = withU4.map((s) => Math.abs(s.doc.couplings!.u4.mean));
      const err = withU4.map((s) => s.doc.couplings!.u4.stderr);
      // Reference line of the predicted slope -1 through the widest network (no fit: fit/ does that).
      const last = withU4.length - 1;
      blocks.push({
        kind: 'figure',
        svg: await linePlotSvg({
          title: '|u4| against the width', xLabel: 'N', yLabel: '|u4|', xLog: true, yLog: true,
          series: [
            { name: '|u4| (files)', x: N, y: u, yErr: err, style: 'points' },
            { name: 'slope -1 through the widest N', x: [N[0]!, N[last]!], y: [(u[last]! * N[last]!) / N[0]!, u[last]!], style: 'line' },
          ],
        }),
        caption: '$|u_4|$ against $N$ (log-log) with one-standard-error bars, and the predicted $1/N$ slope drawn through the widest network.',
      });
    }
  }
  blocks.push(unavailable(ctx, 'Power-law and 1/N fits of u4, u6 (fit stage)'));
  return section;
}
