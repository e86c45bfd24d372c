import { Q, type Poly, type PrintStyle, type SymbolStyle, printPoly } from '../symbolic/index.js';
import { InputError, type Theory } from '../theory/index.js';
import { compilePolys, substituteExact, totalDerivative, type DerivedVar } from './compile.js';
import type { DeriveOptions, Derivation } from './index.js';
import { activeRgExponents } from './large-n.js';
import { deriveLpa } from './lpa.js';
import { REGULATORS, cd, thresholdEvaluator } from './regulators.js';
import type { BetaSystem } from './types.js';

/** The derivation options of a theory (its field_theory section; the network for NN-QFT theories). */
export function deriveOptions(theory: Theory): DeriveOptions {
  const ft = theory.field_theory;
  const opts: DeriveOptions = {
    scheme: ft.scheme, regulator: ft.regulator, expand: ft.expand,
    d: ft.dimension, N: ft.components, order: ft.truncation, dimensionless: !ft.dimensionful,
  };
  if (theory.network) opts.network = { activation: theory.network.activation, d_in: theory.network.d_in, d_out: theory.network.d_out };
  return opts;
}

const bad = (key: string, expected: string, got: unknown) => new InputError('derive', key, expected, undefined, JSON.stringify(got));

function check(o: DeriveOptions): void {
  if (!Number.isInteger(o.order) || o.order < 2 || o.order % 2) throw bad('field_theory.truncation', 'an even order 2n >= 2', o.order);
  if (o.expand === 'minimum' && o.order < 4) throw bad('field_theory.truncation', 'an even order >= 4 for the expansion around the minimum (kappa, l2, ...)', o.order);
  if (!(o.d > 0) || !Number.isFinite(o.d)) throw bad('field_theory.dimension', 'a dimension d > 0', o.d);
  if (!Number.isInteger(o.N) || o.N < 1) throw bad('field_theory.components', 'a number of components N >= 1', o.N);
  if (o.scheme === 'polchinski' && !o.dimensionless) {
    throw bad('field_theory.dimensionful', 'false for the Polchinski scheme (its LPA form has the normalization absorbed in dimensionless phi and v)', true);
  }
  if (!['wetterich', 'polchinski'].includes(o.scheme)) throw bad('field_theory.scheme', 'wetterich or polchinski', o.scheme);
  if (!['litim', 'exponential', 'kernel'].includes(o.regulator)) throw bad('field_theory.regulator', 'litim, exponential or kernel', o.regulator);
  if (!['zero', 'minimum'].includes(o.expand)) throw bad('field_theory.expand', 'zero or minimum', o.expand);
}

/** Exact symbolic betas (d, N symbolic) for the options, with the Litim threshold functions substituted. */
export function symbolicBetas(o: DeriveOptions) {
  const litim = o.scheme === 'wetterich' && o.regulator === 'litim';
  const extraVars = litim ? (o.expand === 'zero' ? ['c_d', 'L'] : ['c_d', 'LR', 'LG']) : [];
  const sym = deriveLpa({ scheme: o.scheme, expand: o.expand, order: o.order, dimensionless: o.dimensionless, goldstone: true, extraVars });
  let betas = sym.betas;
  if (litim) {
    // l_m(w) = c_d/(1 + w)^(m+1): L = 1/(1 + m2); at the minimum LR = 1/(1 + 2 kappa l2), LG = 1/(1 + 0).
    const r = sym.ring;
    const subs: [string, Poly][] = [];
    for (let m = 1; m <= sym.maxThreshold + 1; m++) {
      if (o.expand === 'zero') subs.push([`l${m}_`, r.v('c_d').mul(r.v('L', m + 1))]);
      else subs.push([`lR${m}`, r.v('c_d').mul(r.v('LR', m + 1))], [`lG${m}`, r.v('c_d').mul(r.v('LG', m + 1))]);
    }
    betas = betas.map((b) => subs.reduce((p, [name, v]) => (p.degreeIn(name) ? p.subst(name, v) : p), b));
  }
  return { ...sym, betas, litim };
}

const exactNumber = (x: number): Q => {
  // Doubles are dyadic rationals: x = m / 2^k exactly.
  if (Number.isInteger(x)) return Q.int(BigInt(x));
  let k = 0n;
  let m = x;
  while (!Number.isInteger(m)) { m *= 2; k++; }
  return Q.of(BigInt(m), 2n ** k);
};

