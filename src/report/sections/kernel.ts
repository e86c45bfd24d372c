import { networkKernel } from '../../kernel/index.js';
import type { Block } from '../document.js';
import { mathNum, num } from '../document.js';
import type { ReportContext, ReportSection } from '../context.js';
import { attempt } from '../context.js';
import { gatherLong } from '../latex-lines.js';
import { linePlotSvg } from '../plot.js';

const grid = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));

/** The infinite-width GP kernel: formulas (position, momentum space), K on the points, plots. */
async function build(ctx: ReportContext, blocks: Block[]): Promise<void> {
  const net = ctx.theory.network;
  if (!net) {
    blocks.push({ kind: 'paragraph', text: 'This theory has no network, hence no GP kernel: the propagator is $1/p^2$.' });
    return;
  }
  ctx.progress('kernel');
  await attempt(ctx, 'GP kernel', blocks, async () => {
    const kernel = networkKernel(net);
    blocks.push(
      {
        kind: 'paragraph',
        text:
          `As $N \\to \\infty$ the network output is a Gaussian process, $G^{(2)}(x,y) = K(x,y)$ ` +
          `${kernel.closedForm ? '(closed form)' : '(evaluated by Gaussian quadrature)'}:`,
      },
      { kind: 'equation', latex: gatherLong(kernel.formula.latex) },
    );
    const points = ctx.theory.ensemble.points;
    const K = kernel.matrix(points);
    const label = (p: number[]) => (p.length === 1 ? `$${p[0]}$` : `$(${p.join(',')})$`);
    blocks.push({
      kind: 'table',
      caption: '$K(x_i, x_j)$ on the ensemble points',
      header: ['$x_i \\backslash x_j$', ...points.map(label)],
      rows: K.map((row, i) => [label(points[i]!), ...row.map((v) => mathNum(v, 8))]),
      align: ['l', ...points.map(() => 'r' as const)],
    });
    // Along the first input axis: the kernel's correlation length is sqrt(d_in)/sigma_w.
    const L = (3 * Math.sqrt(net.d_in)) / net.sigma_w;
    const xs = grid(-L, L, 121);
    const along = (x: number) => [x, ...new Array<number>(net.d_in - 1).fill(0)];
    const refs = kernel.translationInvariant ? [points[0]!.map(() => 0)] : [points[0]!, points[points.length - 1]!];
    const series = refs.map((y) => ({
      name: `K(x, ${y.length === 1 ? y[0] : `(${y.join(',')})`})`,
      x: xs,
      y: xs.map((x) => kernel.value(along(x), y)),
    }));
    blocks.push({
      kind: 'figure',
      svg: await linePlotSvg({ title: 'GP kernel in position space', xLabel: net.d_in === 1 ? 'x' : 'x (along the first input axis)', yLabel: 'K', series }),
      caption: `The kernel along the first input axis, $x \\in [-3\\sqrt{d_{\\mathrm{in}}}/\\sigma_w,\\, 3\\sqrt{d_{\\mathrm{in}}}/\\sigma_w]$.`,
    });
    const m = kernel.momentum;
    if (!m) {
      blocks.push({
        kind: 'paragraph',
        text:
          'Momentum space: the kernel is not translation invariant in closed form (or the network is deeper than one layer), so no momentum-space ' +
          'form is given.',
      });
      return;
    }
    blocks.push(
      {
        kind: 'paragraph',
        text:
          'Momentum space, $K(p) = \\int \\frac{d^dx}{(2\\pi)^d}\\, e^{-ip\\cdot x}\\,\\big(K(x,0) - \\sigma_b^2\\big)$, with $d = ' +
          'd_{\\mathrm{in}}$, and its infrared form, which sets the mass of the free theory:',
      },
      { kind: 'equation', latex: gatherLong(m.latex) },
    );
    const ps = grid(0, (3 * net.sigma_w) / Math.sqrt(net.d_in), 61);
    blocks.push({
      kind: 'figure',
      svg: await linePlotSvg({
        title: 'GP kernel in momentum space',
        xLabel: 'p',
        yLabel: 'K(p)',
        series: [
          { name: 'K(p)', x: ps, y: ps.map((p) => m.value(p)) },
          { name: 'IR form 1/(Z0 (m0^2 + p^2))', x: ps, y: ps.map((p) => 1 / (m.Z0 * (m.m0sq + p * p))) },
        ],
      }),
      caption: `$K(p)$ and its infrared form $Z_0^{-1}/(m_0^2 + p^2)$, $m_0^2 = ${num(m.m0sq, 6)}$, which agree as $p \\to 0$.`,
    });
  });
}

export const kernelSection: ReportSection = { id: 'kernel', title: 'Gaussian-process kernel', build };
