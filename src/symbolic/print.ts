import { Q } from './rational.js';
import type { Poly, Term } from './poly.js';

/** How one variable prints. A `denominator` variable v stands for 1/(its text): v^3 prints as /(...)^3. */
export interface SymbolStyle {
  text: string;
  latex: string;
  denominator?: boolean;
  /** Already bracketed or atomic (no parentheses needed around it when raised to a power). */
  atomic?: boolean;
}

export interface PrintStyle {
  symbols: Record<string, SymbolStyle>;
  /** Variables collected into each term's coefficient (e.g. d and N), printed as (d - 3). */
  params: string[];
}

export interface Printed {
  text: string;
  latex: string;
}

/**
 * Prints an exact polynomial as text (nerdamer/plain syntax: *, ^, /) and KaTeX-compatible LaTeX.
 * Terms are grouped by their non-parameter monomial; each group's coefficient (a polynomial in the
 * parameters) has its rational content pulled out, so 2d - 6 prints as 2*(d - 3).
 */
export function printPoly(p: Poly, style: PrintStyle): Printed {
  const ring = p.ring;
  const isParam = ring.vars.map((v) => style.params.includes(v));
  const groups = new Map<string, { mono: number[]; coeff: Term[] }>();
  for (const t of p.terms.values()) {
    const mono = t.e.map((e, i) => (isParam[i] ? 0 : e));
    const pe = t.e.map((e, i) => (isParam[i] ? e : 0));
    const k = mono.join(',');
    const g = groups.get(k) ?? { mono, coeff: [] };
    g.coeff.push({ e: pe, c: t.c });
    groups.set(k, g);
  }
  const numDeg = (m: number[]) => m.reduce((s, e, i) => s + (style.symbols[ring.vars[i]!]?.denominator ? 0 : e), 0);
  const sorted = [...groups.values()].sort((a, b) => numDeg(a.mono) - numDeg(b.mono) || cmpExps(b.mono, a.mono));
  if (sorted.length === 0) return { text: '0', latex: '0' };
  const texts: string[] = [];
  const latexes: string[] = [];
  sorted.forEach((g, idx) => {
    const { content, rest } = extractContent(g.coeff);
    const sign = content.sign();
    const num = content.abs().n;
    const den = content.abs().d;
    const paramPart = rest.length === 1 && rest[0]!.e.every((e) => e === 0) ? null : printParamPoly(rest, ring.vars);
    const numT: string[] = [];
    const numL: string[] = [];
    const denT: string[] = [];
    const denL: string[] = [];
    if (num !== 1n) {
      numT.push(num.toString());
      numL.push(num.toString());
    }
    if (paramPart) {
      numT.push(`(${paramPart.text})`);
      numL.push(`(${paramPart.latex})`);
    }
    if (den !== 1n) {
      denT.push(den.toString());
      denL.push(den.toString());
    }
    g.mono.forEach((e, i) => {
      if (e === 0) return;
      const s = style.symbols[ring.vars[i]!] ?? { text: ring.vars[i]!, latex: ring.vars[i]! };
      const t = e === 1 ? s.text : `${s.atomic === false ? `(${s.text})` : s.text}^${e}`;
      const l = e === 1 ? s.latex : `${s.atomic === false ? `\\left(${s.latex}\\right)` : wrapLatexBase(s.latex)}^{${e}}`;
      if (s.denominator) {
        denT.push(t);
        denL.push(l);
      } else {
        numT.push(t);
        numL.push(l);
      }
    });
    let text = numT.length ? numT.join('*') : '1';
    if (denT.length === 1) text += `/${denT[0]}`;
    else if (denT.length > 1) text += `/(${denT.join('*')})`;
    const numLatex = numL.length ? numL.join('\\,') : '1';
    const latex = denL.length ? `\\frac{${numLatex}}{${denL.join('\\,')}}` : numLatex;
    if (idx === 0) {
      texts.push(sign < 0 ? `-${text}` : text);
      latexes.push(sign < 0 ? `-${latex}` : latex);
    } else {
      texts.push(sign < 0 ? ` - ${text}` : ` + ${text}`);
      latexes.push(sign < 0 ? ` - ${latex}` : ` + ${latex}`);
    }
  });
  return { text: texts.join(''), latex: latexes.join('') };
}

function wrapLatexBase(l: string): string {
  // x_4^{2} is fine in KaTeX, but a base with a superscript already (m^2) needs braces.
  return l.includes('^') ? `{${l}}` : l;
}

function cmpExps(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** content * rest = terms, rest with coprime integer coefficients and a positive leading one. */
function extractContent(terms: Term[]): { content: Q; rest: Term[] } {
  const sorted = [...terms].sort((a, b) => cmpExps(b.e, a.e));
  let gNum = 0n;
  let lDen = 1n;
  for (const t of sorted) {
    gNum = gcd(gNum, t.c.n < 0n ? -t.c.n : t.c.n);
    lDen = (lDen * t.c.d) / gcd(lDen, t.c.d);
  }
  let content = Q.of(gNum, lDen);
  if (sorted[0]!.c.sign() < 0) content = content.neg();
  return { content, rest: sorted.map((t) => ({ e: t.e, c: t.c.div(content) })) };
}

function printParamPoly(terms: Term[], vars: readonly string[]): Printed {
  const t: string[] = [];
  const l: string[] = [];
  terms.forEach((term, idx) => {
    const mono = term.e.map((e, i) => (e === 0 ? '' : e === 1 ? vars[i]! : `${vars[i]!}^${e}`)).filter(Boolean);
    const a = term.c.abs();
    const coefT = a.isOne() && mono.length ? '' : a.toString();
    const coefL = a.isOne() && mono.length ? '' : a.isInteger() ? a.toString() : `\\tfrac{${a.n}}{${a.d}}`;
    const bodyT = [coefT, ...mono].filter(Boolean).join('*');
    const bodyL = [coefL, ...mono.map((m) => m.replace(/\^(\d+)/, '^{$1}'))].filter(Boolean).join(' ');
    const neg = term.c.sign() < 0;
    t.push(idx === 0 ? (neg ? `-${bodyT}` : bodyT) : `${neg ? ' - ' : ' + '}${bodyT}`);
    l.push(idx === 0 ? (neg ? `-${bodyL}` : bodyL) : `${neg ? ' - ' : ' + '}${bodyL}`);
  });
  return { text: t.join(''), latex: l.join('') };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
