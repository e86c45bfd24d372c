import { REGULATORS } from '../../regulators/index.js';
import { SCHEMES } from '../../schemes/index.js';
import type { Block } from '../document.js';
import type { ReportContext, ReportSection } from '../context.js';

/** The truncated potential in the theory's expansion, with its couplings named as `nnrg derive` names them. */
export function potentialLatex(expand: 'zero' | 'minimum', order: number): string {
  if (expand === 'zero') {
    const terms = [];
    for (let n = 4; n <= order; n += 2) terms.push(`\\frac{u_{${n}}}{${n}!}\\,\\phi^{${n}}`);
    return `U_k(\\phi) = \\frac{m^2}{2}\\,\\phi^2 + ${terms.join(' + ')}`;
  }
  const terms = [];
  for (let n = 2; n <= order / 2; n++) terms.push(`\\frac{\\lambda_{${n}}}{${n}!}\\,(\\rho - \\kappa)^{${n}}`);
  return `U_k(\\rho) = ${terms.join(' + ')},\\qquad \\rho = \\tfrac{1}{2}\\,\\phi\\cdot\\phi`;
}

/** The action and its truncation: free part from the kernel, polynomial potential, the flow equation used. */
async function build(ctx: ReportContext, blocks: Block[]): Promise<void> {
  const t = ctx.theory;
  const ft = t.field_theory;
  if (t.network) {
    blocks.push(
      {
        kind: 'paragraph',
        text:
          'At finite width the output distribution is no longer Gaussian. Its deviations are written as interactions of an effective action whose ' +
          'free part is the inverse GP kernel:',
      },
      {
        kind: 'equation',
        latex:
          'S[f] = \\frac{1}{2}\\int d^{d}x\\, d^{d}y\\; f(x)\\, K^{-1}(x,y)\\, f(y) + \\frac{u_4}{4!}\\int d^{d}x\\, f(x)^4 + \\frac{u_6}{6!}\\int ' +
          'd^{d}x\\, f(x)^6 + \\dots',
      },
      {
        kind: 'paragraph',
        text: 'To leading order the quartic coupling is read off the connected 4-point function ($K_W = K - \\sigma_b^2$, $G_0$ the Wick sum of $K$):',
      },
      {
        kind: 'equation',
        latex:
          'u_4(x_1,\\dots,x_4) = -\\frac{\\Delta G^{(4)}(x_1,\\dots,x_4)}{\\int d^{d}x\\, \\prod_{i=1}^{4} K_W(x, x_i)},\\qquad \\Delta G^{(n)} = ' +
          'G^{(n)} - G_0^{(n)},\\quad m_n = \\frac{\\Delta G^{(n)}}{G_0^{(n)}} = O(1/N)',
      },
    );
  }
  const N = ft.components;
  blocks.push(
    {
      kind: 'paragraph',
      text:
        `Local potential approximation (LPA) in $d = ${ft.dimension}$ for an $O(${N})$-symmetric field, with the potential truncated at ` +
        `$\\phi^{${ft.truncation}}$ and expanded around ${ft.expand === 'zero' ? '$\\phi = 0$' : 'its running minimum $\\kappa$'}:`,
    },
    {
      kind: 'equation',
      latex:
        `\\Gamma_k[\\phi] = \\int d^{d}x\\,\\Big[\\tfrac{1}{2}\\,\\phi\\cdot P(-\\partial^2)\\,\\phi + U_k(\\phi)\\Big],\\qquad P(p) = ` +
        `${t.network ? '\\text{from } K(p)' : 'p^2'}`,
    },
    { kind: 'equation', label: 'truncation', latex: potentialLatex(ft.expand, ft.truncation) },
  );
  const scheme = SCHEMES[ft.scheme];
  const regulator = scheme.thresholds ? `, regulator ${ft.regulator}` : '';
  blocks.push(
    { kind: 'paragraph', text: `${scheme.label} equation in the LPA ${scheme.report.note}${regulator}:` },
    { kind: 'equation', latex: scheme.report.equation },
  );
  if (scheme.thresholds) blocks.push({ kind: 'equation', label: 'regulator', latex: REGULATORS[ft.regulator].definition });
  if (scheme.report.notice) blocks.push({ kind: 'notice', level: 'warning', text: scheme.report.notice });
}

export const actionSection: ReportSection = { id: 'action', title: 'Action and truncation', build };
