import { type Poly, Q, Ring, Series, factorial } from '../symbolic/index.js';
import { SCHEMES, type SchemeName } from '../schemes/index.js';

/**
 * Exact symbolic LPA beta functions of a polynomial truncation (see docs/derive.md).
 *
 * Wetterich (dimensionless, t = ln k, rho = phi.phi/2):
 *   d_t u = -d u + (d-2) rho u' + (N-1) F(u') + F(u' + 2 rho u''),
 * with F(w0 + delta) = sum_m (-1)^m l_m(w0) delta^m (l_m the threshold functions,
 * l_m(w) = 1/2 int d_t R/(P+R+w)^(m+1)); the field-independent m = 0 term is dropped.
 * Polchinski (N = 1 form of docs/conventions.md, generalized to O(N) via grad^2 V = N V' + 2 rho V'',
 * (grad V)^2 = 2 rho V'^2):
 *   d_t v = -d v + (d-2) rho v' - (N v' + 2 rho v'') + 2 rho v'^2.
 * Expand zero: u = sum_k u_{2k} (2 rho)^k/(2k)!, u_2 = m2 (the phi form for N = 1).
 * Expand minimum: u = sum_{k>=2} l_k (rho - kappa)^k/k!, d_t kappa from d_t u'(kappa) = 0.
 *
 * Every beta is a polynomial with exact rational coefficients in the ring variables: the couplings,
 * d, N, and the threshold symbols (l<m> for expand zero, lG<m> = l_m(0) and lR<m> = l_m(2 kappa l2)
 * for expand minimum) and il2 = 1/l2. Canonical terms are dropped for the dimensionful form.
 */
export interface SymbolicBetas {
  ring: Ring;
  couplings: string[];
  betas: Poly[];
  /** Highest threshold index m appearing (the ring also holds m + 1, for the Jacobian). */
  maxThreshold: number;
}

export interface LpaSpec {
  scheme: SchemeName;
  expand: 'zero' | 'minimum';
  order: number;
  dimensionless: boolean;
  /** N = 1 has no Goldstone modes: their terms are dropped (they carry the factor N - 1 anyway). */
  goldstone: boolean;
  /** More ring variables (e.g. c_d and L for the Litim substitution). */
  extraVars?: string[];
}

export function couplingNames(expand: 'zero' | 'minimum', order: number): string[] {
  const n = order / 2;
  const names: string[] = [];
  if (expand === 'zero') {
    names.push('m2');
    for (let k = 2; k <= n; k++) names.push(`u${2 * k}`);
  } else {
    names.push('kappa');
    for (let k = 2; k <= n; k++) names.push(`l${k}`);
  }
  return names;
}

export function deriveLpa(spec: LpaSpec): SymbolicBetas {
  const n = spec.order / 2;
  const couplings = couplingNames(spec.expand, spec.order);
  const thresholdVars: string[] = [];
  const thresholds = SCHEMES[spec.scheme].thresholds;
  if (thresholds) {
    for (let m = 1; m <= n + 1; m++) {
      if (spec.expand === 'zero') thresholdVars.push(`l${m}_`);
      else thresholdVars.push(`lG${m}`, `lR${m}`);
    }
  }
  const extra = spec.expand === 'minimum' ? ['il2'] : [];
  const ring = new Ring([...couplings, 'd', 'N', ...extra, ...thresholdVars, ...(spec.extraVars ?? [])]);
  const d = ring.v('d');
  const N = ring.v('N');
  const c = (q: Q | number) => ring.const(q);

  // u as a series in x (x = rho for expand zero, rho - kappa for expand minimum), exact to x^n.
  const uCoeffs: Poly[] = [ring.zero()];
  let rho: Series;
  if (spec.expand === 'zero') {
    for (let k = 1; k <= n; k++) {
      // u_{2k} (2 rho)^k / (2k)!
      uCoeffs.push(ring.v(couplings[k - 1]!, 1, Q.of(2n ** BigInt(k), factorial(2 * k))));
    }
    rho = Series.x(ring, n);
  } else {
    uCoeffs.push(ring.zero());
    for (let k = 2; k <= n; k++) uCoeffs.push(ring.v(`l${k}`, 1, Q.of(1n, factorial(k))));
    rho = Series.x(ring, n).add(Series.constant(ring.v('kappa'), n));
  }
  const u = new Series(ring, n, uCoeffs);
  const u1 = u.derivative();
  const u2 = u1.derivative();

  let rhs = SCHEMES[spec.scheme].rhs({
    ring,
    n,
    expand: spec.expand,
    rho,
    u,
    u1,
    u2,
    N,
    // Goldstone terms carry (N - 1); dropping them is only a shortcut for N = 1.
    threshold: (m, mode) => (mode === 'G' && !spec.goldstone ? ring.zero() : ring.v(spec.expand === 'zero' ? `l${m}_` : `l${mode}${m}`)),
  });
  if (spec.dimensionless) {
    rhs = rhs.add(u.mulPoly(d.neg())).add(rho.mul(u1).mulPoly(d.sub(c(2))));
  }

  const betas: Poly[] = [];
  if (spec.expand === 'zero') {
    for (let k = 1; k <= n; k++) betas.push(rhs.coeff(k).scale(Q.of(factorial(2 * k), 2n ** BigInt(k))));
  } else {
    const il2 = ring.v('il2');
    const bKappa = rhs.coeff(1).mul(il2).neg().cancelInverse('l2', 'il2');
    betas.push(bKappa);
    for (let j = 2; j <= n; j++) {
      let b = rhs.coeff(j).scale(Q.int(factorial(j)));
      if (j < n) b = b.add(bKappa.mul(ring.v(`l${j + 1}`)));
      betas.push(b.cancelInverse('l2', 'il2'));
    }
  }
  return { ring, couplings, betas, maxThreshold: thresholds ? n : 0 };
}