export function derive(opts: DeriveOptions): Derivation {
  check(opts);
  const o = opts;
  const n = o.order / 2;
  const sym = symbolicBetas(o);
  const { ring, couplings } = sym;
  const warnings: string[] = [];

  // Printing.
  const dimful = !o.dimensionless;
  const symbols: Record<string, SymbolStyle> = {};
  for (const c of couplings) symbols[c] = couplingStyle(c);
  const arg = o.expand === 'zero' ? { text: 'm2', latex: 'm^2' } : { text: '2*kappa*l2', latex: '2\\kappa\\lambda_{2}' };
  for (let m = 1; m <= n + 1; m++) {
    const thr = (a: { text: string; latex: string }): SymbolStyle => dimful
      ? { text: `k^(d-${2 * m})*l_${m}(${a.text}/k^2)`, latex: `k^{d-${2 * m}}\\,\\ell_{${m}}(${a.latex}/k^2)`, atomic: false }
      : { text: `l_${m}(${a.text})`, latex: `\\ell_{${m}}(${a.latex})` };
    symbols[`l${m}_`] = thr(arg);
    symbols[`lR${m}`] = thr(arg);
    symbols[`lG${m}`] = thr({ text: '0', latex: '0' });
  }
  symbols.c_d = dimful ? { text: 'c_d*k^(d+2)', latex: 'c_d\\,k^{d+2}', atomic: false } : { text: 'c_d', latex: 'c_d' };
  symbols.L = dimful ? { text: '(k^2 + m2)', latex: '(k^2+m^2)', denominator: true } : { text: '(1 + m2)', latex: '(1+m^2)', denominator: true };
  symbols.LR = dimful ? { text: '(k^2 + 2*kappa*l2)', latex: '(k^2+2\\kappa\\lambda_{2})', denominator: true } : { text: '(1 + 2*kappa*l2)', latex: '(1+2\\kappa\\lambda_{2})', denominator: true };
  symbols.LG = { text: 'k^2', latex: 'k^2', denominator: true };
  symbols.il2 = { text: 'l2', latex: '\\lambda_{2}', denominator: true };
  const style: PrintStyle = { symbols, params: ['d', 'N'] };
  let printable = sym.betas;
  if (sym.litim && o.dimensionless && o.expand === 'minimum') printable = substituteExact(printable, { LG: Q.ONE });
  const betas: Derivation['betas'] = {};
  couplings.forEach((c, i) => { betas[c] = printPoly(printable[i]!, style); });

  // Numeric system.
  const system = compileSystem(o, sym.ring, couplings, sym.betas, sym.litim);
  if (dimful) warnings.push('dimensionful form: the numeric beta functions are evaluated at k = 1 (t = 0); use the dimensionless form for fixed points and flows');

  if (o.scheme === 'polchinski') {
    warnings.push(`Polchinski polynomial truncations converge badly with the order: the Taylor series of the Polchinski potential has a finite radius of convergence, so fixed points and exponents of phi^${o.order} can jump, turn complex or vanish as the order grows; compare several orders, or use the Wetterich LPA with the Litim regulator (same exponents, related by a Legendre transform)`);
    if (o.regulator !== 'litim') warnings.push(`the Polchinski LPA equation has its regulator absorbed in the normalization of phi and v: regulator '${o.regulator}' does not change it`);
  }
  let largeN: Derivation['largeN'];
  if (o.network) {
    if (o.network.activation === 'gauss') {
      const e = activeRgExponents(o.network.d_in, 'kk');
      const di = o.network.d_in;
      largeN = {
        text: `leading large-N active RG (GaussNet, K_k field normalization, k^2 = 2 sigma_w^2/d_in, d_in = ${di}): sigma_w du4/dsigma_w = (4 - d_in) u4 = ${e.u4}*u4, sigma_w du6/dsigma_w = (6 - 2 d_in) u6 = ${e.u6}*u6; physical field normalization f = (C k^(4-d_in))^(1/2) phi: exponents ${activeRgExponents(di, 'physical').u4} and ${activeRgExponents(di, 'physical').u6}`,
        latex: `\\sigma_w\\frac{\\partial u_4}{\\partial\\sigma_w} = (4-d_{\\mathrm{in}})\\,u_4 = ${e.u4}\\,u_4,\\qquad \\sigma_w\\frac{\\partial u_6}{\\partial\\sigma_w} = (6-2d_{\\mathrm{in}})\\,u_6 = ${e.u6}\\,u_6`,
        exponents: e,
        normalization: 'kk',
      };
    } else {
      warnings.push(`the leading large-N active-RG statement is derived for GaussNet only (activation '${o.network.activation}' has none here)`);
    }
    if (o.regulator === 'kernel' && o.network.activation !== 'gauss') {
      warnings.push(`regulator 'kernel' uses the GaussNet form P + R_k = k^2 exp(p^2/k^2); activation '${o.network.activation}' has a different kernel`);
    }
  }
  return { options: o, couplings, betas, system, normalization: normalization(o), warnings, ...(largeN ? { largeN } : {}) };
}

function couplingStyle(c: string): SymbolStyle {
  if (c === 'm2') return { text: 'm2', latex: 'm^2' };
  if (c === 'kappa') return { text: 'kappa', latex: '\\kappa' };
  if (c.startsWith('u')) return { text: c, latex: `u_{${c.slice(1)}}` };
  return { text: c, latex: `\\lambda_{${c.slice(1)}}` };
}

