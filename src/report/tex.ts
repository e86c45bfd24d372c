import type { Block, Inline, ReportDocument } from './document.js';
import { splitInline } from './document.js';
import { printedWidth } from './latex-lines.js';

/** Characters pdflatex reads without extra packages (the report's text is mostly ASCII). */
const UNICODE: Record<string, string> = {
  '–': '--',
  '—': '---',
  '×': '$\\times$',
  '±': '$\\pm$',
  '≈': '$\\approx$',
  '≤': '$\\le$',
  '≥': '$\\ge$',
  '→': '$\\to$',
  '·': '$\\cdot$',
  '≠': '$\\ne$',
  '²': '$^2$',
  '³': '$^3$',
  '∞': '$\\infty$',
  '√': '$\\surd$',
  α: '$\\alpha$',
  β: '$\\beta$',
  γ: '$\\gamma$',
  κ: '$\\kappa$',
  λ: '$\\lambda$',
  μ: '$\\mu$',
  ν: '$\\nu$',
  ω: '$\\omega$',
  φ: '$\\phi$',
  ρ: '$\\rho$',
  σ: '$\\sigma$',
  θ: '$\\theta$',
  χ: '$\\chi$',
  Γ: '$\\Gamma$',
  Δ: '$\\Delta$',
  '’': "'",
  '‘': '`',
  '“': '``',
  '”': "''",
  '…': '\\dots{}',
  ' ': '~',
};

export function escapeTex(s: string): string {
  return (
    s
      .replace(
        /[\\{}$&#^_%~]/g,
        (c) =>
          ({
            '\\': '\\textbackslash{}',
            '{': '\\{',
            '}': '\\}',
            $: '\\$',
            '&': '\\&',
            '#': '\\#',
            '^': '\\textasciicircum{}',
            _: '\\_',
            '%': '\\%',
            '~': '\\textasciitilde{}',
          })[c]!,
      )
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the class is 'not ASCII', written by its code points
      .replace(/[^\x00-\x7f]/g, (c) => UNICODE[c] ?? '?')
  );
}

export function inlineTex(s: Inline): string {
  return splitInline(s)
    .map((p) => (p.math ? `$${p.text}$` : escapeTex(p.text)))
    .join('');
}

/** Printed characters per line of the page (10pt article, 6.5in text width), roughly. */
const LINE_CHARS = 100;

/**
 * A tabular that fits the page: when the columns' printed widths add up to more than a line, the
 * wide text columns become paragraph columns (p{...}) sharing what the narrow ones leave.
 */
function tabular(header: Inline[], rows: Inline[][], align?: ('l' | 'r' | 'c')[]): string {
  const width = header.map((_, i) => Math.max(...[header, ...rows].map((r) => printedWidth(r[i] ?? ''))));
  const total = width.reduce((a, b) => a + b + 2, 0);
  const wide = (i: number) => (align?.[i] ?? 'l') === 'l' && width[i]! > 16;
  const narrow = width.reduce((a, w, i) => a + (wide(i) ? 0 : w + 2), 0);
  const wideTotal = width.reduce((a, w, i) => a + (wide(i) ? w : 0), 0);
  const room = Math.max(0.2, (LINE_CHARS - narrow) / LINE_CHARS);
  const cols = header
    .map((_, i) => {
      if (total <= LINE_CHARS || !wide(i)) return align?.[i] ?? 'l';
      return `p{${(((room * width[i]!) / wideTotal) * 0.95).toFixed(3)}\\linewidth}`;
    })
    .join('');
  const line = (cells: Inline[]) => `${cells.map(inlineTex).join(' & ')} \\\\`;
  const size = header.length > 7 ? '\\footnotesize\n' : header.length > 5 || total > LINE_CHARS ? '\\small\n' : '';
  return [`${size}\\begin{tabular}{${cols}}`, '\\hline', line(header), '\\hline', ...rows.map(line), '\\hline', '\\end{tabular}'].join('\n');
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
      const lead = { warning: 'Warning', error: 'Failed' }[b.level];
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
