import { Q, type Poly, printPoly } from '../symbolic/index.js';
import { REGULATORS, REGULATOR_NAMES } from '../regulators/index.js';
import { SCHEMES, SCHEME_NAMES } from '../schemes/index.js';
import { InputError, LIMITS, alternatives, type Theory } from '../theory/index.js';
import { substituteExact } from './compile.js';
import { largeNStatement } from './large-n.js';
import { deriveLpa, type SymbolicBetas } from './lpa.js';
import { printStyle } from './style.js';
import { compileSystem } from './system.js';
import type { DeriveOptions, Derivation } from './types.js';

/** The derivation options of a theory (its field_theory section; the network for NN-QFT theories). */
export function deriveOptions(theory: Theory): DeriveOptions {
  const ft = theory.field_theory;
  const opts: DeriveOptions = {
    scheme: ft.scheme,
    regulator: ft.regulator,
    expand: ft.expand,
    d: ft.dimension,
    N: ft.components,
    order: ft.truncation,
    dimensionless: !ft.dimensionful,
  };
  if (theory.network) opts.network = { activation: theory.network.activation, d_in: theory.network.d_in, d_out: theory.network.d_out };
  return opts;
}

const bad = (key: string, expected: string, got: unknown) => new InputError('derive', key, expected, undefined, JSON.stringify(got));

function check(o: DeriveOptions): void {
  if (!Number.isInteger(o.order) || o.order < 2 || o.order % 2) throw bad('field_theory.truncation', 'an even order 2n >= 2', o.order);
  if (o.expand === 'minimum' && o.order < 4)
    throw bad('field_theory.truncation', 'an even order >= 4 for the expansion around the minimum (kappa, l2, ...)', o.order);
  const dmax = LIMITS.dimension;
  if (!(o.d >= 0) || !(o.d <= dmax.max))
    throw bad('field_theory.dimension', `a dimension 0 <= d <= ${dmax.max} (${dmax.why}; d defaults to network.d_in)`, o.d);
  if (o.order > LIMITS.truncation.max) throw bad('field_theory.truncation', `an order <= ${LIMITS.truncation.max} (${LIMITS.truncation.why})`, o.order);
  if (!Number.isInteger(o.N) || o.N < 1) throw bad('field_theory.components', 'a number of components N >= 1', o.N);
  // The library takes options unchecked by the theory schema.
  if (!SCHEME_NAMES.includes(o.scheme)) throw bad('field_theory.scheme', alternatives(SCHEME_NAMES), o.scheme);
  const scheme = SCHEMES[o.scheme];
  if (!scheme.thresholds && !o.dimensionless) {
    const why = 'its LPA form has the normalization absorbed in dimensionless phi and v';
    throw bad('field_theory.dimensionful', `false for the ${scheme.label} scheme (${why})`, true);
  }
  if (!REGULATOR_NAMES.includes(o.regulator)) throw bad('field_theory.regulator', alternatives(REGULATOR_NAMES), o.regulator);
  if (!['zero', 'minimum'].includes(o.expand)) throw bad('field_theory.expand', 'zero or minimum', o.expand);
  // d = 0 has no momentum integral: every regulator is R_k = k^2 there, and that one regulates nothing in d > 0.
  const zeroDim = REGULATOR_NAMES.filter((r) => REGULATORS[r].zeroDimensional);
  if (scheme.thresholds && o.d === 0 && !REGULATORS[o.regulator].zeroDimensional)
    throw bad('field_theory.regulator', `${alternatives(zeroDim)} at dimension 0 (no momentum integral: every regulator is R_k = k^2 there)`, o.regulator);
  if (scheme.thresholds && o.d > 0 && REGULATORS[o.regulator].zeroDimensional)
    throw bad('field_theory.dimension', `0 for the ${o.regulator} regulator (R_k = k^2 leaves the momentum integrals of d > 0 unregulated)`, o.d);
}

/** Exact symbolic betas (d, N symbolic) for the options, with the Litim threshold functions substituted. */
export function symbolicBetas(o: DeriveOptions): SymbolicBetas & { litim: boolean } {
  const litim = SCHEMES[o.scheme].thresholds && REGULATORS[o.regulator].closedForm;
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

export function derive(opts: DeriveOptions): Derivation {
  check(opts);
  const o = opts;
  const sym = symbolicBetas(o);
  const { couplings } = sym;
  const warnings: string[] = [];

  const dimful = !o.dimensionless;
  const style = printStyle(o, couplings);
  let printable = sym.betas;
  if (sym.litim && o.dimensionless && o.expand === 'minimum') printable = substituteExact(printable, { LG: Q.ONE });
  // Zero-dimensional regulator: d = 0 and c_0 = 1 are numbers, not parameters (dimensionful: c_d k^(d+2) prints as k^2).
  if (sym.litim && REGULATORS[o.regulator].zeroDimensional) printable = substituteExact(printable, o.dimensionless ? { d: Q.ZERO, c_d: Q.ONE } : { d: Q.ZERO });
  const betas: Derivation['betas'] = {};
  couplings.forEach((c, i) => {
    betas[c] = printPoly(printable[i]!, style);
  });

  // Numeric system.
  const system = compileSystem(o, sym.ring, couplings, sym.betas, sym.litim);
  if (dimful)
    warnings.push('dimensionful form: the numeric beta functions are evaluated at k = 1 (t = 0); use the dimensionless form for fixed points and flows');

  const scheme = SCHEMES[o.scheme];
  if (scheme.warning) warnings.push(scheme.warning(o.order));
  if (!scheme.thresholds && o.regulator !== 'litim') {
    const absorbed = 'has its regulator absorbed in the normalization of phi and v';
    warnings.push(`the ${scheme.label} LPA equation ${absorbed}: regulator '${o.regulator}' does not change it`);
  }
  let largeN: Derivation['largeN'];
  if (o.network) {
    largeN = largeNStatement(o.network.activation, o.network.d_in);
    if (!largeN) warnings.push(`the leading large-N active-RG statement is derived for GaussNet only (activation '${o.network.activation}' has none here)`);
    if (o.regulator === 'kernel' && o.network.activation !== 'gauss') {
      warnings.push(`regulator 'kernel' uses the GaussNet form P + R_k = k^2 exp(p^2/k^2); activation '${o.network.activation}' has a different kernel`);
    }
  }
  return { options: o, couplings, betas, system, normalization: normalization(o), warnings, ...(largeN ? { largeN } : {}) };
}

function normalization(o: DeriveOptions): string {
  const pot =
    o.expand === 'zero'
      ? 'V = m2 phi^2/2 + sum_n u_{2n} (phi.phi)^n/(2n)! (phi.phi = 2 rho; for N = 1 the phi^{2n}/(2n)! form)'
      : 'u = sum_n l_n (rho - kappa)^n/n!, rho = phi.phi/2';
  const dims = o.dimensionless ? 'dimensionless couplings: v = U/k^d, phi -> phi k^{-(d-2)/2}, t = ln k' : 'dimensionful couplings at scale k, t = ln k';
  const field = SCHEMES[o.scheme].normalization ?? REGULATORS[o.regulator].normalization;
  return `${field}; ${dims}; ${pot}`;
}