function normalization(o: DeriveOptions): string {
  const pot = o.expand === 'zero'
    ? 'V = m2 phi^2/2 + sum_n u_{2n} (phi.phi)^n/(2n)! (phi.phi = 2 rho; for N = 1 the phi^{2n}/(2n)! form)'
    : 'u = sum_n l_n (rho - kappa)^n/n!, rho = phi.phi/2';
  const dims = o.dimensionless
    ? 'dimensionless couplings: v = U/k^d, phi -> phi k^{-(d-2)/2}, t = ln k'
    : 'dimensionful couplings at scale k, t = ln k';
  let field: string;
  if (o.scheme === 'polchinski') field = 'Polchinski LPA: normalization of phi and v absorbed so that d_t v = -d v + (d-2)/2 phi v\' - v\'\' + v\'^2 (O(N): grad^2 v and (grad v)^2)';
  else if (o.regulator === 'kernel') field = 'K_k field normalization (NN-QFT active RG): Gamma_k\'\' + R_k = k^2 exp(p^2/k^2), k^2 = 2 sigma_w^2/d_in; the physical field is f = (C k^{4-d})^{1/2} phi';
  else field = 'standard field normalization: P(p) = p^2, Z = 1 (LPA)';
  return `${field}; ${dims}; ${pot}`;
}

function compileSystem(o: DeriveOptions, ring: import('../symbolic/index.js').Ring, couplings: string[], betasSym: Poly[], litim: boolean): BetaSystem {
  const n = o.order / 2;
  const exact = { d: exactNumber(o.d), N: Q.int(o.N) };
  const numeric: Record<string, number> = { c_d: cd(o.d), LG: 1 };
  const derived: DerivedVar[] = [];
  const env: Record<string, unknown> = {};
  const preamble: string[] = [];
  const r = ring;
  if (o.expand === 'minimum') derived.push({ name: 'il2', expr: '1 / c_l2', d: { l2: r.v('il2', 2).neg() } });
  if (o.scheme === 'wetterich') {
    if (litim) {
      if (o.expand === 'zero') derived.push({ name: 'L', expr: '1 / (1 + c_m2)', d: { m2: r.v('L', 2).neg() } });
      else derived.push({ name: 'LR', expr: '1 / (1 + 2 * c_kappa * c_l2)', d: { kappa: r.v('LR', 2).mul(r.v('l2')).scale(Q.int(-2)), l2: r.v('LR', 2).mul(r.v('kappa')).scale(Q.int(-2)) } });
    } else {
      const th = thresholdEvaluator(REGULATORS[o.regulator], o.d, n + 1);
      env.th = th;
      if (o.expand === 'zero') {
        preamble.push('const T = th(c_m2);');
        for (let m = 1; m <= n + 1; m++) {
          const dv: Record<string, Poly> = m <= n ? { m2: r.v(`l${m + 1}_`, 1, Q.int(-(m + 1))) } : {};
          derived.push({ name: `l${m}_`, expr: `T[${m}]`, d: dv });
        }
      } else {
        preamble.push('const TR = th(2 * c_kappa * c_l2);');
        const t0 = th(0);
        for (let m = 1; m <= n + 1; m++) {
          numeric[`lG${m}`] = t0[m]!;
          const dv: Record<string, Poly> = m <= n
            ? { kappa: r.v(`lR${m + 1}`).mul(r.v('l2')).scale(Q.int(-2 * (m + 1))), l2: r.v(`lR${m + 1}`).mul(r.v('kappa')).scale(Q.int(-2 * (m + 1))) }
            : {};
          derived.push({ name: `lR${m}`, expr: `TR[${m}]`, d: dv });
        }
      }
    }
  }
  const betas = substituteExact(betasSym, exact);
  const jac: Poly[] = [];
  for (const b of betas) for (const c of couplings) jac.push(totalDerivative(b, c, derived));
  const base = { ring, couplings, exact, numeric, derived, env, preamble };
  const betaFn = compilePolys({ ...base, polys: betas });
  const jacFn = compilePolys({ ...base, polys: jac });
  const k = couplings.length;
  const hasGoldstone = o.N > 1;
  const poleDistance = (g: number[]): number => {
    if (o.scheme === 'polchinski') return o.expand === 'zero' ? Infinity : g[1]!;
    if (o.expand === 'zero') return 1 + g[0]!;
    return Math.min(1 + 2 * g[0]! * g[1]!, g[1]!, hasGoldstone ? 1 : Infinity);
  };
  return {
    scheme: o.scheme, regulator: o.regulator, expand: o.expand, d: o.d, N: o.N, order: o.order,
    couplings, dimensionless: o.dimensionless,
    beta: betaFn,
    jacobian: (g) => {
      const flat = jacFn(g);
      const out: number[][] = [];
      for (let i = 0; i < k; i++) out.push(flat.slice(i * k, (i + 1) * k));
      return out;
    },
    poleDistance,
  };
}
