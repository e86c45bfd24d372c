/**
 * Breaks a long display equation `lhs = rhs` into lines at the top-level + and - of its right side
 * (never inside braces or \left...\right), as an `aligned` block that KaTeX and amsmath both read.
 * Beta functions run to hundreds of terms; one line would overflow the page in HTML and in the PDF.
 */

/** The line break inserted between terms (tests strip it to recover the original right side). */
export const LINE_BREAK = ' \\\\ &\\quad ';

/** Rough printed width of a LaTeX fragment in characters: a command counts as one glyph, a fraction as its wider part. */
export function printedWidth(s: string): number {
  let t = s;
  // Innermost fractions first: \frac{a}{b} is as wide as the wider of a and b.
  for (let guard = 0; guard < 100 && /\\[dt]?frac\{[^{}]*\}\{[^{}]*\}/.test(t); guard++) {
    t = t.replace(/\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}/g, (_m, a: string, b: string) => (a.length >= b.length ? a : b));
  }
  return t
    .replace(/\\(left|right|big|Big)\b/g, '')
    .replace(/\\[,;:! ]/g, '')
    .replace(/\\[a-zA-Z]+/g, 'x')
    .replace(/[{}\s]/g, '')
    .replace(/[_^]./g, '').length;
}

/** Indices of the top-level binary + and - in `s`. */
function topLevelOperators(s: string): number[] {
  const out: number[] = [];
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\') {
      const m = /^\\([a-zA-Z]+)/.exec(s.slice(i));
      if (m) {
        if (m[1] === 'left') depth++;
        else if (m[1] === 'right') depth--;
        i += m[0].length - 1;
      } else i++; // an escaped character such as \{ or \,
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if ((c === '+' || c === '-') && depth === 0) {
      const before = s.slice(0, i).trimEnd();
      if (before !== '' && !/[([{=,^_&]$/.test(before)) out.push(i);
    }
  }
  return out;
}

/** `lhs = rhs`, broken into lines of about `budget` printed characters when it is longer. */
export function breakEquation(lhs: string, rhs: string, budget = 70): string {
  if (printedWidth(rhs) + printedWidth(lhs) <= budget) return `${lhs} = ${rhs}`;
  const cuts = topLevelOperators(rhs);
  const lines: string[] = [];
  let start = 0;
  let last = 0;
  for (const cut of [...cuts, rhs.length]) {
    // Keep adding terms while the current line fits; break before the term that does not.
    if (printedWidth(rhs.slice(start, cut)) > budget && last > start) {
      lines.push(rhs.slice(start, last).trim());
      start = last;
    }
    last = cut;
  }
  lines.push(rhs.slice(start).trim());
  if (lines.length === 1) return `${lhs} = ${rhs}`;
  return `\\begin{aligned}${lhs} &= ${lines.join(LINE_BREAK)}\\end{aligned}`;
}

/** Splits a formula at the top-level occurrences of `sep` (outside braces and \left...\right). */
export function splitTopLevel(latex: string, sep: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < latex.length; i++) {
    const c = latex[i]!;
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === '\\') {
      const m = /^\\([a-zA-Z]+)/.exec(latex.slice(i));
      if (m?.[1] === 'left') depth++;
      else if (m?.[1] === 'right') depth--;
    }
    if (depth !== 0) continue;
    const m = new RegExp(`^(?:${sep.source})`).exec(latex.slice(i));
    if (m && m[0].length > 0) {
      parts.push(latex.slice(start, i).trim());
      start = i + m[0].length;
      i = start - 1;
    }
  }
  parts.push(latex.slice(start).trim());
  return parts.filter((p) => p !== '');
}

/** A formula too wide for one line shown as several: split at its top-level `,\quad` (the stages' separator of statements). */
export function gatherLong(latex: string, budget = 70): string {
  if (printedWidth(latex) <= budget) return latex;
  const parts = splitTopLevel(latex, /,\s*\\q?quad\s*/);
  return parts.length > 1 ? `\\begin{gathered}${parts.join(',\\\\ ')}\\end{gathered}` : latex;
}
