import { derive, deriveOptions } from '../../flow/index.js';
import { SCHEMES } from '../../schemes/index.js';
import { plain, type Block } from '../document.js';
import type { ReportContext, ReportSection } from '../context.js';
import { attempt } from '../context.js';
import { breakEquation } from '../latex-lines.js';

/** LaTeX name of a coupling as `nnrg derive` names it: m2 -> m^2, u4 -> u_4, l2 -> lambda_2, kappa. */
export function couplingLatex(name: string): string {
  if (name === 'm2') return 'm^2';
  if (name === 'kappa') return '\\kappa';
  const m = /^([a-z]+)(\d+)$/.exec(name);
  if (!m) return `\\mathrm{${name}}`;
  return `${m[1] === 'l' ? '\\lambda' : m[1]}_{${m[2]}}`;
}

/** The derived beta functions (flow/), one equation per coupling, and the derivation's warnings. */
async function build(ctx: ReportContext, blocks: Block[]): Promise<void> {
  ctx.progress('beta functions');
  const derivation = await attempt(ctx, 'Derivation of the beta functions (nnrg derive)', blocks, () => derive(deriveOptions(ctx.theory)));
  if (!derivation) return;
  const o = derivation.options;
  blocks.push({
    kind: 'paragraph',
    text:
      `${SCHEMES[o.scheme].label} LPA, regulator ${o.regulator}, truncation $\\phi^{${o.order}}$, expanded around ` +
      `${o.expand === 'zero' ? '$\\phi = 0$' : 'the running minimum'}; ${o.dimensionless ? 'dimensionless' : 'dimensionful'} couplings, $\\partial_t ` +
      `= k\\,\\partial_k$, with $d$ and $N$ kept symbolic (here $d = ${o.d}$, $N = ${o.N}$). Field normalization: ${plain(derivation.normalization)}.`,
  });
  for (const name of derivation.couplings) {
    const b = derivation.betas[name];
    if (!b) continue;
    blocks.push({ kind: 'equation', label: `$\\beta_{${couplingLatex(name)}}$`, latex: breakEquation(`\\partial_t ${couplingLatex(name)}`, b.latex) });
  }
  for (const w of derivation.warnings) blocks.push({ kind: 'notice', level: 'warning', text: plain(w) });
  if (derivation.largeN) {
    blocks.push(
      { kind: 'paragraph', text: 'Leading order in $1/N$ (active RG: data fixed, $\\sigma_w$ varied; couplings of the field normalized to $K_k$):' },
      { kind: 'equation', latex: derivation.largeN.latex },
    );
  }
}

export const betasSection: ReportSection = { id: 'betas', title: 'Beta functions', build };
