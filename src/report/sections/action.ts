import type { Block } from '../document.js';
import type { ReportContext, ReportSection } from '../context.js';

/** The regulator's definition (the one-line form used in docs/derive.md and docs/conventions.md). */
function regulatorLatex(regulator: string): string {
  switch (regulator) {
    case 'litim': return 'R_k(p) = (k^2 - p^2)\\,\\theta(k^2 - p^2)';
    case 'exponential': return 'R_k(p) = \\frac{p^2}{e^{p^2/k^2} - 1}';
    default: return '\\Gamma_k^{(2)}(p) + R_k(p) = k^2\\, e^{p^2/k^2}\\quad\\text{(GaussNet propagator } K_k(p) = e^{-p^2/k^2}/k^2,\\; k^2 = 2\\sigma_w^2/d_{\\mathrm{in}})';
  }
}

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
      { kind: 'paragraph', text: 'At finite width the output distribution is no longer Gaussian. Its deviations are written as interactions of an effective action whose free part is the inverse GP kernel:' },
      { kind: 'equation', latex: 'S[f] = \\frac{1}{2}\\int d^{d}x\\, d^{d}y\\; f(x)\\, K^{-1}(x,y)\\, f(y) + \\frac{u_4}{4!}\\int d^{d}x\\, f(x)^4 + \\frac{u_6}{6!}\\int d^{d}x\\, f(x)^6 + \\dots' },
      { kind: 'paragraph', text: 'To leading order the quartic coupling is read off the connected 4-point function ($K_W = K - \\sigma_b^2$, $G_0$ the Wick sum of $K$):' },
      { kind: 'equation', latex: 'u_4(x_1,\\dots,x_4) = -\\frac{\\Delta G^{(4)}(x_1,\\dots,x_4)}{\\int d^{d}x\\, \\prod_{i=1}^{4} K_W(x, x_i)},\\qquad \\Delta G^{(n)} = G^{(n)} - G_0^{(n)},\\quad m_n = \\frac{\\Delta G^{(n)}}{G_0^{(n)}} = O(1/N)' },
    );
  }
  const N = ft.components;
  blocks.push(
    { kind: 'paragraph', text: `Local potential approximation (LPA) in $d = ${ft.dimension}$ for an $O(${N})$-symmetric field, with the potential truncated at $\\phi^{${ft.truncation}}$ and expanded around ${ft.expand === 'zero' ? '$\\phi = 0$' : 'its running minimum $\\kappa$'}:` },
    { kind: 'equation', latex: `\\Gamma_k[\\phi] = \\int d^{d}x\\,\\Big[\\tfrac{1}{2}\\,\\phi\\cdot P(-\\partial^2)\\,\\phi + U_k(\\phi)\\Big],\\qquad P(p) = ${t.network ? '\\text{from } K(p)' : 'p^2'}` },
    { kind: 'equation', label: 'truncation', latex: potentialLatex(ft.expand, ft.truncation) },
  );
  if (ft.scheme === 'wetterich') {
    blocks.push(
      { kind: 'paragraph', text: `Wetterich equation in the LPA ($t = \\ln k$), regulator ${ft.regulator}:` },
      { kind: 'equation', latex: '\\partial_t U_k(\\rho) = \\frac{1}{2}\\int \\frac{d^{d}p}{(2\\pi)^{d}}\\; \\partial_t R_k(p)\\left[\\frac{N-1}{P(p) + R_k(p) + U_k\'(\\rho)} + \\frac{1}{P(p) + R_k(p) + U_k\'(\\rho) + 2\\rho\\, U_k\'\'(\\rho)}\\right]' },
      { kind: 'equation', label: 'regulator', latex: regulatorLatex(ft.regulator) },
    );
  } else {
    blocks.push(
      { kind: 'paragraph', text: 'Polchinski equation in the LPA (dimensionless $v$, normalization absorbed in $\\phi$ and $v$):' },
      { kind: 'equation', latex: "\\partial_t v = -d\\, v + \\frac{d-2}{2}\\,\\phi\\, v' - v'' + (v')^2" },
      { kind: 'notice', level: 'warning', text: 'Polchinski polynomial truncations converge badly with the order (the equation is related to Wetterich-Litim by a Legendre transform, with the same exponents, but its truncated series are not).' },
    );
  }
}

export const actionSection: ReportSection = { id: 'action', title: 'Action and truncation', build };
