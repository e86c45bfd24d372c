import { Q, type Poly, type Ring } from '../symbolic/index.js';
import { compilePolys, substituteExact, totalDerivative, type DerivedVar } from './compile.js';
import { REGULATORS } from '../regulators/index.js';
import { SCHEMES } from '../schemes/index.js';
import { cd, thresholdEvaluator } from './thresholds.js';
import type { BetaSystem, DeriveOptions } from './types.js';

/** A double as the exact rational it is (doubles are dyadic: x = m / 2^k). */
export function exactNumber(x: number): Q {
  if (Number.isInteger(x)) return Q.int(BigInt(x));
  let k = 0n;
  let m = x;
  while (!Number.isInteger(m)) {
    m *= 2;
    k++;
  }
  return Q.of(BigInt(m), 2n ** k);
}

/**
 * The numeric BetaSystem of exact symbolic betas: d and N substituted exactly, c_d and the quadrature
 * thresholds numerically; the Jacobian is the exact total derivative through L = 1/(1+m2),
 * LR = 1/(1 + 2 kappa l2), il2 = 1/l2 and l_m(w) (with l_m' = -(m+1) l_{m+1}), compiled like the betas.
 */
export function compileSystem(o: DeriveOptions, ring: Ring, couplings: string[], betasSym: Poly[], litim: boolean): BetaSystem {
  const n = o.order / 2;
  const exact = { d: exactNumber(o.d), N: Q.int(o.N) };
  const numeric: Record<string, number> = { c_d: cd(o.d), LG: 1 };
  const derived: DerivedVar[] = [];
  const env: Record<string, unknown> = {};
  const preamble: string[] = [];
  const r = ring;
  if (o.expand === 'minimum') derived.push({ name: 'il2', expr: '1 / c_l2', d: { l2: r.v('il2', 2).neg() } });
  if (SCHEMES[o.scheme].thresholds) {
    if (litim) {
      if (o.expand === 'zero') derived.push({ name: 'L', expr: '1 / (1 + c_m2)', d: { m2: r.v('L', 2).neg() } });
      else
        derived.push({
          name: 'LR',
          expr: '1 / (1 + 2 * c_kappa * c_l2)',
          d: { kappa: r.v('LR', 2).mul(r.v('l2')).scale(Q.int(-2)), l2: r.v('LR', 2).mul(r.v('kappa')).scale(Q.int(-2)) },
        });
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
          const dv: Record<string, Poly> =
            m <= n
              ? {
                  kappa: r
                    .v(`lR${m + 1}`)
                    .mul(r.v('l2'))
                    .scale(Q.int(-2 * (m + 1))),
                  l2: r
                    .v(`lR${m + 1}`)
                    .mul(r.v('kappa'))
                    .scale(Q.int(-2 * (m + 1))),
                }
              : {};
          derived.push({ name: `lR${m}`, expr: `TR[${m}]`, d: dv });
        }
      }
    }
  }
  // Compiled on first use: printing a derivation needs neither closure.
  const base = { ring, couplings, exact, numeric, derived, env, preamble };
  let betas: Poly[] | undefined;
  const exactBetas = () => (betas ??= substituteExact(betasSym, exact));
  let betaFn: ((g: number[]) => number[]) | undefined;
  let jacFn: ((g: number[]) => number[]) | undefined;
  const compileJacobian = () => {
    const jac: Poly[] = [];
    for (const b of exactBetas()) for (const c of couplings) jac.push(totalDerivative(b, c, derived));
    return compilePolys({ ...base, polys: jac });
  };
  const k = couplings.length;
  const hasGoldstone = o.N > 1;
  const poleDistance = (g: number[]): number => {
    if (!SCHEMES[o.scheme].thresholds) return o.expand === 'zero' ? Infinity : g[1]!;
    if (o.expand === 'zero') return 1 + g[0]!;
    return Math.min(1 + 2 * g[0]! * g[1]!, g[1]!, hasGoldstone ? 1 : Infinity);
  };
  return {
    scheme: o.scheme,
    regulator: o.regulator,
    expand: o.expand,
    d: o.d,
    N: o.N,
    order: o.order,
    couplings,
    dimensionless: o.dimensionless,
    beta: (g) => (betaFn ??= compilePolys({ ...base, polys: exactBetas() }))(g),
    jacobian: (g) => {
      const flat = (jacFn ??= compileJacobian())(g);
      const out: number[][] = [];
      for (let i = 0; i < k; i++) out.push(flat.slice(i * k, (i + 1) * k));
      return out;
    },
    poleDistance,
  };
}
