import type { Poly, Q, Ring } from '../symbolic/index.js';

/**
 * Compiles exact polynomials into numeric closures by code generation (new Function): every monomial
 * becomes coefficient * cached powers, so a beta/Jacobian call is a few hundred flops, no allocation
 * beyond the result arrays.
 *
 * Ring variables are of four kinds: couplings (read from g), exact parameters (substituted as
 * rationals before compiling), numeric constants (folded into the coefficients) and derived
 * variables (a JS expression of the couplings, e.g. L = 1/(1 + m2), or a threshold function value).
 */
export interface DerivedVar {
  name: string;
  /** JS expression; may use the couplings by name (c_<name>) and the earlier derived variables (v_<name>). */
  expr: string;
  /** d var / d coupling, as polynomials in the ring (absent = 0). */
  d: Record<string, Poly>;
}

export interface CompileInput {
  ring: Ring;
  couplings: string[];
  polys: Poly[];
  exact: Record<string, Q>;
  numeric: Record<string, number>;
  derived: DerivedVar[];
  /** Extra bindings passed to the generated code (e.g. threshold evaluators), by name. */
  env: Record<string, unknown>;
  /** Statements run first, e.g. "const T = th(c_m2);". */
  preamble: string[];
}

/** Substitutes the exact parameters (rationals) into each polynomial. */
export function substituteExact(polys: Poly[], exact: Record<string, Q>): Poly[] {
  return polys.map((p) => {
    let out = p;
    for (const [name, q] of Object.entries(exact)) if (p.ring.has(name)) out = out.subst(name, p.ring.const(q));
    return out;
  });
}

/** Exact total derivatives d p / d coupling, following the chain rule through the derived variables. */
export function totalDerivative(p: Poly, coupling: string, derived: DerivedVar[]): Poly {
  let out = p.diff(coupling);
  for (const v of derived) {
    const dv = v.d[coupling];
    if (!dv || p.degreeIn(v.name) === 0) continue;
    out = out.add(p.diff(v.name).mul(dv));
  }
  return out;
}

/** A closure g -> [p_0(g), p_1(g), ...]. */
export function compilePolys(input: CompileInput): (g: number[]) => number[] {
  const { ring, couplings, polys, numeric, derived, env, preamble } = input;
  const jsName = (i: number): string => {
    const v = ring.vars[i]!;
    return couplings.includes(v) ? `c_${v}` : `v_${v}`;
  };
  const maxPow = new Array<number>(ring.n).fill(0);
  for (const p of polys)
    for (const t of p.terms.values())
      t.e.forEach((e, i) => {
        if (e > maxPow[i]!) maxPow[i] = e;
      });
  const numericIdx = new Map<number, number>();
  for (const [name, value] of Object.entries(numeric)) if (ring.has(name)) numericIdx.set(ring.indexOf(name), value);
  const lines: string[] = [];
  couplings.forEach((c, i) => lines.push(`const c_${c} = g[${i}];`));
  lines.push(...preamble);
  const derivedNames = new Set(derived.map((v) => v.name));
  for (const v of derived) lines.push(`const v_${v.name} = ${v.expr};`);
  for (let i = 0; i < ring.n; i++) {
    if (numericIdx.has(i)) continue;
    const name = ring.vars[i]!;
    if (maxPow[i]! > 0 && !couplings.includes(name) && !derivedNames.has(name)) {
      throw new Error(`compile: variable ${name} has no value`);
    }
    const x = jsName(i);
    for (let e = 2; e <= maxPow[i]!; e++) lines.push(`const ${x}_${e} = ${e === 2 ? x : `${x}_${e - 1}`} * ${x};`);
  }
  const exprs = polys.map((p) => {
    const parts: string[] = [];
    for (const t of p.terms.values()) {
      let c = t.c.toNumber();
      const factors: string[] = [];
      t.e.forEach((e, i) => {
        if (e === 0) return;
        const num = numericIdx.get(i);
        if (num !== undefined) c *= num ** e;
        else factors.push(e === 1 ? jsName(i) : `${jsName(i)}_${e}`);
      });
      if (c === 0) return;
      parts.push(factors.length ? `${fmtNum(c)} * ${factors.join(' * ')}` : fmtNum(c));
    }
    return parts.length ? parts.join(' + ') : '0';
  });
  lines.push(`return [${exprs.join(',\n')}];`);
  const names = Object.keys(env);
  const factory = new Function(...names, `return function (g) {\n${lines.join('\n')}\n};`) as (...a: unknown[]) => (g: number[]) => number[];
  return factory(...names.map((n) => env[n]));
}

function fmtNum(x: number): string {
  const s = x.toPrecision(17);
  return x < 0 ? `(${s})` : s;
}
