import { activation } from '../../activations/index.js';
import { plain, type Block } from '../document.js';
import type { ReportContext, ReportSection } from '../context.js';

const pt = (p: number[]) => (p.length === 1 ? `$${p[0]}$` : `$(${p.join(', ')})$`);

/** Architecture and parameters: what the theory file says, with every default filled in. */
async function build(ctx: ReportContext, blocks: Block[]): Promise<void> {
  const t = ctx.theory;
  const net = t.network;
  if (net) {
    const act = activation(net.activation);
    const bias = act.hiddenBias === 'uniform-phase' ? 'b^{(0)}_j \\sim \\mathcal{U}[-\\pi,\\pi]' : 'b^{(0)}_j \\sim \\mathcal{N}(0,\\sigma_b^2)';
    blocks.push(
      {
        kind: 'paragraph',
        text:
          `A fully connected network with ${net.depth} hidden layer${net.depth > 1 ? 's' : ''} of width $N$, input dimension $d_{\\mathrm{in}} = ` +
          `${net.d_in}$ and ${net.d_out} output${net.d_out > 1 ? 's' : ''}. With one hidden layer:`,
      },
      { kind: 'equation', latex: `f(x) = \\sum_{j=1}^{N} W^{(1)}_j\\, g\\big(W^{(0)}_j \\cdot x + b^{(0)}_j\\big) + b^{(1)}` },
      {
        kind: 'equation',
        latex:
          `W^{(0)} \\sim \\mathcal{N}\\big(0, \\tfrac{\\sigma_w^2}{d_{\\mathrm{in}}}\\big),\\; W^{(1)} \\sim \\mathcal{N}\\big(0, ` +
          `\\tfrac{\\sigma_w^2}{N}\\big),\\; ${bias},\\; b^{(1)} \\sim \\mathcal{N}(0,\\sigma_b^2)`,
      },
      { kind: 'equation', label: 'activation', latex: `g(z) = ${act.formula.latex}${/V/.test(act.formula.latex) ? ',\\quad V = \\operatorname{Var} z' : ''}` },
    );
    blocks.push({
      kind: 'table',
      caption: 'Network',
      header: ['parameter', 'value'],
      rows: [
        ['activation', plain(net.activation)],
        ['depth (hidden layers)', `$${net.depth}$`],
        ['$d_{\\mathrm{in}}$', `$${net.d_in}$`],
        ['$d_{\\mathrm{out}}$', `$${net.d_out}$`],
        ['$\\sigma_w$', `$${net.sigma_w}$`],
        ['$\\sigma_b$', `$${net.sigma_b}$`],
        ['widths $N$', net.widths.join(', ')],
      ],
    });
  } else {
    blocks.push({ kind: 'paragraph', text: 'A scalar field theory (no network section): the free part of the action is the standard kinetic term $p^2$.' });
  }
  const ft = t.field_theory;
  blocks.push({
    kind: 'table',
    caption: 'Field theory',
    header: ['parameter', 'value'],
    rows: [
      ['dimension $d$', `$${ft.dimension}$`],
      ['components $N_c$ of the $O(N_c)$ field', `$${ft.components}$`],
      ['truncation (highest power of $\\phi$)', `$\\phi^{${ft.truncation}}$`],
      ['scheme', ft.scheme],
      ['regulator', ft.regulator],
      ['expansion point', ft.expand === 'zero' ? '$\\phi = 0$' : 'running minimum $\\kappa$'],
      ['couplings', ft.dimensionful ? 'dimensionful' : 'dimensionless'],
    ],
  });
  if (net) {
    const e = t.ensemble;
    blocks.push({
      kind: 'table',
      caption: 'Ensemble',
      header: ['parameter', 'value'],
      rows: [
        ['input points', e.points.map(pt).join(', ')],
        ['networks per bag', `$${e.nets}$`],
        ['bags', `$${e.bags}$`],
        ['seed', `$${e.seed}$`],
        ['coupling normalization', e.normalization],
        ...(t.scan.sigma_w ? [['$\\sigma_w$ scan', t.scan.sigma_w.join(', ')]] : []),
      ],
    });
  }
}

export const theorySection: ReportSection = { id: 'theory', title: 'Theory', build };
