import type { PrintStyle, SymbolStyle } from '../symbolic/index.js';
import { REGULATORS } from '../regulators/index.js';
import type { DeriveOptions } from './types.js';

/** How a coupling prints: m2 -> m^2, u4 -> u_{4}, kappa -> \\kappa, l2 -> \\lambda_{2} (l is taken by thresholds). */
export function couplingStyle(c: string): SymbolStyle {
  if (c === 'm2') return { text: 'm2', latex: 'm^2' };
  if (c === 'kappa') return { text: 'kappa', latex: '\\kappa' };
  if (c.startsWith('u')) return { text: c, latex: `u_{${c.slice(1)}}` };
  return { text: c, latex: `\\lambda_{${c.slice(1)}}` };
}

/**
 * Text/LaTeX names of every ring variable of a derivation: couplings, threshold symbols l_m(w)
 * (dimensionful: k^(d-2m) l_m(w/k^2)), c_d, and the denominator symbols L = 1/(1+m2),
 * LR = 1/(1 + 2 kappa l2), LG = 1/k^2 (dimensionful only), il2 = 1/l2. d and N stay symbolic.
 */
export function printStyle(o: DeriveOptions, couplings: string[]): PrintStyle {
  const n = o.order / 2;
  const dimful = !o.dimensionless;
  const symbols: Record<string, SymbolStyle> = {};
  for (const c of couplings) symbols[c] = couplingStyle(c);
  const arg = o.expand === 'zero' ? { text: 'm2', latex: 'm^2' } : { text: '2*kappa*l2', latex: '2\\kappa\\lambda_{2}' };
  for (let m = 1; m <= n + 1; m++) {
    const thr = (a: { text: string; latex: string }): SymbolStyle =>
      dimful
        ? { text: `k^(d-${2 * m})*l_${m}(${a.text}/k^2)`, latex: `k^{d-${2 * m}}\\,\\ell_{${m}}(${a.latex}/k^2)`, atomic: false }
        : { text: `l_${m}(${a.text})`, latex: `\\ell_{${m}}(${a.latex})` };
    symbols[`l${m}_`] = thr(arg);
    symbols[`lR${m}`] = thr(arg);
    symbols[`lG${m}`] = thr({ text: '0', latex: '0' });
  }
  symbols.c_d = dimful ? { text: 'c_d*k^(d+2)', latex: 'c_d\\,k^{d+2}', atomic: false } : { text: 'c_d', latex: 'c_d' };
  // The mass regulator at d = 0: c_0 k^2 = k^2 (derive substitutes d = 0 and, dimensionless, c_0 = 1).
  if (REGULATORS[o.regulator].zeroDimensional && dimful) symbols.c_d = { text: 'k^2', latex: 'k^2' };
  symbols.L = dimful ? { text: '(k^2 + m2)', latex: '(k^2+m^2)', denominator: true } : { text: '(1 + m2)', latex: '(1+m^2)', denominator: true };
  symbols.LR = dimful
    ? { text: '(k^2 + 2*kappa*l2)', latex: '(k^2+2\\kappa\\lambda_{2})', denominator: true }
    : { text: '(1 + 2*kappa*l2)', latex: '(1+2\\kappa\\lambda_{2})', denominator: true };
  symbols.LG = { text: 'k^2', latex: 'k^2', denominator: true };
  symbols.il2 = { text: 'l2', latex: '\\lambda_{2}', denominator: true };
  return { symbols, params: ['d', 'N'] };
}
