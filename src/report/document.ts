/**
 * The report's content, independent of its output format: html.ts renders it as one
 * self-contained HTML page (KaTeX), tex.ts as a standalone amsmath LaTeX document.
 *
 * Text ("inline markup") is plain text with LaTeX math between `$...$` (a literal dollar is `\$`).
 */
export type Inline = string;

export type Block =
  | { kind: 'paragraph'; text: Inline }
  /** A display equation; `label` is shown beside it (e.g. the coupling whose beta function it is). */
  | { kind: 'equation'; latex: string; label?: Inline }
  | { kind: 'table'; caption?: Inline; header: Inline[]; rows: Inline[][]; align?: ('l' | 'r' | 'c')[] }
  /** An SVG figure; in LaTeX (no SVG there) its caption and, if given, its data as a table. */
  | { kind: 'figure'; svg: string; caption: Inline; data?: { header: Inline[]; rows: Inline[][] } }
  /** A visible notice: a warning or a failed computation. */
  | { kind: 'notice'; level: 'warning' | 'error'; text: Inline }
  | { kind: 'list'; items: Inline[] };

export interface Section {
  /** HTML id and LaTeX label (letters, digits, '-'). */
  id: string;
  title: string;
  blocks: Block[];
}

export interface ReportDocument {
  title: string;
  /** Shown under the title (theory file, date, nnrg version). */
  meta: Inline[];
  sections: Section[];
}

/** Splits inline markup into text and math pieces. An unclosed `$` is an error (it would be silent otherwise). */
export function splitInline(s: Inline): { math: boolean; text: string }[] {
  const out: { math: boolean; text: string }[] = [];
  let cur = '';
  let math = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && s[i + 1] === '$') {
      cur += math ? '\\$' : '$';
      i++;
    } else if (c === '$') {
      if (cur !== '' || math) out.push({ math, text: cur });
      cur = '';
      math = !math;
    } else cur += c;
  }
  if (math) throw new Error(`unclosed $ in report text: ${JSON.stringify(s)}`);
  if (cur !== '') out.push({ math: false, text: cur });
  return out;
}

/** A number for tables and text: `digits` significant digits, exponent form outside [1e-3, 1e5). */
export function num(x: number, digits = 5): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e5) return String(Number(x.toPrecision(digits)));
  const [m, e] = x.toExponential(digits - 1).split('e');
  return `${String(Number(m))}\\times 10^{${Number(e)}}`;
}

/** `num` as inline math (exponent forms need math mode). */
export const mathNum = (x: number, digits = 5): Inline => `$${num(x, digits)}$`;

/** Text from elsewhere (a stage's message, a file name) as inline markup: its dollars are literal. */
export const plain = (s: string): Inline => s.replace(/\$/g, '\\$');
