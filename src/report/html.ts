import type { Block, Inline, ReportDocument } from './document.js';
import { splitInline } from './document.js';
import { katexCss, renderMath } from './katex.js';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Inline markup to HTML: text escaped, `$...$` rendered by KaTeX. */
export function inlineHtml(s: Inline): string {
  return splitInline(s)
    .map((p) => (p.math ? renderMath(p.text, false) : escapeHtml(p.text)))
    .join('');
}

const STYLE = `
body { font-family: Georgia, 'Times New Roman', serif; max-width: 62rem; margin: 2rem auto; padding: 0 1.2rem; color: #1a1a1a; line-height: 1.5; }
h1 { font-size: 1.7rem; margin-bottom: 0.2rem; } h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.2rem; margin-top: 2.4rem; }
.meta { color: #555; margin: 0.1rem 0; }
nav ol { columns: 2; color: #333; } nav a { color: #1f4e8c; text-decoration: none; }
.equation { display: flex; align-items: center; gap: 1rem; overflow-x: auto; overflow-y: hidden; }
.equation .label { min-width: 4.5rem; color: #555; text-align: right; }
.equation .katex-display { flex: 1; margin: 0.6rem 0; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.95rem; }
caption { caption-side: top; text-align: left; color: #444; padding-bottom: 0.3rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.2rem 0.7rem; } th { border-bottom: 2px solid #999; }
td.r { text-align: right; } td.c { text-align: center; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; } figcaption { color: #444; font-size: 0.95rem; }
.notice { border-left: 4px solid; padding: 0.4rem 0.8rem; margin: 0.8rem 0; }
.notice.warning { border-color: #d9a400; background: #fff8e0; }
.notice.error { border-color: #c0392b; background: #fdecea; }
`;

function blockHtml(b: Block): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p>${inlineHtml(b.text)}</p>`;
    case 'equation':
      return `<div class="equation">${b.label !== undefined ? `<span class="label">${inlineHtml(b.label)}</span>` : ''}${renderMath(b.latex, true)}</div>`;
    case 'table': {
      const cls = (i: number) => (b.align?.[i] && b.align[i] !== 'l' ? ` class="${b.align[i]}"` : '');
      const head = `<tr>${b.header.map((h) => `<th>${inlineHtml(h)}</th>`).join('')}</tr>`;
      const rows = b.rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${inlineHtml(c)}</td>`).join('')}</tr>`).join('\n');
      return `<table>${b.caption !== undefined ? `<caption>${inlineHtml(b.caption)}</caption>` : ''}<thead>${head}</thead><tbody>\n${rows}\n</tbody></table>`;
    }
    case 'figure':
      return `<figure>${b.svg}<figcaption>${inlineHtml(b.caption)}</figcaption></figure>`;
    case 'notice': {
      const lead = { warning: 'Warning', error: 'Failed' }[b.level];
      return `<div class="notice ${b.level}"><strong>${lead}:</strong> ${inlineHtml(b.text)}</div>`;
    }
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${inlineHtml(i)}</li>`).join('')}</ul>`;
  }
}

/**
 * One self-contained HTML page: KaTeX's CSS with inlined fonts, equations pre-rendered, SVG figures
 * inline. No script, no external URL: it opens offline and survives being mailed.
 */
export function renderHtml(doc: ReportDocument): string {
  const toc = doc.sections.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`).join('');
  const body = doc.sections.map((s) => `<section id="${s.id}">\n<h2>${escapeHtml(s.title)}</h2>\n${s.blocks.map(blockHtml).join('\n')}\n</section>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.title)}</title>
<style>${katexCss()}</style>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(doc.title)}</h1>
${doc.meta.map((m) => `<p class="meta">${inlineHtml(m)}</p>`).join('\n')}
<nav><ol>${toc}</ol></nav>
${body}
</body>
</html>
`;
}
