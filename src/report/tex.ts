import type { Block, Inline, ReportDocument } from './document.js';
import { splitInline } from './document.js';

/** Characters pdflatex reads without extra packages (the report's text is mostly ASCII). */
const UNICODE: Record<string, string> = {
  '–': '--', '—': '---', '×': '$\\times$', '±': '$\\pm$', '≈': '$\\approx$', '≤': '$\\le$', '≥': '$\\ge$',
  '→': '$\\to$', '·': '$\\cdot$', '≠': '$\\ne$', '²': '$^2$', '³': '$^3$', '∞': '$\\infty$', '√': '$\\surd$',
  'α': '$\\alpha$', 'β': '$\\beta$', 'γ': '$\\gamma$', 'κ': '$\\kappa$', 'λ': '$\\lambda$', 'μ': '$\\mu$', 'ν': '$\\nu$',
  'ω': '$\\omega$', 'φ': '$\\phi$', 'ρ': '$\\rho$', 'σ': '$\\sigma$', 'θ': '$\\theta$', 'χ': '$\\chi$', 'Γ': '$\\Gamma$', 'Δ': '$\\Delta$', '’': "'", '‘': '`', '“': '``', '”': "''", '…': '\\dots{}', ' ': '~',
};

export function escapeTex(s: string): string {
  return s
    .replace(/[\\{}$&#^_%~]/g, (c) => ({
      '\\': '\\textbackslash{}', '{': '\\{', '}': '\\}', $: '\\$', '&': '\\&', '#': '\\#',
      '^': '\\textasciicircum{}', _: '\\_', '%': '\\%', '~': '\\textasciitilde{}',
    })[c]!)
    .replace(/[^\x00-\x7f]/g, (c) => UNICODE[c] ?? '?');
}

export function inlineTex(s: Inline): string {
  return splitInline(s).map((p) => (p.math ? `$${p.text}$` : escapeTex(p.text))).join('');
}

function tabular(header: Inline[], rows: Inline[][], align?: ('l' | 'r' | 'c')[]): string {
  const cols = header.map((_, i) => align?.[i] ?? 'l').join('');
  const line = (cells: Inline[]) => `${cells.map(inlineTex).join(' & ')} \\\\`;
  return [`\\begin{tabular}{${cols}}`, '\\hline', line(header), '\\hline', ...rows.map(line), '\\hline', '\\end{tabular}'].join('\n');
}

function blockTex(b: Block): string {
  switch (b.kind) {
    case 'paragraph':
      return `${inlineTex(b.text)}\n`;
    case 'equation':
      return `\\begin{equation*}\n${b.latex}${b.label !== undefined ? `\n\\tag*{${inlineTex(b.label)}}` : ''}\n\\end{equation*}\n`;
    case 'table':
      return `\\begin{center}\n${b.caption !== undefined ? `${inlineTex(b.caption)}\\\\[4pt]\n` : ''}${tabular(b.header, b.rows, b.align)}\n\\end{center}\n`;
    case 'figure': {
      const data = b.data ? `\n\\begin{center}\n${tabular(b.data.header, b.data.rows)}\n\\end{center}` : '';
      return `\\paragraph{Figure.} ${inlineTex(b.caption)} (The plot is in the HTML report${b.data ? '; its data follow' : ''}.)${data}\n`;
    }
    case 'notice': {
      const lead = { unavailable: 'Not available in this version', warning: 'Warning', error: 'Failed' }[b.level];
      return `\\begin{quote}\n\\textbf{${lead}:} ${inlineTex(b.text)}\n\\end{quote}\n`;
    }
    case 'list':
      return `\\begin{itemize}\n${b.items.map((i) => `\\item ${inlineTex(i)}`).join('\n')}\n\\end{itemize}\n`;
  }
}

/**
 * A standalone LaTeX document (article, amsmath, amssymb only: both are in every TeX installation)
 * with the report's equations and tables. Figures are SVG in the HTML; here they appear as captions
 * with their data.
 */
export function renderTex(doc: ReportDocument): string {
  const body = doc.sections.map((s) => `\\section{${escapeTex(s.title)}}\\label{sec:${s.id}}\n\n${s.blocks.map(blockTex).join('\n')}`).join('\n');
  return `\\documentclass[10pt]{article}
\\usepackage{amsmath}
\\usepackage{amssymb}
\\setlength{\\textwidth}{6.5in}
\\setlength{\\oddsidemargin}{0in}
\\setlength{\\evensidemargin}{0in}
\\setlength{\\textheight}{9in}
\\setlength{\\topmargin}{-0.5in}
\\allowdisplaybreaks
\\begin{document}
\\begin{center}
{\\Large\\bfseries ${escapeTex(doc.title)}}\\\\[6pt]
${doc.meta.map(inlineTex).join('\\\\\n')}
\\end{center}

${body}
\\end{document}
`;
}
