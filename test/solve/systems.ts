import type { BetaSystem } from '../../src/flow/types.js';

/**
 * Hand-derived systems for the tests (independent of src/flow).
 *
 * Wetterich LPA, Litim regulator, N = 1, expand around phi = 0, truncation phi^4:
 *   d_t v = -d v + (d-2)/2 phi v' + c / (1 + v''),  v = m2 phi^2/2 + u4 phi^4/4!.
 * 1/(1 + v'') = 1/(1+m2) - (u4 phi^2/2)/(1+m2)^2 + ...; matching phi^2/2 and phi^4/4! coefficients:
 *   beta_m2 = -2 m2 - c u4/(1+m2)^2,
 *   beta_u4 = (d-4) u4 + 6 c u4^2/(1+m2)^3.
 * Fixed point: m2* = -(4-d)/(16-d), u4* = (4-d)(1+m2*)^3/(6c).
 */
export function litimPhi4(d: number, c = 1): BetaSystem {
  return {
    scheme: 'wetterich',
    regulator: 'litim',
    expand: 'zero',
    d,
    N: 1,
    order: 4,
    couplings: ['m2', 'u4'],
    dimensionless: true,
    beta: ([m, u]) => [-2 * m! - (c * u!) / (1 + m!) ** 2, (d - 4) * u! + (6 * c * u! ** 2) / (1 + m!) ** 3],
    jacobian: ([m, u]) => [
      [-2 + (2 * c * u!) / (1 + m!) ** 3, -c / (1 + m!) ** 2],
      [(-18 * c * u! ** 2) / (1 + m!) ** 4, d - 4 + (12 * c * u!) / (1 + m!) ** 3],
    ],
    poleDistance: ([m]) => 1 + m!,
  };
}

/** A linear system dg/dt = A g (no pole) with A = [[-1, -1], [1, -1]]: g(t) = e^{-t} R(t) g(0). */
export function linearSystem(): BetaSystem {
  const A = [
    [-1, -1],
    [1, -1],
  ];
  return {
    scheme: 'wetterich',
    regulator: 'litim',
    expand: 'zero',
    d: 3,
    N: 1,
    order: 4,
    couplings: ['a', 'b'],
    dimensionless: true,
    beta: (g) => A.map((row) => row[0]! * g[0]! + row[1]! * g[1]!),
    jacobian: () => A.map((r) => r.slice()),
    poleDistance: () => Infinity,
  };
}

// ---- Numeric LPA-Litim truncations (N = 1) for any order, built from truncated power series here in
// the test (independent of src/flow). Jacobian by central differences (h = 1e-6 relative: ~1e-9 accurate).

const mul = (a: number[], b: number[], K: number) => {
  const c = new Array<number>(K + 1).fill(0);
  for (let i = 0; i <= K && i < a.length; i++) for (let j = 0; i + j <= K && j < b.length; j++) c[i + j]! += a[i]! * b[j]!;
  return c;
};
const inv = (a: number[], K: number) => {
  const b = new Array<number>(K + 1).fill(0);
  b[0] = 1 / a[0]!;
  for (let k = 1; k <= K; k++) {
    let s = 0;
    for (let j = 1; j <= k && j < a.length; j++) s += a[j]! * b[k - j]!;
    b[k] = -s / a[0]!;
  }
  return b;
};
const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));

function fdJacobian(beta: (g: number[]) => number[]): (g: number[]) => number[][] {
  return (g) => {
    const cols = g.map((_, j) => {
      const h = 1e-6 * Math.max(1, Math.abs(g[j]!));
      const gp = g.slice();
      gp[j]! += h;
      const gm = g.slice();
      gm[j]! -= h;
      const bp = beta(gp),
        bm = beta(gm);
      return bp.map((v, i) => (v - bm[i]!) / (2 * h));
    });
    return g.map((_, i) => cols.map((col) => col[i]!));
  };
}

/**
 * Expand around zero: v = sum_k g_k phi^{2k}/(2k)!, g_1 = m2. With x = phi^2, v'' = sum_j a_j x^j,
 * a_j = g_{j+1}/(2j)!, and 1/(1+v'') = sum_j b_j x^j, the phi^{2k} coefficient of the flow gives
 *   beta_k = (-d + k (d-2)) g_k + c (2k)! b_k.
 */
export function litimZero(d: number, order: number, c = 1): BetaSystem {
  const n = order / 2;
  const couplings = ['m2', ...Array.from({ length: n - 1 }, (_, i) => `u${2 * i + 4}`)];
  const beta = (g: number[]) => {
    const a = g.map((gk, j) => gk / fact(2 * j));
    a[0]! += 1;
    const b = inv(a, n);
    return g.map((gk, i) => (-d + (i + 1) * (d - 2)) * gk + c * fact(2 * (i + 1)) * b[i + 1]!);
  };
  return {
    scheme: 'wetterich',
    regulator: 'litim',
    expand: 'zero',
    d,
    N: 1,
    order,
    couplings,
    dimensionless: true,
    beta,
    jacobian: fdJacobian(beta),
    poleDistance: (g) => 1 + g[0]!,
  };
}

/**
 * Expand around the minimum: u(rho) = sum_{n>=2} l_n (rho-kappa)^n/n!, y = rho - kappa. With
 * F(y) = -d u + (d-2)(kappa+y) u' + c/(1 + u' + 2 (kappa+y) u'') + c (N-1)/(1 + u') and f_n = n! [y^n] F:
 *   beta_kappa = -f_1/l_2,  beta_{l_n} = f_n + l_{n+1} beta_kappa  (l_{n+1} = 0 beyond the truncation).
 */
export function litimMinimum(d: number, order: number, c = 1, N = 1): BetaSystem {
  const n = order / 2;
  const couplings = ['kappa', ...Array.from({ length: n - 1 }, (_, i) => `l${i + 2}`)];
  const beta = (g: number[]) => {
    const kappa = g[0]!;
    const l = [0, 0, ...g.slice(1)]; // l[m] = u^{(m)}(kappa), l_0 irrelevant (decouples), l_1 = 0
    const K = n + 1;
    const u = l.map((v, m) => v / fact(m)); // coefficients of y^m
    const du = u.slice(1).map((v, m) => v * (m + 1));
    const ddu = du.slice(1).map((v, m) => v * (m + 1));
    const rho = [kappa, 1];
    const den = du.map((v, m) => v + 2 * (mul(rho, ddu, K)[m] ?? 0));
    den[0]! += 1;
    const thr = inv(den, K);
    // O(N): the N - 1 Goldstone modes add c (N-1)/(1 + u').
    const gold = du.slice(0, K + 1);
    gold[0]! += 1;
    const thrG = inv(gold, K);
    const F = Array.from({ length: K + 1 }, (_, m) => -d * (u[m] ?? 0) + (d - 2) * (mul(rho, du, K)[m] ?? 0) + c * thr[m]! + c * (N - 1) * thrG[m]!);
    const f = (m: number) => fact(m) * F[m]!;
    const bk = -f(1) / l[2]!;
    return [bk, ...Array.from({ length: n - 1 }, (_, i) => f(i + 2) + (l[i + 3] ?? 0) * bk)];
  };
  return {
    scheme: 'wetterich',
    regulator: 'litim',
    expand: 'minimum',
    d,
    N,
    order,
    couplings,
    dimensionless: true,
    beta,
    jacobian: fdJacobian(beta),
    poleDistance: (g) => 1 + 2 * g[0]! * g[1]!,
  };
}
